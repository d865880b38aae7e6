"""Claim rules judged with document context: tables, setup sections, related work, CD301."""
from __future__ import annotations

from claimcheck.checks.engine import Selection, run_checks
from claimcheck.rules_meta import all_rules
from claimcheck.frontend import load_document


def findings(text: str, select: str = "C", suffix: str = ".md"):
    return run_checks(load_document(f"doc{suffix}", text), Selection(select=(select,), preview=True))


def codes(text: str, select: str = "C", suffix: str = ".md") -> list[str]:
    return [f.code for f in findings(text, select, suffix)]


WELL_REPORTED_TABLE = """
## Results

Table 1: ImageNet results. Throughput measured at inference on one A100, batch size 256, fp16.

| Model | Params (M) | GFLOPs | Throughput (img/s) | Top-1 |
| --- | --- | --- | --- | --- |
| ResNet-50 | 25.6 | 4.1 | 2,600 | 76.1 |
| Ours | 22.0 | 3.2 | 3,400 | 78.0 |
"""


def test_claim_in_abstract_is_supported_by_a_later_table():
    text = "# Ours\n\nOur model is more efficient than ResNet-50 (see Table 1).\n" + \
        WELL_REPORTED_TABLE
    assert not {"CC101", "CC102", "CC103", "CC104", "CD301"} & set(codes(text))


def test_same_claim_without_the_table_is_unquantified_and_summarised():
    got = findings("# Ours\n\nOur model is more efficient than ResNet-50.\n")
    assert [f.code for f in got] == ["CC102", "CD301"]
    cc102 = got[0]
    assert "'more efficient' (vs ResNet-50)" in cc102.message
    assert "indicators found: none" in cc102.message and "add " in cc102.message
    assert cc102.severity == all_rules()["CC102"].severity  # its measured level (a preview rule: warning)


def test_single_indicator_claim_names_what_is_missing():
    (f,) = findings("# Ours\n\nOurs is an efficient model that needs only 12 GFLOPs per image.\n",
                    "CC101")
    assert "indicators found: FLOPs" in f.message
    assert "parameter count" in f.message and "measured speed" in f.message


def test_flops_as_speed_is_more_specific_than_single_indicator():
    got = codes("# Ours\n\nOurs is faster and more efficient than ResNet-50, needing 2x "
                "fewer FLOPs.\n", "CC10")
    assert "CC103" in got and "CC101" not in got


def test_speed_setup_comes_from_a_setup_section():
    setup = ("\\section{Experimental setup}\nAll timings use one V100 GPU, PyTorch 2.1 and a batch "
             "size of 1.\n\n")
    body = "\\section{Results}\nOur model answers a query in 12 ms at inference time.\n"
    doc = "\\documentclass{article}\n\\begin{document}\n%s%s\\end{document}\n"
    assert "CC106" not in codes(doc % (setup, body), "CC106", ".tex")
    (f,) = findings(doc % ("", body), "CC106", ".tex")
    assert "missing: hardware, batch size;" in f.message and "(and the precision or framework)" in f.message


def test_speed_setup_comes_from_a_setup_statement_anywhere_in_the_document():
    """A README names its hardware once ("Hardware: ...") under its title, for every figure."""
    body = ("## Results\n\n### Streaming\n\nThe server answers in 42 ms per request at "
            "concurrency 1 with a PyTorch backend.\n")
    with_statement = "# Benchmarks\n\n**Hardware:** NVIDIA H100 80GB (single GPU)\n\n" + body
    assert "CC106" not in codes(with_statement, "CC106")
    (f,) = findings("# Benchmarks\n\nA study of serving.\n\n" + body, "CC106")
    assert "missing: hardware" in f.message


def test_hardware_named_under_an_enclosing_heading_covers_its_subsections():
    text = ("# Report\n\n## 7. Benchmarks on a partitioned A100\n\nTwo slices of one A100.\n\n"
            "### 7a. Offline\n\nLatency is 67 ms per request with batch size 1 in PyTorch.\n\n"
            "## 8. Capacity\n\n### 8a. Planning\n\nLatency is 90 ms per request with batch size 1 "
            "in PyTorch.\n")
    (f,) = findings(text, "CC106")  # only the figure outside section 7 lacks its GPU
    assert f.span.line == text.splitlines().index(
        "Latency is 90 ms per request with batch size 1 in PyTorch.") + 1


