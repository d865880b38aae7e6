"""The sense decision (extract/sense.py) and the setup decisions behind CC106, on categories of
error found on real documents (benchmarks/realworld/), each in phrasings of our own."""
from __future__ import annotations

import pytest

from claimcheck.checks.engine import Selection, run_checks
from claimcheck.extract import extract_claims
from claimcheck.extract.quantities import find_setup
from claimcheck.frontend import load_document


def claims_of(sentence: str):
    return extract_claims(load_document("doc.md", f"# Notes\n\n{sentence}\n"))


def codes(sentence: str, select: str = "CC") -> list[str]:
    doc = load_document("doc.md", f"# Notes\n\n{sentence}\n")
    return [f.code for f in run_checks(doc, Selection(select=(select,), preview=True))]


@pytest.mark.parametrize("sentence", [
    # sample / learning efficiency
    "The agent is more efficient in exploration and needs fewer interactions with the simulator.",
    "Our policy learns faster than PPO on every Atari task.",
    "SAC adapts faster to the new reward than the baseline.",
    # algorithmic complexity
    "We give an efficient estimator of the gradient with a provable bound.",
    "The Woodbury identity allows fast application of the low-rank inverse.",
    "Eviction is cheap in this index because entries are sorted.",
    # networks, circuits and human effort
    "The cluster uses a fast interconnect with RDMA between nodes.",
    "The generated circuit is faster than the hand-written HLS baseline.",
    "The tool makes annotation cheaper for the annotator.",
])
def test_other_senses_are_not_cost_claims(sentence):
    assert claims_of(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Our model is more efficient than ResNet-50 at inference.",
    "The network is faster than MobileNetV2 on a Pixel 4 CPU.",
    "Learning-rate warm-up aside, our transformer is 2x faster at inference than BERT-base.",
    "Training is cheap: the model converges in 100 epochs.",
])
def test_a_compute_anchor_keeps_the_cost_sense(sentence):
    assert claims_of(sentence), sentence


@pytest.mark.parametrize("sentence", [
    "We use an STFT with a 10 ms hop and 25 ms windows.",
    "Each episode is capped at 60 s of simulated time.",
    "Utterances are cropped to 3 s before augmentation.",
])
def test_a_duration_without_timing_words_is_not_a_speed_figure(sentence):
    assert "CC106" not in codes(sentence, "CC106")


@pytest.mark.parametrize("sentence", [
    "Inference takes 12 ms per image.",
    "The encoder processes a sentence in 3 s end-to-end.",
])
def test_a_timed_duration_without_hardware_is_cc106(sentence):
    assert "CC106" in codes(sentence, "CC106")


@pytest.mark.parametrize("text,named", [
    ("on a single GPU", []), ("on NVIDIA GPUs", []), ("on x86 CPUs", []),
    ("on a Cortex-M7 at 480 MHz", ["Cortex-M7"]), ("on an Intel NUC", ["Intel NUC"]),
    ("on one A100", ["A100"]), ("on an iPhone 12", ["iPhone 12"]),
])
def test_a_device_class_is_not_named_hardware(text, named):
    assert find_setup(text).named_hardware == named


def test_a_bare_gpu_is_reported_as_an_unnamed_model():
    missing = find_setup("Inference runs at 900 img/s on a GPU with batch 8 in fp16.").missing()
    assert missing == ["hardware model (only 'GPU' is named)"]


def test_only_a_missing_hardware_model_is_reported_above_info():
    doc = load_document("doc.md", "# N\n\nInference takes 12 ms per image on an A100.\n"
                                  "\nDecoding takes 40 ms per sentence.\n")
    found = {(f.span.line, f.severity) for f in run_checks(doc, Selection(select=("CC106",), preview=True))}
    assert (3, "info") in found and (5, "warning") in found


def test_parse_lists_sentences_set_aside_for_another_sense(tmp_path):
    from claimcheck.report.dump import render_claims

    document = load_document("doc.md", "# N\n\nThe agent is more efficient in exploration than PPO.\n")
    text = render_claims(extract_claims(document))
    assert "claims: 0" in text
    assert "'efficient': sample or learning efficiency" in text
