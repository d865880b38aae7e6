"""Extraction: cost figures, setup, and which sentences are efficiency claims (and of what kind)."""
from __future__ import annotations

import subprocess
import sys

import pytest

from claimcheck.extract import extract_claims
from claimcheck.extract.nlp import pipeline
from claimcheck.extract.prefilter import may_claim
from claimcheck.extract.quantities import find_quantities, find_setup
from claimcheck.frontend import load_document


def claims_of(text: str, suffix: str = ".md"):
    return extract_claims(load_document(f"doc{suffix}", text))


@pytest.mark.parametrize("text,indicator,value,per", [
    ("ViT-B/16 has 86.6M parameters", "params", 86.6e6, None),
    ("a 1.6T-parameter model", "params", 1.6e12, None),
    ("it needs 17.5 GFLOPs per image", "flops", 17.5e9, "image"),
    ("ResNet-50 requires 4.1 GMACs", "macs", 4.1e9, None),
    ("4.2 billion multiply-adds", "macs", 4.2e9, None),
    ("it processes 1,200 img/s", "throughput", 1200, "image"),
    ("decodes 5k tokens per second", "throughput", 5000, "token"),
    ("a latency of 3.2 ms per image", "latency", 0.0032, "image"),
    ("peak memory of 2.1 GB", "memory", 2.1e9, None),
    ("the checkpoint is 14 MB on disk", "model_size", 14e6, None),
    ("pre-training took 64 TPUv3-days", "training_cost", 64 * 24, None),
    ("it consumed 1200 kWh", "energy", 1200, None),
    ("emitting 500 kg of CO2", "co2", 500, None),
    ("a cloud bill of $12k", "money", 12000, None),
    ("we train for 300k steps", "steps", 300000, None),
    ("parameters (25M versus 28M)", "params", 25e6, None),
])
def test_quantities_are_normalised_to_base_units(text, indicator, value, per):
    found = [f for f in find_quantities(text) if f.indicator == indicator]
    assert found, text
    assert found[0].value == pytest.approx(value)
    assert found[0].per == per


def test_names_and_hardware_specs_are_not_figures():
    assert find_quantities("ResNet-50 and ViT-B/16 on Criteo 1TB") == []
    assert [f.indicator for f in find_quantities("on an A100 (40GB) it runs at 900 img/s")] == \
        ["throughput"]
    assert [f.indicator for f in find_quantities("a 30 s clip is transcribed in 35 ms")] == \
        ["latency"]


def test_training_time_on_accelerators_counts_accelerator_hours():
    (f,) = find_quantities("Training took 3 days on 8 V100 GPUs.")
    assert (f.indicator, f.value, f.unit) == ("training_cost", 576, "accelerator-hours")


def test_setup_hardware_batch_precision_framework():
    s = find_setup("measured on a V100 with batch size 64 in fp16 using PyTorch 2.1")
    assert s.hardware == ["V100"] and s.batch and s.precision == ["fp16"] and s.framework
    assert s.missing() == []
    assert find_setup("on one TPU-v3").missing() == ["batch size", "precision or framework"]


def test_claim_structure_predicate_kind_target_ratio_quantities():
    (claim,) = claims_of("# M\n\nOur model is 3.2× faster than BERT-large on a V100, "
                         "with 40% fewer parameters (66M).\n")
    assert claim.kinds[0] == "speed" and "reduction" in claim.kinds
    assert claim.predicate == "3.2× faster"
    assert claim.target == "BERT-large"
    assert {r.raw for r in claim.ratios} == {"3.2× faster", "40% fewer"}
    assert [(q.indicator, q.value) for q in claim.quantities] == [("params", 66e6)]
    assert claim.setup.hardware == ["V100"]
    q = claim.quantities[0]
    assert q.raw.endswith("66M")
    assert (q.span.line, q.span.column) == (3, claim.text.index(q.raw) + 1)
    assert q.span.end_column == q.span.column + len(q.raw)


def test_phase_matching_and_risk_context():
    (claim,) = claims_of("# M\n\nAt inference, our sparse MoE model is faster than a dense model "
                         "with the same number of parameters.\n")
    assert claim.phase == "inference"
    assert claim.matching == ["params"]
    assert "sparsity" in claim.risks


@pytest.mark.parametrize("sentence", [
    "We use sample-efficient exploration to collect trajectories.",
    "We give an efficient algorithm for computing the attention mask.",
    "The mixing layer applies the fast Fourier transform.",
    "Data-efficient training matters when labels are scarce.",
    "The library exposes a lightweight API for logging.",
    "Faster R-CNN is the detector we build on.",
    "A model with low FLOPs may not actually be fast.",
    "Lower weight decay leads to faster convergence.",
    "The attention scores can be computed efficiently with a cumulative sum.",
])
def test_other_senses_and_general_statements_are_not_claims(sentence):
    assert claims_of(f"# Notes\n\n{sentence}\n") == []


@pytest.mark.parametrize("sentence,kind", [
    ("Our model is efficient.", "generic"),
    ("It runs efficiently on phones.", "generic"),
    ("TinyNet is lightweight.", "generic"),
    ("Our detector is real-time on a Jetson Nano.", "speed"),
    ("Our model reduces FLOPs by 40%.", "reduction"),
    ("Ours is 4x smaller than ResNet-50.", "size"),
    ("Our models are Pareto-optimal in accuracy versus FLOPs.", "pareto"),
    ("It is substantially cheaper than DCN-v2.", "cost"),
])
def test_claim_kinds(sentence, kind):
    (claim,) = claims_of(f"# M\n\n{sentence}\n")
    assert kind in claim.kinds


def test_negated_claim_is_not_a_claim():
    assert claims_of("# M\n\nOur model is not faster than the baseline.\n") == []
    assert claims_of("# M\n\nOur model is not only faster but also smaller.\n")


def test_latex_claim_across_line_break_and_macros():
    text = ("\\documentclass{article}\n\\newcommand{\\ours}{FastNet}\n\\begin{document}\n"
            "\\section{Results}\n\\ours{} is $2.5\\times$ faster\nthan ResNet-50.\n"
            "\\end{document}\n")
    (claim,) = claims_of(text, ".tex")
    assert claim.kinds[0] == "speed" and claim.target == "ResNet-50"
    assert claim.span.line == 5 and claim.span.end_line == 6


def test_related_work_claims_are_marked():
    (claim,) = claims_of("# M\n\n## Related work\n\nMobileNets are efficient.\n")
    assert claim.related


def test_prefilter_gates_on_efficiency_vocabulary():
    assert may_claim("It is 3x faster.") and may_claim("with a similar number of parameters")
    assert may_claim("It reduces the training cost by half.")
    assert not may_claim("We bake bread at home and eat it with butter.")


def test_report_gate_reads_a_rate_per_second_spelled_out():
    from claimcheck.extract.prefilter import may_report

    assert may_report("It answers 850 queries per second.")


def test_pipeline_is_blank_english_built_once():
    nlp = pipeline()
    assert nlp is pipeline()
    assert nlp.lang == "en" and nlp.pipe_names == ["claimcheck_labels"]
    assert not nlp.meta.get("vectors", {}).get("width")


def test_document_without_efficiency_vocabulary_never_imports_spacy(tmp_path):
    path = tmp_path / "recipe.md"
    path.write_text("# Bread\n\nMix flour and water. Bake it in the oven until golden.\n")
    code = ("import sys\nfrom claimcheck.frontend import load_document\n"
            "from claimcheck.checks.engine import run_checks\n"
            f"doc = load_document({str(path)!r})\nrun_checks(doc)\n"
            "print('spacy' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
