"""HTML `<table>` blocks inside Markdown, read into the same `Table` grid as GFM tables.

Many model READMEs write their comparison tables in HTML (for merged header cells, `<br>` in
cells, alignment), so ignoring them hid exactly the tables the table rules are for. Uses the
standard library's HTMLParser; each cell keeps the source span of its content. `colspan` and
`rowspan` are expanded into the grid (the copies point at their origin cell); a span that
reaches past the table's width (its first row's) or MAX_SPAN is cut there and reported, so a
hostile `colspan="999999"` cannot blow the grid up.
"""
from __future__ import annotations

import html
import itertools
import re
from html.parser import HTMLParser

from claimcheck.document import Cell, Diagnostic, SourceFile, Span, Table
from claimcheck.limits import MAX_TABLE_ROWS, TableBudget, row_room, row_truncated, table_truncated

MAX_SPAN = 64  # colspan/rowspan beyond this are read as this many
_TABLE_OPEN = re.compile(r"<table\b", re.I)
_TABLE_CLOSE = re.compile(r"</table\s*>", re.I)
_ROW = re.compile(r"<tr\b", re.I)


class _Reader(HTMLParser):
    def __init__(self, raw: str, base: int):
        super().__init__(convert_charrefs=False)
        self.raw, self.base = raw, base
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", raw)]
        self.rows: list[list[tuple[str, int, int, int, int, bool, bool]]] = []  # text, start, end, cols, rows, th, bold
        self.in_head = False
        self.head_rows = 0
        self.cell: dict | None = None
        self.bold = 0

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        if tag == "thead":
            self.in_head = True
        elif tag == "tr":
            self.rows.append([])
            if self.in_head:
                self.head_rows += 1
        elif tag in ("td", "th") and self.rows is not None:
            if not self.rows:
                self.rows.append([])
            values = dict(attrs)
            start = self._offset() + len(self.get_starttag_text() or "")
            self.cell = {"text": [], "start": start, "th": tag == "th", "bold": 0, "chars": 0,
                         "cols": _span(values.get("colspan")), "rows": _span(values.get("rowspan"))}
        elif tag in ("b", "strong"):
            self.bold += 1
        elif tag == "br" and self.cell is not None:
            self.cell["text"].append(" ")

    def handle_endtag(self, tag):
        tag = tag.lower()
        if tag == "thead":
            self.in_head = False
        elif tag in ("td", "th") and self.cell is not None:
            self._close(self._offset())
        elif tag in ("b", "strong"):
            self.bold = max(0, self.bold - 1)

    def _close(self, end: int) -> None:
        c = self.cell
        text = " ".join(html.unescape("".join(c["text"])).split())
        bold = c["chars"] > 0 and c["bold"] * 2 >= c["chars"]
        self.rows[-1].append((text, c["start"], max(end, c["start"]), c["cols"], c["rows"], c["th"], bold))
        self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell["text"].append(data)
            n = sum(ch.isalnum() for ch in data)
            self.cell["chars"] += n
            if self.bold:
                self.cell["bold"] += n

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")

    def handle_charref(self, name):
        self.handle_data(f"&#{name};")


def _span(value) -> int:
    try:
        return max(1, min(MAX_SPAN, int(str(value).strip())))
    except (TypeError, ValueError):
        return 1


