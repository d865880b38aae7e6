"""Claimed figures (hand-built Quantity lists) against a profile: CV401–CV406."""
from __future__ import annotations

import pytest

import onnx_models as M
from conftest import TINY_VIT
from claimcheck.document import Span
from claimcheck.indicators import Quantity
from claimcheck.verify.graph import profile_model
from claimcheck.verify.match import ModelFigures, match_model

SPAN = Span("README.md", 3, 1, 3, 20)
MEASURED = [{"device": "cpu", "provider": "CPUExecutionProvider", "batch": 1,
             "latency_ms": {"p50": 40.0, "p90": 42.0, "p99": 45.0, "mean": 40.5},
             "throughput_per_s": 25.0, "first_run_ms": 90.0, "session_load_ms": 300.0, "runs": 50,
             "peak_memory_bytes": 500 * 2**20,
             "setup": {"cpu": "AMD EPYC 7763 64-Core Processor", "cpu_count": 16, "gpu": None,
                       "threads": "default", "onnxruntime": "1.32.0", "input_dtypes": ["float32"],
                       "peak_memory": "process RSS high-water mark", "cpu_memory_arena": True}}]


@pytest.fixture(scope="module")
def resnet():
    # 3,602 parameters, 354,624 MACs (hand-derived in test_verify_graph)
    return ModelFigures("TinyResNet", profile_model(M.resnet(blocks=(1, 1), widths=(4, 8), image=32,
                                                            stem=8, classes=10)), MEASURED)


def q(indicator, value, raw, model=None):
    return Quantity(indicator, value, "", raw, SPAN, model=model)


def codes(result):
    return [f.code for f in result.findings]


def test_params_agree_within_tolerance_or_written_precision(resnet):
    # 3,602 measured: "4K" and "3.6K" are it rounded as written, "3,620" is within ±1%
    ok = [q("params", 3_600, "3,600 parameters"), q("params", 4_000, "4K params"),
          q("params", 3_620, "3,620"), q("params", 3_600, "3.6K")]
    result = match_model(ok, resnet, reported={"params", "flops", "latency", "throughput", "memory", "activations"})
    assert codes(result) == [] and len(result.confirmed) == 4


def test_written_precision_is_rounding_not_a_whole_step(resnet):
    # "3K" would need 2,500–3,499; 3,602 rounds to 4K, so 3K is a mismatch
    result = match_model([q("params", 3_000, "3K params")], resnet,
                         reported={"params", "flops", "latency", "throughput", "memory", "activations"})
    assert codes(result) == ["CV401"]


def test_params_mismatch(resnet):
    result = match_model([q("params", 4_100, "4.1K parameters")], resnet, reported={"params"})
    f = [f for f in result.findings if f.code == "CV401"][0]
    assert "3,602" in f.message and "±1%" in f.message and f.severity == "error"


def test_flops_equal_to_macs_is_the_convention_confusion(resnet):
    result = match_model([q("flops", 354_000, "354K FLOPs")], resnet, reported={"flops"})
    f = [f for f in result.findings if f.code == "CV402"][0]
    assert f.data["flops_macs_confusion"] and "equals the measured MACs" in f.message
    assert "FLOPs = 2 × MACs" in f.message


def test_flops_right_and_wrong(resnet):
    right = match_model([q("flops", 709_248, "0.71M FLOPs")], resnet, reported={"flops"})
    assert "CV402" not in codes(right)
    wrong = match_model([q("flops", 2_000_000, "2.0M FLOPs")], resnet, reported={"flops"})
    f = [f for f in wrong.findings if f.code == "CV402"][0]
    assert not f.data["flops_macs_confusion"] and "±3%" in f.message


def test_macs_claimed_equal_to_flops(resnet):
    result = match_model([q("macs", 709_000, "709K MACs")], resnet, reported={"macs"})
    assert result.findings[0].code == "CV402" and "FLOPs as MACs" in result.findings[0].message


def test_figures_about_another_model_are_skipped(resnet):
    result = match_model([q("params", 25_557_032, "25.6M", model="ResNet-50")], resnet,
                         reported={"params"})
    assert "CV401" not in codes(result)
    several = match_model([q("params", 9_999, "9,999")], resnet, single_model=False, reported={"params"})
    assert "CV401" not in codes(several)


