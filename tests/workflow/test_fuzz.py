"""Seeded fuzzing of both front ends and the whole lint pipeline (issue 10).

The documents come from `benchmarks/fuzzgen.py`; `benchmarks/fuzz.py` runs the same pipeline
over thousands of them. Here every hostile class is tried at least once (alone, small), and
hypothesis draws seeds and combinations of classes, derandomised so a failure is reproducible
and the suite's time is fixed. A document passes when the whole pipeline (load, every rule,
the reporters, the tables export) either succeeds or refuses it with an `InputError`, within a
time limit.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .guards import within

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import fuzz  # noqa: E402
import fuzzgen  # noqa: E402

SMALL = 0.25  # hostile pieces at a quarter of their long-run size: each document lints in < 1 s
LIMIT = 20  # seconds per document before the test calls it a hang


def assert_survives(case: fuzzgen.Case) -> None:
    with within(LIMIT):
        failure, detail = fuzz.check_case(case)
    assert failure is None, f"{failure} on hostile classes {case.hostile}:\n{detail}"


@pytest.mark.parametrize("kind", fuzzgen.LATEX_HOSTILE)
def test_every_latex_hostile_class_alone(kind):
    assert_survives(fuzzgen.latex_case(random.Random(kind), [kind], SMALL))


@pytest.mark.parametrize("kind", fuzzgen.MARKDOWN_HOSTILE)
def test_every_markdown_hostile_class_alone(kind):
    assert_survives(fuzzgen.markdown_case(random.Random(kind), [kind], SMALL))


FUZZ = settings(max_examples=80, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow])


@FUZZ
@given(seed=st.integers(0, 2**32 - 1),
       kinds=st.lists(st.sampled_from(fuzzgen.LATEX_HOSTILE), max_size=3, unique=True))
def test_latex_documents_with_mixed_hostile_classes(seed, kinds):
    assert_survives(fuzzgen.latex_case(random.Random(seed), kinds, SMALL))


@FUZZ
@given(seed=st.integers(0, 2**32 - 1),
       kinds=st.lists(st.sampled_from(fuzzgen.MARKDOWN_HOSTILE), max_size=3, unique=True))
def test_markdown_documents_with_mixed_hostile_classes(seed, kinds):
    assert_survives(fuzzgen.markdown_case(random.Random(seed), kinds, SMALL))


def test_the_generators_are_seeded():
    """The same seed gives the same document, so a failing seed is a reproducer."""
    assert fuzz.make_case(3, 17, 1.0).files == fuzz.make_case(3, 17, 1.0).files
    assert fuzz.make_case(3, 17, 1.0).files != fuzz.make_case(3, 18, 1.0).files


def test_shrink_keeps_only_the_pieces_that_fail(monkeypatch):
    """The reproducer machinery: a planted failure (any document with a `\\def` chain crashes)
    shrinks to the pieces that trigger it, and the same signature is reported."""
    def planted(root):
        if "lola" in Path(root).read_text(errors="replace"):
            raise ZeroDivisionError("planted")

    monkeypatch.setattr(fuzz, "run_pipeline", planted)
    case = fuzzgen.latex_case(random.Random(5), ["def_chain", "long_paragraph"], SMALL)
    failure, _ = fuzz.check_case(case)
    assert failure is not None and failure.startswith("ZeroDivisionError")
    small = fuzz.shrink(case, failure, timeout=10)
    assert len(small.pieces) == 1 and "lola" in small.text
    assert fuzz.check_case(small)[0] == failure
