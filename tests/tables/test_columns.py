import math
import os

import pytest

from claimcheck.tables.columns import classify_column, most_common, parse_cell


@pytest.mark.parametrize("text, value, unit", [
    ("86.6", 86.6, ""),
    ("86.6M", 86.6e6, ""),
    ("1.2B", 1.2e9, ""),
    ("4.4G", 4.4e9, ""),
    ("78.54", 78.54, ""),
    ("12.3%", 12.3, "%"),
    ("3.2×", 3.2, "×"),
    ("3.2x", 3.2, "×"),
    ("76.2 ± 0.3", 76.2, ""),
    ("76.2 (0.3)", 76.2, ""),
    ("1,234", 1234.0, ""),
    ("7.17 ms", 7.17, "ms"),
    ("1.5k img/s", 1500.0, "img/s"),
    ("81.8*", 81.8, ""),
    ("81.8†", 81.8, ""),
    ("81.8^a", 81.8, ""),
    ("81.8^{\\dagger}", 81.8, ""),
    ("~3.2", 3.2, ""),
    ("−0.5", -0.5, ""),
])
def test_numeric_cells_are_typed(text, value, unit):
    parsed = parse_cell(text)
    assert math.isclose(parsed.value, value)
    assert parsed.unit == unit


@pytest.mark.parametrize("text", ["--", "-", "n/a", "N/A", "—", "", "?"])
def test_missing_marks_are_missing(text):
    parsed = parse_cell(text)
    assert parsed.value is None and parsed.missing


def test_text_cells_are_not_numbers():
    for text in ("ViT-B/16", "D48", "ResNet-50", "Ours (large)"):
        parsed = parse_cell(text)
        assert parsed.value is None and not parsed.missing


def _classify(leaf, name=None, cells=("1.0", "2.0"), caption="", model=False):
    return classify_column(leaf, name or leaf, [parse_cell(c) for c in cells], caption, model)


@pytest.mark.parametrize("header, indicator, unit, scale, lower", [
    ("Params (M)", "params", "M", 1e6, True),
    ("#Params", "params", "", 1.0, True),
    ("Million parameters", "params", "M", 1e6, True),
    ("GFLOPs", "flops", "GFLOPs", 1e9, True),
    ("FLOPs (G)", "flops", "GFLOPs", 1e9, True),
    ("GFOPs", "flops", "GFLOPs", 1e9, True),  # the paper's own typo in its Table 2
    ("MACs (G)", "macs", "GMACs", 1e9, True),
    ("Throughput (img/s)", "throughput", "img/s", 1.0, False),
    ("Latency (ms)", "latency", "ms", 1e-3, True),
    ("msec/example", "latency", "ms", 1e-3, True),
    ("Peak memory (GB)", "memory", "GB", 1e9, True),
    ("Training time (GPU hours)", "training_cost", "hours", 1.0, True),
    ("TPU-days", "training_cost", "days", 24.0, True),
    ("Energy (kWh)", "energy", "kWh", 1.0, True),
    ("CO2 (kg)", "co2", "kg", 1.0, True),
    ("Model size (MB)", "model_size", "MB", 1e6, True),
    ("Model size (M)", "params", "M", 1e6, True),
    ("Speed (img/s)", "throughput", "img/s", 1.0, False),
    ("Speed (ms)", "latency", "ms", 1e-3, True),
])
def test_cost_columns(header, indicator, unit, scale, lower):
    info = _classify(header)
    assert (info.role, info.indicator, info.unit, info.scale, info.lower_is_better) == \
        ("cost", indicator, unit, scale, lower), info.reason
    assert indicator in info.reason