def test_speed_compared_only_on_comparable_hardware(resnet):
    latency = q("latency", 0.010, "10 ms")
    other = match_model([latency], resnet, hardware={id(latency): "V100"}, reported={"latency"})
    f = [f for f in other.findings if f.code == "CV403"][0]
    assert f.severity == "info" and not f.data["compared"] and "AMD EPYC" in f.message
    same = match_model([latency], resnet, hardware={id(latency): "AMD EPYC 7763"}, reported={"latency"})
    f = [f for f in same.findings if f.code == "CV403"][0]
    assert f.severity == "warning" and f.data["compared"] and "40 ms" in f.message
    close = q("throughput", 27.0, "27 img/s")
    agree = match_model([close], resnet, hardware={id(close): "EPYC 7763"}, reported={"throughput"})
    assert "CV403" not in codes(agree)


def test_missing_indicators_are_measured(resnet):
    result = match_model([], resnet, reported={"params"})
    f = [f for f in result.findings if f.code == "CV404"][0]
    assert f.data["missing"] == ["flops", "activations", "latency", "throughput", "memory"]
    assert "709.25 k FLOPs" in f.message and "40 ms" in f.message and "AMD EPYC" in f.message
    unknown = match_model([], resnet, reported=None)
    assert "extraction is unavailable" in unknown.findings[0].message


def test_shared_parameters_finding():
    shared = ModelFigures("UT", profile_model(M.vit(**{**TINY_VIT, "depth": 6}, shared=True)))
    result = match_model([], shared, reported={"params", "flops", "activations"})
    f = [f for f in result.findings if f.code == "CV405"][0]
    assert "6 times" in f.message and f.data["shared"] == 33_472
    plain = ModelFigures("ViT", profile_model(M.vit(**TINY_VIT)))
    assert "CV405" not in codes(match_model([], plain, reported=set()))


def test_sparse_weights_finding():
    pruned = ModelFigures("Pruned", profile_model(M.pruned_mlp(sparsity=0.9)), MEASURED)
    f = [f for f in match_model([], pruned, reported=set()).findings if f.code == "CV406"][0]
    assert f.data["dense_macs"] == 64 * 128 + 128 * 10
    assert f.data["effective_macs"] < 0.15 * f.data["dense_macs"] and "dense kernels" in f.message
    dense = ModelFigures("Dense", profile_model(M.pruned_mlp(sparsity=0.0)))
    assert "CV406" not in codes(match_model([], dense, reported=set()))


@pytest.fixture()
def partly_counted(monkeypatch):
    """A model whose only MatMul stays uncounted: onnx cannot resolve its computed Reshape and
    onnxruntime's symbolic inference is made unavailable."""
    from claimcheck.verify import graph

    monkeypatch.setattr(graph, "_symbolic_shapes", lambda model: (None, "unavailable: test"))
    p = profile_model(M.computed_reshape_attention())
    assert p.coverage.macs_bearing_nodes == 1 and p.coverage.uncounted == {"MatMul": 1}
    return ModelFigures("HeadSplit", p)


def test_incomplete_count_never_gives_a_flops_error(partly_counted):
    # measured 0 MACs of an unknown total: a claim above the counted part is not judged
    result = match_model([q("flops", 33_000, "33K FLOPs")], partly_counted, reported={"flops"})
    (f,) = [f for f in result.findings if f.code == "CV402"]
    assert f.severity == "info" and not result.confirmed
    assert "not checked" in f.message and "1 of 1 MACs-bearing nodes (100.0%: MatMul ×1)" in f.message
    assert "lower bound" in f.message and f.data["uncounted"] == {"MatMul": 1}