def read_html_tables(raw: str, base: int, source: SourceFile,
                     budget: TableBudget | None = None) -> tuple[list[Table], list[Diagnostic]]:
    """Tables in an HTML block whose text starts at source offset `base`, and a CP001 note for
    each span that had to be cut and each table cut (or skipped) at a limit: MAX_TABLE_ROWS,
    MAX_TABLE_COLUMNS, MAX_TABLE_CELLS, and what `budget` leaves of MAX_DOCUMENT_TABLE_CELLS."""
    budget = budget or TableBudget()
    tables, notes = [], []
    for start, end in _tables(raw):
        at = source.span(base + start, base + start)
        max_cells, cells_limit = room = budget.room()
        if max_cells == 0:
            message = budget.refuse()
            if message:
                notes.append(Diagnostic("CP001", message, at))
            continue
        whole = text = raw[start:end]
        # rows past MAX_TABLE_ROWS are never parsed (a 100,000-row table took 6 s); one more is
        # read, so that the cut below is reported
        extra_row = next(itertools.islice(_ROW.finditer(text), MAX_TABLE_ROWS + 1, None), None)
        if extra_row is not None:
            text = text[:extra_row.start()]
        reader = _Reader(whole, base + start)
        reader.feed(text)
        reader.close()
        if reader.cell is not None:
            reader._close(len(whole))
        rows = reader.rows
        width_cap, width_limit = row_room(room)
        width = min(width_cap, _width(rows))
        keep = min(MAX_TABLE_ROWS, max(1, max_cells // max(1, width)))
        if len(rows) > keep:  # a 100,000-row table, or 300 rows of a 64-wide span
            limit = "MAX_TABLE_ROWS" if keep == MAX_TABLE_ROWS else cells_limit
            notes.append(Diagnostic("CP001", table_truncated(limit, keep), at))
            rows = rows[:keep]
        grid, cut, dropped = _expand(rows, reader.base, source, width_cap)
        for span in cut:
            notes.append(Diagnostic("CP001", f"a table cell spans more columns or rows than the table has "
                                             f"(limit {MAX_SPAN}, or the first row's width); read up to the "
                                             f"table's edge", span))
        if dropped:
            notes.append(Diagnostic("CP001", row_truncated(width_limit, width_cap), dropped))
        if len(grid) < 2 or max(len(r) for r in grid) < 2:
            continue
        budget.add(grid)
        header_rows = reader.head_rows or _leading_th_rows(reader.rows) or 1
        tables.append(Table(rows=grid, header_rows=min(header_rows, len(grid) - 1),
                            span=source.span(base + start, base + end), environment="html"))
    return tables, notes


def _tables(raw: str):
    """(start, end) of each `<table` with the first `</table>` after it, in one pass: the regex
    `<table.*?</table>` searched again from every later `<table` when none is closed, so 20,000
    unclosed tables (320 KB) took 26 s."""
    pos = 0
    while True:
        opened = _TABLE_OPEN.search(raw, pos)
        if opened is None:
            return
        closed = _TABLE_CLOSE.search(raw, opened.end())
        if closed is None:  # no later <table is closed either
            return
        yield opened.start(), closed.end()
        pos = closed.end()


def _width(rows) -> int:
    return max([sum(cell[3] for cell in rows[0])] + [len(row) for row in rows]) if rows else 0


def _leading_th_rows(rows) -> int:
    n = 0
    for row in rows:
        if row and all(cell[5] for cell in row):
            n += 1
        else:
            break
    return n


def _expand(rows, base: int, source: SourceFile,
            max_width: int) -> tuple[list[list[Cell]], list, Span | None]:
    """The rectangular grid, colspan/rowspan copies pointing at their origin cell, the spans
    of cells whose colspan/rowspan was cut at the table's edge, and the span of the first cell
    dropped because it lies past `max_width` columns (None when none is)."""
    grid: dict[tuple[int, int], Cell] = {}
    cut = []
    dropped = None
    width = min(max_width, _width(rows))
    for r, row in enumerate(rows):
        c = 0
        for text, start, end, cols, nrows, _th, bold in row:
            while (r, c) in grid:
                c += 1
            origin = Cell(text, source.span(base + start, base + end), bold=bold)
            if c >= max_width:  # past the widest row allowed: the rest of the row is dropped
                dropped = dropped or origin.span
                break
            if c + cols > max(width, c + 1) or r + nrows > len(rows) or MAX_SPAN in (cols, nrows):
                cut.append(origin.span)
                cols, nrows = max(1, min(cols, width - c)), min(nrows, len(rows) - r)
            for dr in range(nrows):
                for dc in range(cols):
                    copy = origin if (dr, dc) == (0, 0) else Cell(text, origin.span, bold=bold, origin=(r, c))
                    grid.setdefault((r + dr, c + dc), copy)
            c += cols
    if not grid:
        return [], cut, dropped
    height = len(rows)
    width = max(c for _, c in grid) + 1
    out = []
    for r in range(height):
        line = []
        for c in range(width):
            cell = grid.get((r, c))
            if cell is None:  # a short row: an empty cell at the row's last position
                prev = line[-1] if line else None
                cell = Cell("", prev.span if prev else source.span(base, base))
            line.append(cell)
        out.append(line)
    return out, cut, dropped
