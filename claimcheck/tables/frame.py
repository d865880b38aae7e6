"""Table → classified DataFrame: the one view of a table that the table rules, the prose rules,
the plots and the export share.

Interface (stable; the prose rules read it through `ctx.frames`):

- `build_frames(document) -> list[TableFrame]`, one per `document.tables` entry, same order.
- `TableFrame.table` the source `Table`; `.data` the cells column by column, and `.df` the same
  as a pandas DataFrame (built on first use: the export and plots need it, the rules do not), one
  row per body row (section-title rows and empty rows left out), one column per grid column named by its merged
  header; numeric columns are float, in the column's unit (`columns[i].scale` converts to the
  indicator's base unit), NaN where the cell is missing.
- `.columns: list[ColumnInfo]` in grid order (`name`, `role` cost|quality|config|model|other,
  `indicator`, `unit`, `scale`, `lower_is_better`, `reason`, `bold_rows`).
- `.models` a label per DataFrame row, `.groups` a group number per row (from `\\midrule` and
  section-title rows), `.group_labels` {group: title}.
- `.indicators` the set of cost indicators the table reports; `.kind` comparison |
  hyperparameters | dataset | other, and `.is_comparison` (≥ 2 model rows and ≥ 1 cost column:
  the only tables the CT rules judge).
- `.caption` the caption prose, `.context` the caption plus the header, the paragraphs citing
  the table, the paragraphs beside it and any setup section: where a table's setup is stated.
- `.setup` {"hardware": words or None, "batch_size": words or None} found in `.context`.
- `.matched` a `Matching` (indicator or None, the phrase, where) when the caption, header or a
  citing sentence presents the rows as matched ("parameter-matched", "comparable size", iso-FLOPs).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import chain
from typing import Iterable, Iterator

from claimcheck.document import Block, Cell, Document, Sentence, Table
from claimcheck.extract import vocabulary as V
from claimcheck.tables.columns import (CellValue, ColumnInfo, classify_column, clean_text, cost_indicator,
                                      parse_cell, unit_in)

# Hardware as the extraction stage names it; a named device first ("V100", "TPU-V3", "Pixel 4"),
# a bare "GPU" or "CPU" only when none is named.
HARDWARE = re.compile(V.HARDWARE_RE, re.IGNORECASE)
# A device named by its class ("GPU", "a single CPU"), not its model: the same test as CC106's.
GENERIC_HARDWARE = re.compile(V.GENERIC_HARDWARE_RE, re.IGNORECASE)
BATCH = re.compile(
    r"batch[- ]?size|\bbatch(?:es)? of \d+|\bbs\s*[=:]?\s*\d+|\bbatch\s*[=:]\s*\d+|\bbatch-\d+\b"
    r"|\bsingle[- ](?:image|example|sample|sequence|input|query)\b|\bone (?:image|example|sample) at a time",
    re.IGNORECASE)
MATCHED = re.compile(
    r"(?P<a>param(?:eter)?s?|flops?|compute|size|latency|speed|throughput|memory|cost|budget)[- ]matched"
    r"|\bmatched (?:in|on|for|by) (?:the )?(?:number of )?(?P<b>param\w*|flops?|compute|size|latency"
    r"|speed|throughput|memory|cost|budget)"
    r"|\bmatched\s+(?P<f>param\w*|flops?|compute|size|latency|speed|throughput|memory)"
    r"|\b(?:comparable|similar|same|equal|matching|identical)\s+(?:model\s+)?(?:number of\s+)?"
    r"(?P<c>param\w*|flops?|compute|computational (?:cost|budget)|size|latency|speed|throughput|memory"
    r"|cost|budget)"
    r"|\biso-?(?P<d>param\w*|flops?|compute|latency|speed|throughput|memory|cost|size)"
    r"|\b(?P<e>matched)\b", re.IGNORECASE)
_MATCH_INDICATOR = [("param", "params"), ("size", "params"), ("flop", "flops"), ("comput", "flops"),
                    ("latency", "latency"), ("speed", "latency"), ("throughput", "throughput"),
                    ("memory", "memory")]
HYPERPARAMETER_CAPTION = re.compile(r"hyper-?param|configurations?\b|settings|architecture details"
                                    r"|training details|dataset statistics|statistics of", re.IGNORECASE)


@dataclass
class Matching:
    indicator: str | None  # the indicator named as matched; None when the text just says "matched"
    phrase: str
    where: str  # caption | header | citing sentence


@dataclass
class TableFrame:
    table: Table
    data: dict  # column key → the column's cells: texts, or values in the column's unit (NaN: none)
    columns: list[ColumnInfo]
    models: list[str]
    rows: list[int]  # body row index of each DataFrame row
    groups: list[int]
    group_labels: dict[int, str] = field(default_factory=dict)
    caption: str = ""
    context_parts: list[str] = field(default_factory=list)  # .context, not yet joined
    citing: list[str] = field(default_factory=list)  # sentences citing the table
    setup: dict = field(default_factory=dict)
    matched: Matching | None = None
    kind: str = "other"

    @property
    def context(self) -> str:
        """The caption, header, cells, citing and neighbouring paragraphs and setup sections, one
        a line: joined on first use, since every table's context holds all the setup text."""
        return "\n".join(self.context_parts)

    @property
    def is_comparison(self) -> bool:
        return self.kind == "comparison"

    @property
    def title(self) -> str:
        head = f"Table {self.table.number}" if self.table.number else f"Table at line {self.table.span.line}"
        caption = re.sub(r"^\s*(?:Table|Tab\.)\s*\d+\s*[:.]\s*", "", self.caption, flags=re.IGNORECASE)
        first = re.split(r"(?<=[.!?])\s", caption.strip(), maxsplit=1)[0] if caption else ""
        return f"{head}: {first}" if first else head

    def of_role(self, role: str) -> list[ColumnInfo]:
        return [c for c in self.columns if c.role == role]

    @property
    def cost_columns(self) -> list[ColumnInfo]:
        return self.of_role("cost")

    @property
    def quality_columns(self) -> list[ColumnInfo]:
        return self.of_role("quality")

    @property
    def indicators(self) -> set[str]:
        return {c.indicator for c in self.cost_columns if c.indicator}

    @property
    def relative_indicators(self) -> set[str]:
        """Indicators the table gives only relative to a baseline (a speed-up column)."""
        return {c.indicator for c in self.of_role("relative") if c.indicator}

    @property
    def primary_quality(self) -> ColumnInfo | None:
        """The quality column the trade-off is judged on: the one with the most values."""
        candidates = [c for c in self.quality_columns if sum(v is not None for v in self.values(c)) >= 2]
        return max(candidates, key=lambda c: sum(v is not None for v in self.values(c)), default=None)

    @property
    def claimed_best(self) -> set[int]:
        """Rows with a bold or underlined cell: what the authors mark as best."""
        return {k for c in self.columns if c.role in ("cost", "relative", "quality") for k in c.bold_rows}

    @property
    def df(self):
        """The table as a pandas DataFrame (one column per `data` key), built on first use: the
        rules read `values`, so only the tables export and plots pay for importing pandas."""
        found = self.__dict__.get("_df")
        if found is None:
            import pandas

            found = self.__dict__["_df"] = pandas.DataFrame(self.data)
        return found

    def values(self, column: ColumnInfo) -> list[float | None]:
        """The column's values in its unit, None where missing. Computed once per column (rules
        index it row by row: recomputing it per row made a 100,000-row table quadratic); the
        list is shared, so callers must not modify it."""
        cache = self.__dict__.setdefault("_values", {})
        found = cache.get(column.index)
        if found is None:
            cells = list(self.data.values())[column.index]
            found = cache[column.index] = [None if v != v else float(v) for v in cells]  # NaN != NaN
        return found


