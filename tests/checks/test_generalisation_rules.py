"""Rule-level behaviour for the error categories seen on independently written documents."""
from __future__ import annotations

import pytest

from claimcheck.checks.engine import Selection, run_checks
from claimcheck.frontend import load_document

TEX = "\\documentclass{article}\n\\begin{document}\n\\section{Results}\n%s\n\\end{document}\n"


def codes(body: str, select: str = "C", fmt: str = "md") -> list[str]:
    text = f"# Ours\n\n{body}\n" if fmt == "md" else TEX % body
    return [f.code for f in run_checks(load_document(f"doc.{fmt}", text),
                                       Selection(select=(select,), preview=True))]


@pytest.mark.parametrize("fmt", ["md", "tex"])
def test_pareto_pitfall_essay_draws_no_claim_findings(fmt):
    got = codes("A Pareto frontier can move when the cost indicator changes: a model that is "
                "Pareto-optimal under FLOPs may be dominated under throughput.", fmt=fmt)
    assert not {"CC102", "CC114", "CD301"} & set(got)


@pytest.mark.parametrize("body", [
    "Our kernel performs fewer memory accesses than the baseline with 12M parameters.",
    "Fusing the layers reduces memory bandwidth for our 40M-parameter model.",
])
def test_memory_traffic_is_not_params_as_memory(body):
    assert "CC116" not in codes(body, "CC116")


@pytest.mark.parametrize("body", [
    "Our model ties the weights of all layers. As a result it needs far less memory than "
    "BERT-large.",
    "With cross-layer parameter sharing, our 12M-parameter model has a small memory footprint.",
    "Our model reuses one block (ALBERT-style), so it requires 4x less GPU memory than BERT.",
])
def test_memory_inferred_from_a_shared_parameter_count(body):
    assert "CC116" in codes(body, "CC116")


@pytest.mark.parametrize("fmt", ["md", "tex"])
@pytest.mark.parametrize("body", [
    "The inference latency of EdgeNet on a V100 GPU with batch size 64 in fp16 is 850 images/sec.",
    "Measured in fp16 on one A100 at batch 32, latency for our detector is 1,200 img/s.",
    "At inference on a V100 in fp16 with batch size 64, EdgeNet reaches 850 img/s latency.",
])
def test_throughput_unit_called_latency_anywhere_in_the_clause(body, fmt):
    assert codes(body, "CC107", fmt) == ["CC107"]


def test_latency_and_throughput_in_separate_clauses_are_not_conflated():
    assert codes("At inference on a V100 in fp16 with batch size 1, the latency is 4 ms, while "
                 "throughput at batch size 64 is 850 img/s.", "CC107") == []


def test_batch_time_with_a_thousands_separator():
    assert codes("On 8 A100 GPUs in fp16 with a global batch of 4,096 sequences, inference "
                 "latency is 2.3 s.", "CC107") == ["CC107"]


@pytest.mark.parametrize("body", [
    "Our model trains 1.8x faster than the baseline, at 5.1 steps/s versus 2.8 steps/s on 8 "
    "V100 GPUs in fp16 with batch size 256, for 100k steps.",
    "Pre-training is faster than for BERT: 500k steps take 3 days on a TPUv3-32 pod at 1.9 "
    "steps/s.",
])
def test_steps_with_a_step_rate_or_wall_clock_are_not_steps_only(body):
    assert "CC109" not in codes(body, "CC109")


def test_steps_only_still_fire():
    assert "CC109" in codes("Our model converges in 30% fewer training steps and is cheaper to "
                            "train than BERT.", "CC109")


def test_flops_speed_claim_about_a_searched_model_is_cc103_not_cc117():
    got = codes("The searched model is 2x faster than MobileNetV2 because it needs 40% fewer "
                "FLOPs.", "CC1")
    assert "CC103" in got and "CC117" not in got
    constrained = codes("Our search is constrained to 300M FLOPs. The resulting network is "
                        "faster than MobileNetV2.", "CC1")
    assert "CC117" in constrained and "CC103" not in constrained


@pytest.mark.parametrize("fmt", ["md", "tex"])
@pytest.mark.parametrize("body", [
    "Our models achieve the best accuracy-vs-FLOPs trade-off on ImageNet.",
    "Our models achieve the best accuracy–FLOPs tradeoff among mobile networks.",
    "This gives a much better accuracy/FLOPs trade off than prior work.",
])
def test_single_indicator_trade_off_compound(body, fmt):
    assert "CC114" in codes(body, "CC114", fmt)


@pytest.mark.parametrize("body", [
    "Our sparse MoE model outperforms the dense baseline at the same total parameter count.",
    "At a fixed parameter budget, our mixture-of-experts model beats the dense Transformer.",
    "Both models have the same overall parameter count, and our MoE wins on all tasks.",
])
def test_moe_parameter_matching_is_an_error(body):
    text = f"# Ours\n\n{body}\n"
    got = [f for f in run_checks(load_document("doc.md", text), Selection(select=("CC112",)))]
    assert [f.severity for f in got] == ["error"]