@pytest.mark.parametrize("header, cells, indicator", [
    ("Speed-up", ("1.0", "2.0"), "throughput"),
    ("Throughput speedup (FP32 - mixed precision)", ("1.9", "2.1"), "throughput"),
    ("Speedup vs BERT-large (seqlen128)", ("3.1", "4.0"), "throughput"),
    ("Latency reduction (%)", ("12%", "30%"), "latency"),
    ("Throughput", ("1.0×", "2.3×"), "throughput"),  # the cells say it: times the baseline
    ("Memory saving", ("2.1", "3.0"), "memory"),
    ("Avg RTF", ("0.012", "0.020"), "throughput"),  # real-time factor: a speed ratio, no quality
])
def test_relative_columns_are_not_cost_indicators(header, cells, indicator):
    """SPEC: a speed-up or other ratio column is relative, higher is better, and is not a cost
    indicator of its own (a table of throughput and its speed-up reports one indicator)."""
    info = _classify(header, cells=cells)
    assert (info.role, info.indicator, info.lower_is_better) == ("relative", indicator, False), info.reason


@pytest.mark.parametrize("header, metric, lower", [
    ("Top-1 Acc. (%)", "accuracy", False),
    ("ImageNet Accuracy", "accuracy", False),
    ("BLEU", "BLEU", False),
    ("Perplexity", "perplexity", True),
    ("PPL ↓", "perplexity", True),
    ("WER", "WER", True),
    ("Error (%)", "error", True),
    ("mAP", "AP", False),
    ("F1", "F1", False),
])
def test_quality_columns(header, metric, lower):
    info = _classify(header)
    assert (info.role, info.indicator, info.lower_is_better) == ("quality", metric, lower), info.reason


@pytest.mark.parametrize("header", ["Num layers", "FFN dim", "Num heads", "Patch size",
                                    "Resolution", "Input sequence length", "Batch size", "Width"])
def test_config_columns(header):
    assert _classify(header).role == "config"


def test_leaf_under_a_super_header_takes_its_indicator_from_the_super_header():
    info = _classify("GPU", "Latency (ms) / GPU")
    assert (info.role, info.indicator, info.unit) == ("cost", "latency", "ms")


def test_unit_only_in_the_caption():
    info = _classify("Latency", caption="Latency is measured in milliseconds on one A100 GPU.")
    assert (info.indicator, info.unit, info.scale) == ("latency", "ms", 1e-3)
    assert "caption" in info.reason
    info = _classify("Params", caption="Parameters are given in millions, FLOPs in billions.")
    assert (info.unit, info.scale) == ("M", 1e6)
    info = _classify("FLOPs", caption="Parameters are given in millions, FLOPs in billions.")
    assert (info.unit, info.scale) == ("GFLOPs", 1e9)


def test_unit_from_the_cells():
    info = _classify("Params", cells=("86M", "1.2B"))
    assert (info.indicator, info.unit, info.scale) == ("params", "M", 1e6)
    info = _classify("Cost", cells=("7.2 ms", "3.1 ms"))
    assert (info.indicator, info.unit) == ("latency", "ms")


def test_model_and_text_columns():
    assert _classify("Model", cells=("ViT-B/16", "ViT-B/32"), model=True).role == "model"
    assert _classify("", cells=("ResNet", "Swin"), model=True).role == "model"
    assert _classify("Dataset", cells=("ImageNet", "CIFAR"), model=True).role == "other"
    assert _classify("Notes", cells=("fast", "slow")).role == "other"


def test_size_headers_read_by_their_cells():
    assert _classify("Size", cells=("7B", "13B")).indicator == "params"
    assert _classify("Size", cells=("140 MB", "30 MB")).indicator == "model_size"
    assert _classify("Size", cells=("S", "B")).role == "other"
    assert _classify("Train. time (h)").indicator == "training_cost"


def test_negated_log_perplexity_is_higher_is_better():
    info = _classify("Neg. log perplexity", cells=("-1.56", "-1.42"))
    assert (info.role, info.lower_is_better) == ("quality", False)


