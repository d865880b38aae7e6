"""What every check produces and every reporter consumes."""
from __future__ import annotations

from dataclasses import dataclass, field

from claimcheck.document import Span

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity)


@dataclass
class Finding:
    code: str
    name: str
    severity: str  # info | warning | error
    message: str
    suggestion: str
    span: Span
    # Free-form facts for reporters and the evaluation (indicators found, rank reversals, …).
    data: dict = field(default_factory=dict)

    def sort_key(self) -> tuple:
        s = self.span
        return (s.path, s.line, s.column, self.code, self.message)

    def to_json(self) -> dict:
        s = self.span
        return {
            "path": s.path,
            "line": s.line,
            "column": s.column,
            "end_line": s.end_line,
            "end_column": s.end_column,
            "code": self.code,
            "name": self.name,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
        }