@pytest.mark.parametrize("body", [
    "With only 18M parameters, which is a fifth of BERT-base, our model is far cheaper to run.",
    "Our model shares parameters across all layers, so with 12M parameters it is much cheaper "
    "than BERT-large.",
    "Thanks to tied weights across its recurrent depth, our model is lighter and faster than the "
    "baseline with 9M parameters.",
])
def test_params_as_cost_across_a_clause_and_with_sharing(body):
    assert "CC104" in codes(body, "CC104")


@pytest.mark.parametrize("fmt", ["md", "tex"])
@pytest.mark.parametrize("body", [
    "QuickNet is blazing fast and super lightweight.",
    "QuickNet runs on a laptop.",
    "QuickNet is edge-friendly and snappier than v1.",
])
def test_announcement_style_unquantified_claims(body, fmt):
    assert "CC102" in codes(body, "CC102", fmt)


@pytest.mark.parametrize("body", [
    "Our model reaches comparable accuracy to BERT-large, while needing only a fraction of the "
    "pre-training compute.",
    "Our model is on par with RoBERTa on GLUE at a fraction of the pre-training compute.",
    "Our model is within a point of T5-Large on SuperGLUE for a tenth of the training compute.",
    "Our model nearly matches T5-Large and needs a fraction of pre-training cost.",
])
def test_almost_as_good_for_a_fraction_of_training(body):
    assert "CC110" in codes(body, "CC110")


@pytest.mark.parametrize("body", [
    # equal quality is the comparison at matched quality that CC110 exempts (§2.1)
    "Our model matches T5-Large and needs a fraction of pre-training cost.",
    "Our agent reaches the same final score as the baseline with a fifth of the training compute.",
])
def test_matched_quality_at_lower_training_cost_is_not_almost_as_good(body):
    assert "CC110" not in codes(body, "CC110")


def test_cd301_counts_a_cost_comparison_and_a_params_only_table_is_no_speed():
    assert codes("Ours takes 14 GPU-hours on 8 V100s, against 52 GPU-hours for RoBERTa-base.",
                 "CD301") == ["CD301"]
    card = ("QuickNet is a fast and lightweight classifier.\n\n| Model | Params (M) | Top-1 |\n"
            "| --- | --- | --- |\n| QuickNet | 5.1 | 75.2 |\n| Baseline | 11.0 | 74.0 |")
    assert codes(card, "CD301") == ["CD301"]


def test_quality_columns_do_not_support_a_claim():
    card = ("Ours is more efficient than ColBERT.\n\n| Model | MS MARCO MRR@10 | nDCG@10 |\n"
            "| --- | --- | --- |\n| Ours | 39.1 | 70.2 |\n| ColBERT | 36.0 | 68.1 |")
    assert "CC102" in codes(card, "CC10")


@pytest.mark.parametrize("body", [
    "Our encoder is much cheaper than BERT-base. It needs 4x fewer FLOPs per token.",
    "Ours is lighter than MobileNetV2. In particular, it cuts FLOPs by 40%.",
    "Ours is lighter than MobileNetV2. In particular, FLOPs drop by 40% against MobileNetV2.",
])
def test_single_indicator_named_in_another_sentence_of_the_paragraph(body):
    got = codes(body, "CC10")
    assert "CC101" in got and "CC102" not in got


def test_a_paragraph_does_not_pool_indicators_of_different_models():
    body = ("## Discussion\n\nMobileNets are efficient thanks to depthwise convolutions. "
            "ALBERT is faster than BERT because it has 18x fewer parameters.")
    assert "CC102" in codes(body, "CC10")


def test_an_unquantified_claim_in_related_work_is_the_cited_papers_not_a_finding():
    body = ("## Related work\n\nMobileNets are efficient thanks to depthwise convolutions.")
    assert "CC102" not in codes(body, "CC10")


# Second round: categories from a second independently written set (new sentences here).

@pytest.mark.parametrize("fmt", ["md", "tex"])
def test_always_on_is_an_adjective_not_a_generalisation(fmt):
    body = ("Our detector is lightweight: 0.4M parameters, 12 MFLOPs and 3.1 ms per frame on a "
            "Cortex-M7 at batch size 1 in int8, for always-on sensors.")
    assert "CC115" not in codes(body, "CC115", fmt)


def test_moe_capacity_factor_is_not_a_parameter_match():
    body = "With a capacity factor of 1.25 our router drops fewer tokens than top-2 gating."
    assert "CC112" not in codes(body, "CC112")


@pytest.mark.parametrize("body", [
    "We searched under a budget of 3M parameters, so the resulting models are efficient by design.",
    "The search ran with a cap of 400M FLOPs, which makes every discovered cell efficient.",
])
def test_a_numeric_search_budget_is_a_single_proxy_search(body):
    got = codes(body)
    assert "CC117" in got and "CC104" not in got and "CC103" not in got


