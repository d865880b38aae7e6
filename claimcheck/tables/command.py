"""`claimcheck plot` and `claimcheck tables`: the tables stage from the command line.

Loaded lazily by cli.py, so pandas and matplotlib are paid for only by these commands.
"""
from __future__ import annotations

import json
from pathlib import Path

import click

from claimcheck.errors import InputError


def _frames(document_path: str):
    from claimcheck.frontend import load_document
    from claimcheck.tables.frame import build_frames

    document = load_document(document_path)
    return build_frames(document)


@click.command("plot")
@click.argument("document")
@click.option("-o", "--output", default=None,
              help="Image to write (.png, .svg or .pdf); default DOC-tableN.png in the current folder.")
@click.option("--table", "table_number", type=int, default=None,
              help="Plot only Table N (its number in the document); default: every plottable table.")
def plot(document, output, table_number):
    """Plot quality against every cost indicator of a comparison table, with its Pareto fronts."""
    from claimcheck.tables.plot import FORMATS, plot_frame, plottable

    frames = _frames(document)
    if table_number is not None:
        frames = [f for f in frames if f.table.number == table_number]
        if not frames:
            raise InputError(document, f"no Table {table_number} in this document")
    chosen = [f for f in frames if plottable(f)]
    if not chosen:
        raise InputError(document, f"Table {table_number} has no quality column and cost column to plot"
                         if table_number is not None else
                         "no table has both a quality column and a cost column to plot")
    suffix = Path(output).suffix.lower() if output else ".png"
    if suffix not in FORMATS:
        raise InputError(output, f"unsupported image format {suffix or '(none)'!r}; use .png, .svg or .pdf")
    for frame in chosen:
        target = _target(document, output, frame, len(chosen) > 1)
        if Path(target).resolve() == Path(document).resolve():
            raise InputError(target, "refusing to overwrite the input document")
        plot_frame(frame, target)
        click.echo(f"wrote {target}: {frame.title} ({len(frame.cost_columns)} cost indicator panels)")


def _target(document: str, output: str | None, frame, several: bool) -> str:
    number = frame.table.number or frame.table.span.line
    if output is None:
        return f"{Path(document).stem}-table{number}.png"
    if not several:
        return output
    p = Path(output)
    return str(p.with_name(f"{p.stem}-table{number}{p.suffix}"))


@click.command("tables")
@click.argument("document")
@click.option("--format", "output_format", type=click.Choice(["csv", "json"]), default="json",
              show_default=True, help="Export format: json with each column's classification, or "
                                      "csv, one plain table (a row per table row, the table named in "
                                      "its first columns).")
@click.option("-o", "--output", default=None, help="File to write; default standard output.")
def tables(document, output_format, output):
    """Export every extracted table with its column classification."""
    frames = _frames(document)
    text = _json(frames) if output_format == "json" else _csv(frames)
    if output is None:
        click.echo(text, nl=False)
        return
    if Path(output).resolve() == Path(document).resolve():
        raise InputError(output, "refusing to overwrite the input document")
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(output, f"cannot write: {exc.strerror or exc}") from None


def _table_meta(frame) -> dict:
    t = frame.table
    return {"number": t.number, "label": t.label, "title": frame.title, "caption": frame.caption,
            "path": t.span.path, "line": t.span.line, "end_line": t.span.end_line,
            "kind": frame.kind, "indicators": sorted(frame.indicators),
            "matched": None if frame.matched is None else frame.matched.__dict__, "setup": frame.setup}


def _json(frames) -> str:
    out = []
    for frame in frames:
        rows = []
        for k in range(len(frame.models)):
            record = {}
            for column, key in zip(frame.columns, frame.df.columns):
                value = frame.df.iloc[k, column.index]
                record[key] = None if isinstance(value, float) and value != value else \
                    (float(value) if isinstance(value, (int, float)) else str(value))
            rows.append({"model": frame.models[k], "group": frame.groups[k], "values": record})
        out.append({**_table_meta(frame), "columns": [c.to_json() for c in frame.columns], "rows": rows})
    return json.dumps({"version": 1, "tables": out}, indent=2, ensure_ascii=False) + "\n"


# the columns that say which table a CSV row comes from, before the table's own columns
CSV_IDENTITY = ("table", "table_title", "table_path", "table_line")


def _csv(frames) -> str:
    """Every table in one plain CSV that `pandas.read_csv` reads as it is: a row per table row,
    the table's identity first (number, title, file, line), then the union of the tables' columns,
    empty where a table has no such column. The column classification is in `--format json`."""
    import pandas

    parts = []
    for frame in frames:
        t = frame.table
        identity = pandas.DataFrame({"table": t.number, "table_title": frame.title, "table_path": t.span.path,
                                     "table_line": t.span.line}, index=frame.df.index, dtype=object)
        # a table's own column named like an identity column keeps its values under another name
        values = frame.df.rename(columns=lambda c: f"{c} (column)" if c in CSV_IDENTITY else c)
        parts.append(pandas.concat([identity, values], axis=1))
    if not parts:
        return ",".join(CSV_IDENTITY) + "\n"
    return pandas.concat(parts, ignore_index=True).to_csv(index=False)
