"""The table rules on the paper's own tables and on every example in rules/CT20x.yaml."""
import pytest

from claimcheck.checks.engine import Selection, run_checks
from claimcheck.frontend import load_document
from claimcheck.rules_meta import all_rules
from claimcheck.tables.columns import classify_column, parse_cell
from claimcheck.tables.frame import build_frames

FIXTURES = "tests/tables/fixtures/"
CT = ("CT201", "CT202", "CT203", "CT204", "CT205", "CT206")


def findings(path, text=None):
    return run_checks(load_document(path, text), Selection(select=("CT",), preview=True))


@pytest.mark.parametrize("name", ["paper_table1.tex", "paper_table1.md"])
def test_paper_table1_is_matched_in_name_only_and_its_indicators_disagree(name):
    found = findings(FIXTURES + name)
    codes = [f.code for f in found]
    ct206 = [f for f in found if f.code == "CT206"]
    assert len(ct206) == 1
    message = ct206[0].message
    assert "ViT-B/8 and ViT-B/64" in message and "GFLOPs" in message and "msec/example" in message
    assert "84.5×" in message and "parameter count" in message
    assert ct206[0].span.line == found[0].span.line and ct206[0].severity == "warning"
    disagree = [f for f in found if f.code == "CT204"]
    assert len(disagree) == 1 and disagree[0].severity == "info"
    assert {d["columns"] for d in disagree[0].data["disagreements"]} == {
        ("Million parameters", "GFLOPs"), ("Million parameters", "msec/example")}
    message = disagree[0].message
    assert "'Million parameters' vs 'GFLOPs' (Kendall τ = -0.71 over 4 models)" in message
    assert "'Million parameters' vs 'msec/example' (Kendall τ = -0.71 over 4 models)" in message
    assert "ViT-B/8 is cheaper than ViT-B/64 by 'Million parameters' (86.5 vs 95.3)" in message
    # 64 TPU-V3 is named, the batch size is not; params, FLOPs and speed are all reported.
    assert "CT203" in codes and "batch size" in next(f.message for f in found if f.code == "CT203")
    assert "CT201" not in codes and "CT202" not in codes


def test_paper_table1_without_a_matched_claim_draws_no_ct206():
    text = open(FIXTURES + "paper_table1.md").read().replace("parameter-matched ", "")
    assert "CT206" not in [f.code for f in findings("t.md", text)]


@pytest.mark.parametrize("name", ["paper_table2.tex", "paper_table2.md"])
def test_paper_table2_pareto_front_depends_on_the_indicator(name):
    found = findings(FIXTURES + name)
    ct205 = [f for f in found if f.code == "CT205"]
    assert len(ct205) == 1 and ct205[0].severity == "info"
    w3072 = next(m for m in ct205[0].data["models"] if m.startswith("W3072"))
    assert "on the front for 'msec/img'" in w3072 and "D48" in w3072
    assert "'Million Parameters'" in w3072.split("off it for")[1]
    # FLOPs and speed reverse D32 and W3072 as in the paper's Figure 4
    assert any(("D32", "W3072") in d["pairs"] for f in found if f.code == "CT204"
               for d in f.data["disagreements"])
    assert "CT206" not in [f.code for f in found]


def test_table_rules_stay_silent_on_a_table_that_reports_everything():
    text = """Table 1: ImageNet; throughput on one V100 GPU at batch size 64, fp16.

| Model | Params (M) | GFLOPs | Throughput (img/s) | Top-1 (%) |
| --- | --- | --- | --- | --- |
| ResNet-18 | 11.7 | 1.8 | 3000 | 69.8 |
| ResNet-50 | 25.6 | 4.1 | 1200 | 76.1 |
| ResNet-101 | 44.5 | 7.8 | 700 | 77.4 |
"""
    assert findings("t.md", text) == []


def test_rule_metadata_has_two_examples_each_way():
    for code in CT:
        meta = all_rules()[code]
        assert meta.severity == ("info" if code in ("CT204", "CT205") else "warning")
        assert len(meta.examples["fail"]) >= 2 and len(meta.examples["pass"]) >= 2
        assert {e["format"] for e in meta.examples["fail"] + meta.examples["pass"]} <= {"latex", "markdown"}