def test_a_request_rate_the_server_is_run_at_is_a_setting_not_a_speed_figure():
    setup = "## Setup\n\nAll runs use one RTX 5080 with vLLM in BF16.\n\n## Results\n\n"
    load = setup + "At 6 request/s both paths are overloaded and the queue grows.\n"
    assert "CC106" not in codes(load, "CC106")
    measured = setup + "Our server sustains 850 images/s at inference time.\n"
    assert codes(measured, "CC106") == ["CC106"]  # a measured throughput still needs its batch


def test_an_optimiser_speedup_is_counted_in_steps_not_time():
    """'1.9x speedup over tuned Adam' compares optimisers on loss curves: no hardware to ask for."""
    text = ("\\section{Results}\nOn CIFAR10, momentum SGD achieves a 1.71x speedup compared to tuned "
            "Adam.\n")
    doc = "\\documentclass{article}\n\\begin{document}\n%s\\end{document}\n"
    assert "CC106" not in codes(doc % text, "CC106", ".tex")
    kernel = "\\section{Results}\nOur fused kernel achieves a 1.71x speedup compared to cuDNN.\n"
    assert "CC106" in codes(doc % kernel, "CC106", ".tex")


def test_related_work_is_judged_at_info_severity():
    got = findings("# Ours\n\n## Related work\n\nALBERT is faster than BERT because it has 18x "
                   "fewer parameters.\n", "CC104")
    assert [(f.code, f.severity) for f in got] == [("CC104", "info")]
    # and a document whose only claims are in related work gets no coverage summary
    assert "CD301" not in codes("# Ours\n\n## Related work\n\nMobileNets are efficient.\n")


def test_parameter_matching_is_an_error_for_sparse_models_and_a_warning_otherwise():
    moe = findings("# Ours\n\nOur MoE model beats a dense model with the same number of "
                   "parameters.\n", "CC112")
    dense = findings("# Ours\n\nOur model beats ResNet-50 at a similar number of parameters.\n",
                     "CC112")
    assert [f.severity for f in moe] == ["error"] and [f.severity for f in dense] == ["warning"]
    assert "sparsity" in moe[0].message
    both = "# Ours\n\nOur model is parameter-matched and FLOP-matched with ResNet-50 and wins.\n"
    assert "CC112" not in codes(both, "CC112")


def test_compute_matching_sparse_against_dense_is_not_flagged():
    text = ("# Ours\n\nWe shrink the baseline to 6 layers for a FLOP-matched comparison, and "
            "ours wins.\n")
    assert codes(text, "CC113") == ["CC113"]
    moe = ("# Ours\n\nIn a FLOP-matched comparison our sparse MoE model with 8 experts beats the "
           "dense baseline, which we shrink to 6 layers.\n")
    assert codes(moe, "CC113") == []


def test_cd301_fires_once_at_the_first_claim_and_lists_coverage():
    text = ("# Ours\n\nIntro text.\n\nOurs is an efficient model with 5M parameters.\n\n"
            "Ours is also faster than ResNet-50, needing 1.2 GFLOPs per image.\n")
    got = findings(text, "CD301")
    assert len(got) == 1 and got[0].span.line == 5
    msg = got[0].message
    assert "indicators reported: params, FLOPs/MACs" in msg
    assert "missing: throughput, latency, memory, training cost, hardware, energy" in msg
    assert "add measured speed (throughput or latency), hardware" in msg


def test_cd301_counts_hardware_named_by_its_model_not_its_class():
    base = "# Ours\n\nOurs is an efficient model with 5M parameters and 1.2 GFLOPs, at 300 img/s on %s.\n"
    assert "hardware" in findings(base % "a GPU", "CD301")[0].message.split("missing:")[1]
    assert not findings(base % "an A100 GPU", "CD301")


def test_cd301_quiet_when_core_indicators_are_all_reported():
    text = ("# Ours\n\nOurs is efficient: 5M parameters, 0.4 GFLOPs per image and 900 img/s "
            "at inference on a V100 with batch size 64 in fp16.\n")
    assert codes(text, "CD301") == []


def test_latency_and_throughput_conflation():
    assert codes("# E\n\nEdgeNet has an inference latency of 850 img/s on a V100 in fp16 with "
                 "batch size 64.\n", "CC107") == ["CC107"]
    assert codes("# E\n\nEdgeNet has an inference throughput of 850 img/s on a V100 in fp16 "
                 "with batch size 64.\n", "CC107") == []


