"""docs/rules.md, generated from the rule metadata in rules/*.yaml so the reference cannot drift
from what `claimcheck rule CODE` and the SARIF rule help say. A test compares the two; to
regenerate: `claimcheck rules --format markdown --output docs/rules.md`.
"""
from __future__ import annotations

from functools import lru_cache

from claimcheck import __version__
from claimcheck.rules_meta import RuleMeta

FAMILIES = {
    "CC": "Claims in prose",
    "CT": "Comparison tables",
    "CD": "Whole document",
    "CV": "Verifier (claimcheck verify)",
    "CP": "Parsing and suppressions",
}
RULES_DOC = "docs/rules.md"
GENERATOR = f"claimcheck rules --format markdown --output {RULES_DOC}"
REPOSITORY_LABELS = ("repository", "source", "source code")  # [project.urls] names of the repository


def rule_anchor(code: str) -> str:
    """The anchor GitHub gives a rule's `### CC103` heading in docs/rules.md."""
    return code.lower()


def rule_url(code: str) -> str | None:
    """The rule's section of docs/rules.md at this version's tag (`v0.1.0`), so the page matches
    the rules that produced the finding; None while the package declares no repository URL
    (SARIF's helpUri must be an absolute URI, so a guess would be worse than none)."""
    repository = repository_url()
    return f"{repository}/blob/v{__version__}/{RULES_DOC}#{rule_anchor(code)}" if repository else None


@lru_cache(maxsize=1)
def repository_url() -> str | None:
    """The repository URL in the installed package's metadata (`[project.urls] Repository`)."""
    from importlib import metadata

    try:
        entries = metadata.metadata("claimcheck").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    for entry in entries:
        label, _, url = entry.partition(",")
        if label.strip().lower() in REPOSITORY_LABELS and url.strip():
            return url.strip().rstrip("/").removesuffix(".git")
    return None


def render_rule_docs(rules: dict[str, RuleMeta]) -> str:
    out = ["# Rules", "",
           f"<!-- Generated from rules/*.yaml by `{GENERATOR}`; do not edit by hand. -->",
           "<!-- claimcheck: ignore-file[CC,CD,CT] the rule reference quotes the claims each rule "
           "flags -->", "",
           "Every rule rests on a section of *The Efficiency Misnomer* (Dehghani et al., ICLR 2022). "
           "`claimcheck rule CODE` prints the same text in a terminal. Precision is how often a "
           "finding of the rule was right: measured on public documents nobody on the team wrote "
           "(`benchmarks/realworld/`, dev and blind splits) where the rule fired often enough, on "
           "the annotated corpora otherwise (GitHub code scanning sorts alerts by it). A rule ships "
           "at error only at a measured precision of 0.95, at warning at 0.85; below that it is a "
           "*preview* rule, off unless `--preview` is given or its exact code is selected.", "",
           "| code | name | severity | precision | summary |", "| --- | --- | --- | --- | --- |"]
    for meta in rules.values():
        out.append(f"| [{meta.code}](#{rule_anchor(meta.code)}) | {meta.name} | {_status(meta)} | "
                   f"{meta.precision} | {_cell(meta.summary)} |")
    out.append("")
    family = None
    for meta in rules.values():
        if meta.code[:2] != family:
            family = meta.code[:2]
            out += [f"## {FAMILIES.get(family, family)}", ""]
        out += _rule_section(meta)
    return "\n".join(out).rstrip("\n") + "\n"


def _status(meta: RuleMeta) -> str:
    return f"{meta.severity} (preview)" if meta.preview else meta.severity


def _rule_section(meta: RuleMeta) -> list[str]:
    paper = "" if meta.paper in ("—", "-", "") else f" · paper: {meta.paper}"
    lines = [f"### {meta.code}", "",
             f"**{meta.name}** · default severity: {_status(meta)} · precision: {meta.precision}"
             f"{' (' + meta.measured_text() + ')' if meta.measured else ''}{paper}", "",
             _paragraph(meta.summary), "", f"**Why.** {_paragraph(meta.rationale)}", "",
             f"**Fix.** {_paragraph(meta.fix)}", ""]
    for kind, label in (("fail", "Flagged"), ("pass", "Not flagged")):
        for example in meta.examples.get(kind, []) or []:
            if not isinstance(example, dict):  # a described case (verifier rules), not a source
                lines += [f"{label}: {_paragraph(str(example))}", ""]
                continue
            fmt = example.get("format", "")
            fence = fmt if fmt in ("latex", "markdown") else ""
            # four backticks: Markdown examples may hold code fences of their own
            lines += [f"{label}:", "", f"````{fence}", example.get("text", "").rstrip("\n"), "````", ""]
    return lines


def _paragraph(text: str) -> str:
    return " ".join(text.split())


def _cell(text: str) -> str:
    return _paragraph(text).replace("|", "\\|")