def test_ct201_and_ct202_on_one_table_are_one_finding():
    text = ("| Model | Params | Top-1 |\n| --- | --- | --- |\n| A | 5.3M | 77.1 |\n| B | 25.6M | 76.1 |\n")
    found = [f for f in run_checks(load_document("t.md", text), Selection(select=("CT",), preview=True))
             if f.code in ("CT201", "CT202")]
    assert [f.code for f in found] == ["CT201"]
    assert "measures no throughput or latency" in found[0].message
    # with CT201 off, CT202 still says it
    alone = run_checks(load_document("t.md", text), Selection(select=("CT202",), preview=True))
    assert [f.code for f in alone] == ["CT202"]


def test_a_measured_speed_only_benchmark_table_is_not_single_indicator():
    """Measured speed alone is what the paper asks for (a latency or serving benchmark); a proxy
    alone is still flagged."""
    speed = "| Model | P50 (ms) | P95 (ms) |\n| --- | --- | --- |\n| A | 12 | 20 |\n| B | 15 | 31 |\n"
    proxy = "| Model | Params (M) | Top-1 |\n| --- | --- | --- |\n| A | 12 | 70.1 |\n| B | 15 | 72.3 |\n"
    select = Selection(select=("CT201",), preview=True)
    assert not run_checks(load_document("t.md", speed), select)
    assert [f.code for f in run_checks(load_document("t.md", proxy), select)] == ["CT201"]


@pytest.mark.parametrize("header", ["Time Series", "Speed MAE", "Time horizon"])
def test_data_columns_named_with_time_or_speed_are_not_costs(header):
    text = (f"| Model | {header} | Params |\n| --- | --- | --- |\n| A | 0.12 | 5M |\n| B | 0.15 | 9M |\n")
    frame = build_frames(load_document("t.md", text))[0]
    assert [c.indicator for c in frame.cost_columns] == ["params"]


# Real-world categories (benchmarks/realworld/), in tables of our own.

TRANSPOSED = """# Compare

| Encoder | Big | Small |
|:--|:--|:--|
| Parameters | 611M | 5M |
| Speed | 452ms | 8ms |
"""


def test_a_transposed_table_with_metrics_as_rows_is_not_single_indicator():
    assert "CT201" not in [f.code for f in findings("t.md", TRANSPOSED)]


ABLATION_AND_DEPLOYMENT = """# Models

| Model | Params | Accuracy |
|--|--|--|
| NetA | 10K | 91.0 |
| NetB | 20K | 92.5 |
| NetC | 40K | 93.1 |

Deployment on the board:

| Model | MACs | Latency (ms) |
|--|--|--|
| NetA | 1.2M | 3.1 |
| NetB | 2.3M | 5.0 |
| NetC | 4.1M | 9.8 |
"""


def test_a_params_only_table_is_not_single_indicator_when_another_table_costs_the_same_models():
    found = findings("t.md", ABLATION_AND_DEPLOYMENT)
    assert not [f for f in found if f.code == "CT201" and f.span.line == 3]


def test_a_params_only_table_alone_still_is():
    alone = ABLATION_AND_DEPLOYMENT.split("Deployment")[0]
    assert "CT201" in [f.code for f in findings("t.md", alone)]


def _ct203(caption: str, column: str) -> list:
    text = (f"# T\n\n{caption}\n\n| Model | Params (M) | {column} | Top-1 |\n|--|--|--|--|\n"
            "| A | 5 | 12 | 70.1 |\n| B | 9 | 20 | 72.4 |\n")
    return [(f.severity, f.message) for f in findings("t.md", text) if f.code == "CT203"]


def test_ct203_a_bare_gpu_is_no_hardware_model():
    (got,) = _ct203("Measured on a single GPU.", "Latency (ms)")
    assert got[0] == "warning" and "hardware model (only" in got[1]


def test_ct203_a_latency_table_on_a_named_device_needs_no_batch_but_a_throughput_table_does():
    assert _ct203("Measured on an iPhone 12.", "Latency (ms)") == []
    (got,) = _ct203("Measured on an NVIDIA A100.", "Throughput (img/s)")
    assert got[0] == "info" and "batch size" in got[1]