@pytest.mark.parametrize("fmt", ["md", "tex"])
def test_a_claim_quoted_as_an_example_is_not_made(fmt):
    body = ("A claim like our network is twice as fast because it needs half the FLOPs states a "
            "cause it never measured.")
    assert not {"CC103", "CC104"} & set(codes(body, fmt=fmt))


@pytest.mark.parametrize("body", [
    "A request batch of 32 sentences answered in 0.8 s is a throughput of 40 sentences/s.",
    "Serving a batch of 50 images in two seconds means a throughput of 25 images/s.",
])
def test_worked_examples_with_a_generic_subject_are_no_measurements(body):
    assert not {"CC106", "CC107", "CC108"} & set(codes(body))


def test_the_same_setup_points_back_to_the_earlier_paragraph():
    text = ("# Ours\n\n## Speed\n\nOn one A100 with TensorRT in fp16, Ours serves 2,100 images/s at "
            "batch size 64 during inference.\n\nUnder the same setup, ResNet-50 serves 2,600 "
            "images/s during inference.\n")
    got = [(f.code, f.span.line) for f in run_checks(load_document("doc.md", text),
                                                     Selection(select=("CC106",)))]
    assert got == []
    lone = text.replace("Under the same setup, ResNet", "ResNet")
    assert [f.code for f in run_checks(load_document("doc.md", lone), Selection(select=("CC106",)))] \
        == ["CC106"]


@pytest.mark.parametrize("fmt", ["md", "tex"])
def test_a_measured_comparison_generalised_to_any_hardware(fmt):
    body = ("During inference Ours answers in 4.1 ms on a V100 at batch size 1 in fp16, against "
            "6.0 ms for BERT-base, and the gap holds on any hardware.")
    assert "CC115" in codes(body, "CC115", fmt)


# Third round: categories from a third independently written set (new sentences here).

@pytest.mark.parametrize("fmt", ["md", "tex"])
def test_a_quoted_claim_is_not_made(fmt):
    quote = "``our parser is five times faster because it needs five times fewer FLOPs''" \
        if fmt == "tex" else "“our parser is five times faster because it needs five times fewer FLOPs”"
    body = f"Reviewers often meet sentences of the form {quote} in submissions."
    assert not {"CC103", "CD301"} & set(codes(body, fmt=fmt))


def test_a_generic_hedged_statement_with_figures_is_not_a_claim():
    body = "A distilled network may need 80% fewer FLOPs and still run no faster on a GPU."
    assert not {"CC101", "CC103", "CD301"} & set(codes(body))
    body = "Two detectors with the same FLOPs can differ in latency by a factor of three."
    assert "CC113" not in codes(body)


@pytest.mark.parametrize("hardware", [
    "a MacBook Air with an M2 chip", "one AWS c7g.2xlarge instance (8 Graviton3 vCPUs)",
    "an RTX A6000", "a GCP a2-highgpu-1g VM"])
def test_more_hardware_names_count_as_setup(hardware):
    body = (f"During inference Ours decodes 420 tokens/s on {hardware} at batch size 1 in fp16 "
            "with llama.cpp.")
    assert "CC106" not in codes(body, "CC106")


def test_equipment_specifications_are_not_model_costs():
    body = ("The rig has a 2.4 kWh battery and a stereo camera streaming at 60 fps, and our policy "
            "is trained with PPO.")
    assert not {"CC106", "CC108"} & set(codes(body))
    assert "CC102" not in codes("Our lab uses low-cost 7-DoF arms for every experiment.", "CC102")


def test_a_figure_given_as_the_cause_with_only():
    body = "With only 2.1M parameters, TinyGNN is far cheaper to train than GraphSAGE, which has 6.3M."
    assert "CC104" in codes(body, "CC104")


@pytest.mark.parametrize("device", ["laptop", "phone", "CPU", "server"])
def test_generalised_to_any_device_class(device):
    body = (f"During inference Ours answers in 9 ms per token on an M3 MacBook Pro at batch size 1 in "
            f"fp16, so it will feel instant on any {device}.")
    assert "CC115" in codes(body, "CC115")


def test_within_a_metric_gap_is_almost_as_good():
    body = ("Our single model is within 0.003 AUC of our ensemble at a fraction of the training "
            "cost.")
    assert "CC110" in codes(body, "CC110")


def test_steps_only_training_comparison_despite_a_timed_one_elsewhere():
    text = ("# Notes\n\nOur final model trains in 12 minutes on one T4 GPU.\n\n"
            "Our MLP converges in 20 epochs against 150 for the transformer branch, so it is far "
            "cheaper to train.\n")
    got = [f.code for f in run_checks(load_document("doc.md", text), Selection(select=("CC109",)))]
    assert got == ["CC109"]
