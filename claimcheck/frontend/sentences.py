"""Sentence splitting for prose blocks: fast, spaCy-free, exact character offsets.

The front end splits every block so that the cheap pre-filter can decide, sentence by sentence,
which need the NLP stage; a document with no efficiency vocabulary never imports spaCy.
Abbreviations common in papers (e.g., i.e., et al., Fig., Tab., Eq., vs.) do not end a sentence.
"""
from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    """e.g i.e al fig figs tab tabs eq eqs sec secs vs cf approx resp ref refs no nos vol pp
    ch app alg def thm lem prop cor ex dr mr ms prof inc ltd co corp jr sr st etc viz ca est
    min max avg std var dept univ""".split()
)

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then space.
_BOUNDARY = re.compile(r"[.!?…]+[\"')\]’”]*(?=\s)")
# What may start a new sentence after the space.
_STARTER = re.compile(r"\s+[\"'(\[‘“]?[A-Z0-9\\$]")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z.]*)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character ranges [start, end) of the sentences of `text`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if not _STARTER.match(text, end):
            continue
        if m.group().startswith(".") and _is_abbreviation(text, m.start()):
            continue
        _append(text, start, end, spans)
        start = end
    _append(text, start, len(text), spans)
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    word = _WORD_BEFORE.search(text, max(0, dot - 20), dot)
    if not word:
        return False
    w = word.group(1).lower().rstrip(".")
    if w in ABBREVIATIONS:
        return True
    # Initials and dotted abbreviations: "J. Smith", "U.S."
    return len(w) == 1 or "." in w


def _append(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
