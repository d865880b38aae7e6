#!/usr/bin/env python3
"""claimcheck beside proselint, size growth and batches: the figures of issue 11.

Every figure is a whole process (or, for the warm and size-growth rows, a fresh process that
lints once untimed and then times the lint alone), run interleaved with its peer (A B A B ...),
minimum and median of `--repeat` runs. Cold figures run with a bytecode cache, as an installed
user has one: this environment sets PYTHONDONTWRITEBYTECODE=1, so the benchmark points
PYTHONPYCACHEPREFIX at a temporary folder and warms it with one untimed run of each command.

proselint is a peer to compare against, never a dependency: install it into a separate
environment (`python3 -m venv /tmp/prose-venv && /tmp/prose-venv/bin/pip install proselint`)
and name it with `--proselint` (default: /tmp/prose-venv/bin/proselint, else `proselint` on
PATH; the rows without it say "-").

`--source DIR` measures the claimcheck package found in DIR (put first on PYTHONPATH) instead
of the installed one, e.g. an older commit unpacked with `git archive`, for before/after tables.

    python benchmarks/compare.py [--repeat 5] [--sizes 16,64,256,1024] [--batch 1000]
                                 [--only cold,warm,growth,batch] [--source DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from frontend_bench import PARAGRAPH, TABLE, write_latex_project, write_markdown  # noqa: E402

CLAIM_FREE_SECTION = """## Section {n}

Call `parse()` on a string and walk the returned tree. Errors carry a line and a column, and
the tree keeps the order of the keys as they were written. Strings are decoded to UTF-8.

"""

# A fresh process that lints `path` once (imports, pipeline), then `repeat` more times, timed.
WARM_SNIPPET = """
import json, sys, time
from claimcheck.lint import lint_paths
path, repeat = sys.argv[1], int(sys.argv[2])
results = lint_paths([path])
times = []
for _ in range(repeat):
    start = time.perf_counter()
    results = lint_paths([path])
    times.append(time.perf_counter() - start)
print(json.dumps({"times": times, "findings": sum(len(r.findings) for r in results)}))
"""


def write_claim_free(folder: str, size: int) -> str:
    text, n = "# tinyjson\n\nA JSON parser written in C with no dependencies.\n\n", 0
    while len(text) < size:
        n += 1
        text += CLAIM_FREE_SECTION.format(n=n)
    return _write(os.path.join(folder, "PLAIN.md"), text)


def write_single_tex(path: str, size: int) -> str:
    """A one-file paper (no `\\input`), for the batch: prose with claims and a table."""
    text = "\\documentclass{article}\n\\newcommand{\\ours}{SwiftViT}\n\\def\\gpu{A100 GPU}\n" \
           "\\begin{document}\n"
    n = 0
    while len(text) < size:
        n += 1
        text += f"\\section{{Section {n}}}\\label{{sec:s{n}}}\n" + PARAGRAPH % (n, n) + TABLE % {"n": n}
    return _write(path, text + "\\end{document}\n")


def write_setup_paper(folder: str, size: int) -> str:
    """A one-file paper whose first half is results (prose and a table each) and second half a
    setup section of prose: every table's context holds the setup section, so a rule or a
    table reading it once per table is quadratic here (the \\input paper has no setup section)."""
    text, n = "\\documentclass{article}\n\\newcommand{\\ours}{SwiftViT}\n\\def\\gpu{A100 GPU}\n" \
              "\\begin{document}\n\\section{Results}\n", 0
    while len(text) < size // 2:
        n += 1
        text += PARAGRAPH % (n, n) + TABLE % {"n": n}
    text += "\\section{Experimental setup}\n"
    while len(text) < size:
        text += PARAGRAPH.replace("\\gpu{}", "machine") % (1, 1)
    return _write(os.path.join(folder, "setup.tex"), text + "\\end{document}\n")


def subfolder(folder: str, name: str) -> str:
    path = os.path.join(folder, name)
    os.makedirs(path)
    return path


def _write(path: str, text: str) -> str:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path


class Runner:
    def __init__(self, source: str | None, cache: str):
        # not the repository: `python -m` and `-c` put the current folder first on sys.path, where
        # a checkout's claimcheck/ would shadow --source
        self.cwd = os.path.dirname(cache)
        self.env = dict(os.environ)
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env["PYTHONPYCACHEPREFIX"] = cache
        if source:
            self.env["PYTHONPATH"] = os.path.abspath(source) + os.pathsep + self.env.get("PYTHONPATH", "")

    def run(self, argv: list[str]) -> tuple[float, float, str]:
        """(wall s, child CPU s, stdout) of one whole process."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        out = subprocess.run(argv, env=self.env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             stdin=subprocess.DEVNULL, text=True, cwd=self.cwd)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu, out.stdout

    def interleaved(self, commands: list[list[str] | None], repeat: int) -> list[list[float] | None]:
        """Wall times of each command, A B A B ..., after one untimed run of each."""
        live = [c for c in commands if c]
        for argv in live:
            self.run(argv)
        times: dict[int, list[float]] = {i: [] for i, c in enumerate(commands) if c}
        for _ in range(repeat):
            for i, argv in enumerate(commands):
                if argv:
                    times[i].append(self.run(argv)[0])
        return [times.get(i) for i in range(len(commands))]

    def warm(self, path: str, repeat: int) -> tuple[list[float], int]:
        _, _, out = self.run([sys.executable, "-c", WARM_SNIPPET, path, str(repeat)])
        data = json.loads(out)
        return data["times"], data["findings"]


