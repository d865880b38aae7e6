"""The one data model every stage shares: source files, mapped text, blocks, sentences, tables.

Front ends build a `Document`; extraction, tables and checks only read it. Every character of
prose kept by a front end carries the offset of the source character it came from, so any
substring (a sentence, a token, a number) maps back to an exact file:line:column, also across
line breaks and removed markup.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterator


@dataclass(frozen=True)
class Span:
    """A 1-based, end-inclusive-line / end-exclusive-column range in one source file."""

    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class SourceFile:
    """One file as read from disk (after decoding), with a line table for offset → line/col."""

    def __init__(self, path: str, text: str):
        self.path = path  # the path as shown to the user (relative where the user gave one)
        self.text = text
        self._line_starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            self._line_starts.append(i + 1)
            i = find("\n", i + 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count characters."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._line_starts, offset) - 1
        return line + 1, offset - self._line_starts[line] + 1

    def span(self, start: int, end: int) -> Span:
        """Span of source characters [start, end)."""
        line, col = self.line_col(start)
        end_line, end_col = self.line_col(max(start, end))
        return Span(self.path, line, col, end_line, end_col)

    def line_text(self, line: int) -> str:
        start = self._line_starts[line - 1]
        end = self._line_starts[line] - 1 if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")

    @property
    def line_count(self) -> int:
        return len(self._line_starts)


class MappedText:
    """Cleaned text plus, for each of its characters, the offset of its source character.

    Built by appending pieces: `copy(start, end)` keeps source characters verbatim (each maps
    to itself), `put(text, at)` inserts replacement text (each character maps to `at`: a
    placeholder for math, a citation, an expanded macro points at its origin).
    """

    __slots__ = ("file", "_parts", "_offsets", "_text")

    def __init__(self, file: SourceFile):
        self.file = file
        self._parts: list[str] = []
        self._offsets: list[int] = []
        self._text: str | None = None

    def copy(self, start: int, end: int) -> None:
        if end > start:
            self._parts.append(self.file.text[start:end])
            self._offsets.extend(range(start, end))
            self._text = None

    def put(self, text: str, at: int) -> None:
        if text:
            self._parts.append(text)
            self._offsets.extend([at] * len(text))
            self._text = None

    def put_mapped(self, other: "MappedText") -> None:
        """Append another mapped text of the same file (its offsets kept)."""
        if other.file is not self.file:
            raise ValueError("cannot join mapped texts of different files")
        self._parts.append(other.text)
        self._offsets.extend(other._offsets)
        self._text = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "".join(self._parts)
            self._parts = [self._text]
        return self._text

    def __len__(self) -> int:
        return len(self._offsets)

    def source_offset(self, i: int) -> int:
        return self._offsets[i]

    def span(self, start: int = 0, end: int | None = None) -> Span:
        """Source span of the cleaned characters [start, end)."""
        end = len(self._offsets) if end is None else end
        if not self._offsets:
            return self.file.span(0, 0)
        start = max(0, min(start, len(self._offsets) - 1))
        end = max(start + 1, min(end, len(self._offsets)))
        return self.file.span(self._offsets[start], self._offsets[end - 1] + 1)

    def slice(self, start: int, end: int) -> "MappedText":
        out = MappedText(self.file)
        out._parts = [self.text[start:end]]
        out._offsets = self._offsets[start:end]
        return out

    def strip(self) -> "MappedText":
        t = self.text
        start = len(t) - len(t.lstrip())
        end = len(t.rstrip())
        return self.slice(start, max(start, end))


# Section kinds let rules judge context: related work describes other papers' claims,
# a setup section supplies hardware for a throughput figure elsewhere.
SECTION_KINDS = ("abstract", "introduction", "related", "method", "setup", "results",
                 "conclusion", "appendix", "references", "other")


@dataclass
class Section:
    title: str
    kind: str  # one of SECTION_KINDS
    level: int
    span: Span | None = None


@dataclass
class Sentence:
    """A sentence of prose: a slice of its block's mapped text."""

    block: "Block"
    start: int  # character range inside block.text
    end: int
    refs: list[str] = field(default_factory=list)  # \ref labels / "Table 2" targets cited

    @property
    def text(self) -> str:
        return self.block.text.text[self.start:self.end]

    @property
    def span(self) -> Span:
        return self.block.text.span(self.start, self.end)

    def char_span(self, start: int, end: int) -> Span:
        """Span of characters [start, end) counted from the start of this sentence."""
        return self.block.text.span(self.start + start, self.start + end)

    @property
    def section(self) -> Section | None:
        return self.block.section


@dataclass
class Block:
    # Where the prose came from: paragraph, heading, title, abstract, caption (of its `table` or
    # a figure), footnote, item, quote, frontmatter (prose values of a model card's YAML).
    kind: str
    text: MappedText
    section: Section | None = None
    sentences: list[Sentence] = field(default_factory=list)
    # (offset in text, label) for each \ref / "Table N" mention, so sentences can cite tables
    refs: list[tuple[int, str]] = field(default_factory=list)
    table: "Table | None" = None  # the table a caption belongs to

    @property
    def span(self) -> Span:
        return self.text.span()


@dataclass
class Cell:
    text: str
    span: Span
    bold: bool = False
    underline: bool = False
    colored: bool = False
    italic: bool = False
    # For cells expanded from \multicolumn / \multirow: the grid position of the origin cell.
    origin: tuple[int, int] | None = None


@dataclass
class Table:
    """A table as a rectangular grid of cells, header rows first."""

    rows: list[list[Cell]]
    header_rows: int
    span: Span
    caption: Block | None = None
    label: str | None = None
    number: int = 0  # 1-based order among the document's tables ("Table 2")
    section: Section | None = None
    group_starts: list[int] = field(default_factory=list)  # body row indices after \midrule etc.
    environment: str = ""  # tabular, tabularx, longtable, gfm, model-index

    @property
    def header(self) -> list[list[Cell]]:
        return self.rows[: self.header_rows]

    @property
    def body(self) -> list[list[Cell]]:
        return self.rows[self.header_rows:]

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Comment:
    """A source comment (LaTeX `%`, HTML `<!-- -->`): suppressions and corpus `expect:` marks."""

    text: str
    span: Span


@dataclass
class Link:
    target: str
    text: str
    span: Span


@dataclass
class Diagnostic:
    """A parse problem (CP001). Never silenced: a linter must not go quiet on bad input."""

    code: str
    message: str
    span: Span


@dataclass
class Document:
    path: str  # the root file as given
    format: str  # "latex" | "markdown"
    files: list[SourceFile] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    metadata: dict = field(default_factory=dict)  # YAML front matter of model cards
    labels: dict[str, str] = field(default_factory=dict)  # label → "Table 3", "Figure 2", …

    def sentences(self) -> Iterator[Sentence]:
        for block in self.blocks:
            yield from block.sentences

    def table_by_ref(self, ref: str) -> Table | None:
        """The table a \\ref label or a "Table N" mention points at (the first one, as before).
        An index built on first use, after the front end has numbered and labelled the tables,
        and rebuilt if tables are added: every sentence's references are looked up here."""
        index = self.__dict__.get("_table_index")
        if index is None or index[0] != len(self.tables):
            refs: dict[str, Table] = {}
            for table in self.tables:
                for key in (table.label, f"Table {table.number}"):
                    if key:
                        refs.setdefault(key, table)
            index = self.__dict__["_table_index"] = (len(self.tables), refs)
        return index[1].get(ref)