def _ct203_of(text: str) -> list:
    return [f for f in run_checks(load_document("t.md", text), Selection(select=("CT203",), preview=True))]


SPEED_TABLE = "| Model | Throughput (img/s) |\n| --- | --- |\n| A | 1200 |\n| B | 900 |\n"


def test_a_speed_table_measured_on_hardware_named_for_its_section_has_its_setup():
    """The hardware is named once, for a section (a setup statement under the title, or the
    text under an enclosing heading), not in every caption."""
    assert _ct203_of("# Bench\n\n## Results\n\n" + SPEED_TABLE)  # nothing names the hardware
    statement = "# Bench\n\n**Hardware:** one NVIDIA A100, batch size 64.\n\n## Results\n\n" + SPEED_TABLE
    assert not _ct203_of(statement)
    enclosing = "# Bench\n\n## Runs on one A100\n\nAll numbers below.\n\n### Vision\n\n" + SPEED_TABLE
    # the hardware carries to the subsection; a batch size, which varies by table, does not
    assert [f.data["missing"] for f in _ct203_of(enclosing)] == [["batch size"]]


def test_a_batch_size_column_gives_the_batch_row_by_row():
    table = ("Table 1: Throughput on an Intel8163 CPU.\n\n| Model | Batch size | Throughput (img/s) | Top-1 |\n"
             "| --- | --- | --- | --- |\n| A | 1 | 120 | 70.1 |\n| B | 8 | 900 | 72.0 |\n")
    assert not _ct203_of(table)
    assert [f.data["missing"] for f in _ct203_of(table.replace("Batch size", "Resolution"))] == [["batch size"]]


def test_a_proxy_table_is_not_flagged_when_another_table_times_the_same_models():
    """Parameters in an ablation table, latency of the same models in a deployment table (row
    labels differ in their decoration): the document measures their speed."""
    ablation = ("Table 1: Ablation.\n\n| Frontend | Params | Acc |\n| --- | --- | --- |\n"
                "| Standard mel DS-CNN-S | 23K | 94.1 |\n| NC frontend (NC-TCN-20K) | 20K | 95.0 |\n\n")
    deployment = ("Table 2: Deployment on a Cortex-M7, batch size 1.\n\n| Model | Latency (ms) |\n"
                  "| --- | --- |\n| DS-CNN-S | 53 |\n| NC-TCN-20K | 11 |\n")
    select = Selection(select=("CT201", "CT202"), preview=True)
    assert not [f for f in run_checks(load_document("t.md", ablation + deployment), select)
                if f.span.line < 8]
    assert [f.code for f in run_checks(load_document("t.md", ablation), select)] == ["CT201"]


def test_core_hours_are_a_compute_cost_column():
    info = classify_column("Core-Hour", "Core-Hour", [parse_cell("1.2"), parse_cell("3.4")], "", False)
    assert info.role == "cost"


def test_the_model_label_index_proposes_every_table_the_pairwise_comparison_matches():
    """_tables_of_the_same_models looks candidates up in an index of label words; it must find
    exactly the tables that comparing every pair of tables label by label finds."""
    from claimcheck.checks import table_rules as T
    from claimcheck.checks.engine import Context
    from tests.tables.helpers import make_document, make_table

    rows = [["DS-CNN-S", "BC-ResNet-1"], ["Standard mel DS-CNN-S", "Standard mel BC-ResNet-1"],
            ["NC frontend (NC-TCN-20K)", "DS-CNN-S"], ["NC-TCN-20K", "DS-CNN-S"], ["ab", "ab x"],
            ["ResNet-50", "ViT-B/16"], ["ViT-B/16 224", "ResNet-50 (ours)"]]
    tables = [make_table([["Model", "Params"], [a, "1M"], [b, "2M"]]) for a, b in rows]
    ctx = Context(make_document(*tables))

    def pairwise(frame):
        mine = [m.strip().lower() for m in frame.models if m.strip()]
        return [o for o in ctx.frames if o is not frame and sum(
            any(T._same_model(a, m.strip().lower()) for m in o.models if m.strip()) for a in mine) >= 2]

    assert any(pairwise(f) for f in ctx.frames)
    for frame in ctx.frames:
        assert list(T._tables_of_the_same_models(ctx, frame)) == pairwise(frame)
