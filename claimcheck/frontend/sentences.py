"""Sentence splitting for prose blocks: fast, spaCy-free, exact character offsets.

The front end splits every block so that the cheap pre-filter can decide, sentence by sentence,
which need the NLP stage; a document with no efficiency vocabulary never imports spaCy.
Abbreviations common in papers (e.g., i.e., et al., Fig., Tab., Eq., vs.) do not end a sentence,
but unit abbreviations do when a sentence ends on them ("latency is 5 ms. We ..."), which is
exactly where efficiency claims end.
"""
from __future__ import annotations

import re

# Never end a sentence: they are always followed by more of the same sentence.
ABBREVIATIONS = frozenset(
    """e.g i.e al fig figs tab tabs eq eqs eqn eqns sec secs sect vs cf approx resp ref refs
    alg algo thm lem prop cor defn dr mr mrs prof jr viz dept univ ch chap app apx ca""".split()
)
# Abbreviations only when a number follows: "No. 5", "Vol. 3", "pp. 12".
ABBREVIATIONS_BEFORE_NUMBER = frozenset("no nos vol vols pp p ex".split())

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then space.
_BOUNDARY = re.compile(r"[.!?…]+[\"')\]’”]*(?=\s)")
# What may start a new sentence after the space: a capital, a digit, an opening quote or
# bracket (a "[cite]" placeholder or "[12]" citation), LaTeX math or a command.
_STARTER = re.compile(r"\s+(?:[\"'(‘“]?[A-Z0-9\\$]|\[)")
_WORD_BEFORE = re.compile(r"(?<![A-Za-z0-9])([A-Za-z][A-Za-z.]*)$")
# A list enumerator at the start of a line: "1." / "2)" / "(a)" / "-" / "•".
_ENUMERATOR = re.compile(r"\n[ \t]*(?:\d{1,2}[.)]|\([a-z0-9]{1,3}\)|[-*•])[ \t]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character ranges [start, end) of the sentences of `text`, whitespace trimmed."""
    cuts = set()
    for m in _BOUNDARY.finditer(text):
        end = m.end()
        if not _STARTER.match(text, end):
            continue
        if m.group().startswith(".") and (_is_abbreviation(text, m.start(), end)
                                          or _is_enumerator(text, m.start())):
            continue
        cuts.add(end)
    if "\n" in text:  # one list item per line: each item is a sentence of its own
        cuts.update(m.start() for m in _ENUMERATOR.finditer(text) if m.start() > 0)
    spans: list[tuple[int, int]] = []
    start = 0
    for end in sorted(cuts):
        _append(text, start, end, spans)
        start = end
    _append(text, start, len(text), spans)
    return spans


def _is_abbreviation(text: str, dot: int, after: int) -> bool:
    word = _WORD_BEFORE.search(text, max(0, dot - 20), dot)
    if not word:
        return False
    w = word.group(1).lower().rstrip(".")
    if w in ABBREVIATIONS:
        return True
    if w in ABBREVIATIONS_BEFORE_NUMBER:
        return bool(re.match(r"\s*\d", text[after:after + 4]))
    # Initials and dotted abbreviations: "J. Smith", "U.S.", "w.r.t."
    return (len(w) == 1 and word.group(1).isupper()) or "." in w


def _is_enumerator(text: str, dot: int) -> bool:
    """The "2." of a numbered list item standing at the start of its line."""
    # walked back from the dot (not rfind to the line start: on a 90 KB one-line paragraph
    # that made every full stop cost the length of the paragraph)
    k = dot
    while k > 0 and dot - k < 2 and text[k - 1].isdigit():
        k -= 1
    if k == dot:
        return False
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    return k == 0 or text[k - 1] == "\n"


def _append(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
