"""The habits users bring from ruff and friends: --exit-zero, --quiet, --statistics, --show-source
(toy rules on real documents, the command line run in-process with click's CliRunner)."""
from __future__ import annotations

import json

from click.testing import CliRunner

from claimcheck.cli import cli
from claimcheck.document import Span
from claimcheck.report.text import FRAME_WIDTH, code_frame

from .conftest import write

DOC = "# Notes\n\nThe model is\tblazing.\n\nIt is blazing. It is verdant, and blazing.\n"


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_exit_zero_keeps_the_findings_but_not_input_errors(repo, toy_rules):
    write(repo / "a.md", DOC)
    plain, zero = invoke("a.md", "--select", "ZZ"), invoke("a.md", "--select", "ZZ", "--exit-zero")
    assert plain.exit_code == 1 and zero.exit_code == 0
    assert zero.stdout == plain.stdout and "ZZ901" in zero.stdout
    (repo / "b.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    unreadable = invoke("a.md", "b.md", "--select", "ZZ", "--exit-zero")
    assert unreadable.exit_code == 2 and "b.md" in unreadable.stderr and "ZZ901" in unreadable.stdout


def test_quiet_prints_the_findings_only(repo, toy_rules):
    write(repo / "a.md", DOC)
    write(repo / "clean.md", "# Notes\n\nNothing to see.\n")
    loud, quiet = invoke("a.md", "--select", "ZZ"), invoke("a.md", "--select", "ZZ", "-q")
    assert loud.stdout.splitlines()[:-1] == quiet.stdout.splitlines()
    assert loud.stdout.splitlines()[-1].startswith("Found 4 findings")
    assert quiet.exit_code == 1
    clean = invoke("clean.md", "--quiet")
    assert clean.exit_code == 0 and clean.stdout == "" and clean.stderr == ""
    recorded = invoke("a.md", "--select", "ZZ", "-q", "--write-baseline", "base.json")
    assert recorded.exit_code == 0 and recorded.stderr == ""
    known = invoke("a.md", "--select", "ZZ", "-q", "--baseline", "base.json")
    assert known.exit_code == 0 and known.stdout == "" and known.stderr == ""


def test_statistics_count_findings_per_code_most_first(repo, toy_rules):
    write(repo / "a.md", DOC)
    text = invoke("a.md", "--select", "ZZ", "--statistics")
    assert text.exit_code == 1
    assert text.stdout.splitlines() == ["3  ZZ901  blazing-claim", "1  ZZ902  verdant-note",
                                        "Found 4 findings (3 warnings, 1 info) in 1 file, 4 sentences, 0 tables."]
    assert invoke("a.md", "--select", "ZZ", "--statistics", "-q").stdout.splitlines() == text.stdout.splitlines()[:2]
    data = json.loads(invoke("a.md", "--select", "ZZ", "--statistics", "--format", "json").stdout)
    assert data == [{"code": "ZZ901", "name": "blazing-claim", "count": 3},
                    {"code": "ZZ902", "name": "verdant-note", "count": 1}]
    refused = invoke("a.md", "--statistics", "--format", "sarif")
    assert refused.exit_code == 2 and "--statistics works with --format text or json" in refused.stderr


def test_show_source_puts_carets_under_the_span(repo, toy_rules):
    write(repo / "a.md", DOC)
    result = invoke("a.md", "--select", "ZZ901", "--show-source")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("a.md:3:14: ZZ901 [warning]")
    assert lines[1:3] == ["   3 | The model is\tblazing.",
                          "     |             \t^^^^^^^"]  # the tab kept: carets line up in any editor
    assert lines[3] == "    help: Say how fast."
    assert lines[5:7] == ["   5 | It is blazing. It is verdant, and blazing.", "     |       ^^^^^^^"]
    assert invoke("a.md", "--show-source", "--format", "json").exit_code == 2


def test_code_frame_of_a_long_line_is_a_window_around_the_span():
    line = "x" * 300 + " blazing " + "y" * 300
    frame = code_frame(line, Span("p.tex", 12, 302, 12, 309))
    assert frame[0].startswith("  12 | …") and frame[0].endswith("…")
    assert len(frame[0]) == len("  12 | ") + FRAME_WIDTH + 2
    assert frame[0].index("blazing") == frame[1].index("^") and frame[1].endswith("^" * 7)
    to_line_end = code_frame("a claim that goes on", Span("p.tex", 1, 3, 2, 4))
    assert to_line_end[1] == "     |   " + "^" * 18


def test_rule_url_in_text_with_show_source_and_in_json(repo, toy_rules, monkeypatch):
    from claimcheck.report import rule_docs

    write(repo / "a.md", DOC)
    assert "docs:" not in invoke("a.md", "--select", "ZZ901", "--show-source").stdout  # no repository: none
    monkeypatch.setattr(rule_docs, "repository_url", lambda: "https://github.com/acme/claimcheck")
    url = rule_docs.rule_url("ZZ901")
    lines = invoke("a.md", "--select", "ZZ901", "--show-source").stdout.splitlines()
    assert lines[3:5] == ["    help: Say how fast.", f"    docs: {url}"]
    assert "docs:" not in invoke("a.md", "--select", "ZZ901").stdout
    summary = json.loads(invoke("a.md", "--select", "ZZ", "--format", "json").stdout)["summary"]
    assert summary["rule_urls"] == {"ZZ901": url, "ZZ902": rule_docs.rule_url("ZZ902")}
