"""LaTeX tabular bodies → `Table` grids: rows on `\\\\`, cells on `&`, rules, spans and marks.

Comparison tables carry most efficiency claims, and their layout carries meaning: bold marks the
claimed best, `\\midrule` separates header from body and one model group from the next, and
`\\multicolumn`/`\\multirow` cells stand for several grid positions. The splitter makes one pass
over the body; each cell is then cleaned by the prose scanner (`clean_cell`), so cells read
exactly like prose (`$78.54$` → `78.54`, `$\\pm$` → `±`) and keep exact spans.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from claimcheck.document import Cell, MappedText, SourceFile, Span, Table
from claimcheck.limits import MAX_TABLE_CELLS, MAX_TABLE_ROWS, row_room, row_truncated, table_truncated

# One token at a time: a comment, a row break, an environment edge, a command, inline math
# (so `&` inside `$...$` does not split), a brace or a cell separator.
_TOKEN = re.compile(r"%[^\n]*|\\\\|\\tabularnewline(?![A-Za-z])|\\(begin|end)\s*\{[^{}]*\}"
                    r"|\\[A-Za-z@]+|\\.|\$(?:[^$\\]|\\.)*\$|[{}&]", re.S)
_ROW_BREAK_TAIL = re.compile(r"\*?(?:\[[^\]\n]*\])?")
_SPACE = re.compile(r"(?:\s|%[^\n]*)*")
# Rule-like commands that stand before a row (with how many brace arguments each takes).
_RULE = re.compile(r"\\(toprule|midrule|bottomrule|hline|hdashline|firsthline|lasthline|"
                   r"cmidrule|cline|cdashline|specialrule|addlinespace|morecmidrules|hhline|"
                   r"noalign|rowcolor|arrayrulecolor|Xhline|endhead|endfirsthead|endfoot|"
                   r"endlastfoot)(?![A-Za-z])\*?(?:\s*\([^)]*\))?(?:\s*\[[^\]]*\])?")
_RULE_ARGS = {"cmidrule": 1, "cline": 1, "cdashline": 1, "specialrule": 3, "hhline": 1,
              "noalign": 1, "rowcolor": 1, "arrayrulecolor": 1, "Xhline": 1}
# Rules after which a new group of body rows starts (not \toprule/\bottomrule).
_GROUP_RULES = frozenset({"midrule", "hline", "hdashline", "cmidrule", "cline", "cdashline",
                          "specialrule", "addlinespace", "Xhline", "hhline"})


@dataclass
class CellText:
    """What the prose scanner made of one cell."""

    text: MappedText
    marks: set[str] = field(default_factory=set)
    columns: int = 1  # \multicolumn{n}
    rows: int = 1  # \multirow{n}; negative spans upward


def group_end(text: str, pos: int, end: int, comments: bool = True) -> int:
    """Index just after the brace group opening at `pos`, or -1 if it never closes.

    Iterative (a depth counter), so 10,000 nested braces cost nothing special. `comments=False`
    for verbatim-like arguments (a URL's `%20` is not a comment)."""
    depth = 0
    for m in (_BRACES if comments else _RAW_BRACES).finditer(text, pos, end):
        c = m.group()
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return m.end()
    return -1


_BRACES = re.compile(r"\\.|%[^\n]*|[{}]", re.S)
_RAW_BRACES = re.compile(r"\\.|[{}]", re.S)


def split_rows(text: str, start: int, end: int,
               on_comment: Callable[[int, int], None]) -> list[list[tuple[int, int]]]:
    """Cell ranges per row of a tabular body; `&`/`\\\\` split only outside braces and nested
    environments. Every comment is reported once through `on_comment`."""
    rows: list[list[tuple[int, int]]] = []
    cells: list[tuple[int, int]] = []
    cell_start = start
    depth = 0
    envs = 0
    for m in _TOKEN.finditer(text, start, end):
        tok = m.group()
        c = tok[0]
        if c == "%":
            on_comment(m.start(), m.end())
        elif c == "{":
            depth += 1
        elif c == "}":
            depth = max(0, depth - 1)
        elif depth or envs:
            if m.group(1) == "begin":
                envs += 1
            elif m.group(1) == "end":
                envs = max(0, envs - 1)
        elif tok == "&":
            cells.append((cell_start, m.start()))
            cell_start = m.end()
        elif tok == "\\\\" or tok == "\\tabularnewline":
            cells.append((cell_start, m.start()))
            rows.append(cells)
            cells = []
            cell_start = _ROW_BREAK_TAIL.match(text, m.end(), end).end()
        elif m.group(1) == "begin":
            envs += 1
    cells.append((cell_start, end))
    rows.append(cells)
    return rows


def _leading_rules(text: str, pos: int, end: int) -> tuple[list[str], int]:
    """The rule commands at the start of a row, and where its first cell really starts."""
    rules: list[str] = []
    while True:
        pos = _SPACE.match(text, pos, end).end()
        m = _RULE.match(text, pos, end)
        if not m:
            return rules, pos
        name = m.group(1)
        rules.append(name)
        pos = m.end()
        for _ in range(_RULE_ARGS.get(name, 0)):
            pos = _SPACE.match(text, pos, end).end()
            if pos < end and text[pos] == "{":
                close = group_end(text, pos, end)
                pos = close if close > 0 else end


def parse_tabular(file: SourceFile, environment: str, start: int, end: int, span: Span,
                  clean_cell: Callable[[int, int], CellText],
                  on_comment: Callable[[int, int], None],
                  on_prose: Callable[[int, int], None],
                  on_limit: Callable[[int, int, str], None] | None = None,
                  room: tuple[int, str] = (MAX_TABLE_CELLS, "MAX_TABLE_CELLS")) -> Table:
    """Build the Table of the tabular body [start, end). `on_prose` receives row ranges that are
    not data (a longtable's `\\caption{..}\\\\`); `on_limit(start, end, message)` is told when
    the grid would exceed `room` — (cells, the limit's name): MAX_TABLE_CELLS, or what is left of
    MAX_DOCUMENT_TABLE_CELLS — after span expansion (the rows that fit are kept)."""
    max_cells, cells_limit = room
    row_cap, row_limit = row_room(room)
    text = file.text
    width = 0
    grid: list[list[Cell]] = []
    rules_before: list[list[str]] = []
    spans_down: list[tuple[int, int, int]] = []  # (row, column, n) of \multirow cells
    pending: list[str] = []
    repeated_head = False  # a longtable's continuation head (after \endfirsthead) repeats rows
    for raw in split_rows(text, start, end, on_comment):
        rules, first = _leading_rules(text, raw[0][0], raw[0][1])
        pending.extend(rules)
        if "endfirsthead" in rules:
            repeated_head = True
        if "endhead" in rules:
            repeated_head = False
        if text.startswith(("\\caption", "\\label"), first):
            on_prose(first, raw[-1][1])
            continue
        # (cells past the widest row allowed are never read: a row of 50,000 `&` is cut anyway)
        cleaned = [clean_cell(first if k == 0 else a, b) for k, (a, b) in enumerate(raw[:row_cap + 1])]
        if all(not c.text.text.strip() for c in cleaned) or repeated_head:
            continue
        r = len(grid)
        row: list[Cell] = []
        colored_row = "rowcolor" in pending
        over = None  # (start, end) of the cell or row that does not fit
        for (a, b), cell in zip(raw, cleaned):
            if len(row) >= row_cap:  # cells past the last column allowed
                over = over or (a, b)
                break
            stripped = cell.text.strip()
            cell_span = stripped.span() if len(stripped) else file.span(a, a)
            made = Cell(" ".join(stripped.text.split()), cell_span, bold="bold" in cell.marks,
                        underline="underline" in cell.marks,
                        colored=colored_row or "colored" in cell.marks,
                        italic="italic" in cell.marks)
            c = len(row)
            row.append(made)
            copies = max(1, cell.columns) - 1
            left = row_cap - len(row)
            if copies > left:  # \multicolumn{999999}: the span is cut where the budget ends
                copies = max(0, left)
                over = over or (a, b)
            for _ in range(copies):
                row.append(_copy_of(made, (r, c)))
            if cell.rows not in (0, 1, -1):
                spans_down.append((r, c, cell.rows))
        too_wide = grid and max(width, len(row)) * (len(grid) + 1) > max_cells
        if too_wide or len(grid) >= MAX_TABLE_ROWS:
            if on_limit:
                limit = cells_limit if too_wide else "MAX_TABLE_ROWS"
                on_limit(*(over or (raw[0][0], raw[-1][1])), table_truncated(limit, len(grid)))
            break
        if over and on_limit:
            on_limit(*over, row_truncated(row_limit, len(row)))
        width = max(width, len(row))
        grid.append(row)
        rules_before.append(pending)
        pending = []
    _fill_multirows(grid, spans_down)
    width = max((len(r) for r in grid), default=0)
    for row in grid:
        while len(row) < width:
            last = row[-1].span
            row.append(Cell("", Span(last.path, last.end_line, last.end_column,
                                     last.end_line, last.end_column)))
    header_rows = _header_rows(rules_before, len(grid))
    group_starts = sorted({r - header_rows for r in range(header_rows + 1, len(grid))
                           if _GROUP_RULES.intersection(rules_before[r])})
    return Table(rows=grid, header_rows=header_rows, span=span, group_starts=group_starts,
                 environment=environment)


def _copy_of(cell: Cell, origin: tuple[int, int]) -> Cell:
    return Cell(cell.text, cell.span, cell.bold, cell.underline, cell.colored, cell.italic,
                origin=origin)


def _fill_multirows(grid: list[list[Cell]], spans_down: list[tuple[int, int, int]]) -> None:
    """Give the rows a \\multirow cell covers a copy of it (those rows hold an empty cell)."""
    for r, c, n in spans_down:
        origin = grid[r][c]
        step = 1 if n > 0 else -1
        for k in range(1, abs(n)):
            target = r + step * k
            if not 0 <= target < len(grid):
                break
            row = grid[target]
            while len(row) <= c:
                row.append(Cell("", origin.span))
            if not row[c].text:
                extra = grid[r][c + 1:]  # a \multicolumn inside the \multirow spans columns too
                row[c] = _copy_of(origin, (r, c))
                for j, cell in enumerate(extra, start=c + 1):
                    if cell.origin == (r, c) and j < len(row) and not row[j].text:
                        row[j] = _copy_of(origin, (r, c))


def _header_rows(rules_before: list[list[str]], n_rows: int) -> int:
    """Rows before the first \\midrule, else before the first \\hline after a first row, else
    one header row when there is a body at all."""
    for r in range(1, n_rows):
        if "midrule" in rules_before[r]:
            return r
    for r in range(1, n_rows):
        if "hline" in rules_before[r] or "Xhline" in rules_before[r]:
            return r
    return 1 if n_rows > 1 else 0
