import math

from claimcheck.frontend import load_document
from claimcheck.tables.frame import build_frames, find_matching
from tests.tables.helpers import cell, make_document, make_table

FIXTURES = "tests/tables/fixtures/"


def test_multi_row_header_is_merged_and_groups_kept():
    doc = load_document(FIXTURES + "paper_table2.tex")
    frame = build_frames(doc)[0]
    names = [c.name for c in frame.columns]
    assert names[5] == "Cost / Million Parameters" and names[8] == "Quality / ImageNet Accuracy"
    roles = [c.role for c in frame.columns]
    assert roles == ["model", "config", "config", "config", "config", "cost", "cost", "cost", "quality"]
    assert [c.indicator for c in frame.cost_columns] == ["params", "flops", "latency"]
    assert frame.models[:2] == ["D6", "D8"] and len(frame.models) == 11
    assert frame.groups == [0] * 6 + [1] * 5
    assert frame.df["Cost / Million Parameters"].dtype == float
    assert frame.df["Cost / Million Parameters"].iloc[5] == 93.42
    assert frame.is_comparison and frame.indicators == {"params", "flops", "latency"}
    assert frame.caption.startswith("Detailed configuration")


def test_citing_sentence_and_setup_are_attached():
    doc = load_document(FIXTURES + "paper_table1.tex")
    frame = build_frames(doc)[0]
    assert any("parameter-matched" in s for s in frame.citing)
    assert frame.matched.indicator == "params" and frame.matched.where == "citing sentence"
    assert frame.setup["hardware"] == "TPU-V3" and frame.setup["batch_size"] is None


def test_markdown_table_reads_the_same_as_latex():
    md = build_frames(load_document(FIXTURES + "paper_table1.md"))[0]
    tex = build_frames(load_document(FIXTURES + "paper_table1.tex"))[0]
    assert md.models == tex.models == ["ViT-B/8", "ViT-B/16", "ViT-B/32", "ViT-B/64"]
    assert [(c.role, c.indicator, c.unit) for c in md.columns] == \
        [(c.role, c.indicator, c.unit) for c in tex.columns]
    assert md.df.iloc[:, 3].tolist() == tex.df.iloc[:, 3].tolist() == [78.54, 17.63, 4.42, 0.93]
    assert md.columns[3].bold_rows == [] and md.table.number == 1


def test_missing_cells_suffixes_section_rows_and_bold():
    table = make_table([
        ["Method", "Params", "Latency (ms)", "Top-1 (%)"],
        ["Convolutional networks", "Convolutional networks", "Convolutional networks", "Convolutional networks"],
        ["ResNet-50", "25.6M", "--", "76.1"],
        ["RegNetY-4G", "21M", "5.1", "80.0†"],
        ["Transformers", "", "", ""],
        ["DeiT-S", "22M", "n/a", "79.8 ± 0.2"],
        ["Swin-T", "0.028B", "6.2", cell("81.3", bold=True)],
    ], caption="ImageNet-1k.")
    frame = build_frames(make_document(table))[0]
    assert frame.models == ["ResNet-50", "RegNetY-4G", "DeiT-S", "Swin-T"]
    assert frame.groups == [0, 0, 1, 1]
    assert frame.group_labels == {0: "Convolutional networks", 1: "Transformers"}
    params = frame.columns[1]
    assert (params.indicator, params.unit, params.scale) == ("params", "M", 1e6)
    assert frame.df["Params"].tolist() == [25.6, 21.0, 22.0, 28.0]
    latency = frame.df["Latency (ms)"].tolist()
    assert math.isnan(latency[0]) and math.isnan(latency[2]) and latency[3] == 6.2
    assert frame.df["Top-1 (%)"].tolist() == [76.1, 80.0, 79.8, 81.3]
    assert frame.columns[3].bold_rows == [3] and frame.claimed_best == {3}
    assert frame.primary_quality is frame.columns[3]


