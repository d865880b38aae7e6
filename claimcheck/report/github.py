"""GitHub Actions workflow commands: one `::error|warning|notice file=…::message` line per finding,
which the runner turns into annotations on the pull request's diff.

Escaping follows the runner's rules: in the message `%`, CR and LF are percent-encoded; in the
properties `:` and `,` are too, since they separate properties. GitHub takes `col`/`endColumn`
only for an annotation on one line, so a multi-line span gives lines alone.
"""
from __future__ import annotations

from pathlib import Path

from claimcheck.baseline import repository_path
from claimcheck.lint import FileResult

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(results: list[FileResult], root: Path) -> str:
    lines = []
    for result in results:
        for f in result.findings:
            s = f.span
            props = {"file": repository_path(s.path, root), "line": s.line}
            if s.end_line <= s.line:
                # GitHub's endColumn is the last column of the annotation (inclusive)
                props.update(col=s.column, endLine=s.line, endColumn=max(s.column, s.end_column - 1))
            else:
                props["endLine"] = s.end_line
            props["title"] = f"{f.code} {f.name}"
            message = f.message + (f"\nFix: {f.suggestion}" if f.suggestion else "")
            rendered = ",".join(f"{key}={escape_property(str(value))}" for key, value in props.items())
            lines.append(f"::{COMMANDS[f.severity]} {rendered}::{escape_data(message)}")
    for result in results:
        if result.error:
            where = f"file={escape_property(repository_path(result.path, root))}," if result.error.path else ""
            lines.append(f"::error {where}title=claimcheck::{escape_data(result.error.cause)}")
    return "".join(line + "\n" for line in lines)
