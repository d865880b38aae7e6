"""Whole-pipeline speed: front end, extraction (spaCy), tables and rules on a 64 KB paper.

Targets (issue 3): a 64 KB paper linted in under 0.5 s warm and under 1.5 s from a cold start,
and a document with no efficiency vocabulary linted without importing spaCy at all. The paper is
the generated project of frontend_bench.py (sections in `\\input` files, tables, math, macros).

    python benchmarks/lint_bench.py [--size 65536] [--repeat 5]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from frontend_bench import write_latex_project, write_markdown  # noqa: E402

CLAIM_FREE = """# tinyjson

A JSON parser written in C with no dependencies.

## Usage

Call `parse()` on a string and walk the returned tree. Errors carry a line and a column.

## License

MIT.
"""


def warm(path: str, repeat: int) -> tuple[float, int]:
    from claimcheck.lint import lint_paths

    lint_paths([path])  # build the spaCy pipeline and import pandas once
    times, count = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        results = lint_paths([path])
        times.append(time.perf_counter() - start)
        count = sum(len(r.findings) for r in results)
    return min(times), count


def cold(args: list[str], repeat: int) -> float:
    """Median wall time of a fresh `python -m claimcheck ...` process."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "claimcheck", *args], capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def imports_spacy(path: str) -> bool:
    code = ("import sys; from claimcheck.lint import lint_paths; lint_paths([sys.argv[1]]); "
            "print('spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, path], capture_output=True, text=True)
    return out.stdout.strip() == "True"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=65536)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        paper = write_latex_project(os.path.join(folder, "paper"), args.size)
        readme = write_markdown(folder, args.size)
        plain = os.path.join(folder, "PLAIN.md")
        with open(plain, "w", encoding="utf-8") as fh:
            fh.write(CLAIM_FREE)
        rows = []
        for label, path in (("LaTeX paper", paper), ("Markdown README", readme)):
            best, count = warm(path, args.repeat)
            rows.append((label, f"{best * 1000:.0f} ms", f"{cold([path], args.repeat) * 1000:.0f} ms", count))
        rows.append(("claim-free README", "-", f"{cold([plain], args.repeat) * 1000:.0f} ms", 0))
        print(f"| document ({args.size // 1024} KB) | warm (best of {args.repeat}) | cold (median) | findings |")
        print("| --- | --- | --- | --- |")
        for row in rows:
            print("| " + " | ".join(str(c) for c in row) + " |")
        print(f"claim-free README imports spaCy: {imports_spacy(plain)}")


if __name__ == "__main__":
    main()
