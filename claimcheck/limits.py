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
    "MAX_TABLE_CELLS": "cells", "MAX_TABLE_ROWS": "rows", "MAX_SENTENCE_CHARS": "characters",
}


def table_truncated(limit: str, kept: int) -> str:
    """The CP001 message of a table cut at MAX_TABLE_CELLS or MAX_TABLE_ROWS."""
    what = "grid" if limit == "MAX_TABLE_CELLS" else "row count"
    after = " after \\multicolumn/\\multirow expansion" if limit == "MAX_TABLE_CELLS" else ""
    return (f"table too large: its {what} exceeds {describe(limit)}{after}; only its first "
            f"{kept} row{'s' * (kept != 1)} are read")
