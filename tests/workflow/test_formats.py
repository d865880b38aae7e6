"""Every output format, on real Markdown documents through the real pipeline (toy rules)."""
from __future__ import annotations

import json
import os
import re

import pytest

from claimcheck.document import Span
from claimcheck.findings import Finding
from claimcheck.lint import FileResult
from claimcheck.report.github import escape_data, escape_property, render_github
from claimcheck.report.markdown_summary import render_markdown
from claimcheck.report.text import use_color

from .conftest import REPO, write

README = """# Fast model

Our model is blazing on every device.

A verdant garden, with commas: and colons, 100% of them.
"""
GITHUB_LINE = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse_github(output: str) -> list[dict]:
    """Parse workflow commands back the way the runner does."""
    parsed = []
    for line in output.splitlines():
        match = GITHUB_LINE.match(line)
        assert match, f"not a workflow command: {line!r}"
        props = dict(p.split("=", 1) for p in match["props"].split(","))
        parsed.append({"command": match[1], **{k: unescape(v) for k, v in props.items()},
                       "message": unescape(match["message"])})
    return parsed


def test_sarif_has_what_github_code_scanning_requires(repo, cli, toy_rules):
    write(repo / "docs" / "README.md", README)
    os.chdir(repo / "docs")  # run from a subfolder: URIs must still be repository-relative
    code, out, _ = cli("README.md", "--select", "ZZ", "--format", "sarif")
    assert code == 1
    log = json.loads(out)
    assert log["version"] == "2.1.0" and log["$schema"].endswith("sarif-schema-2.1.0.json")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "claimcheck" and driver["version"] and driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    assert len({r["id"] for r in rules}) == len(rules)
    for rule in rules:
        assert rule["id"] and rule["name"]
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["help"]["text"] and rule["help"]["markdown"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
        props = rule["properties"]
        assert props["precision"] in ("very-high", "high", "medium", "low")
        assert props["tags"] and all(isinstance(t, str) for t in props["tags"])
        assert props["problem.severity"] in ("error", "warning", "recommendation")
    zz901 = next(r for r in rules if r["id"] == "ZZ901")
    assert zz901["properties"]["precision"] == "high"  # from the rule metadata
    assert next(r for r in rules if r["id"] == "ZZ902")["properties"]["precision"] == "medium"

    results = run["results"]
    assert [r["ruleId"] for r in results] == ["ZZ901", "ZZ902"]
    assert [r["level"] for r in results] == ["warning", "note"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["message"]["text"].startswith("the sentence says")
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {"uri": "docs/README.md", "uriBaseId": "%SRCROOT%"}
        region = location["region"]
        assert all(isinstance(region[k], int) and region[k] >= 1
                   for k in ("startLine", "startColumn", "endLine", "endColumn"))
        fingerprints = result["partialFingerprints"]
        assert fingerprints and all(isinstance(v, str) and v for v in fingerprints.values())
    # the region is exactly the word, in the file's own coordinates
    assert results[0]["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 3, "startColumn": 14, "endLine": 3, "endColumn": 21}
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == repo.resolve().as_uri() + "/"


def test_sarif_uri_is_percent_encoded_and_forward_slashed(repo, cli, toy_rules):
    write(repo / "my docs" / "read me.md", "It is blazing.\n")
    code, out, _ = cli("my docs", "--select", "ZZ", "--format", "sarif")
    uri = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20docs/read%20me.md"


def test_sarif_rule_level_follows_configured_severity(repo, cli, toy_rules):
    write(repo / "README.md", README)
    write(repo / ".claimcheck.toml", '[severity]\nZZ901 = "error"\n')
    _, out, _ = cli("README.md", "--select", "ZZ", "--format", "sarif")
    run = json.loads(out)["runs"][0]
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "ZZ901")
    assert rule["defaultConfiguration"]["level"] == "error"
    assert run["results"][0]["level"] == "error"


def test_github_lines_parse_back_to_the_findings(repo, cli, toy_rules):
    write(repo / "docs" / "README.md", README)
    code, out, _ = cli("docs", "--select", "ZZ", "--format", "github")
    assert code == 1
    annotations = parse_github(out)
    assert [a["command"] for a in annotations] == ["warning", "notice"]
    first = annotations[0]
    assert first["file"] == "docs/README.md"
    assert (first["line"], first["col"], first["endLine"], first["endColumn"]) == ("3", "14", "3", "20")
    assert first["title"] == "ZZ901 blazing-claim"
    assert first["message"] == "the sentence says 'blazing'\nFix: Say how fast."


def test_github_escaping_round_trips():
    tricky = "50% faster:\r\nreally, yes"
    finding = Finding("ZZ901", "a,b:c", "error", tricky, "", Span("d/a,b:c.md", 2, 3, 4, 1))
    out = render_github([FileResult("d/a,b:c.md", None, [finding])], root=__import__("pathlib").Path.cwd())
    (annotation,) = parse_github(out)
    assert annotation["command"] == "error"
    assert annotation["message"] == tricky
    assert annotation["title"] == "ZZ901 a,b:c"
    assert annotation["file"] == "d/a,b:c.md"
    assert annotation["line"] == "2" and annotation["endLine"] == "4" and "col" not in annotation
    assert escape_data("%\n") == "%25%0A" and escape_property("a:b,c") == "a%3Ab%2Cc"


def _finding(code, path, line, severity="warning", **data):
    return Finding(code, code.lower(), severity, f"message of {code}", "add it",
                   Span(path, line, 1, line, 5), data)


def test_markdown_groups_by_rule_and_file_with_coverage_card():
    results = [
        FileResult("paper.tex", None, [
            _finding("CC103", "paper.tex", 4, "error"),
            _finding("CC103", "sections/intro.tex", 9, "error"),
            _finding("CD301", "paper.tex", 1, "info", reported=["params", "flops", "hardware"]),
        ]),
        FileResult("README.md", None, [
            _finding("CC101", "README.md", 2),
            _finding("CD301", "README.md", 1, "info", reported=["FLOPs/MACs", "latency", "training cost"]),
        ]),
    ]
    out = render_markdown(results)
    assert out.startswith("## claimcheck: 5 findings")
    card = out[out.index("### Indicator coverage"):out.index("### By rule")]
    header, _, row, row2 = card.splitlines()[2:6]
    assert header.split("|")[2:-1] == [" params ", " FLOPs/MACs ", " throughput ", " latency ", " memory ",
                                       " training cost ", " hardware ", " energy "]
    assert row.split("|")[1:-1] == [" `paper.tex` ", " ✅ ", " ✅ ", " — ", " — ", " — ", " — ", " ✅ ", " — "]
    assert row2.split("|")[1:-1] == [" `README.md` ", " — ", " ✅ ", " — ", " ✅ ", " — ", " ✅ ", " — ", " — "]
    by_rule = out[out.index("### By rule"):out.index("### By file")]
    assert "| CC103 | cc103 | error | 2 |" in by_rule
    assert by_rule.index("CC103") < by_rule.index("CC101") < by_rule.index("CD301")  # worst first
    by_file = out[out.index("### By file"):]
    assert "<code>paper.tex</code>: 2 findings" in by_file
    assert "<code>sections/intro.tex</code>: 1 finding<" in by_file
    assert "- line 9, col 1: **CC103** (error) message of CC103 *Fix:* add it" in by_file


def test_markdown_card_is_omitted_without_cd301_and_html_is_escaped():
    finding = _finding("CC101", "README.md", 2)
    finding.message = "a <script> | pipe"
    out = render_markdown([FileResult("README.md", None, [finding])])
    assert "Indicator coverage" not in out
    assert "a &lt;script&gt; | pipe" in out and "<script>" not in out


def test_markdown_format_on_real_document(repo, cli, toy_rules):
    write(repo / "README.md", README)
    code, out, _ = cli("README.md", "--select", "ZZ", "--format", "markdown")
    assert code == 1
    assert "| ZZ901 | blazing-claim | warning | 1 |" in out
    assert "- line 3, col 14: **ZZ901** (warning)" in out


def test_text_colour_only_on_a_terminal(repo, cli, toy_rules, monkeypatch):
    class Terminal:
        def isatty(self):
            return True

    assert use_color(Terminal()) and not use_color(Terminal(), no_color=True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(Terminal())
    monkeypatch.delenv("NO_COLOR")
    write(repo / "README.md", README)
    _, out, _ = cli("README.md", "--select", "ZZ")  # captured: not a terminal
    assert "\x1b[" not in out and "README.md:3:14: ZZ901 [warning]" in out


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "markdown"])
def test_output_file_is_written_atomically(repo, cli, toy_rules, fmt):
    write(repo / "README.md", README)
    write(repo / "out" / "report", "old report\n")
    code, out, _ = cli("README.md", "--select", "ZZ", "--format", fmt, "--output", "out/report")
    assert code == 1 and out == ""
    _, direct, _ = cli("README.md", "--select", "ZZ", "--format", fmt, "--no-color")
    assert (repo / "out" / "report").read_text(encoding="utf-8") == direct
    assert sorted(p.name for p in (repo / "out").iterdir()) == ["report"]  # no temporary left


def test_output_into_missing_folder_is_one_line_error(repo, cli, toy_rules):
    write(repo / "README.md", README)
    code, out, err = cli("README.md", "--output", "nowhere/report.sarif", "--format", "sarif")
    assert code == 2
    assert err.strip().splitlines() == ["claimcheck: error: nowhere/report.sarif: cannot write: "
                                        "the folder does not exist"]


def test_github_reports_unreadable_file_as_error_annotation(repo, cli, toy_rules):
    (repo / "broken.md").write_bytes(b"binary\x00file")
    code, out, err = cli("broken.md", "--format", "github")
    assert code == 2
    (annotation,) = parse_github(out)
    assert annotation["command"] == "error" and annotation["file"] == "broken.md"
    assert annotation["message"].startswith("binary file")
    assert err.strip().startswith("claimcheck: error: broken.md: binary file")


def test_sarif_help_uri_is_the_rules_section_at_this_versions_tag(repo, cli, toy_rules, monkeypatch):
    from claimcheck import __version__
    from claimcheck.report import rule_docs

    write(repo / "README.md", README)
    _, out, _ = cli("README.md", "--select", "ZZ", "--format", "sarif")
    assert all("helpUri" not in r for r in json.loads(out)["runs"][0]["tool"]["driver"]["rules"])  # never a guess
    monkeypatch.setattr(rule_docs, "repository_url", lambda: "https://github.com/acme/claimcheck")
    _, out, _ = cli("README.md", "--select", "ZZ", "--format", "sarif")
    rules = {r["id"]: r for r in json.loads(out)["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["ZZ901"]["helpUri"] == \
        f"https://github.com/acme/claimcheck/blob/v{__version__}/docs/rules.md#zz901"
    reference = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    for code, rule in rules.items():
        if not code.startswith("ZZ"):  # every real rule's anchor is a heading of the reference
            assert f"\n### {rule['helpUri'].rsplit('#', 1)[1].upper()}\n" in reference


def test_repository_url_is_read_from_the_package_metadata(monkeypatch):
    from importlib import metadata

    from claimcheck.report import rule_docs

    class Meta:
        def get_all(self, key):
            return ["Homepage, https://acme.example", "Repository, https://github.com/acme/claimcheck.git"]

    monkeypatch.setattr(metadata, "metadata", lambda name: Meta())
    rule_docs.repository_url.cache_clear()
    try:
        assert rule_docs.repository_url() == "https://github.com/acme/claimcheck"
    finally:
        rule_docs.repository_url.cache_clear()
