"""Finding fingerprints, and baselines built from them.

A fingerprint names a finding by what it is about, not where it is: the rule code, the file
(relative to the repository root) and the whitespace-normalised text of the sentence the finding
sits in. Editing a paragraph above it, re-wrapping lines or moving the section leaves the
fingerprint alone; rewording the sentence changes it, which is right, because the claim changed.
Identical sentences in one file are told apart by their order. SARIF `partialFingerprints`
and baselines use the same value, so GitHub code scanning and `--baseline` agree on what is new.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path

from claimcheck import __version__
from claimcheck.document import Document, Span
from claimcheck.errors import InputError
from claimcheck.findings import Finding
from claimcheck.limits import MAX_BASELINE_BYTES, MAX_JSON_DEPTH, describe
from claimcheck.report.output import write_atomically
from claimcheck.safeio import read_regular

BASELINE_VERSION = 1
FINGERPRINT_KEY = "claimcheck/v1"  # the partialFingerprints key; bump when the recipe changes
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def anchor_text(finding: Finding, document: Document | None,
                sentences: list[tuple[Span, str]] | None = None) -> str:
    """The text a finding is about: the sentence holding its start, else the source it spans.
    `sentences` ((span, text) of the document's sentences) saves recomputing them per finding."""
    span = finding.span
    if document is None:
        return ""
    if sentences is None:
        sentences = sentence_spans(document)
    start = (span.line, span.column)
    for s, text in sentences:
        if s.path == span.path and (s.line, s.column) <= start < (s.end_line, s.end_column):
            return normalise(text)
    for source in document.files:
        if source.path == span.path:
            return normalise(_source_text(source, span))
    return ""


def sentence_spans(document: Document) -> list[tuple[Span, str]]:
    return [(sentence.span, sentence.text) for sentence in document.sentences()]


def _source_text(source, span: Span) -> str:
    lines = [source.line_text(n) for n in range(span.line, min(span.end_line, source.line_count) + 1)]
    if not lines:
        return ""
    if len(lines) == 1:
        return lines[0][span.column - 1: span.end_column - 1] or lines[0]
    return "\n".join([lines[0][span.column - 1:], *lines[1:-1], lines[-1][: span.end_column - 1]])


def repository_path(path: str, root: Path) -> str:
    """`path` relative to the repository root with forward slashes (absolute when outside it)."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(root).as_posix()
    except ValueError:
        return absolute.as_posix()


def fingerprints(findings: list[Finding], document: Document | None, root: Path) -> list[str]:
    """One fingerprint per finding, in order."""
    seen: Counter = Counter()
    out = []
    sentences = sentence_spans(document) if document is not None and findings else []
    for finding in findings:
        key = (finding.code, repository_path(finding.span.path, root),
               anchor_text(finding, document, sentences))
        occurrence = seen[key]
        seen[key] += 1
        digest = hashlib.sha256("\0".join((*key, str(occurrence))).encode("utf-8")).hexdigest()
        out.append(digest[:32])
    return out


def write_baseline(path: str, results, root: Path) -> int:
    """Record every finding's fingerprint (with enough context for a reader to recognise it);
    the file is replaced atomically. Returns the number recorded."""
    attach_fingerprints(results, root)
    entries = [{"fingerprint": f.data["fingerprint"], "code": f.code,
                "path": repository_path(f.span.path, root), "line": f.span.line, "message": f.message}
               for r in results for f in r.findings]
    payload = {"version": BASELINE_VERSION, "tool": f"claimcheck {__version__}", "findings": entries}
    write_atomically(path, json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return len(entries)


def drop_known(results, known: Counter, root: Path) -> int:
    """Remove from `results` the findings the baseline holds (each baseline entry absorbs one
    finding); returns how many were dropped."""
    attach_fingerprints(results, root)
    remaining = Counter(known)
    dropped = 0
    for result in results:
        kept = []
        for finding in result.findings:
            fp = finding.data["fingerprint"]
            if remaining[fp] > 0:
                remaining[fp] -= 1
                dropped += 1
            else:
                kept.append(finding)
        result.findings = kept
    return dropped


def read_baseline(path: str) -> Counter:
    """Fingerprint → how many findings the baseline holds with it."""
    if not os.path.lexists(path):
        raise InputError(path, "baseline file not found (create it with --write-baseline)")
    raw = read_regular(path, MAX_BASELINE_BYTES, "baseline file")  # never a FIFO or /dev/zero
    try:
        text = raw.decode("utf-8")
        depth = _json_depth(text)
        if depth > MAX_JSON_DEPTH:
            raise InputError(path, f"not a claimcheck baseline: JSON nested {depth} deep, over "
                                   f"{describe('MAX_JSON_DEPTH')}")
        data = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"not a claimcheck baseline: {exc}") from None
    except RecursionError:  # not reached after the depth check; kept as a guard
        raise InputError(path, "not a claimcheck baseline: JSON nested too deeply") from None
    if not isinstance(data, dict) or data.get("version") != BASELINE_VERSION \
            or not isinstance(data.get("findings"), list):
        raise InputError(path, f"not a claimcheck baseline (version {BASELINE_VERSION} expected)")
    try:
        return Counter(entry["fingerprint"] for entry in data["findings"])
    except (TypeError, KeyError):
        raise InputError(path, "not a claimcheck baseline: an entry lacks its fingerprint") from None


_JSON_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def _json_depth(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON text (strings skipped), in one pass:
    `json.loads` recurses, so 100,000 nested brackets would overflow the stack."""
    depth = deepest = 0
    for m in _JSON_STRUCTURE.finditer(text):
        c = m.group()
        if c in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "]}":
            depth -= 1
    return deepest


def attach_fingerprints(results, root: Path) -> None:
    """Store each finding's fingerprint in `finding.data["fingerprint"]`, computed over the
    complete findings of its file (before any baseline filtering, so occurrences count right)."""
    for result in results:
        if any("fingerprint" not in f.data for f in result.findings):
            for finding, fp in zip(result.findings, fingerprints(result.findings, result.document, root)):
                finding.data["fingerprint"] = fp
