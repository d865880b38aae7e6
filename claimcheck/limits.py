"""Every budget claimcheck puts on its input, stated once.

Input is untrusted: a document, a baseline, a configuration or a model may be written to make a
naive reader recurse, loop or allocate without bound. Each limit below is far above what a real
paper, README or model card needs, and each one, when hit, is *reported* — a CP001 diagnostic
naming the file, the line and the limit (`describe(NAME)`), or a one-line input error — never a
silent truncation, never a hang, never a traceback.
"""
from __future__ import annotations

# -- reading files --------------------------------------------------------------------------
MAX_FILE_BYTES = 8 * 2**20  # one document source (the largest paper sources are well under 1 MB)
MAX_CONFIG_BYTES = 2**20  # a .claimcheck.toml or pyproject.toml
MAX_BASELINE_BYTES = 64 * 2**20  # a --baseline JSON file
MAX_JSON_DEPTH = 64  # nesting of a baseline's arrays and objects (a real one nests 3 deep)

# -- LaTeX ----------------------------------------------------------------------------------
MAX_INCLUDE_DEPTH = 32  # \input inside \input inside ...
MAX_MACRO_DEPTH = 32  # macros whose bodies use macros whose bodies use macros ...
MAX_MACRO_TEXT = 200_000  # characters produced by expanding the document's own macros, in all

# -- Markdown front matter (YAML) -----------------------------------------------------------
MAX_YAML_DEPTH = 64  # nesting of mappings and sequences
MAX_YAML_NODES = 100_000  # nodes after alias expansion (an alias counts as the whole node it names)

# -- tables ---------------------------------------------------------------------------------
MAX_TABLE_CELLS = 50_000  # grid cells of one table after \multicolumn/\multirow expansion
# grid cells of all of a document's tables together: a 70-byte `\multicolumn{999999}` row fills
# MAX_TABLE_CELLS, and each full table costs the table stage seconds, so without a bound per
# document ten such rows took 18 s and 400 MB (the largest real documents hold a few thousand)
MAX_DOCUMENT_TABLE_CELLS = 100_000
# columns of one table after span expansion: the table stage pays for each column (a pandas
# column, a classification), so one 50,000-column row cost 2.5 s and twelve 1,000-column rows
# 4.5 s; real tables have dozens of columns (the widest real ones, per-language results, ~100)
MAX_TABLE_COLUMNS = 200
# rows of one table (header included): the table rules compare every pair of rows (rank
# reversals, Kendall's tau, Pareto fronts), so their time grows with the square of this
MAX_TABLE_ROWS = 500

# -- sentences ------------------------------------------------------------------------------
MAX_SENTENCE_CHARS = 20_000  # longer runs without a sentence boundary are split at this length


def describe(name: str) -> str:
    """'the limit of 200,000 characters (claimcheck.limits.MAX_MACRO_TEXT)' for messages."""
    value = globals()[name]
    unit = _UNITS.get(name, "")
    shown = f"{value // 2**20} MiB" if unit == "bytes" else f"{value:,}{' ' + unit if unit else ''}"
    return f"the limit of {shown} (claimcheck.limits.{name})"


_UNITS = {
    "MAX_FILE_BYTES": "bytes", "MAX_CONFIG_BYTES": "bytes", "MAX_BASELINE_BYTES": "bytes",
    "MAX_JSON_DEPTH": "levels", "MAX_INCLUDE_DEPTH": "levels", "MAX_MACRO_DEPTH": "levels",
    "MAX_MACRO_TEXT": "characters", "MAX_YAML_DEPTH": "levels", "MAX_YAML_NODES": "nodes",
    "MAX_TABLE_CELLS": "cells", "MAX_DOCUMENT_TABLE_CELLS": "cells", "MAX_TABLE_ROWS": "rows",
    "MAX_TABLE_COLUMNS": "columns",
    "MAX_SENTENCE_CHARS": "characters",
}


def row_room(room: tuple[int, str]) -> tuple[int, str]:
    """(the cells one row of a table may hold, the limit that says so), given the table's room."""
    return (MAX_TABLE_COLUMNS, "MAX_TABLE_COLUMNS") if MAX_TABLE_COLUMNS < room[0] else room


def row_truncated(limit: str, kept: int) -> str:
    """The CP001 message of a table row cut at MAX_TABLE_COLUMNS (or a cell budget)."""
    return (f"table row too wide: with its spans expanded it exceeds {describe(limit)}; it is "
            f"cut to {kept} column{'s' * (kept != 1)}")


def table_truncated(limit: str, kept: int) -> str:
    """The CP001 message of a table cut at MAX_TABLE_CELLS, MAX_DOCUMENT_TABLE_CELLS or
    MAX_TABLE_ROWS."""
    what = {"MAX_TABLE_CELLS": "its grid exceeds",
            "MAX_DOCUMENT_TABLE_CELLS": "with the document's earlier tables, its grid exceeds"}.get(
        limit, "its row count exceeds")
    after = " after \\multicolumn/\\multirow expansion" if limit != "MAX_TABLE_ROWS" else ""
    return (f"table too large: {what} {describe(limit)}{after}; only its first "
            f"{kept} row{'s' * (kept != 1)} are read")


class TableBudget:
    """What is left of MAX_DOCUMENT_TABLE_CELLS while a front end reads a document's tables."""

    def __init__(self) -> None:
        self.used = 0
        self.refused = False

    def room(self) -> tuple[int, str]:
        """(cells the next table may hold, the limit that says so); 0 cells: skip the table."""
        left = MAX_DOCUMENT_TABLE_CELLS - self.used
        if left >= MAX_TABLE_CELLS:
            return MAX_TABLE_CELLS, "MAX_TABLE_CELLS"
        return max(0, left), "MAX_DOCUMENT_TABLE_CELLS"

    def add(self, rows) -> None:
        self.used += sum(len(row) for row in rows)

    def refuse(self) -> str | None:
        """The CP001 message for the first table that no longer fits; None for later ones (one
        diagnostic per document, not one per table)."""
        if self.refused:
            return None
        self.refused = True
        return tables_not_read()


def tables_not_read() -> str:
    """The CP001 message at the first table of a document whose tables have used up
    MAX_DOCUMENT_TABLE_CELLS."""
    return (f"tables too large: the document's tables fill {describe('MAX_DOCUMENT_TABLE_CELLS')} "
            "after span expansion; this table and every later one are not read")
