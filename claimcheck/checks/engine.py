"""The rule registry and the context every check reads.

A check is a function `check(ctx) -> Iterable[Finding]` registered with `@check("CC103")`.
It reads `ctx.document`, `ctx.claims` and `ctx.frames` (built lazily, once per document) and
never parses text itself. The engine selects codes, applies suppressions and sorts.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterable

from claimcheck.document import Document, Span
from claimcheck.findings import Finding
from claimcheck.rules_meta import all_rules, preview_codes

CheckFn = Callable[["Context"], Iterable[Finding]]
_CHECKS: list[tuple[tuple[str, ...], CheckFn]] = []

# Modules whose import registers checks. Add a family here when it is written.
RULE_MODULES: list[str] = ["claimcheck.checks.table_rules", "claimcheck.checks.claim_rules",
                           "claimcheck.checks.document_rules"]


def check(*codes: str) -> Callable[[CheckFn], CheckFn]:
    """Register a check function for the rule codes it can emit."""

    def register(fn: CheckFn) -> CheckFn:
        _CHECKS.append((codes, fn))
        return fn

    return register


def registered_checks() -> list[tuple[tuple[str, ...], CheckFn]]:
    for module in RULE_MODULES:
        importlib.import_module(module)
    return list(_CHECKS)


@dataclass
class Selection:
    """Which codes run: a code runs when a `select` prefix matches and no `ignore` prefix does.
    A preview rule (measured precision too low to be on by default) also needs `preview`, or its
    exact code in `select`, as in ruff."""

    select: tuple[str, ...] = ("",)
    ignore: tuple[str, ...] = ()
    preview: bool = False

    def __call__(self, code: str) -> bool:
        if not any(code.startswith(p) for p in self.select) or any(code.startswith(p) for p in self.ignore):
            return False
        return self.preview or code in self.select or code not in preview_codes()


@dataclass
class Context:
    document: Document
    selection: Selection = field(default_factory=Selection)
    # Per-document values several checks build from claims and frames (computed once, shared).
    shared: dict = field(default_factory=dict)

    def finding(self, code: str, span: Span, message: str, suggestion: str | None = None,
                severity: str | None = None, **data) -> Finding:
        """A finding with name, default severity and fix filled in from the rule's metadata."""
        meta = all_rules()[code]
        return Finding(code=code, name=meta.name, severity=severity or meta.severity,
                       message=message, suggestion=suggestion or meta.fix, span=span, data=data)

    @cached_property
    def claims(self) -> list:
        """Efficiency claims of the document (extraction stage), built on first use."""
        from claimcheck.extract.claims import extract_claims

        return extract_claims(self.document)

    @cached_property
    def frames(self) -> list:
        """The document's tables as classified DataFrames (tables stage), built on first use."""
        from claimcheck.tables.frame import build_frames

        return build_frames(self.document)


def run_checks(document: Document, selection: Selection | None = None) -> list[Finding]:
    """All selected findings for one document, sorted by position."""
    ctx = Context(document, selection or Selection())
    findings: list[Finding] = []
    for codes, fn in registered_checks():
        if any(ctx.selection(c) for c in codes):
            findings.extend(f for f in fn(ctx) if ctx.selection(f.code))
    if document.comments:
        from claimcheck.checks.suppressions import apply_suppressions

        findings = apply_suppressions(document, findings, ctx)
    findings.sort(key=Finding.sort_key)
    return findings
