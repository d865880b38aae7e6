"""Severity is a promise about precision: the shipped level of every rule must match what was
measured on real documents (rules/*.yaml `measured`, written by benchmarks/realworld.py)."""
from __future__ import annotations

import pytest

from claimcheck.checks.engine import Selection
from claimcheck.rules_meta import MIN_MEASURED, all_rules, earned_status, precision_level

MEASURED = [m for m in all_rules().values() if m.measured_precision("dev") is not None]


@pytest.mark.parametrize("meta", MEASURED, ids=lambda m: m.code)
def test_default_status_is_earned_by_measured_precision(meta):
    figures = meta.measured["dev"]
    preview, severity = earned_status(float(figures["precision"]), int(figures["findings"]), meta.severity,
                                      meta.preview)
    assert (meta.preview, meta.severity) == (preview, severity), (
        f"{meta.code}: dev precision {figures['precision']} over {figures['findings']} findings earns "
        f"{'preview' if preview else severity}; regenerate with benchmarks/realworld.py --write-metadata")


def test_some_rules_are_measured_on_real_documents():
    assert len(MEASURED) >= 5


@pytest.mark.parametrize("precision,findings,severity,expected", [
    (0.97, 40, "error", (False, "error")),
    (0.90, 40, "error", (False, "warning")),
    (0.90, 40, "warning", (False, "warning")),
    (0.60, 40, "warning", (True, "warning")),
    (0.60, 40, "error", (True, "warning")),                 # preview never says error
    (1.0, MIN_MEASURED - 1, "error", (False, "error")),    # too few to decide: an on rule stays on
    (0.50, MIN_MEASURED - 1, "error", (True, "warning")),   # ...but one wrong sends it to preview
    (0.0, MIN_MEASURED - 1, "error", (True, "warning")),
])
def test_earned_status(precision, findings, severity, expected):
    assert earned_status(precision, findings, severity) == expected


def test_too_few_findings_never_take_a_rule_out_of_preview():
    """Two right findings are too little evidence to turn a preview rule on by default."""
    assert earned_status(1.0, MIN_MEASURED - 1, "warning", preview=True) == (True, "warning")
    assert earned_status(1.0, MIN_MEASURED, "warning", preview=True) == (False, "warning")


def test_precision_word_follows_the_measurement():
    assert precision_level(0.97, 40, "low") == "very-high"
    assert precision_level(0.86, 40, "low") == "high"
    assert precision_level(0.5, 40, "high") == "low"
    assert precision_level(None, 0, "high") == "high"


def test_preview_rules_run_only_with_preview_or_their_exact_code(monkeypatch):
    import claimcheck.checks.engine as engine

    monkeypatch.setattr(engine, "preview_codes", lambda: frozenset({"CC102"}))
    assert not Selection()("CC102")
    assert not Selection(select=("CC",))("CC102")
    assert Selection(select=("CC102",))("CC102")
    assert Selection(preview=True)("CC102")
    assert not Selection(preview=True, ignore=("CC102",))("CC102")
    assert Selection()("CC101")


def test_the_cheap_preview_scan_agrees_with_the_metadata():
    from claimcheck.rules_meta import preview_codes

    assert preview_codes() == {code for code, meta in all_rules().items() if meta.preview}
