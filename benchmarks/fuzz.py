"""Long fuzzing runs of the whole lint pipeline (issue 10).

    python benchmarks/fuzz.py --docs 10000            # seed 0, both front ends, 2 workers
    python benchmarks/fuzz.py --docs 500 --scale 4    # bigger documents, fewer of them

Each document comes from `benchmarks/fuzzgen.py` (seeded: document i of seed s is always the
same). A worker process writes it to a scratch folder and runs what a user can run on it: load
(front end), lint with every rule (`--preview`), the text, JSON and SARIF reporters, and the
tables export (JSON and CSV). Every `--cli-every`-th document also goes through the real
command line in a child process.

Outcomes:
- **crash**: an exception other than `InputError` (which is the promised one-line refusal), or,
  through the CLI, a traceback, an "internal error" line, or an exit code other than 0, 1, 2;
- **hang**: one document taking longer than `--timeout` seconds (10; the worker is killed);
- **peak memory**: the largest resident set of any worker (and CLI child), in MB.

Each distinct failure (exception type and the innermost claimcheck frame, or "hang") gets a
minimal reproducer under `--out`: the document shrunk piece by piece while it still fails the
same way, with `failure.txt` saying how it failed and how to replay it. Exit status 1 when any
document crashed or hung, or the peak memory passed `--max-memory` (500 MB).
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import multiprocessing.connection
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fuzzgen  # noqa: E402


def make_case(seed: int, index: int, scale: float) -> fuzzgen.Case:
    return fuzzgen.any_case(random.Random(f"{seed}:{index}"), scale)


def run_pipeline(root: str) -> None:
    """Everything a user can run on one document, in-process. Raises what the pipeline raises."""
    from pathlib import Path

    from claimcheck.checks.engine import Selection
    from claimcheck.errors import InputError
    from claimcheck.frontend import load_document
    from claimcheck.lint import FileResult, lint_document
    from claimcheck.report.json_format import render_json
    from claimcheck.report.sarif import render_sarif
    from claimcheck.report.text import render_text
    from claimcheck.tables.command import _csv, _json
    from claimcheck.tables.frame import build_frames

    try:
        document = load_document(root)
    except InputError:
        return  # the promised refusal: one line naming the file and the cause
    results = [FileResult(root, document, lint_document(document, Selection(preview=True)))]
    render_text(results, show_source=True)
    render_json(results)
    render_sarif(results, Path(os.path.dirname(root)))
    frames = build_frames(document)
    _json(frames)
    _csv(frames)


def signature(exc: BaseException) -> str:
    """What makes two crashes the same bug: the exception type and the innermost claimcheck frame."""
    import claimcheck

    package = os.path.dirname(claimcheck.__file__) + os.sep
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.startswith(package)]
    where = f"{os.path.relpath(frames[-1].filename, os.path.dirname(HERE))}:{frames[-1].lineno}" if frames else "?"
    return f"{type(exc).__name__} at {where}"


def check_case(case: fuzzgen.Case) -> tuple[str | None, str]:
    """(signature, detail) of how linting `case` fails in this process, or (None, "")."""
    folder = tempfile.mkdtemp(prefix="fuzz-")
    try:
        root = case.write(folder)
        try:
            run_pipeline(root)
        except Exception as exc:  # noqa: BLE001 - every unexpected exception is the finding
            return signature(exc), "".join(traceback.format_exception(exc))[-3000:]
        return None, ""
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def check_cli(case: fuzzgen.Case, timeout: float) -> tuple[str | None, str]:
    """The same document through the real command line, in a child process."""
    folder = tempfile.mkdtemp(prefix="fuzz-cli-")
    try:
        root = case.write(folder)
        try:
            proc = subprocess.run([sys.executable, "-m", "claimcheck", "--preview", root],
                                  capture_output=True, text=True, timeout=timeout, errors="replace")
        except subprocess.TimeoutExpired:
            return "hang (CLI)", f"over {timeout} s"
        if "Traceback" in proc.stderr or "internal error" in proc.stderr or proc.returncode not in (0, 1, 2):
            first = (proc.stderr.strip().splitlines() or [""])[-1]
            return f"CLI exit {proc.returncode}: {first[:120]}", proc.stderr[-3000:]
        if proc.returncode == 2 and not all(line.startswith(root) or line.startswith("claimcheck")
                                            for line in proc.stderr.strip().splitlines()):
            return "CLI error line not naming the file", proc.stderr[-3000:]
        return None, ""
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024  # ru_maxrss is in KB on Linux


def worker(conn, seed: int, scale: float, cli_every: int, timeout: float) -> None:
    """Lint the documents whose indices arrive on `conn`; send back one result per document."""
    while True:
        index = conn.recv()
        if index is None:
            return
        case = make_case(seed, index, scale)
        start = time.perf_counter()
        sig, detail = check_case(case)
        if sig is None and cli_every and index % cli_every == 0:
            sig, detail = check_cli(case, timeout)
        conn.send({"index": index, "seconds": time.perf_counter() - start, "signature": sig,
                   "detail": detail, "peak_mb": peak_mb(), "hostile": case.hostile,
                   "bytes": sum(len(b) for b in case.files.values())})


class Pool:
    """Worker processes forked after the heavy imports, each on one document at a time, so a
    document that hangs can be timed out by killing only its worker."""

    def __init__(self, jobs: int, seed: int, scale: float, cli_every: int, timeout: float):
        self.args = (seed, scale, cli_every, timeout)
        self.context = multiprocessing.get_context("fork")
        self.workers = [self._start() for _ in range(jobs)]

    def _start(self) -> dict:
        parent, child = self.context.Pipe()
        process = self.context.Process(target=worker, args=(child, *self.args), daemon=True)
        process.start()
        return {"process": process, "conn": parent, "index": None, "since": 0.0}

    def run(self, indices, timeout: float, on_result) -> None:
        """Lint every index; a document also sent through the CLI may take twice `timeout`."""
        cli_every = self.args[2]
        pending = list(reversed(list(indices)))
        while pending or any(w["index"] is not None for w in self.workers):
            for w in self.workers:
                if w["index"] is None and pending:
                    w["index"], w["since"] = pending.pop(), time.perf_counter()
                    w["conn"].send(w["index"])
            busy = [w["conn"] for w in self.workers if w["index"] is not None]
            ready = multiprocessing.connection.wait(busy, timeout=0.2)
            for k, w in enumerate(self.workers):
                if w["index"] is None:
                    continue
                if w["conn"] in ready:
                    try:
                        on_result(w["conn"].recv())
                        w["index"] = None
                        continue
                    except EOFError:  # the worker died under this document
                        on_result({"index": w["index"], "signature": "worker died", "detail": "",
                                   "seconds": time.perf_counter() - w["since"], "peak_mb": 0.0,
                                   "hostile": [], "bytes": 0})
                elif time.perf_counter() - w["since"] > timeout * (2 if cli_every and w["index"] % cli_every == 0 else 1):
                    on_result({"index": w["index"], "signature": "hang", "detail": f"over {timeout} s",
                               "seconds": timeout, "peak_mb": 0.0, "hostile": [], "bytes": 0})
                else:
                    continue
                w["process"].kill()
                w["process"].join()
                self.workers[k] = self._start()

    def close(self) -> None:
        for w in self.workers:
            w["conn"].send(None)
            w["process"].join(timeout=5)


def _still_fails(case: fuzzgen.Case, wanted: str, timeout: float) -> bool:
    """Does `case` fail the way `wanted` says, checked in a child process with a time limit?"""
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe()

    def target():
        child.send(check_case(case)[0])

    process = context.Process(target=target, daemon=True)
    process.start()
    got = parent.recv() if parent.poll(timeout) else "hang"
    process.kill()
    process.join()
    return got == wanted or (wanted.startswith("CLI") and check_cli(case, timeout)[0] == wanted)


def shrink(case: fuzzgen.Case, wanted: str, timeout: float, budget: int = 80) -> fuzzgen.Case:
    """Drop the included files, then the root's pieces, one at a time, keeping every drop after
    which the document still fails the same way (at most `budget` tries)."""
    tries = 0
    for rel in list(case.extra):
        if tries >= budget:
            return case
        tries += 1
        smaller = case.with_pieces(case.pieces, {k: v for k, v in case.extra.items() if k != rel})
        if _still_fails(smaller, wanted, timeout):
            case = smaller
    k = 0
    while k < len(case.pieces) and tries < budget:
        tries += 1
        smaller = case.with_pieces(case.pieces[:k] + case.pieces[k + 1:])
        if _still_fails(smaller, wanted, timeout):
            case = smaller
        else:
            k += 1
    return case


def write_reproducer(out: str, number: int, result: dict, case: fuzzgen.Case, seed: int) -> str:
    folder = os.path.join(out, f"{number:02d}")
    shutil.rmtree(folder, ignore_errors=True)
    root = case.write(folder)
    with open(os.path.join(folder, "failure.txt"), "w") as fh:
        fh.write(f"failure: {result['signature']}\nseed {seed}, document {result['index']}, "
                 f"hostile classes {case.hostile}, encoding {case.encoding}\n"
                 f"replay: claimcheck --preview {os.path.relpath(root)}\n"
                 f"   or: CLAIMCHECK_DEBUG=1 claimcheck --preview {os.path.relpath(root)}\n\n"
                 f"{result['detail']}\n")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents to try (default 1000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scale", type=float, default=1.0, help="size of the hostile pieces (default 1)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds after which a document hangs")
    parser.add_argument("--cli-every", type=int, default=50, help="every Nth document also through the CLI (0: never)")
    parser.add_argument("--max-memory", type=float, default=500.0, help="MB of peak memory that fails the run")
    parser.add_argument("--out", default=os.path.join(HERE, "fuzz-out"), help="folder for the reproducers")
    parser.add_argument("--json", help="also write the summary here as JSON")
    args = parser.parse_args(argv)

    from claimcheck.extract.nlp import pipeline  # pay spaCy's import once, before forking
    pipeline()
    import pandas  # noqa: F401 - the tables export would import it in every worker

    counts = {"tried": 0, "crashes": 0, "hangs": 0}
    failures: dict[str, dict] = {}  # signature -> first result
    by_class: dict[str, int] = {}
    slowest: list[tuple[float, int]] = []
    peak = 0.0
    started = time.perf_counter()

    def on_result(result: dict) -> None:
        nonlocal peak
        counts["tried"] += 1
        peak = max(peak, result["peak_mb"])
        slowest.append((result["seconds"], result["index"]))
        slowest.sort(reverse=True)
        del slowest[5:]
        for kind in result["hostile"]:
            by_class[kind] = by_class.get(kind, 0) + 1
        sig = result["signature"]
        if sig:
            counts["hangs" if sig.startswith("hang") else "crashes"] += 1
            failures.setdefault(sig, result)
            print(f"  document {result['index']}: {sig} ({result['seconds']:.1f} s)", file=sys.stderr)
        if counts["tried"] % 500 == 0:
            print(f"  {counts['tried']} documents, {counts['crashes']} crashes, {counts['hangs']} hangs, "
                  f"peak {peak:.0f} MB, {time.perf_counter() - started:.0f} s", file=sys.stderr)

    pool = Pool(args.jobs, args.seed, args.scale, args.cli_every, args.timeout)
    try:
        pool.run(range(args.docs), args.timeout, on_result)
    finally:
        pool.close()
    elapsed = time.perf_counter() - started
    peak = max(peak, peak_mb())

    reproducers = []
    for number, (sig, result) in enumerate(sorted(failures.items())):
        case = shrink(make_case(args.seed, result["index"], args.scale), sig, args.timeout)
        reproducers.append({"signature": sig, "index": result["index"],
                            "folder": write_reproducer(args.out, number, result, case, args.seed)})

    summary = {"command": " ".join(["python", "benchmarks/fuzz.py", *(argv or sys.argv[1:])]),
               "seed": args.seed, "scale": args.scale, "jobs": args.jobs, **counts,
               "distinct_failures": len(failures), "peak_memory_mb": round(peak, 1),
               "seconds": round(elapsed, 1),
               "slowest": [{"index": i, "seconds": round(s, 2)} for s, i in slowest],
               "documents_per_hostile_class": dict(sorted(by_class.items())), "reproducers": reproducers}
    print(f"documents tried: {counts['tried']} (seed {args.seed}, scale {args.scale}, {args.jobs} workers, "
          f"{elapsed:.0f} s)\ncrashes: {counts['crashes']}\nhangs (over {args.timeout:g} s): {counts['hangs']}\n"
          f"peak memory: {peak:.0f} MB (limit {args.max_memory:g} MB)\n"
          f"slowest: " + ", ".join(f"#{i} {s:.1f} s" for s, i in slowest))
    for r in reproducers:
        print(f"  {r['signature']}: document {r['index']}, reproducer {os.path.relpath(r['folder'])}")
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(summary, fh, indent=2)
    return 1 if counts["crashes"] or counts["hangs"] or peak > args.max_memory else 0


if __name__ == "__main__":
    sys.exit(main())
