"""SARIF 2.1.0 for GitHub code scanning (and any other SARIF viewer).

GitHub reads, per rule, `shortDescription`, `fullDescription`, `help` (text and markdown),
`helpUri` (the rule's section of docs/rules.md, linked from the alert),
`defaultConfiguration.level` and the `precision` / `tags` / `problem.severity` properties; per
result, `ruleId`, `level`, `message.text`, the first location with a repository-relative URI and
a region, and `partialFingerprints`, which it uses to keep one alert per problem across pushes.
Our fingerprints ignore line numbers (see baseline.py), so an alert survives edits above it.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

from claimcheck import __version__
from claimcheck.baseline import FINGERPRINT_KEY, attach_fingerprints, repository_path
from claimcheck.findings import Finding
from claimcheck.lint import FileResult
from claimcheck.report.rule_docs import rule_url

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
PAPER_URI = "https://arxiv.org/abs/2110.12894"  # The Efficiency Misnomer, the rules' basis
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# GitHub's own scale for non-security alerts, as CodeQL writes it
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "info": "recommendation"}
FAMILIES = {"CC": "claims", "CT": "tables", "CD": "document", "CV": "verifier", "CP": "parser"}


def information_uri() -> str:
    """The project's home page from the installed package metadata, else the paper."""
    from importlib import metadata

    try:
        meta = metadata.metadata("claimcheck")
    except metadata.PackageNotFoundError:
        return PAPER_URI
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "repository", "source") and url.strip():
            return url.strip()
    return meta.get("Home-page") or PAPER_URI


def render_sarif(results: list[FileResult], root: Path, severity_for=None) -> str:
    """The SARIF log of one run. `root` is the repository root URIs are relative to;
    `severity_for(code, default)` gives the configured level of a rule."""
    from claimcheck.rules_meta import all_rules

    severity_for = severity_for or (lambda code, default: default)
    attach_fingerprints(results, root)
    metas = all_rules()
    findings = [f for r in results for f in r.findings]
    codes = sorted(set(metas) | {f.code for f in findings})
    index = {code: i for i, code in enumerate(codes)}
    by_code = {f.code: f for f in findings}
    rules = [_rule(code, metas.get(code), by_code.get(code), severity_for) for code in codes]
    run = {
        "tool": {"driver": {"name": "claimcheck", "version": __version__, "semanticVersion": __version__,
                            "informationUri": information_uri(), "rules": rules}},
        "originalUriBaseIds": {SRCROOT: {"uri": root.resolve().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",  # our columns count characters, not UTF-16 units
        "results": [_result(f, index[f.code], root) for f in findings],
        "invocations": [{
            "executionSuccessful": not any(r.error for r in results),
            "toolExecutionNotifications": [
                {"level": "error", "message": {"text": str(r.error)}} for r in results if r.error],
        }],
    }
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _rule(code: str, meta, example: Finding | None, severity_for) -> dict:
    if meta is None:  # a code without metadata (should not happen): describe it from a finding
        name = example.name if example else code
        summary = rationale = fix = example.message if example else code
        default, paper, precision = (example.severity if example else "warning"), "", "medium"
    else:
        name, summary, rationale, fix = meta.name, meta.summary, meta.rationale, meta.fix
        default, paper, precision = meta.severity, meta.paper, meta.precision
    level = severity_for(code, default)
    section = f" (The Efficiency Misnomer, {paper})" if paper and paper not in ("—", "-") else ""
    help_text = f"{summary}\n\nWhy{section}: {_flat(rationale)}\n\nFix: {_flat(fix)}"
    help_markdown = (f"**{code} {name}**: {summary}\n\n**Why**{section}: {_flat(rationale)}\n\n"
                     f"**Fix**: {_flat(fix)}")
    url = rule_url(code) if meta is not None else None
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": _flat(rationale)},
        "help": {"text": help_text, "markdown": help_markdown},
        **({"helpUri": url} if url else {}),
        "defaultConfiguration": {"level": LEVELS[level], "enabled": not (meta and meta.preview)},
        "properties": {
            "precision": precision,
            "tags": ["efficiency-claims", FAMILIES.get(code[:2], "other")],
            "problem.severity": PROBLEM_SEVERITY[level],
            **({"measuredPrecision": meta.measured} if meta is not None and meta.measured else {}),
        },
    }


def _result(finding: Finding, rule_index: int, root: Path) -> dict:
    s = finding.span
    relative = repository_path(s.path, root)
    if relative.startswith("/"):  # outside the repository: an absolute URI, no base
        artifact = {"uri": Path(relative).as_uri()}
    else:
        artifact = {"uri": quote(relative), "uriBaseId": SRCROOT}
    end_line = max(s.end_line, s.line)
    end_column = max(s.end_column, s.column) if end_line == s.line else s.end_column
    text = finding.message + (f"\nFix: {finding.suggestion}" if finding.suggestion else "")
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": s.line, "startColumn": s.column,
                       "endLine": end_line, "endColumn": end_column},
        }}],
        "partialFingerprints": {FINGERPRINT_KEY: finding.data["fingerprint"]},
    }


def _flat(text: str) -> str:
    """YAML block text → one paragraph (rule rationales are wrapped at 100 columns)."""
    return " ".join(text.split())
