"""corpora/tables: every annotated table finding is found, and no CT finding is unannotated.

An annotation is a comment line `% expect: CT204` or `<!-- expect: CT204 -->`; its target is
the next non-blank, non-comment line, and a finding matches when its span's lines include it.
"""
import re
from pathlib import Path

import pytest

from claimcheck.checks.engine import Selection, run_checks
from claimcheck.frontend import load_document

CORPUS = Path("corpora/tables")
EXPECT = re.compile(r"^\s*(?:%|<!--)\s*expect:\s*([A-Z]{2}\d{3}(?:[\s,]+[A-Z]{2}\d{3})*)")
COMMENT = re.compile(r"^\s*(?:%|<!--.*-->\s*$)")


def expectations(text: str) -> set[tuple[str, int]]:
    lines = text.splitlines()
    expected = set()
    for i, line in enumerate(lines):
        m = EXPECT.match(line)
        if not m:
            continue
        target = next(j for j in range(i + 1, len(lines))
                      if lines[j].strip() and not COMMENT.match(lines[j]))
        expected.update((code, target + 1) for code in re.findall(r"[A-Z]{2}\d{3}", m.group(1)))
    return expected


def evaluate(path: Path) -> tuple[set, set]:
    """(expected CT annotations, CT findings as (code, first line, last line))."""
    text = path.read_text()
    expected = {(c, line) for c, line in expectations(text) if c.startswith("CT")}
    found = {(f.code, f.span.line, f.span.end_line)
             for f in run_checks(load_document(str(path)), Selection(select=("CT",), preview=True))}
    return expected, found


DOCUMENTS = sorted(p for p in CORPUS.iterdir() if p.suffix in (".tex", ".md"))


def test_the_corpus_is_large_and_mixed():
    assert len(DOCUMENTS) >= 15
    assert {p.suffix for p in DOCUMENTS} == {".tex", ".md"}
    clean = [p for p in DOCUMENTS if not evaluate(p)[0]]
    assert len(clean) >= 3  # tables that report everything, hyper-parameters, dataset statistics


@pytest.mark.parametrize("path", DOCUMENTS, ids=[p.name for p in DOCUMENTS])
def test_corpus_document(path):
    expected, found = evaluate(path)
    missed = {(c, line) for c, line in expected if not any(
        fc == c and first <= line <= last for fc, first, last in found)}
    unexpected = {(c, first) for c, first, last in found if not any(
        ec == c and first <= line <= last for ec, line in expected)}
    assert not missed and not unexpected, f"missed {missed}, unexpected {unexpected}"
