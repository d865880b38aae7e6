"""Fixtures for the workflow tests: a tiny test-only rule family, so reporters, configuration,
baselines and `--jobs` are tested on real documents through the real pipeline, independently of
what the real rules decide about a sentence.

ZZ901 (warning) flags every sentence with the word "blazing"; ZZ902 (info) every sentence with
"verdant". Both are registered with the engine and given metadata only for the test's duration.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from claimcheck.checks import engine
from claimcheck.findings import Finding
from claimcheck.rules_meta import RuleMeta, all_rules

REPO = Path(__file__).resolve().parents[2]
TOY_RULES = {
    "ZZ901": RuleMeta("ZZ901", "blazing-claim", "warning", "Says blazing.",
                      "Test rule: a sentence with the word blazing.", "§0", "Say how fast.",
                      precision="high"),
    "ZZ902": RuleMeta("ZZ902", "verdant-note", "info", "Says verdant.",
                      "Test rule: a sentence with the word verdant.", "§0", "Nothing to fix."),
}
_WORDS = {"ZZ901": re.compile(r"\bblazing\b"), "ZZ902": re.compile(r"\bverdant\b")}


def toy_check(ctx):
    for sentence in ctx.document.sentences():
        for code, pattern in _WORDS.items():
            match = pattern.search(sentence.text)
            if match:
                meta = TOY_RULES[code]
                yield Finding(code=code, name=meta.name, severity=meta.severity,
                              message=f"the sentence says {match.group()!r}", suggestion=meta.fix,
                              span=sentence.char_span(match.start(), match.end()))


@pytest.fixture
def toy_rules():
    """Register ZZ901/ZZ902 for one test (forked --jobs workers inherit them)."""
    rules = all_rules()
    rules.update(TOY_RULES)
    entry = (tuple(TOY_RULES), toy_check)
    engine._CHECKS.append(entry)
    try:
        yield TOY_RULES
    finally:
        engine._CHECKS.remove(entry)
        for code in TOY_RULES:
            rules.pop(code, None)


@pytest.fixture
def repo(tmp_path, monkeypatch):
    """An empty git repository as the current folder (so config search stops here)."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


@pytest.fixture
def cli(capsys):
    """Run the claimcheck command line in this process: (exit code, stdout, stderr)."""
    from claimcheck.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        else:
            code = 0
        out, err = capsys.readouterr()
        return code, out, err

    return run


def run_claimcheck(*args: str, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    """The installed command in a fresh process (for timing, imports and real rules)."""
    return subprocess.run([sys.executable, "-m", "claimcheck", *args], cwd=cwd, capture_output=True,
                          text=True, **kwargs)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path
