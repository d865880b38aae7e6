"""Human output: `path:line:col: CODE [severity] message`, a help line, and a summary that is
never empty: a run that checked nothing says so. `--show-source` adds a code frame under each
finding (its source line, carets under the span) and the rule's documentation URL; `--quiet` drops
the summary."""
from __future__ import annotations

import os
import sys

from claimcheck.lint import FileResult
from claimcheck.report.rule_docs import rule_url

_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def use_color(stream, no_color: bool = False) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return not no_color and "NO_COLOR" not in os.environ and getattr(stream, "isatty", lambda: False)()


def render_text(results: list[FileResult], color: bool = False, show_source: bool = False,
                summary: bool = True) -> str:
    lines: list[str] = []
    for result in results:
        sources = {f.path: f for f in result.document.files} if show_source and result.document else {}
        for f in result.findings:
            s = f.span
            where = f"{s.path}:{s.line}:{s.column}:"
            sev = f"[{f.severity}]"
            if color:
                where = f"{_BOLD}{where}{_RESET}"
                sev = f"{_COLORS[f.severity]}{sev}{_RESET}"
            lines.append(f"{where} {f.code} {sev} {f.message}")
            source = sources.get(s.path)
            if source is not None and 1 <= s.line <= source.line_count:
                lines += code_frame(source.line_text(s.line), s, _COLORS[f.severity] if color else "")
            if f.suggestion:
                help_line = f"    help: {f.suggestion}"
                lines.append(f"{_DIM}{help_line}{_RESET}" if color else help_line)
            url = rule_url(f.code) if show_source else None
            if url:
                lines.append(f"    docs: {url}")
    if summary:
        lines.append(summary_line(results))
    return "".join(line + "\n" for line in lines)


FRAME_WIDTH = 100  # a longer line (a LaTeX paragraph is often one) is cut to a window this wide
FRAME_LEAD = 20  # characters kept before the span in such a window


def code_frame(line_text: str, span, color: str = "") -> list[str]:
    """The source line of a finding, numbered, and a line of carets under its columns (to the end
    of the line when the span runs on to later lines); tabs are kept so the carets line up."""
    start = min(max(span.column - 1, 0), len(line_text))
    end = span.end_column - 1 if span.end_line == span.line else len(line_text)
    end = max(min(end, len(line_text)), start + 1)
    lo = max(0, start - FRAME_LEAD) if len(line_text) > FRAME_WIDTH else 0
    hi = min(len(line_text), lo + FRAME_WIDTH)
    before, after = ("…" if lo else ""), ("…" if hi < len(line_text) else "")
    shown = before + line_text[lo:hi] + after
    offset = start - lo + len(before)
    pad = "".join(c if c == "\t" else " " for c in shown[:offset])
    carets = "^" * max(1, min(end, hi) - start)
    if color:
        carets = f"{color}{carets}{_RESET}"
    gutter = f"{span.line:>4} | "
    return [f"{gutter}{shown}".rstrip(), f"{' ' * (len(gutter) - 2)}| {pad}{carets}"]


def summary_line(results: list[FileResult]) -> str:
    documents = [r.document for r in results if r.document]
    files = sum(len(d.files) for d in documents)
    sentences = sum(1 for d in documents for _ in d.sentences())
    tables = sum(len(d.tables) for d in documents)
    checked = (f"{files} file{'s' * (files != 1)}, {sentences} sentence{'s' * (sentences != 1)}, "
               f"{tables} table{'s' * (tables != 1)}")
    findings = [f for r in results for f in r.findings]
    if not findings:
        return f"No findings ({checked} checked)."
    counts = {sev: sum(1 for f in findings if f.severity == sev) for sev in ("error", "warning", "info")}
    parts = ", ".join(f"{n} {sev}{'s' * (n != 1 and sev != 'info')}" for sev, n in counts.items() if n)
    return f"Found {len(findings)} finding{'s' * (len(findings) != 1)} ({parts}) in {checked}."


def print_error(message: str) -> None:
    print(f"claimcheck: error: {message}", file=sys.stderr)