def test_hyperparameter_and_dataset_tables_are_not_comparisons():
    hyper = make_table([["Model", "Layers", "Hidden size", "Heads", "Params"],
                        ["Small", "6", "512", "8", "60M"], ["Base", "12", "768", "12", "220M"]],
                       caption="Model configurations.")
    data = make_table([["Dataset", "Train", "Test", "Size (GB)"],
                       ["ImageNet", "1.28M", "50K", "140"], ["CIFAR-10", "50K", "10K", "0.16"]])
    hp = make_table([["Hyper-parameter", "ViT-B", "ViT-L"], ["Learning rate", "1e-3", "4e-4"],
                     ["Batch size", "4096", "4096"]])
    kinds = [f.kind for f in build_frames(make_document(hyper, data, hp))]
    assert kinds == ["hyperparameters", "dataset", "other"]


def test_duplicate_model_names_are_told_apart():
    table = make_table([["Model", "Resolution", "GFLOPs", "Top-1"],
                        ["ViT-B/16", "224", "17.6", "81.8"], ["ViT-B/16", "384", "55.5", "83.9"]])
    assert build_frames(make_document(table))[0].models == ["ViT-B/16 224", "ViT-B/16 384"]


def test_matched_phrases():
    assert find_matching("Parameter-matched comparison")[0] == "params"
    assert find_matching("models of comparable size")[0] == "params"
    assert find_matching("at the same number of FLOPs")[0] == "flops"
    assert find_matching("iso-FLOP baselines")[0] == "flops"
    assert find_matching("compute-matched baselines")[0] == "flops"
    assert find_matching("all baselines are matched")[0] is None
    assert find_matching("the models are not parameter-matched") is None
    assert find_matching("ImageNet results") is None


def test_units_only_in_the_caption_through_the_front_end_and_the_parse_notes():
    from claimcheck.tables.frame import column_notes

    doc = load_document("corpora/tables/units-in-caption.tex")
    frame = build_frames(doc)[0]
    units = {c.indicator: (c.unit, c.scale) for c in frame.cost_columns}
    assert units == {"params": ("M", 1e6), "flops": ("MFLOPs", 1e6), "latency": ("ms", 1e-3)}
    notes = column_notes(doc)[1]
    assert len(notes) == 5 and "unit ms from the caption" in notes[3]


def test_degenerate_tables_do_not_break_the_stage():
    tables = [
        make_table([], header_rows=0),
        make_table([["Model", "Params"]]),  # header only
        make_table([["Model", "Params"], ["A"]]),  # ragged
        make_table([["1", "2"], ["3", "4"]], header_rows=0),  # no header, all numbers
        make_table([["Model", "GFLOPs", "Acc"], ["A", "--", "n/a"], ["B", "-", "?"]]),
    ]
    frames = build_frames(make_document(*tables))
    assert [f.kind for f in frames] == ["other"] * 5
    assert frames[2].df.shape == (0, 2) and frames[2].group_labels == {0: "A"}  # a name alone: a title row
    assert frames[4].df.shape == (2, 3) and frames[4].df.iloc[:, 1:].isna().all().all()


def test_more_matched_phrasings():
    assert find_matching("Comparison under similar FLOPs")[0] == "flops"
    assert find_matching("with a similar computational budget")[0] == "flops"
    assert find_matching("at matched parameter counts")[0] == "params"


def test_a_corner_header_names_the_indicator_of_the_whole_table():
    table = make_table([["Atari Highest FPS", "Laptop (12)", "DGX-A100 (256)"],
                        ["For-loop", "4,893", "4,640"], ["EnvPool (async)", "49,439", "891,286"]])
    frame = build_frames(make_document(table))[0]
    assert [(c.role, c.indicator) for c in frame.columns[1:]] == [("cost", "throughput")] * 2
    assert frame.kind == "comparison" and frame.models == ["For-loop", "EnvPool (async)"]


def test_table_by_ref_finds_the_first_table_with_the_label_or_number_and_sees_new_tables():
    first = make_table([["Model", "Params"], ["A", "1M"], ["B", "2M"]])
    doc = make_document(first)
    first.label, first.number = "tab:main", 1
    assert doc.table_by_ref("tab:main") is first and doc.table_by_ref("Table 1") is first
    second = make_table([["Model", "Params"], ["C", "3M"], ["D", "4M"]])
    second.label, second.number = "tab:more", 2
    doc.tables.append(second)  # the index is rebuilt when tables are added
    assert doc.table_by_ref("tab:more") is second and doc.table_by_ref("tab:none") is None
