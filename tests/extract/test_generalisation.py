"""Categories of error found on independently written documents, each with several phrasings of
our own: names and idioms, discussion of the Pareto pitfall, memory traffic, batch sizes, step
rates, trade-off compounds, parameter-matching variants and announcement-style claims."""
from __future__ import annotations

import pytest

from claimcheck.extract import extract_claims
from claimcheck.extract.quantities import find_batch_sizes, find_quantities, find_setup
from claimcheck.frontend import load_document

TEX = "\\documentclass{article}\n\\begin{document}\n\\section{Results}\n%s\n\\end{document}\n"


def claims_of(sentence: str, fmt: str = "md"):
    text = f"# Notes\n\n{sentence}\n" if fmt == "md" else TEX % sentence
    return extract_claims(load_document(f"doc.{fmt}", text))


@pytest.mark.parametrize("fmt", ["md", "tex"])
@pytest.mark.parametrize("sentence", [
    # cost words inside model or repository names
    "We fine-tune efficient-bert-base on SST-2 and report accuracy.",
    "The cheap-bert-base and lean-gpt2 checkpoints are on the hub.",
    "We start from the lightweight-t5-small weights.",
    "Download the org/fast-model checkpoint before running the script.",
    # idioms and other senses
    "Our baseline is cheap-talk, a signalling game between agents.",
    "Agents exchange cheap talk before acting.",
    "Since its release, the project has grown fast, with over 500 contributors.",
    "The community grew very fast after the first workshop.",
    "The field is moving faster than ever.",
    "A fast Fourier transform mixes the tokens.",
    "The estimator is asymptotically efficient.",
    # the Pareto pitfall discussed, not claimed
    "A Pareto frontier can move when a different cost indicator is used.",
    "The Pareto frontier may shift entirely if FLOPs are replaced by throughput.",
    "Pareto frontiers drawn against one cost metric may change under another.",
    "Which models lie on the frontier depends on the cost indicator.",
    # memory traffic is not memory footprint
    "Our kernel performs fewer memory accesses than the baseline.",
    "Fusing the layers reduces memory bandwidth and memory traffic.",
])
def test_names_idioms_and_discussion_are_not_claims(sentence, fmt):
    assert claims_of(sentence, fmt) == []


def test_memory_traffic_is_not_a_memory_indicator():
    (claim,) = claims_of("Our 40M-parameter model needs 3x fewer memory accesses and 30% fewer "
                         "FLOPs than ResNet-50.")
    assert "memory" not in claim.indicators
    assert [f.indicator for f in find_quantities("at 900 GB/s of HBM bandwidth")] == []


@pytest.mark.parametrize("text, sizes", [
    ("a global batch of 4,096 sequences", [4096]),
    ("batch size per GPU of 32", [32]),
    ("per-device batch size of 16 on 8 GPUs", [16]),
    ("on 64 GPUs with a batch of 32 each", [32]),
    ("batch size (per device) 8", [8]),
    ("a batch of 4k sequences", [4000]),
    ("256 images per batch", [256]),
    ("bs=64", [64]),
    ("Batch size: 1,024", [1024]),
])
def test_batch_sizes_bind_the_figure_to_the_batch(text, sizes):
    assert find_batch_sizes(text) == sizes
    assert find_setup(text).batch


def test_step_rates_are_measured_training_speed():
    (f,) = find_quantities("at 2.1 steps/s")
    assert (f.indicator, f.value, f.per) == ("throughput", 2.1, "step")
    (f,) = find_quantities("3 iterations per second")
    assert (f.indicator, f.per) == ("throughput", "step")


@pytest.mark.parametrize("text, value", [("290M FLOPs", 290e6), ("1.2 billion FLOPs", 1.2e9),
                                         ("300 M MACs", 300e6)])
def test_magnitude_apart_from_the_flops_unit(text, value):
    (f,) = find_quantities(text)
    assert f.value == pytest.approx(value)


@pytest.mark.parametrize("fmt", ["md", "tex"])
@pytest.mark.parametrize("sentence", [
    "Our models achieve the best accuracy-vs-FLOPs trade-off on ImageNet.",
    "Our models achieve the best accuracy–FLOPs tradeoff among mobile networks.",
    "This gives a much better accuracy/FLOPs trade off than prior work.",
])
def test_trade_off_with_the_indicator_inside_the_compound(sentence, fmt):
    (claim,) = claims_of(sentence, fmt)
    assert "pareto" in claim.kinds and "flops" in claim.indicators
    assert claim.target in (None, "prior work")


@pytest.mark.parametrize("sentence", [
    "Our sparse MoE model outperforms the dense baseline at the same total parameter count.",
    "At a fixed parameter budget, our mixture-of-experts model beats the dense Transformer.",
    "Our Switch model is better than a parameter-equivalent dense T5.",
    "Both models have the same overall parameter count, and our MoE wins on all tasks.",
    "With matching parameter budgets, our Switch model is better than T5-Base.",
])
def test_parameter_matching_phrasings(sentence):
    (claim,) = claims_of(sentence)
    assert claim.matching == ["params"]


@pytest.mark.parametrize("fmt", ["md", "tex"])
@pytest.mark.parametrize("sentence", [
    "QuickNet is blazing fast.",
    "QuickNet runs on a laptop.",
    "QuickNet is edge-friendly.",
    "QuickNet v2 is snappier than v1.",
    "QuickNet v2 is leaner than v1.",
    "Our model runs on any consumer GPU.",
])
def test_announcement_style_claims(sentence, fmt):
    assert claims_of(sentence, fmt)


def test_announcement_words_in_generic_prose_are_not_claims():
    assert claims_of("Most language models cannot run on a laptop.") == []
    assert claims_of("Models may run on a laptop if they are quantised.") == []


def test_sharing_risk_phrasings():
    for sentence in ("Our model ties the weights of all layers, so it is cheaper than BERT.",
                     "Our model reuses one block twelve times, so it is cheaper than BERT.",
                     "In our model the layers are shared, so it is cheaper than BERT."):
        (claim,) = claims_of(sentence)
        assert "sharing" in claim.risks, sentence
