"""A Markdown summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`: the counts, the
indicator-coverage card of each document, findings by rule, then by file.

The coverage card comes from the CD301 finding, whose `data` says which indicators a document
reports (`reported`: card labels such as "FLOPs/MACs" or indicator names such as "flops"; or
`coverage` {name: bool}; or `missing`); without CD301 (deselected,
or not run) the card is left out rather than guessed. The listing is capped, because GitHub
refuses comments over 65,536 characters.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from claimcheck.findings import Finding, severity_rank
from claimcheck.lint import FileResult
from claimcheck.report.text import summary_line

# card column → the indicator names (claimcheck.indicators, plus "hardware") that fill it
CARD = {
    "params": ("params",),
    "FLOPs/MACs": ("flops", "macs"),
    "throughput": ("throughput",),
    "latency": ("latency",),
    "memory": ("memory",),
    "training cost": ("training_cost",),
    "hardware": ("hardware",),
    "energy": ("energy",),
}
MAX_LISTED = 200
REPORTED, MISSING = "✅", "—"


def render_markdown(results: list[FileResult]) -> str:
    findings = [f for r in results for f in r.findings]
    title = "no findings" if not findings else f"{len(findings)} finding{'s' * (len(findings) != 1)}"
    out = [f"## claimcheck: {title}", "", summary_line(results), ""]
    errors = [r.error for r in results if r.error]
    if errors:
        out += ["**Could not lint:**", ""] + [f"- {_inline(str(e))}" for e in errors] + [""]
    card = coverage_card(results)
    if card:
        out += card
    if findings:
        out += _by_rule(findings) + _by_file(results)
    return "\n".join(out).rstrip("\n") + "\n"


def coverage_of(finding: Finding) -> set[str] | None:
    """The indicator names a CD301 finding says its document reports, or None if it does not say."""
    data = finding.data
    if "reported" in data:
        return {str(x) for x in data["reported"]}
    if isinstance(data.get("coverage"), dict):
        return {str(k) for k, v in data["coverage"].items() if v}
    if "missing" in data:
        missing = {str(x) for x in data["missing"]}
        return {label for label in CARD if label not in missing}
    return None


def coverage_card(results: list[FileResult]) -> list[str]:
    rows = []
    for result in results:
        for finding in result.findings:
            reported = coverage_of(finding) if finding.code == "CD301" else None
            if reported is not None:
                marks = [REPORTED if label in reported or reported & set(names) else MISSING
                         for label, names in CARD.items()]
                rows.append(f"| `{_cell(result.path)}` | " + " | ".join(marks) + " |")
    if not rows:
        return []
    return ["### Indicator coverage", "",
            "| document | " + " | ".join(CARD) + " |",
            "| --- |" + " :-: |" * len(CARD),
            *rows, "",
            f"{REPORTED} reported somewhere in the document, {MISSING} not reported. The Efficiency "
            "Misnomer (§4) asks for all of them: no single cost indicator is sufficient.", ""]


def _by_rule(findings: list[Finding]) -> list[str]:
    counts = Counter(f.code for f in findings)
    names = {f.code: f.name for f in findings}
    worst: dict[str, str] = {}
    for f in findings:
        if f.code not in worst or severity_rank(f.severity) > severity_rank(worst[f.code]):
            worst[f.code] = f.severity
    lines = ["### By rule", "", "| rule | name | severity | findings |", "| --- | --- | --- | --: |"]
    for code in sorted(counts, key=lambda c: (-severity_rank(worst[c]), c)):
        lines.append(f"| {code} | {_cell(names[code])} | {worst[code]} | {counts[code]} |")
    return lines + [""]


def _by_file(results: list[FileResult]) -> list[str]:
    by_path: dict[str, list[Finding]] = defaultdict(list)
    for result in results:
        for f in result.findings:
            by_path[f.span.path].append(f)
    lines = ["### By file", ""]
    listed = 0
    for path, found in by_path.items():
        if listed == MAX_LISTED:
            break
        lines += [f"<details><summary><code>{_html(path)}</code>: {len(found)} "
                  f"finding{'s' * (len(found) != 1)}</summary>", ""]
        for f in found:
            if listed == MAX_LISTED:
                break
            listed += 1
            lines.append(f"- line {f.span.line}, col {f.span.column}: **{f.code}** ({f.severity}) "
                         f"{_inline(f.message)}" + (f" *Fix:* {_inline(f.suggestion)}" if f.suggestion else ""))
        lines += ["", "</details>", ""]
    total = sum(len(v) for v in by_path.values())
    if total > listed:
        lines += [f"… and {total - listed} more findings (run `claimcheck` locally for all of them).", ""]
    return lines


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _inline(text: str) -> str:
    """One line of Markdown that cannot open HTML or break the list item."""
    return _html(" ".join(text.split()))


def _cell(text: str) -> str:
    return _inline(text).replace("|", "\\|")