def build_frames(document: Document) -> list[TableFrame]:
    if not document.tables:
        return []
    context = _DocumentContext(document)
    return [build_frame(table, context) for table in document.tables]


def column_notes(document: Document) -> dict[int, list[str]]:
    """Table number → one line per column saying how it was classified and why (for
    `claimcheck parse`: `render_dump(document, column_notes(document))`)."""
    return {frame.table.number: [f"{c.name or '(no header)'}: {c.reason}" for c in frame.columns]
            for frame in build_frames(document)}


def build_frame(table: Table, context: "_DocumentContext") -> TableFrame:
    width = table.width
    grid = [row + [Cell("", table.span)] * (width - len(row)) for row in table.rows]
    header_rows = table.header_rows or _guess_header_rows(grid)
    names, leaves = _header_names(grid[:header_rows], width)
    caption = _caption_text(table)

    body_rows, groups, group_labels = [], [], {}
    group = 0
    starts = set(table.group_starts)
    for i, row in enumerate(grid[header_rows:]):
        if i in starts and body_rows:
            group += 1
        texts = [clean_text(c.text) for c in row]
        if not any(texts):
            continue
        if _is_section_row(row, texts):
            if body_rows or group_labels:
                group += 1
            group_labels[group] = texts[0] or next(t for t in texts if t)
            continue
        body_rows.append(i)
        groups.append(group)

    parsed = [[parse_cell(grid[header_rows + i][j].text) for i in body_rows] for j in range(width)]
    model_candidate = next((j for j in range(width) if not _mostly_numeric(parsed[j])), None)
    columns: list[ColumnInfo] = []
    for j in range(width):
        info = classify_column(leaves[j], names[j], parsed[j], caption, j == model_candidate)
        info.index = j
        info.bold_rows = [k for k, i in enumerate(body_rows)
                          if (grid[header_rows + i][j].bold or grid[header_rows + i][j].underline)
                          and grid[header_rows + i][j].text.strip()]
        columns.append(info)
    if sum(c.role == "model" for c in columns) > 1:  # keep the first; the others are descriptions
        for c in [c for c in columns if c.role == "model"][1:]:
            c.role, c.reason = "other", f"text column beside the model column ({c.reason})"
    _corner_indicator(columns, leaves, names, parsed, caption)

    data = {}
    numbering: dict[str, int] = {}
    for info, cells in zip(columns, parsed):
        key = _unique(info.name or f"column {info.index + 1}", data, numbering)
        if info.role in ("model", "other") and not _mostly_numeric(cells):
            data[key] = [c.text for c in cells]
        else:
            data[key] = [_in_unit(c, info) for c in cells]
    frame = TableFrame(table=table, data=data, columns=columns,
                       models=_model_labels(columns, parsed, body_rows), rows=body_rows,
                       groups=groups, group_labels=group_labels, caption=caption)
    _attach_context(frame, context, names)
    frame.kind = _kind(frame)
    return frame


