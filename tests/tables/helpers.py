"""Hand-built tables for the tables tests: a grid of cell texts → a Document holding one Table."""
from __future__ import annotations

from claimcheck.document import Block, Cell, Document, MappedText, SourceFile, Span, Table

SPAN = Span("doc.tex", 10, 1, 20, 1)


def cell(text: str, bold: bool = False, origin=None) -> Cell:
    return Cell(text.strip("*") if bold else text, SPAN, bold=bold or text.startswith("**"), origin=origin)


def make_table(rows: list[list], header_rows: int = 1, caption: str = "", number: int = 1,
               group_starts=(), label=None) -> Table:
    grid = [[c if isinstance(c, Cell) else cell(c) for c in row] for row in rows]
    table = Table(rows=grid, header_rows=header_rows, span=SPAN, number=number,
                  group_starts=list(group_starts), label=label, environment="tabular")
    if caption:
        source = SourceFile("doc.tex", caption)
        text = MappedText(source)
        text.copy(0, len(caption))
        table.caption = Block("caption", text, table=table)
    return table


def make_document(*tables: Table) -> Document:
    doc = Document(path="doc.tex", format="latex")
    doc.tables.extend(tables)
    return doc
