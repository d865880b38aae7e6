"""Plots are checked by opening what was written: the PNG's size and pixels, the SVG's axes."""
import re

import pytest
from click.testing import CliRunner
from matplotlib.image import imread

from claimcheck.errors import InputError
from claimcheck.frontend import load_document
from claimcheck.tables.command import plot
from claimcheck.tables.frame import build_frames
from claimcheck.tables.plot import plot_frame

FIXTURES = "tests/tables/fixtures/"


def test_one_panel_per_cost_indicator_with_labelled_axes(tmp_path):
    frame = build_frames(load_document(FIXTURES + "paper_table2.tex"))[0]
    target = tmp_path / "table2.svg"
    labels = plot_frame(frame, str(target))
    svg = target.read_text()
    assert len(re.findall(r'<g id="axes_\d+"', svg)) == 3  # params, FLOPs, msec/img
    assert labels == ["parameter count: Million Parameters (M), lower is better",
                      "FLOPs: GFLOPs, lower is better",
                      "latency: msec/img (ms), lower is better"]
    for text in ("Table 1: Detailed configuration", "ImageNet Accuracy, higher is better",
                 "Pareto front", "W3072", "D48", "lower is better"):
        assert text in svg, text


def test_png_width_grows_with_the_panels(tmp_path):
    two = tmp_path / "two.png"
    three = tmp_path / "three.png"
    table1 = build_frames(load_document(FIXTURES + "paper_table1.md"))[0]
    table2 = build_frames(load_document(FIXTURES + "paper_table2.md"))[0]
    with pytest.raises(InputError, match="no quality column"):  # Table 1 has no accuracy
        plot_frame(table1, str(two))
    table2_two = build_frames(load_document("t.md", TWO_COSTS))[0]
    plot_frame(table2_two, str(two))
    plot_frame(table2, str(three))
    a, b = imread(str(two)), imread(str(three))
    assert a.shape[0] == b.shape[0] and b.shape[1] / a.shape[1] == pytest.approx(1.5, rel=0.02)
    assert a.std() > 0.05  # not a blank canvas


TWO_COSTS = """Table 1: Claimed best in bold; V100 GPU, batch size 64.

| Model | Params (M) | Throughput (img/s) | Top-1 (%) |
| --- | --- | --- | --- |
| ResNet-50 | 25.6 | 1226 | 76.1 |
| DeiT-S | 22.1 | 940 | **79.8** |
| EfficientNet-B3 | 12 | 732 | 81.6 |
"""


def test_plot_command_writes_and_errors(tmp_path):
    runner = CliRunner()
    doc = tmp_path / "readme.md"
    doc.write_text(TWO_COSTS)
    out = tmp_path / "fig.svg"
    result = runner.invoke(plot, [str(doc), "-o", str(out), "--table", "1"])
    assert result.exit_code == 0, result.output
    svg = out.read_text()
    assert len(re.findall(r'<g id="axes_\d+"', svg)) == 2
    assert "claimed best (bold)" in svg and "throughput: Throughput (img/s), higher is better" in svg
    result = runner.invoke(plot, [str(doc), "-o", str(tmp_path / "fig.gif")])
    assert isinstance(result.exception, InputError) and "unsupported image format" in str(result.exception)
    result = runner.invoke(plot, [str(doc), "--table", "7"])
    assert isinstance(result.exception, InputError) and "no Table 7" in str(result.exception)
    plain = tmp_path / "plain.md"
    plain.write_text("No tables here, just prose.\n")
    result = runner.invoke(plot, [str(plain)])
    assert isinstance(result.exception, InputError)
    assert "no table has both a quality column and a cost column" in str(result.exception)
