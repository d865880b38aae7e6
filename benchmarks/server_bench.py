"""Language server latency: re-lint of a 64 KB paper after a one-line change, warm.

Target (issue 13): at most 0.3 s from the edit reaching `claimcheck server` to the new diagnostics,
once the server is warm (spaCy loaded by the first lint). Measured through the real protocol: a
`python -m claimcheck server` subprocess, framed JSON-RPC over its stdin/stdout. Each round
changes one line in the middle of the buffer (didChange) and saves (didSave, which lints at once
instead of after the 300 ms typing debounce); the figure is the time from didSave to the
publishDiagnostics of that version. The "typing" figure is a didChange alone, so it includes the
debounce; the lint alone is also timed in process, with its CPU time, which other work sharing
the cores does not inflate. Every rule runs (`preview = true` in the folder's .claimcheck.toml): the worst case.

    python benchmarks/server_bench.py [--size 65536] [--rounds 8]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from frontend_bench import write_latex_project, write_markdown  # noqa: E402

TARGET_S = 0.3


class Server:
    """`python -m claimcheck server` and just enough of a client to time it."""

    def __init__(self, cwd: str):
        self.proc = subprocess.Popen([sys.executable, "-m", "claimcheck", "server"], cwd=cwd,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def receive(self) -> dict:
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("claimcheck server exited")
            if not line.strip():
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def request(self, method: str, params=None):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == self.next_id and "method" not in message:
                return message.get("result")

    def notify(self, method: str, params=None) -> None:
        self.send({"method": method, **({"params": params} if params is not None else {})})

    def wait_diagnostics(self, uri: str, version: int) -> list:
        while True:
            message = self.receive()
            params = message.get("params") or {}
            if message.get("method") == "textDocument/publishDiagnostics" and params.get("uri") == uri \
                    and params.get("version") == version:
                return params["diagnostics"]

    def close(self) -> None:
        self.request("shutdown")
        self.notify("exit")
        self.proc.wait(timeout=30)


def flatten(root: str) -> str:
    """The generated project as one file: each `\\input{sections/sN}` replaced by the section."""
    folder = os.path.dirname(root)
    out = []
    for line in open(root, encoding="utf-8"):
        if line.startswith("\\input{"):
            with open(os.path.join(folder, line.strip()[7:-1] + ".tex"), encoding="utf-8") as f:
                out.append(f.read())
        else:
            out.append(line)
    return "".join(out)


def one_line_change(text: str, round_: int) -> str:
    """Append a word to the middle line that holds prose (a different word every round)."""
    lines = text.split("\n")
    middle = len(lines) // 2
    i = next(k for k in range(middle, len(lines)) if lines[k].strip() and not lines[k].startswith(("\\", "|", "#")))
    lines[i] += f" edit{round_}"
    return "\n".join(lines)


def bench(path: str, text: str, language: str, rounds: int) -> dict:
    uri = "file://" + os.path.abspath(path)
    server = Server(os.path.dirname(path))
    try:
        server.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}})
        server.notify("initialized", {})
        start = time.perf_counter()
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": language,
                                                                "version": 1, "text": text}})
        findings = len(server.wait_diagnostics(uri, 1))
        first = time.perf_counter() - start
        saved, typed = [], []
        for version in range(2, 2 * rounds + 2):
            text = one_line_change(text, version)
            start = time.perf_counter()
            server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                     "contentChanges": [{"text": text}]})
            if version % 2 == 0:  # save at once: the lint itself
                start = time.perf_counter()
                server.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
                server.wait_diagnostics(uri, version)
                saved.append(time.perf_counter() - start)
            else:  # typing: the debounce, then the lint
                server.wait_diagnostics(uri, version)
                typed.append(time.perf_counter() - start)
        return {"first": first, "saved": saved, "typed": typed, "findings": findings}
    finally:
        server.close()


def in_process(path: str, text: str, rounds: int) -> tuple[float, float]:
    """(median wall, median CPU seconds) of the server's own lint of a one-line change, in this
    process with the server's warm-up (spaCy loaded, sentence memo on). The CPU figure does not
    grow when other work shares the cores; the wall figure does."""
    from claimcheck.server import lint_buffer, warm_up

    warm_up()
    lint_buffer(path, text)
    wall, cpu = [], []
    for version in range(rounds):
        text = one_line_change(text, 100 + version)
        start, start_cpu = time.perf_counter(), time.thread_time()
        lint_buffer(path, text)
        wall.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=65536, help="bytes of the generated paper")
    parser.add_argument("--rounds", type=int, default=8, help="one-line changes per format and kind")
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as folder:
        os.mkdir(os.path.join(folder, ".git"))
        with open(os.path.join(folder, ".claimcheck.toml"), "w", encoding="utf-8") as f:
            f.write("preview = true\n")
        latex = flatten(write_latex_project(os.path.join(folder, "project"), args.size))
        with open(os.path.join(folder, "paper.tex"), "w", encoding="utf-8") as f:
            f.write(latex)
        markdown_path = write_markdown(folder, args.size)
        with open(markdown_path, encoding="utf-8") as f:
            markdown = f.read()
        for name, path, text, language in (("LaTeX", os.path.join(folder, "paper.tex"), latex, "latex"),
                                           ("Markdown", markdown_path, markdown, "markdown")):
            r = bench(path, text, language, args.rounds)
            median, worst = statistics.median(r["saved"]), max(r["saved"])
            failed |= median > TARGET_S
            print(f"{name} {len(text.encode('utf-8')) / 1024:.0f} KB, {r['findings']} diagnostics: "
                  f"first lint {r['first']:.2f} s (cold: spaCy loaded); warm re-lint after a one-line change "
                  f"median {median:.3f} s, worst {worst:.3f} s over {len(r['saved'])} (target <= {TARGET_S} s: "
                  f"{'ok' if median <= TARGET_S else 'MISSED'}); while typing (300 ms debounce + lint) "
                  f"median {statistics.median(r['typed']):.3f} s")
            wall, cpu = in_process(path, text, args.rounds)
            print(f"  the lint alone, in process: median {wall:.3f} s wall, {cpu:.3f} s CPU")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
