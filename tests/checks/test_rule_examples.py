"""Every rule's own examples (rules/*.yaml): it fires on each `fail` document and stays quiet on
each `pass` one. This keeps the documentation and the checks from drifting apart."""
from __future__ import annotations

import pytest

from claimcheck.checks.engine import Selection
from claimcheck.frontend import load_document
from claimcheck.lint import lint_document
from claimcheck.rules_meta import all_rules

SUFFIX = {"latex": ".tex", "markdown": ".md"}


def _cases():
    for code, meta in sorted(all_rules().items()):
        if code.startswith("CV"):
            continue  # verifier examples describe models, not documents
        for outcome in ("fail", "pass"):
            for i, example in enumerate(meta.examples.get(outcome) or []):
                yield pytest.param(code, outcome, example, id=f"{code}-{outcome}-{i}")


@pytest.mark.parametrize("code,outcome,example", list(_cases()))
def test_rule_example(code, outcome, example):
    document = load_document(f"example{SUFFIX[example['format']]}", example["text"])
    # every rule runs, preview ones too: suppressions (CP002/CP003) judge against all findings
    codes = [f.code for f in lint_document(document, Selection(preview=True))]
    if outcome == "fail":
        assert code in codes, f"{code} did not fire on its fail example:\n{example['text']}"
    else:
        assert code not in codes, f"{code} fired on its pass example:\n{example['text']}"


def test_every_claim_rule_has_examples_of_both_formats():
    for code, meta in all_rules().items():
        if not code.startswith(("CC", "CD")):
            continue
        examples = (meta.examples.get("fail") or []) + (meta.examples.get("pass") or [])
        assert len(meta.examples.get("fail") or []) >= 2 and len(meta.examples.get("pass") or []) >= 2, code
        assert {e["format"] for e in examples} == {"latex", "markdown"}, code
