"""Inline suppressions, read from source comments the front ends recorded.

    % claimcheck: ignore[CC101] baseline numbers are from the original paper
    <!-- claimcheck: ignore[CC103,CC106] reason -->     the next line (or this line, if trailing)
    % claimcheck: ignore-begin[CT204] reason  …  % claimcheck: ignore-end
    % claimcheck: ignore-file[CD301] reason

The codes are required, in brackets (`ignore[ALL]` for every rule): a directive without them
(`claimcheck: ignore CC106 reason`) is malformed (CP003) and suppresses nothing, because reading
it as "ignore everything" would let one typo hide every finding. A reason is required (CP003 otherwise) because a suppression is a claim too: the next reader must
know why the rule does not apply. A suppression that suppresses nothing is reported (CP002),
so stale ones do not pile up. Parse diagnostics (CP001) cannot be suppressed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from claimcheck.document import Comment, Document
from claimcheck.findings import Finding

_DIRECTIVE = re.compile(
    r"^\s*claimcheck:\s*(?P<kind>ignore-begin|ignore-end|ignore-file|ignore)\b\s*"
    r"(?:\[(?P<codes>[^\]]*)\])?\s*(?P<reason>.*?)\s*$", re.IGNORECASE)
UNSUPPRESSIBLE = ("CP001",)


@dataclass
class Suppression:
    comment: Comment
    codes: tuple[str, ...]  # empty: every code
    path: str
    first_line: int
    last_line: int  # inclusive; whole file for ignore-file
    reason: str
    used: bool = False

    def covers(self, finding: Finding) -> bool:
        s = finding.span
        return (s.path == self.path and s.line <= self.last_line and s.end_line >= self.first_line
                and (not self.codes or any(finding.code.startswith(c) for c in self.codes)))


def parse_suppressions(document: Document) -> tuple[list[Suppression], list[tuple[Comment, str]]]:
    """Suppressions of a document, and (comment, problem) pairs for malformed directives."""
    files = {f.path: f for f in document.files}
    suppressions: list[Suppression] = []
    problems: list[tuple[Comment, str]] = []
    open_blocks: list[Suppression] = []
    for comment in document.comments:
        m = _DIRECTIVE.match(comment.text)
        if not m:
            continue
        kind = m.group("kind").lower()
        codes = tuple(c.strip().upper() for c in (m.group("codes") or "").split(",") if c.strip())
        if kind != "ignore-end" and not codes:
            problems.append((comment, f"'claimcheck: {kind}' names no rule codes in brackets, so it "
                                      f"suppresses nothing: write {kind}[CC106] (or {kind}[ALL]) and a reason"))
            continue
        codes = () if "ALL" in codes else codes
        reason = m.group("reason")
        path, line = comment.span.path, comment.span.line
        if kind == "ignore-end":
            block = next((b for b in reversed(open_blocks) if b.path == path), None)
            if block is None:
                problems.append((comment, "'claimcheck: ignore-end' without a matching ignore-begin"))
            else:
                block.last_line = line
                open_blocks.remove(block)
            continue
        if kind == "ignore-file":
            first, last = 1, 10**9
        elif kind == "ignore-begin":
            first, last = line, 10**9
        else:
            first = last = _target_line(files.get(path), comment)
        suppression = Suppression(comment, codes, path, first, last, reason)
        suppressions.append(suppression)
        if kind == "ignore-begin":
            open_blocks.append(suppression)
    for block in open_blocks:
        problems.append((block.comment, "'claimcheck: ignore-begin' is never closed by ignore-end; "
                                        "it runs to the end of the file"))
    return suppressions, problems


def _target_line(source, comment: Comment) -> int:
    """A trailing comment suppresses its own line; a comment on its own line, the next line
    that holds text (blank and comment-only lines are skipped)."""
    line = comment.span.line
    if source is None:
        return line + 1
    before = source.line_text(line)[: comment.span.column - 1]
    if before.strip() and before.strip() not in ("<!--",):
        return line
    end = comment.span.end_line
    for candidate in range(end + 1, source.line_count + 1):
        text = source.line_text(candidate).strip()
        if text and not text.startswith("%") and not (text.startswith("<!--") and text.endswith("-->")):
            return candidate
    return end + 1


def apply_suppressions(document: Document, findings: list[Finding], ctx) -> list[Finding]:
    """Drop suppressed findings; add CP002 (unused) and CP003 (no reason / malformed)."""
    suppressions, problems = parse_suppressions(document)
    kept: list[Finding] = []
    for finding in findings:
        if finding.code not in UNSUPPRESSIBLE:
            covering = [s for s in suppressions if s.covers(finding)]
            if covering:
                for s in covering:
                    s.used = True
                continue
        kept.append(finding)
    extra: list[Finding] = []
    for s in suppressions:
        label = f"claimcheck: ignore[{', '.join(s.codes) or 'all'}]"
        if not s.reason and ctx.selection("CP003"):
            extra.append(ctx.finding("CP003", s.comment.span, f"suppression '{label}' gives no reason"))
        selected = all(ctx.selection(c) for c in s.codes) if s.codes else ctx.selection("")
        if not s.used and selected and ctx.selection("CP002"):
            extra.append(ctx.finding("CP002", s.comment.span,
                                     f"unused suppression '{label}': nothing it names is reported here"))
    for comment, problem in problems:
        if ctx.selection("CP003"):
            extra.append(ctx.finding("CP003", comment.span, problem))
    return kept + extra