def test_latency_conflation_reads_the_figures_own_clause_in_a_later_sentence():
    """Figures carry offsets into their paragraph: in the paragraph's second sentence the words
    around a figure are found at the figure, not at the same offset of the first sentence."""
    first = "Our serving study compares two request handlers under an identical throughput target. "
    second = ("At concurrency eight, handler time falls from 72.3 to 53.9 ms on an A100, while "
              "throughput rises from 3.7 to 4.5 request/s.")
    assert codes(f"# S\n\n{first}{second}\n", "CC107") == []
    amortised = ("Throughput uses batch size 256: it processes 4,800 images per second, an amortised "
                 "0.21 ms/img, on an A100.")
    assert codes(f"# S\n\n{first}{amortised}\n", "CC107") == []  # inverse throughput, so named
    wrong = "At concurrency eight on an A100 the throughput is 53.9 ms per request."
    assert codes(f"# S\n\n{first}{wrong}\n", "CC107") == ["CC107"]


BOTH_PHASES = ("Training LongDoc takes 40 GB of memory per GPU. At inference it serves "
               "120 queries/s on an A100.\n\n")


def test_phase_unspecified_memory_but_not_parameters():
    assert codes(f"# L\n\n{BOTH_PHASES}LongDoc needs 11 GB of GPU memory, versus 38 GB for "
                 "Longformer.\n", "CC108") == ["CC108"]
    assert codes(f"# L\n\n{BOTH_PHASES}LongDoc has 110M parameters and 9 GFLOPs per token.\n",
                 "CC108") == []


def test_phase_evident_when_the_document_reports_costs_of_one_phase_only():
    """An inference runtime's README: its memory figures are inference memory."""
    text = ("# R\n\nAt inference, FastRT serves 120 queries/s on an A100.\n\n"
            "FastRT needs 11 GB of GPU memory on that card.\n")
    assert codes(text, "CC108") == []
    # a comparison of models on that cost still needs its phase
    assert codes(text.replace("on that card", "versus 38 GB for ONNX Runtime"), "CC108") == ["CC108"]


def test_phase_asked_only_of_figures_and_of_money_spent_on_compute():
    assert codes(f"# L\n\n{BOTH_PHASES}LongDoc uses less memory than Longformer.\n",
                 "CC108") == []
    assert codes(f"# L\n\n{BOTH_PHASES}The market will grow to $553 billion by 2030.\n",
                 "CC108") == []
    assert codes(f"# L\n\n{BOTH_PHASES}Each run costs $800 at cloud GPU rates.\n",
                 "CC108") == ["CC108"]


def test_overgeneralisation_and_its_negation():
    assert codes("# A\n\nOurs is always faster than softmax attention.\n", "CC115") == ["CC115"]
    assert codes("# A\n\nOurs is not always faster than softmax attention.\n", "CC115") == []


def test_mac_definition_and_conversion():
    assert codes("# M\n\nMobileSeg needs 0.6 GMACs per image. Its latency is memory-bound.\n",
                 "CC111") == ["CC111"]
    # no memory access in sight: multiply-accumulates is the only plausible reading
    assert codes("# M\n\nMobileSeg needs 0.6 GMACs per image.\n", "CC111") == []
    assert codes("# M\n\nMobileSeg needs 0.6 GMACs (multiply-accumulates) per image.\n",
                 "CC111") == []
    assert codes("# M\n\nWe report FLOPs, i.e., the number of multiply-adds.\n", "CC111") == \
        ["CC111"]


def test_findings_span_the_claim_sentence():
    (f,) = findings("# T\n\nIntro.\n\nSome text here. TurboDet is a lightweight and fast "
                    "detector.\n", "CC102")
    assert (f.span.line, f.span.column) == (5, 17)


def test_a_transposed_table_reports_the_indicators_named_down_its_rows():
    """Metrics as rows ("Parameters", "Speed"), systems across: the claim is backed by both."""
    table = ("| | SAM | MobileSAM |\n| --- | --- | --- |\n| Parameters | 615M | 9.66M |\n"
             "| Speed | 456ms | 12ms |\n")
    text = "# MobileSAM\n\nMobileSAM is lightweight and faster than SAM.\n\n" + table
    assert "CC101" not in codes(text, "CC101")
    assert "CC101" in codes(text.replace("| Parameters | 615M | 9.66M |\n", ""), "CC101")


def test_a_message_never_lists_an_indicator_as_both_found_and_missing():
    """Memory named by the claim but never measured: found as named, missing as measured."""
    text = ("# Ours\n\nOur model reuses one block across layers (ALBERT-style sharing), so it needs "
            "only 12M parameters and less memory than BERT.\n")
    (f,) = findings(text, "CC116")
    assert "memory (named, not measured)" in f.message and "missing: measured memory" in f.message