# a corner that heads settings, not an indicator: "Hyper-parameter | ViT-B | ViT-L"
_SETTINGS_CORNER = re.compile(r"hyper-?param|setting|config|option|metric", re.I)


def _corner_indicator(columns: list[ColumnInfo], leaves, names, parsed, caption: str) -> None:
    """The model column's header names the indicator of the whole table ("Atari Highest FPS |
    Laptop (12) | Workstation (32)", "Latency (ms) | A100 | T4"): numeric columns whose own
    header names none are read under it, as if it were their super-header."""
    model = next((c for c in columns if c.role == "model"), None)
    if model is None or not cost_indicator(leaves[model.index]) or \
            _SETTINGS_CORNER.search(leaves[model.index]):
        return
    corner = leaves[model.index]
    for k, info in enumerate(columns):
        if info.role == "other" and _mostly_numeric(parsed[info.index]):
            again = classify_column(leaves[info.index], f"{corner} / {names[info.index]}",
                                    parsed[info.index], caption, False)
            if again.role in ("cost", "relative"):
                again.index, again.bold_rows = info.index, info.bold_rows
                again.reason += f" (the indicator named by the corner header {corner!r})"
                columns[k] = again


def _guess_header_rows(grid: list[list[Cell]]) -> int:
    """A table without a marked header: its first row is the header when nothing in it is a number."""
    if grid and not any(parse_cell(c.text).value is not None for c in grid[0]):
        return 1
    return 0


def _header_names(header: list[list[Cell]], width: int) -> tuple[list[str], list[str]]:
    """Merged header per column ("Cost / Params (M)") and its lowest non-empty cell."""
    names, leaves = [], []
    for j in range(width):
        parts: list[str] = []
        for row in header:
            text = clean_text(row[j].text) if j < len(row) else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        names.append(" / ".join(parts))
        leaves.append(parts[-1] if parts else "")
    return names, leaves