def test_incomplete_count_still_warns_below_the_counted_part(resnet, monkeypatch):
    from claimcheck.verify.graph import Coverage

    p = resnet.profile
    assert p.coverage.macs_bearing_nodes == 10  # 9 Conv, 1 Gemm
    monkeypatch.setattr(p, "coverage", Coverage(10, {"Conv": 1}))  # as if one Conv were uncounted
    result = match_model([q("macs", 100_000, "100K MACs"), q("params", 4_100, "4.1K params")],
                         resnet, reported={"macs", "params"})
    by_code = {f.code: f for f in result.findings}
    assert by_code["CV402"].severity == "warning" and "below even the counted part" in by_code["CV402"].message
    assert by_code["CV401"].severity == "warning" and "1 of 10 MACs-bearing nodes (10.0%: Conv ×1)" in by_code["CV401"].message


def test_complete_count_keeps_errors(resnet):
    assert resnet.profile.coverage.uncounted_nodes == 0
    result = match_model([q("macs", 100_000, "100K MACs")], resnet, reported={"macs"})
    assert [f.severity for f in result.findings if f.code == "CV402"] == ["error"]


def test_missing_flops_measured_on_an_incomplete_count_say_it_is_a_lower_bound(partly_counted):
    result = match_model([], partly_counted, reported={"params"})
    (f,) = [f for f in result.findings if f.code == "CV404"]
    assert "0 FLOPs (0 MACs) or more (1 of 1 MACs-bearing nodes (100.0%: MatMul ×1) not counted)" in f.message


def test_a_hardware_vendor_is_not_the_model_a_figure_is_about():
    """'60 ms on an AMD EPYC CPU' is about the document's model, so a single-model verify checks
    it (the vendor was taken as a model named AMD and the figure was never compared)."""
    from claimcheck.frontend import load_document
    from claimcheck.verify.sources import document_quantities

    doc = load_document("README.md", "# Net\n\nInference takes 60 ms per image on an AMD EPYC CPU.\n"
                                     "On NVIDIA A100 GPUs it takes 4 ms per image.\n")
    quantities, hardware, _ = document_quantities(doc)
    assert [(q.raw, q.model) for q in quantities] == [("60 ms per image", None), ("4 ms per image", None)]
    assert "EPYC" in hardware[id(quantities[0])]


def _measurement(runs: int, load: float | None, batch: int = 8) -> dict:
    return {"device": "cpu", "provider": "CPUExecutionProvider", "batch": batch, "runs": runs,
            "latency_ms": {"p50": 10.0, "p90": 12.0, "p99": 19.0, "mean": 11.0, "min": 9.5, "max": 19.0},
            "setup": {"cpu": "Xeon", "cpu_count": 2, "onnxruntime": "1.20", "threads": "default",
                      "input_dtypes": ["float32"], "host_load": load}}


def test_few_timed_runs_give_a_median_and_range_not_percentiles():
    from claimcheck.verify.card import latency_text

    assert latency_text(_measurement(8, 0.1)) == "median 10 ms (min 9.5, max 19 over 8 runs)"
    assert latency_text(_measurement(400, 0.1)).startswith("p50 10 ms, p90 12 ms, p99 19 ms")


def test_the_setup_line_records_the_host_load_and_warns_when_busy():
    from claimcheck.verify.card import setup_line

    assert setup_line(_measurement(8, 0.3)).endswith("batch 8, float32, host load 0.3")
    assert "host busy (load average 4.0 on 2 CPUs)" in setup_line(_measurement(8, 4.0))
    assert "batch" not in setup_line(_measurement(8, 0.3), with_batch=False)


def test_a_difference_the_size_of_batch_norm_folding_is_said_so_at_info(resnet):
    """An export that folded its batch norms counts fewer parameters than the paper's model: a
    claim up to 3% above the count is explained, not an error; 10% above still is one."""
    import dataclasses

    folded = dataclasses.replace(resnet.profile, by_operator={
        k: v for k, v in resnet.profile.by_operator.items() if k != "BatchNormalization"})
    model = ModelFigures("TinyResNet", folded, [])
    near = match_model([q("params", 3_602 * 1.02, "3.67K parameters")], model, reported={"params"})
    (f,) = [f for f in near.findings if f.code == "CV401"]
    assert f.severity == "info" and "batch-norm folding" in f.message
    far = match_model([q("params", 3_602 * 1.10, "3.96K parameters")], model, reported={"params"})
    assert [f.severity for f in far.findings if f.code == "CV401"] == ["error"]
