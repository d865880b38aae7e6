import io
import json
import subprocess
import sys

import pandas

from click.testing import CliRunner

from claimcheck.tables.command import tables

FIXTURES = "tests/tables/fixtures/"


def test_tables_json_export_has_classification_and_values():
    result = CliRunner().invoke(tables, [FIXTURES + "paper_table2.tex", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    table = data["tables"][0]
    assert table["number"] == 1 and table["label"] == "tab:dw" and table["kind"] == "comparison"
    gflops = next(c for c in table["columns"] if c["indicator"] == "flops")
    assert gflops["role"] == "cost" and gflops["unit"] == "GFLOPs" and gflops["lower_is_better"]
    assert "FLOP" in gflops["reason"]
    d48 = next(r for r in table["rows"] if r["model"] == "D48")
    assert d48["values"]["Cost / GFLOPs"] == 4.43 and d48["group"] == 0


def test_tables_csv_export_reads_back_with_pandas(tmp_path):
    out = tmp_path / "tables.csv"
    result = CliRunner().invoke(tables, [FIXTURES + "paper_table1.md", "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    df = pandas.read_csv(out)  # plain CSV: no comment lines, no options needed
    assert df.columns[:4].tolist() == ["table", "table_title", "table_path", "table_line"]
    assert df["msec/example"].tolist() == [7.17, 1.30, 0.39, 0.11]
    assert set(df["table"]) == {1} and set(df["table_line"]) == {7}


def test_tables_csv_names_each_rows_table_and_reads_back_empty(tmp_path):
    doc = tmp_path / "two.md"
    doc.write_text(open(FIXTURES + "paper_table1.md").read() + "\n" + open(FIXTURES + "paper_table2.md").read())
    result = CliRunner().invoke(tables, [str(doc), "--format", "csv"])
    assert result.exit_code == 0, result.output
    df = pandas.read_csv(io.StringIO(result.output))
    assert df.groupby("table").size().to_dict() == {1: 4, 2: 11}
    second = df[df["table"] == 2].dropna(axis=1, how="all")  # a table's own columns, back again
    assert "GFLOPs" not in second and second["GFOPs"].iloc[0] == 0.61
    assert pandas.isna(df[df["table"] == 1]["GFOPs"]).all()
    plain = tmp_path / "plain.md"
    plain.write_text("Just prose.\n")
    result = CliRunner().invoke(tables, [str(plain), "--format", "csv"])
    assert pandas.read_csv(io.StringIO(result.output)).empty


def test_cli_routes_plot_and_tables_and_reports_errors_in_one_line(tmp_path):
    doc = tmp_path / "plain.md"
    doc.write_text("Just prose.\n")
    run = subprocess.run([sys.executable, "-m", "claimcheck", "plot", str(doc)], capture_output=True,
                         text=True, cwd=tmp_path)
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1
    assert "plain.md" in run.stderr and "Traceback" not in run.stderr
    run = subprocess.run([sys.executable, "-m", "claimcheck", "tables", str(doc), "--format", "json"],
                         capture_output=True, text=True)
    assert run.returncode == 0 and json.loads(run.stdout)["tables"] == []