def _is_section_row(row: list[Cell], texts: list[str]) -> bool:
    """A title row inside the body ("\\multicolumn{5}{l}{Convolutional networks}")."""
    filled = [t for t in texts if t]
    if len(row) < 2 or any(parse_cell(t).value is not None for t in filled):
        return False
    spanning = len(set(filled)) == 1 and len(filled) == len(texts)  # \multicolumn copies
    return spanning or (len(filled) == 1 and bool(texts[0]))


def _mostly_numeric(cells: list[CellValue]) -> bool:
    numbers = sum(c.value is not None for c in cells)
    texts = sum(c.value is None and not c.missing for c in cells)
    marks = any(c.missing and c.text for c in cells)  # "--", "n/a": nothing reported, still numeric
    return (numbers > 0 or marks) and numbers >= texts


def _in_unit(cell: CellValue, info: ColumnInfo) -> float:
    """A cell's value in its column's unit: `1.2B` in a "Params (M)" column is 1200, `1.8MB` in
    a column of KB sizes 1800, `2m23s` in a column of seconds 143."""
    if cell.value is None:
        return float("nan")
    if cell.magnitude != 1.0:
        return cell.value / info.scale
    own = unit_in(info.indicator, cell.unit) if info.indicator and cell.unit and info.unit else None
    if own and info.scale and own[1] != info.scale:
        return cell.value * own[1] / info.scale  # the cell's own unit, converted to the column's
    return cell.value


def _unique(name: str, taken: dict, numbering: dict[str, int]) -> str:
    """`name`, or `name #2`, `name #3`, … when taken; `numbering` remembers the next number per
    name, so that many columns with one name cost linear time, not quadratic."""
    if name not in taken:
        return name
    n = numbering.get(name, 2)
    key = f"{name} #{n}"
    while key in taken:
        n += 1
        key = f"{name} #{n}"
    numbering[name] = n + 1
    return key


def _model_labels(columns: list[ColumnInfo], parsed: list[list[CellValue]], rows: list[int]) -> list[str]:
    """A name per row: the model column, made unique with the other text columns where needed."""
    model = next((c for c in columns if c.role == "model"), None)
    if model is None:
        config = next((c for c in columns if c.role == "config"), None)
        if config is None:
            return [f"row {i + 1}" for i in rows]
        return [f"{config.name}={parsed[config.index][k].text}" for k in range(len(rows))]
    labels = [parsed[model.index][k].text or f"row {rows[k] + 1}" for k in range(len(rows))]
    if len(set(labels)) < len(labels):
        extra = [c for c in columns if c.index != model.index and c.role in ("other", "config")]
        for c in extra:
            candidate = [f"{lab} {parsed[c.index][k].text}".strip() for k, lab in enumerate(labels)]
            if len(set(candidate)) > len(set(labels)):
                labels = candidate
            if len(set(labels)) == len(labels):
                break
    return labels


def _caption_text(table: Table) -> str:
    return table.caption.text.text if table.caption is not None else ""