@pytest.mark.parametrize("leaf, merged", [
    ("MRR@10", "MS MARCO MRR@10"),
    ("Recall@100", "MS MARCO dev / Recall@100"),
    ("nDCG@10", "BEIR / nDCG@10"),
    ("mAP@0.5", "COCO mAP@0.5"),
    ("pass@1", "HumanEval pass@1"),
    ("P@5", "P@5"),
    ("Exact match", "Inference time / Exact match"),
    ("EM", "Latency-critical QA / EM"),
    ("WER", "Speech (ms chunks) / WER"),
    ("CER", "CER"),
    ("ROUGE-L", "Summarisation ROUGE-L"),
    ("chrF", "chrF"),
    ("Win rate", "Win rate (%)"),
])
def test_quality_metrics_stay_quality_under_any_super_header(leaf, merged):
    info = _classify(leaf, merged)
    assert info.role == "quality", info.reason


def test_a_dataset_super_header_alone_is_not_a_cost():
    assert _classify("Dev", "MS MARCO / Dev").role != "cost"
    # a vague leaf under a cost super-header keeps the super-header's indicator
    assert _classify("Avg", "Latency (ms) / Avg").indicator == "latency"


@pytest.mark.parametrize("header", ["Mac", "vs no_memory"])
def test_words_that_only_look_like_cost_indicators(header):
    from claimcheck.tables.columns import cost_indicator

    assert cost_indicator(header) is None


@pytest.mark.parametrize("header", ["MACs", "GMACs", "MAC (M)", "macs"])
def test_mac_headers(header):
    from claimcheck.tables.columns import cost_indicator

    assert cost_indicator(header)[0] == "macs"


def test_a_tie_between_cell_units_is_broken_by_order_not_by_hashing():
    """A transposed table's column mixes units ("12 ms", "4 MB"): the unit picked, and so the
    column's indicator and every finding on the table, must not change with PYTHONHASHSEED."""
    import subprocess
    import sys

    code = ("from claimcheck.tables.columns import classify_column, parse_cell\n"
            "cells = [parse_cell(t) for t in ('0.4 MB', '12 ms', '2 KB', '30 us')]\n"
            "info = classify_column('Ours', 'Ours', cells, '', False)\n"
            "print(info.role, info.indicator, info.unit)")
    seen = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(6)}
    assert len(seen) == 1, seen
    assert most_common(["MB", "ms", "KB", "us"]) == "MB" and most_common(["ms", "MB", "ms"]) == "ms"


@pytest.mark.parametrize("text, seconds", [
    ("2m23s", 143), ("1m05s", 65), ("1h05m", 3900), ("62:56", 3776), ("1:02:03", 3723),
    ("62:56 (3x)", 3776),
])
def test_durations_in_two_units_or_as_a_clock_are_seconds(text, seconds):
    cell = parse_cell(text)
    assert (cell.value, cell.unit) == (seconds, "s")


@pytest.mark.parametrize("text, value, unit", [("85--102KB", 93.5, "KB"), ("21K--26K", 23500, ""),
                                              ("0.5 – 1.5 ms", 1.0, "ms")])
def test_a_range_is_read_as_its_middle_in_the_unit_after_it(text, value, unit):
    cell = parse_cell(text)
    assert (cell.value, cell.unit) == (value, unit)


def test_cells_in_their_own_units_are_converted_to_the_columns():
    """'Size' with 380MB, 1.8MB and 120KB: one unit for the comparison, not three."""
    from tests.tables.helpers import make_document, make_table
    from claimcheck.tables.frame import build_frames

    table = make_table([["Model", "Size", "Time", "Acc"], ["A", "380MB", "2m23s", "99.1"],
                        ["B", "1.8MB", "59s", "98.0"], ["C", "120KB", "1m05s", "97.2"]])
    frame = build_frames(make_document(table))[0]
    size, time = frame.columns[1], frame.columns[2]
    assert size.unit == "MB" and frame.values(size) == [380.0, 1.8, 0.12]
    assert time.unit == "s" and frame.values(time) == [143.0, 59.0, 65.0]