def claimcheck(*args: str) -> list[str]:
    return [sys.executable, "-m", "claimcheck", "--exit-zero", "-q", *args]


def fmt(times: list[float] | None) -> str:
    if not times:
        return "-"
    return f"{min(times):.3f} / {statistics.median(times):.3f}"


def table(header: list[str], rows: list[list[str]]) -> None:
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(" --- " for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()


def find_proselint(given: str | None) -> str | None:
    for candidate in (given, "/tmp/prose-venv/bin/proselint", shutil.which("proselint")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


def cold_rows(runner: Runner, folder: str, repeat: int, proselint: str | None) -> None:
    files = [("claim-free README, 2 KB", write_claim_free(folder, 2048)),
             ("README with claims, 2 KB", write_markdown(subfolder(folder, "md2"), 2048)),
             ("README, 64 KB", write_markdown(folder, 65536)),
             ("paper (LaTeX, \\input), 2 KB", write_latex_project(os.path.join(folder, "p2"), 2048)),
             ("paper (LaTeX, \\input), 64 KB", write_latex_project(os.path.join(folder, "p64"), 65536))]
    rows = []
    for label, path in files:
        peer = [proselint, "check", path] if proselint else None
        ours, theirs = runner.interleaved([claimcheck(path), peer], repeat)
        ratio = f"{statistics.median(ours) / statistics.median(theirs):.2f}x" if theirs else "-"
        rows.append([label, fmt(ours), fmt(theirs), ratio])
    print(f"Cold, whole process, bytecode cached (min / median of {repeat}, seconds):\n")
    table(["document", "claimcheck", "proselint", "claimcheck / proselint (median)"], rows)


def warm_rows(runner: Runner, folder: str, repeat: int) -> None:
    rows = []
    for label, path in (("README, 64 KB", write_markdown(subfolder(folder, "w"), 65536)),
                        ("paper (LaTeX, \\input), 64 KB", write_latex_project(os.path.join(folder, "wp"), 65536))):
        times, findings = runner.warm(path, repeat)
        rows.append([label, fmt(times), str(findings)])
    print(f"Warm: the lint alone, after a first lint in the same process (min / median of {repeat}, s):\n")
    table(["document", "claimcheck", "findings"], rows)


def growth_rows(runner: Runner, folder: str, repeat: int, sizes: list[int],
                kinds: tuple[str, ...] = ("latex", "markdown", "setup")) -> None:
    rows = []
    writers = {"latex": ("LaTeX", write_latex_project), "markdown": ("Markdown", write_markdown),
               "setup": ("LaTeX, setup section", write_setup_paper)}
    for kind in kinds:
        label, writer = writers[kind]
        previous = None
        for kb in sizes:
            where = subfolder(folder, f"g-{kind}-{kb}")
            path = writer(where, kb * 1024)
            times, findings = runner.warm(path, repeat if kb <= 256 else max(2, repeat // 2))
            best = min(times)
            step = f"{best / previous:.2f}x" if previous else "-"
            rows.append([label, f"{kb} KB", fmt(times), f"{best / kb * 1024:.3f}", step, str(findings)])
            previous = best
    print("Size growth: warm lint of one document (min / median, s); 'x previous' is the ratio of the\n"
          "minimum to the previous size's (4x the text: linear is 4x):\n")
    table(["format", "size", "seconds", "s per MB", "x previous", "findings"], rows)


def batch_rows(runner: Runner, folder: str, repeat: int, count: int) -> None:
    where = subfolder(folder, "batch")
    for i in range(count):
        if i % 2:
            write_single_tex(os.path.join(where, f"paper{i:04}.tex"), 2048)
        else:
            write_markdown(subfolder(where, f"readme{i:04}"), 2048)
    one, two = runner.interleaved([claimcheck("--jobs", "1", where), claimcheck("--jobs", "2", where)],
                                  max(3, repeat // 2))
    print(f"Batch: {count} documents of about 2 KB (half README, half one-file LaTeX), whole process "
          f"(min / median, s):\n")
    table(["--jobs 1", "--jobs 2", "speed-up (median)"],
          [[fmt(one), fmt(two), f"{statistics.median(one) / statistics.median(two):.2f}x"]])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--sizes", default="16,64,256,1024", help="size-growth sizes in KB")
    ap.add_argument("--formats", default="latex,markdown,setup",
                    help="size-growth documents: latex (\\input project), markdown, setup (one-file "
                         "paper with a setup section)")
    ap.add_argument("--batch", type=int, default=1000, help="documents in the batch")
    ap.add_argument("--only", default="cold,warm,growth,batch")
    ap.add_argument("--proselint", help="the proselint executable (a separate environment)")
    ap.add_argument("--source", help="measure the claimcheck package in this folder instead")
    args = ap.parse_args()
    only = set(args.only.split(","))
    with tempfile.TemporaryDirectory() as folder:
        runner = Runner(args.source, os.path.join(folder, "pycache"))
        docs = subfolder(folder, "docs")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, claimcheck from "
              f"{args.source or 'the installed package'}\n")
        if "cold" in only:
            cold_rows(runner, docs, args.repeat, find_proselint(args.proselint))
        if "warm" in only:
            warm_rows(runner, docs, args.repeat)
        if "growth" in only:
            growth_rows(runner, docs, args.repeat, [int(s) for s in args.sizes.split(",")],
                        tuple(args.formats.split(",")))
        if "batch" in only:
            batch_rows(runner, docs, args.repeat, args.batch)


if __name__ == "__main__":
    main()