class _DocumentContext:
    """What every table's context needs from the document, indexed once per document rather
    than scanned once per table: a README with a hundred tables rescanned all its paragraphs
    per table, and a 1 MB paper's setup sections and appendix were searched for hardware and
    batch size once per table.

    A table's context is its own parts (caption, header, cells, citing and neighbouring
    paragraphs) followed by every setup block except its own caption, joined by line breaks.
    HARDWARE cannot match a line break, so its matches are those of each part alone; a BATCH
    match can run on across one only through whitespace, '=', ':' and digits ("bs" at the end
    of one part, "32" at the start of the next): `_batch_in` reads that much of what follows."""

    def __init__(self, document: Document):
        self.document = document
        self.citing: dict[int, list[Sentence]] = {}  # id(table) → sentences that cite it
        for block in document.blocks:
            for sentence in block.sentences:
                cited = {id(t) for t in map(document.table_by_ref, sentence.refs) if t is not None}
                for key in cited:
                    self.citing.setdefault(key, []).append(sentence)
        # paragraphs per file in document order, with their first and last lines (for bisect)
        self.paragraphs: dict[str, tuple[list[Block], list[int], list[int]]] = {}
        for b in document.blocks:
            if b.kind == "paragraph":
                blocks, lines, ends = self.paragraphs.setdefault(b.span.path, ([], [], []))
                blocks.append(b)
                lines.append(b.span.line)
                ends.append(b.span.end_line)
        self.ordered = {path for path, (_, lines, ends) in self.paragraphs.items()
                        if _ascending(lines) and _ascending(ends)}
        # setup sections, and appendices (where papers often put the platform)
        setup = [b for b in document.blocks if b.section is not None
                 and b.section.kind in ("setup", "appendix")]
        self.setup = [b for b in setup if b.text.text]  # the empty ones add nothing to a context
        self.position = {id(b): i for i, b in enumerate(self.setup)}
        self.texts = [b.text.text for b in self.setup]
        self.devices = [[m.group(0) for m in HARDWARE.finditer(t)] for t in self.texts]
        self.with_device = [i for i, d in enumerate(self.devices) if d]
        self.with_named = [i for i, d in enumerate(self.devices) if any(not GENERIC_HARDWARE.match(x) for x in d)]
        # the batch phrase of a match starting in setup block i (none left out)
        self.batch = {i: found for i in range(len(self.texts))
                      if (found := _batch_in(self.texts[i], self._from(i + 1))) is not None}
        self.with_batch = sorted(self.batch)

    def neighbours(self, table: Table) -> list[Block]:
        """The paragraph right before the table and the one right after it, in the same file."""
        where = table.span
        blocks, lines, ends = self.paragraphs.get(where.path, ([], [], []))
        if where.path not in self.ordered:  # lines not in document order (a file read twice): scan
            before = [b for b in blocks if b.span.end_line < where.line]
            after = [b for b in blocks if b.span.line > where.end_line]
            return before[-1:] + after[:1]
        k = bisect_left(ends, where.line)  # blocks[:k] end before the table
        m = bisect_right(lines, where.end_line)  # blocks[m:] start after it
        return blocks[k - 1:k] + blocks[m:m + 1]

    def setup_texts(self, skip: Block | None) -> list[str]:
        j = self.position.get(id(skip)) if skip is not None else None
        return self.texts if j is None else self.texts[:j] + self.texts[j + 1:]

    def hardware(self, skip: Block | None) -> tuple[str | None, str | None]:
        """(first named device, first device) of the setup blocks, block `skip` left out."""
        j = self.position.get(id(skip)) if skip is not None else None
        named = next((i for i in self.with_named[:2] if i != j), None)
        device = next((i for i in self.with_device[:2] if i != j), None)
        return (None if named is None else next(d for d in self.devices[named] if not GENERIC_HARDWARE.match(d)),
                None if device is None else self.devices[device][0])

    def batch_size(self, skip: Block | None) -> str | None:
        """The first batch phrase of the setup blocks joined by line breaks, `skip` left out."""
        j = self.position.get(id(skip)) if skip is not None else None
        if j is None:
            return self.batch[self.with_batch[0]] if self.with_batch else None
        # Leaving j out changes what follows the blocks before it; that is read only by the
        # block just before j, and by those before it while the blocks between run on
        # (`_runs_on`): recompute those, reuse the rest.
        changed = []
        i = j - 1
        while i >= 0:
            changed.append(i)
            if not _runs_on(self.texts[i]):
                break
            i -= 1
        first = min(changed, default=j)
        if self.with_batch and self.with_batch[0] < first:  # a block before any changed one
            return self.batch[self.with_batch[0]]
        for i in sorted(changed):
            found = _batch_in(self.texts[i], chain(self._from(i + 1, j), self._from(j + 1)))
            if found is not None:
                return found
        after = bisect_right(self.with_batch, j)
        return self.batch[self.with_batch[after]] if after < len(self.with_batch) else None

    def _from(self, start: int, stop: int | None = None) -> Iterator[str]:
        """The setup texts from index `start` (to `stop`), read lazily: `_batch_in` reads one or two."""
        return (self.texts[k] for k in range(start, len(self.texts) if stop is None else stop))


