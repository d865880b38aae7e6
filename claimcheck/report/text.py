"""Human output: `path:line:col: CODE [severity] message`, a help line, and a summary that is
never empty: a run that checked nothing says so."""
from __future__ import annotations

import os
import sys

from claimcheck.lint import FileResult

_COLORS = {"error": "\x1b[31m", "warning": "\x1b[33m", "info": "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


def use_color(stream, no_color: bool = False) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return not no_color and "NO_COLOR" not in os.environ and getattr(stream, "isatty", lambda: False)()


def render_text(results: list[FileResult], color: bool = False) -> str:
    lines: list[str] = []
    for result in results:
        for f in result.findings:
            s = f.span
            where = f"{s.path}:{s.line}:{s.column}:"
            sev = f"[{f.severity}]"
            if color:
                where = f"{_BOLD}{where}{_RESET}"
                sev = f"{_COLORS[f.severity]}{sev}{_RESET}"
            lines.append(f"{where} {f.code} {sev} {f.message}")
            if f.suggestion:
                help_line = f"    help: {f.suggestion}"
                lines.append(f"{_DIM}{help_line}{_RESET}" if color else help_line)
    lines.append(summary_line(results))
    return "\n".join(lines) + "\n"


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