_RUN_ON = re.compile(r"[\s=:\d]*")  # what a BATCH match can read after a line break


def _runs_on(text: str) -> bool:
    """Whether a BATCH match could read through all of `text` into what follows it."""
    return _RUN_ON.fullmatch(text) is not None


def _batch_in(text: str, following: Iterable[str]) -> str | None:
    """The first BATCH match that starts in `text`, in `text` + line breaks + `following`:
    only as much of `following` is read as a match could reach."""
    tail = []
    for part in following:
        run = _RUN_ON.match(part).end()
        tail.append(part[:run + 1])
        if run < len(part):
            break
    match = BATCH.search("\n".join([text, *tail]))
    return match.group(0) if match is not None and match.start() < len(text) else None


def _ascending(values: list[int]) -> bool:
    return all(a <= b for a, b in zip(values, values[1:]))


def _attach_context(frame: TableFrame, context: _DocumentContext, header_names: list[str]) -> None:
    """Find the text that describes the table: citing sentences and paragraphs, neighbours,
    setup sections; read its setup and whether it presents the rows as matched."""
    table = frame.table
    citing_blocks: list[Block] = []
    for sentence in context.citing.get(id(table), []):
        frame.citing.append(sentence.text)
        if sentence.block not in citing_blocks:
            citing_blocks.append(sentence.block)
    nearby = [b for b in context.neighbours(table) if b not in citing_blocks]
    header = " ".join(header_names)
    cells = " ".join(c.text for row in table.rows for c in row)
    own = [p for p in [frame.caption, header, cells] + [b.text.text for b in citing_blocks + nearby] if p]
    setup = context.setup_texts(table.caption)
    frame.context_parts = own + setup  # joined on first use of .context

    devices = [m.group(0) for part in own for m in HARDWARE.finditer(part)]
    named, first = context.hardware(table.caption)
    hardware = next((d for d in devices if not GENERIC_HARDWARE.match(d)), None) or named \
        or (devices[0] if devices else first)
    batch = next((found for k, part in enumerate(own)
                  if (found := _batch_in(part, chain(own[k + 1:], setup))) is not None), None)
    if batch is None:
        batch = context.batch_size(table.caption)
    frame.setup = {"hardware": hardware,
                   "named_hardware": bool(hardware and not GENERIC_HARDWARE.match(hardware)),
                   "batch_size": batch}
    for where, text in [("caption", frame.caption), ("header", header)] + \
            [("citing sentence", s) for s in frame.citing]:
        matching = find_matching(text)
        if matching:
            frame.matched = Matching(matching[0], matching[1], where)
            break


def find_matching(text: str) -> tuple[str | None, str] | None:
    """(indicator or None, phrase) where the text presents a comparison as matched."""
    found = None
    for match in MATCHED.finditer(text):
        if re.search(r"\b(?:not|never|no|non)\W*$", text[max(0, match.start() - 12):match.start()]):
            continue
        word = next((match.group(g) for g in "abcdf" if match.group(g)), None)
        indicator = next((ind for stem, ind in _MATCH_INDICATOR if word and stem in word.lower()), None)
        if indicator or found is None:
            found = (indicator, match.group(0))
        if indicator:
            break
    return found


def _kind(frame: TableFrame) -> str:
    """comparison | hyperparameters | dataset | other: only comparisons are judged."""
    model = next((c for c in frame.columns if c.role == "model"), None)
    first = frame.columns[0] if frame.columns else None
    if first is not None and first.role == "other" and "datasets" in first.reason:
        return "dataset"
    cost = frame.cost_columns
    quality = frame.quality_columns
    config = frame.of_role("config")
    if not quality and (len(config) >= len(cost) or HYPERPARAMETER_CAPTION.search(frame.caption)):
        return "hyperparameters" if config or cost else "other"
    if not quality and all(c.indicator == "steps" for c in cost):
        return "hyperparameters" if cost else "other"
    cost_values = [frame.values(c) for c in cost]
    cost_rows = [k for k in range(len(frame.models)) if any(v[k] is not None for v in cost_values)]
    if cost and len(cost_rows) >= 2 and (model is not None or config):
        return "comparison"
    return "other"
