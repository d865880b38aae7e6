"""Markdown front end (READMEs, model cards): CommonMark + GFM tables → `Document`.

markdown-it-py gives block tokens with line ranges but no columns for inline content, so every
inline token is re-aligned with the source text it came from; prose is built with `MappedText`
so each kept character points at its exact source character, across removed markup, escapes
and line breaks. Code (fenced, indented, inline) and HTML never reach prose (but `<table>` blocks become tables); HTML comments are
kept as comments because suppressions and corpus expectations live in them. YAML front matter
is blanked out before parsing (line numbers stay true) and read separately: its prose-like
strings are linted, its `model-index` results become a table.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
import re

from claimcheck.document import (Block, Cell, Comment, Diagnostic, Document, Link, MappedText,
                                 Section, SourceFile, Span, Table)
from claimcheck.frontend import finalize, read_source
from claimcheck.frontend.html_tables import read_html_tables
from claimcheck.frontend.sections import classify_section
from claimcheck.limits import (MAX_TABLE_ROWS, MAX_YAML_DEPTH, MAX_YAML_NODES, TableBudget, describe,
                               row_room, row_truncated, table_truncated)

# Front-matter keys whose string values are prose whatever their length.
PROSE_KEYS = frozenset({"description", "summary", "model_description", "abstract", "overview",
                        "intended_use", "intended_uses", "limitations", "caption"})
MIN_PROSE_WORDS = 8

_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_ONNX_PATH = re.compile(r"(?<![\w./-])(?:[\w.-]+/)*[\w.-]+\.onnx\b")
_CAPTION = re.compile(r"^\s*(?:Table|TABLE|Tab\.)\s*(\d+)\s*[:.]")
_CAPTION_EMPHASIZED = re.compile(r"^\s*([*_]{1,2})(?:Table|TABLE|Tab\.)\s*(\d+)[:.]?\1")
_TABLE_MENTION = re.compile(r"(?<![A-Za-z])(?:[Tt]ables?|[Tt]abs?\.)[ \t\u00a0~]*(\d+)"
                            r"((?:\s*(?:,|and|&|-|–)\s*\d+)*)")
_FOLLOWING_NUMBER = re.compile(r"\d+")
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def load(path: str, text: str | None = None) -> Document:
    """Parse one Markdown file (or `text` given for it) into a source-mapped Document."""
    from markdown_it import MarkdownIt

    source, diagnostics = read_source(path, text)
    document = Document(path=path, format="markdown", files=[source], diagnostics=diagnostics)
    lines = _Lines(source)
    parse_text, front_matter = _blank_front_matter(source.text, lines)
    if front_matter is not None:
        _read_front_matter(document, lines, *front_matter)
    tokens = MarkdownIt("commonmark").enable("table").parse(_cut_long_tables(parse_text))
    _Builder(document, lines).run(tokens)
    return finalize(document)


class _Lines:
    """Source lines without their terminators, and the offset where each starts."""

    def __init__(self, source: SourceFile):
        self.source = source
        self.starts = [0]
        self.texts = []
        text = source.text
        for piece in text.split("\n"):
            # a lone CR is a space to the Markdown parser (see _blank_front_matter): same here,
            # so that parsed lines are found in these
            line = piece[:-1] if piece.endswith("\r") else piece
            self.texts.append(line.replace("\r", " ") if "\r" in line else line)
            self.starts.append(self.starts[-1] + len(piece) + 1)
        self.starts.pop()

    def end(self, line: int) -> int:
        """Offset just past the text of 0-based `line` (where its line break starts)."""
        return self.starts[line] + len(self.texts[line])

    def span_lines(self, first: int, last: int) -> Span:
        return self.source.span(self.starts[first], self.end(last))


# ---------------------------------------------------------------------------------------------
# Front matter


def _blank_front_matter(text: str, lines: _Lines) -> tuple[str, tuple[int, int] | None]:
    """Text for the Markdown parser (front matter lines emptied, lone CRs neutralised, so that
    its line numbers are the file's) and the 0-based (first, last) lines of the YAML inside."""
    if "\r" in text:
        text = re.sub(r"\r(?!\n)", " ", text)
    if not lines.texts or lines.texts[0].rstrip() != "---":
        return text, None
    for i in range(1, len(lines.texts)):
        if lines.texts[i].rstrip() in ("---", "..."):
            rest = text[lines.starts[i + 1]:] if i + 1 < len(lines.starts) else ""
            return "\n" * (i + 1) + rest, (1, i - 1)
    return text, None


_DELIMITER_ROW = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")


def _cut_long_tables(text: str) -> str:
    """The parser's text with the rows of any GFM table past MAX_TABLE_ROWS emptied (line
    numbers kept): markdown-it builds ~11 tokens per row, so a 100,000-row table cost 6 s and
    500 MB before a single row was read. One row past the limit is kept, so that the table
    builder sees it and reports the cut (CP001)."""
    if text.count("\n") < MAX_TABLE_ROWS:
        return text
    lines = text.split("\n")
    i, cut = 1, False
    while i < len(lines):
        if "|" in lines[i - 1] and "-" in lines[i] and _DELIMITER_ROW.match(lines[i]):
            j = i + 1
            while j < len(lines) and lines[j].strip():
                if j - i > MAX_TABLE_ROWS:  # header + MAX_TABLE_ROWS body rows kept
                    lines[j] = ""
                    cut = True
                j += 1
            i = j
        i += 1
    return "\n".join(lines) if cut else text


def _read_front_matter(document: Document, lines: _Lines, first: int, last: int) -> None:
    import yaml

    source = lines.source
    base = lines.starts[first] if first < len(lines.starts) else len(source.text)
    yaml_text = "\n".join(lines.texts[first:last + 1])

    def offset(mark) -> int:
        line = first + mark.line
        if line >= len(lines.starts):
            return len(source.text)
        return min(lines.starts[line] + mark.column, lines.end(line))

    try:
        over = _yaml_over_budget(yaml_text)
        if over is not None:
            message, mark = over
            at = offset(mark) if mark is not None else base
            document.diagnostics.append(Diagnostic(
                "CP001", f"YAML front matter {message}; front matter ignored", source.span(at, at)))
            return
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        data = yaml.load(yaml_text, Loader=loader)
        root = yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = offset(mark) if mark is not None else base
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        message = f"invalid YAML front matter ({problem})"
        if "nesting depth" in problem:  # libyaml stops at 1,000 levels before our count sees 64
            message = f"YAML front matter nests deeper than {describe('MAX_YAML_DEPTH')}"
        document.diagnostics.append(Diagnostic(
            "CP001", f"{message}; front matter ignored", source.span(at, at)))
        return
    if data is None:
        return
    if not isinstance(data, dict):
        document.diagnostics.append(Diagnostic(
            "CP001", "YAML front matter is not a mapping; front matter ignored", source.span(base, base)))
        return
    document.metadata = data
    for node, key in _prose_scalars(root, None):
        block_text = _align_scalar(source, node.value, offset(node.start_mark), offset(node.end_mark))
        if block_text.text.strip():
            document.blocks.append(Block("frontmatter", block_text.strip()))
    table = _model_index_table(root, source, offset)
    if table is not None:
        if len(table.rows) > MAX_TABLE_ROWS:  # aliases repeat metrics cheaply: 3,000 from 30 KB
            document.diagnostics.append(Diagnostic(
                "CP001", f"model-index {table_truncated('MAX_TABLE_ROWS', MAX_TABLE_ROWS)}",
                table.rows[MAX_TABLE_ROWS][0].span))
            del table.rows[MAX_TABLE_ROWS:]
        document.tables.append(table)


def _yaml_over_budget(yaml_text: str):
    """(what is over, mark) when the front matter nests deeper than MAX_YAML_DEPTH or holds more
    than MAX_YAML_NODES nodes once aliases are expanded; None when it is within both.

    Read from the event stream (an iterative parser), before anything recursive sees the text:
    composing 500 nested lists overflows Python's stack, and an alias names a whole subtree, so
    nine anchors of nine aliases each ("billion laughs") expand to 9⁹ nodes from 518 bytes. The
    expanded size of each anchored node is remembered, so counting costs one pass."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    sizes: dict[str, int] = {}  # anchor → nodes after expansion
    stack: list[list] = [[None, 0]]  # [anchor, nodes so far] per open collection
    total = 0
    for event in yaml.parse(yaml_text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([event.anchor, 1])
            if len(stack) - 1 > MAX_YAML_DEPTH:
                return f"nests deeper than {describe('MAX_YAML_DEPTH')}", event.start_mark
            continue
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, n = stack.pop()
            if anchor is not None:
                sizes[anchor] = n
            stack[-1][1] += n
            continue
        if isinstance(event, yaml.ScalarEvent):
            n = 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            if event.anchor not in sizes and any(f[0] == event.anchor for f in stack):
                return (f"is recursive (alias *{event.anchor} inside the node it names)",
                        event.start_mark)
            n = sizes.get(event.anchor, 1)
        else:
            continue
        stack[-1][1] += n
        total = sum(frame[1] for frame in stack)
        if total > MAX_YAML_NODES:
            return (f"holds more than {describe('MAX_YAML_NODES')} after alias expansion",
                    event.start_mark)
    return None


def _prose_scalars(node, key):
    """(scalar node, key) for each front-matter string that reads as prose."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if name == "model-index":
                continue  # read as a table
            yield from _prose_scalars(value_node, name)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _prose_scalars(item, key)
    elif isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str"):
        key_name = str(key).lower().replace("-", "_") if key is not None else ""
        if key_name in PROSE_KEYS or len(node.value.split()) >= MIN_PROSE_WORDS:
            yield node, key


# Characters a YAML scalar's source may hold around or inside its value that the value lacks:
# quotes, block-scalar headers (|, >, chomping and indentation indicators), escapes.
_YAML_SKIPPABLE = frozenset("\"'|>-+\\0123456789")


def _align_scalar(source: SourceFile, value: str, start: int, end: int) -> MappedText:
    """Map a YAML string value onto its source characters: plain, quoted and block scalars keep
    their characters in order, folding only whitespace, so a greedy walk aligns them exactly."""
    out = _Runs(source)
    raw = source.text
    p = start
    for ch in value:
        if p < end and raw[p] == ch:
            out.copy(p)
            p += 1
            continue
        if p + 1 < end and raw[p] == "\\":  # a double-quoted escape: \n, \t, \x41, \u00e9
            out.put(ch, p)
            p += {"x": 4, "u": 6, "U": 10}.get(raw[p + 1], 2)
            continue
        if ch.isspace():
            if p < end and raw[p].isspace():
                out.put(ch, p)
                p += 1
                while p < end and raw[p] in " \t\r" and ch != "\n":
                    p += 1
            else:
                out.put(ch, min(p, end))
            continue
        q = p
        while q < end and raw[q] != ch and (raw[q].isspace() or raw[q] in _YAML_SKIPPABLE):
            q += 1
        if q < end and raw[q] == ch:
            out.copy(q)
            p = q + 1
        else:
            out.put(ch, min(p, max(start, end - 1)))
    return out.done()


def _model_index_table(root, source: SourceFile, offset) -> Table | None:
    """`model-index[].results[].metrics[]` as a table: model, task, dataset, metric, value."""
    import yaml

    def get(node, key):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == key:
                    return v
        return None

    def items(node):
        return node.value if isinstance(node, yaml.SequenceNode) else []

    def cell(node, fallback, *keys) -> Cell:
        for key in keys:
            found = get(node, key) if key else node
            if isinstance(found, yaml.ScalarNode):
                return Cell(found.value, source.span(offset(found.start_mark), offset(found.end_mark)))
        at = offset(fallback.start_mark)
        return Cell("", source.span(at, at))

    index_key = next((k for k, _ in root.value if isinstance(k, yaml.ScalarNode)
                      and k.value == "model-index"), None) if isinstance(root, yaml.MappingNode) else None
    if index_key is None:
        return None
    models = get(root, "model-index")
    key_span = source.span(offset(index_key.start_mark), offset(index_key.end_mark))
    rows = [[Cell(title, key_span) for title in ("Model", "Task", "Dataset", "Metric", "Value")]]
    for model in items(models):
        for result in items(get(model, "results")):
            task, dataset = get(result, "task"), get(result, "dataset")
            for metric in items(get(result, "metrics")):
                rows.append([
                    cell(model, model, "name"),
                    cell(task, result, "name", "type"),
                    cell(dataset, result, "name", "type"),
                    cell(metric, metric, "name", "type"),
                    cell(metric, metric, "value"),
                ])
    if len(rows) == 1:
        return None
    end = offset(models.end_mark) if models is not None else offset(index_key.end_mark)
    return Table(rows=rows, header_rows=1, span=source.span(offset(index_key.start_mark), end),
                 environment="model-index")


# ---------------------------------------------------------------------------------------------
# Mapped text building


class _Runs:
    """A MappedText builder that merges consecutive single-character copies into one run."""

    def __init__(self, source: SourceFile):
        self.text = MappedText(source)
        self._start = self._end = -1

    def copy(self, offset: int, length: int = 1) -> None:
        if offset == self._end:
            self._end += length
            return
        self._flush()
        self._start, self._end = offset, offset + length

    def put(self, text: str, at: int) -> None:
        self._flush()
        self.text.put(text, at)

    def length(self) -> int:
        self._flush()
        return len(self.text)

    def _flush(self) -> None:
        if self._end > self._start >= 0:
            self.text.copy(self._start, self._end)
        self._start = self._end = -1

    def done(self) -> MappedText:
        self._flush()
        return self.text


class _Inline:
    """Walks the children of one inline token against the raw source they were parsed from.

    `raw` is the inline content as it stands in the source (container prefixes removed) and
    `offsets[i]` the source offset of raw[i]; a cursor moves through raw as tokens are matched,
    so every emitted character is copied from (or, for entities and line breaks, put at) its
    true source offset.
    """

    def __init__(self, builder: "_Builder", raw: str, offsets: list[int], end_offset: int,
                 keep_code: bool = False):
        self.b = builder
        self.src = builder.source.text
        self.keep_code = keep_code  # table cells keep code spans: `resnet50` names a row
        self.raw = raw
        self.offsets = offsets
        self.end_offset = end_offset
        self.cursor = 0
        self.out = _Runs(builder.source)
        self.after_dropped_code = False  # "run `x` to" reads "run to", not "run  to"
        # Per emitted character run: (start, end, strong, em, underline, colored) for table cells.
        self.styled: list[tuple[int, int, bool, bool, bool, bool]] = []

    def at(self, i: int) -> int:
        return self.offsets[i] if i < len(self.offsets) else self.end_offset

    def run(self, children) -> MappedText:
        strong = em = underline = colored = 0
        open_links: list[tuple[int, int, str | None, str]] = []  # (source start, text start, target, kind)
        html_links: list[tuple[int, int, list[str]]] = []  # <a href> … </a>: (source start, text start, targets)
        for tok in children:
            kind = tok.type
            if kind == "text":
                if self.after_dropped_code and tok.content[:1] == " " and self.raw[self.cursor:self.cursor + 1] == " " \
                        and (not self.out.length() or self.out.text.text[-1].isspace()):
                    self.cursor += 1
                    tok_text = tok.content[1:]
                else:
                    tok_text = tok.content
                self.after_dropped_code = False
                start = self.out.length()
                self._text(tok_text)
                self.styled.append((start, self.out.length(), strong > 0, em > 0,
                                    underline > 0, colored > 0))
                if not open_links:  # a link's own text is recorded with the link
                    self._onnx_paths(tok_text, start)
            elif kind in ("softbreak", "hardbreak"):
                self._line_break()
            elif kind == "code_inline":
                self._skip_code(tok)
                self.after_dropped_code = not self.keep_code
            elif kind in ("strong_open", "strong_close", "em_open", "em_close"):
                self._skip_literal(tok.markup)
                delta = 1 if kind.endswith("open") else -1
                if kind.startswith("strong"):
                    strong += delta
                else:
                    em += delta
            elif kind == "link_open":
                source_start = self.at(self.cursor)
                self._skip_literal("<" if tok.markup == "autolink" else "[")
                open_links.append((source_start, self.out.length(), tok.attrs.get("href"), tok.markup))
            elif kind == "link_close" and open_links:
                source_start, text_start, href, markup = open_links.pop()
                if markup == "autolink":
                    self._skip_literal(">")
                    target = href
                else:
                    self._skip_literal("]")
                    target = self._skip_destination() or href
                link_text = self.out.text.text[text_start:self.out.length()]
                end = self.at(self.cursor - 1) + 1 if self.cursor else source_start
                self.b.add_link(str(target or ""), link_text.strip(), source_start, end)
            elif kind == "image":
                self._skip_image()
            elif kind == "html_inline":
                source_start = self.at(self.cursor)
                self._skip_literal(tok.content)
                tag = tok.content.lower()
                if tag.startswith("<!--"):
                    self.b.add_comments(tok.content, source_start)
                elif re.match(r"<br\b", tag):
                    self.out.put(" ", source_start)
                elif re.match(r"<(u|ins)\b", tag):
                    underline += 1
                elif re.match(r"</(u|ins)\b", tag):
                    underline = max(0, underline - 1)
                elif re.match(r"<(font\b[^>]*\bcolor|span\b[^>]*\bcolor)", tag):
                    colored += 1
                elif re.match(r"</(font|span)\b", tag) and colored:
                    colored -= 1
                elif re.match(r"<a\b", tag):
                    html_links.append((source_start, self.out.length(), _hrefs(tok.content)))
                elif re.match(r"</a\b", tag) and html_links:
                    link_start, text_start, targets = html_links.pop()
                    link_text = self.out.text.text[text_start:self.out.length()].strip()
                    for target in targets:
                        self.b.add_link(target, link_text, link_start, source_start + len(tok.content))
        return self.out.done()

    # -- matching helpers -------------------------------------------------------------------

    def _text(self, text: str) -> None:
        raw, c = self.raw, self.cursor
        n = len(text)
        if raw.startswith(text, c) and (n == 0 or self.at(c + n - 1) - self.at(c) == n - 1) \
                and self.src.startswith(text, self.at(c)):
            if n:
                self.out.copy(self.at(c), n)
            self.cursor = c + n
            return
        j = 0
        while j < n:
            ch = text[j]
            if c < len(raw) and raw[c] == "&" and (m := _ENTITY.match(raw, c)) \
                    and (decoded := html.unescape(m.group())) != m.group() and text.startswith(decoded, j):
                self.out.put(decoded, self.at(c))
                j += len(decoded)
                c = m.end()
            elif c < len(raw) and raw[c] == ch:
                # copy only what the source really holds there; a character whose place could
                # not be found exactly is put, never replaced by whatever stands at that offset
                if self.src[self.at(c)] == ch:
                    self.out.copy(self.at(c))
                else:
                    self.out.put(ch, self.at(c))
                c += 1
                j += 1
            elif c + 1 < len(raw) and raw[c] == "\\" and raw[c + 1] == ch and ch in _ASCII_PUNCT:
                c += 1  # an escape: the backslash is markup
            else:
                # Out of step (an unforeseen normalisation): resynchronise on the rest if it is
                # found ahead, else keep the text pinned to where we are.
                found = raw.find(text[j:], c)
                if found != -1 and found > c:
                    c = found
                    continue
                self.out.put(text[j:], self.at(c))
                break
        self.cursor = c

    def _line_break(self) -> None:
        raw, c = self.raw, self.cursor
        newline = raw.find("\n", c)
        if newline == -1:
            return
        self.out.put(" ", self.at(newline))
        c = newline + 1
        while c < len(raw) and raw[c] in " \t":
            c += 1
        self.cursor = c

    def _skip_literal(self, literal: str) -> None:
        if self.raw.startswith(literal, self.cursor):
            self.cursor += len(literal)
            return
        found = self.raw.find(literal, self.cursor)
        if found != -1:
            self.cursor = found + len(literal)

    def _skip_code(self, tok) -> None:
        raw, fence = self.raw, tok.markup or "`"
        start = raw.find(fence, self.cursor)
        if start == -1:
            return
        i = start + len(fence)
        while True:
            close = raw.find(fence, i)
            if close == -1:
                self.cursor = start + len(fence)
                return
            after = close + len(fence)
            if after < len(raw) and raw[after] == "`":
                i = after
                while i < len(raw) and raw[i] == "`":
                    i += 1
                continue
            self.cursor = after
            inner = start + len(fence)
            self.b.find_onnx_paths(tok.content, self.at(inner))
            if self.keep_code:
                found = raw.find(tok.content, inner, close)
                if found != -1 and self.src.startswith(tok.content, self.at(found)) \
                        and self.at(found + len(tok.content) - 1) - self.at(found) == len(tok.content) - 1:
                    self.out.copy(self.at(found), len(tok.content))
                else:
                    self.out.put(tok.content, self.at(inner))
            return

    def _skip_brackets(self) -> None:
        """Cursor at '[': move past its matching ']' (nesting and escapes respected)."""
        raw, i, depth = self.raw, self.cursor, 0
        while i < len(raw):
            ch = raw[i]
            if ch == "\\":
                i += 2
                continue
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    self.cursor = i + 1
                    return
            i += 1

    def _skip_destination(self) -> str | None:
        """After a link's ']': skip `(dest "title")` or `[label]`; return an inline dest as written."""
        raw, i = self.raw, self.cursor
        if i < len(raw) and raw[i] == "[":
            self._skip_brackets()
            return None
        if i >= len(raw) or raw[i] != "(":
            return None
        i += 1
        while i < len(raw) and raw[i] in " \t\n":
            i += 1
        dest_start = i
        if i < len(raw) and raw[i] == "<":
            close = raw.find(">", i)
            i = close + 1 if close != -1 else len(raw)
            dest = raw[dest_start + 1:i - 1]
        else:
            depth = 0
            while i < len(raw) and not raw[i].isspace():
                ch = raw[i]
                if ch == "\\":
                    i += 2
                    continue
                if ch == "(":
                    depth += 1
                elif ch == ")":
                    if depth == 0:
                        break
                    depth -= 1
                i += 1
            dest = raw[dest_start:i]
        while i < len(raw) and raw[i] in " \t\n":
            i += 1
        if i < len(raw) and raw[i] in "\"'(":
            closer = ")" if raw[i] == "(" else raw[i]
            i += 1
            while i < len(raw) and raw[i] != closer:
                i += 2 if raw[i] == "\\" else 1
            i += 1
            while i < len(raw) and raw[i] in " \t\n":
                i += 1
        if i < len(raw) and raw[i] == ")":
            i += 1
        self.cursor = min(i, len(raw))
        return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", dest) or None

    def _skip_image(self) -> None:
        if self.raw.startswith("!", self.cursor):
            self.cursor += 1
        self._skip_brackets()
        self._skip_destination()

    def _onnx_paths(self, text: str, out_start: int) -> None:
        if ".onnx" in text:
            mapped = self.out.text
            for m in _ONNX_PATH.finditer(text):
                start = mapped.source_offset(out_start + m.start())
                self.b.links.append(Link(m.group(), m.group(),
                                         self.b.source.span(start, start + len(m.group()))))


@dataclass
class _Span:
    """A stand-in token for HTML blocks merged into one (only its line map is read)."""

    map: tuple[int, int]


def _hrefs(html_text: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in _HREF.finditer(html_text)]


# ---------------------------------------------------------------------------------------------
# Blocks


class _Builder:
    """Turns the token stream into blocks, sections, tables, comments and links."""

    def __init__(self, document: Document, lines: _Lines):
        self.document = document
        self.lines = lines
        self.source = lines.source
        self.links: list[Link] = []
        self.comments: list[Comment] = []
        self.section: Section | None = None
        self.section_stack: list[Section] = []
        self.table_budget = TableBudget()  # all tables' cells (MAX_DOCUMENT_TABLE_CELLS)
        self._html_ends: dict[int, int] = {}  # token index → last token of its HTML table
        for table in document.tables:  # the model-index table of the front matter
            self.table_budget.add(table.rows)

    def run(self, tokens) -> None:
        containers: list[str] = []
        # (token index of the block's open, of its close, the block) for paragraphs, to find captions
        paragraphs: dict[int, tuple[Block, str]] = {}  # close index → (block, raw content)
        paragraph_opens: dict[int, tuple[Block, str]] = {}  # open index → (block, raw content)
        tables: list[tuple[int, int, Table]] = []
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            kind = tok.type
            if kind in ("bullet_list_open", "ordered_list_open", "list_item_open"):
                containers.append("item")
            elif kind == "blockquote_open":
                containers.append("quote")
            elif kind in ("bullet_list_close", "ordered_list_close", "list_item_close",
                          "blockquote_close") and containers:
                containers.pop()
            elif kind == "heading_open":
                self._heading(tok, tokens[i + 1])
                i += 2
            elif kind == "paragraph_open":
                inline = tokens[i + 1]
                block = self._block(containers[-1] if containers else "paragraph", inline)
                if block is not None:
                    paragraphs[i + 2] = paragraph_opens[i] = (block, inline.content)
                i += 2
            elif kind == "table_open":
                close = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
                table = self._table(tok, tokens[i:close + 1])
                if table is not None:
                    tables.append((i, close, table))
                i = close
            elif kind in ("fence", "code_block"):
                self._check_fence(tok)
            elif kind == "html_block":
                last = self._html_table_end(tokens, i)
                if last != i:  # a <table> split by blank lines: one block, one table
                    tok = _Span(map=(tok.map[0], tokens[last].map[1]))
                tables.extend((i, last, table) for table in self._html_block(tok))
                i = last
            i += 1
        self._attach_captions(tables, paragraphs, paragraph_opens)
        self.document.comments.extend(sorted(self.comments, key=_span_key))
        self.document.links.extend(sorted(self.links, key=_span_key))

    def _raw_inline(self, inline) -> tuple[str, list[int], int]:
        """The inline token's content with the source offset of each character: each content
        line is found in its source line (it is that line minus container prefixes)."""
        content = inline.content
        first = inline.map[0] if inline.map else 0
        offsets: list[int] = []
        content_lines = content.split("\n")
        for n, piece in enumerate(content_lines):
            line = min(first + n, len(self.lines.texts) - 1)
            offsets.extend(self._locate(piece, line))
            if n < len(content_lines) - 1:
                offsets.append(self.lines.end(line))
        last_line = min(first + len(content_lines) - 1, len(self.lines.texts) - 1)
        end = offsets[-1] + 1 if offsets else self.lines.end(last_line)
        return content, offsets, end

    def _locate(self, piece: str, line: int) -> range | list[int]:
        text, start = self.lines.texts[line], self.lines.starts[line]
        stripped_piece, stripped_line = piece.rstrip(), text.rstrip()
        if stripped_line.endswith(stripped_piece):
            col = len(stripped_line) - len(stripped_piece)
            return range(start + col, start + col + len(piece))
        col = text.find(piece)
        if col != -1:
            return range(start + col, start + col + len(piece))
        core = piece.lstrip()
        col = text.find(core.rstrip()) if core.strip() else -1
        if col != -1:  # leading whitespace expanded from a tab: pin it to the first kept character
            lead = len(piece) - len(core)
            return [start + col] * lead + list(range(start + col, start + col + len(core)))
        return [start] * len(piece)

    def _inline_text(self, inline) -> tuple[MappedText, _Inline]:
        raw, offsets, end = self._raw_inline(inline)
        walker = _Inline(self, raw, offsets, end)
        return walker.run(inline.children or []), walker

    def _block(self, kind: str, inline) -> Block | None:
        text, _ = self._inline_text(inline)
        text = text.strip()
        if not text.text:
            return None
        block = Block(kind, text, section=self.section, refs=_table_mentions(text.text))
        self.document.blocks.append(block)
        return block

    def _heading(self, open_tok, inline) -> None:
        text, _ = self._inline_text(inline)
        text = text.strip()
        level = int(open_tok.tag[1]) if open_tok.tag[1:].isdigit() else 1
        title = " ".join(text.text.split())
        while self.section_stack and self.section_stack[-1].level >= level:
            self.section_stack.pop()
        kind = classify_section(title)
        if kind == "other" and self.section_stack:
            kind = self.section_stack[-1].kind  # "### ImageNet" under "## Results" is results
        span = self.lines.span_lines(open_tok.map[0], open_tok.map[1] - 1) if open_tok.map \
            else text.span()
        self.section = Section(title, kind, level, span)
        self.section_stack.append(self.section)
        if text.text:
            self.document.blocks.append(Block("heading", text, section=self.section,
                                              refs=_table_mentions(text.text)))

    # -- tables -------------------------------------------------------------------------------

    def _table(self, open_tok, tokens) -> Table | None:
        """The GFM table of tokens[0] (table_open) to its table_close; None when the document's
        tables already fill MAX_DOCUMENT_TABLE_CELLS (reported once)."""
        first = open_tok.map[0]
        max_cells, cells_limit = room = self.table_budget.room()
        if max_cells == 0:
            message = self.table_budget.refuse()
            if message:
                at = self.lines.starts[first]
                self.document.diagnostics.append(Diagnostic("CP001", message, self.source.span(at, at)))
            return None
        row_cap, row_limit = row_room(room)
        rows: list[list[Cell]] = []
        row: list[Cell] = []
        segments: list[tuple[int, int]] = []
        row_line = 0
        cell_index = 0
        cells = 0
        wide_reported = False
        for i, tok in enumerate(tokens):
            if tok.type == "tr_open":
                row_line = tok.map[0] if tok.map else row_line
                too_wide = rows and len(rows[0]) * (len(rows) + 1) > max_cells
                if too_wide or len(rows) >= MAX_TABLE_ROWS:
                    at = self.lines.starts[row_line]
                    limit = cells_limit if too_wide else "MAX_TABLE_ROWS"
                    self.document.diagnostics.append(Diagnostic(
                        "CP001", table_truncated(limit, len(rows)),
                        self.source.span(at, self.lines.end(row_line))))
                    break
                row, cell_index = [], 0
                row_line = tok.map[0] if tok.map else row_line
                segments = self._row_segments(row_line)
            elif tok.type == "tr_close":
                rows.append(row)
            elif tok.type == "inline":
                cells += 1
                if cell_index >= row_cap:  # one absurdly wide row: its cells past the cap
                    if not wide_reported:
                        wide_reported = True
                        at = self.lines.starts[row_line]
                        self.document.diagnostics.append(Diagnostic(
                            "CP001", row_truncated(row_limit, row_cap),
                            self.source.span(at, self.lines.end(row_line))))
                    continue
                if cell_index < len(segments):
                    start, end = segments[cell_index]
                else:  # a cell markdown-it padded: no source, point at the end of the row
                    start = end = self.lines.end(row_line)
                row.append(self._cell(tok, start, end))
                cell_index += 1
        last = open_tok.map[1] - 1
        self.table_budget.add(rows)
        return Table(rows=rows, header_rows=1, span=self.lines.span_lines(first, last),
                     section=self.section, environment="gfm")

    def _row_segments(self, line: int) -> list[tuple[int, int]]:
        """Source ranges of a GFM row's cells, whitespace trimmed; `\\|` does not split."""
        text, base = self.lines.texts[line], self.lines.starts[line]
        i = 0
        while i < len(text) and text[i] in " \t>":  # indentation and blockquote markers
            i += 1
        content_end = len(text.rstrip())
        pipes = []
        j = i
        while j < content_end:
            if text[j] == "\\":
                j += 2
                continue
            if text[j] == "|":
                pipes.append(j)
            j += 1
        # Cells lie between boundaries; a missing leading or trailing pipe is a virtual one.
        bounds = pipes if pipes and pipes[0] == i else [i - 1] + pipes
        if not pipes or pipes[-1] != content_end - 1 or len(bounds) == 1:
            bounds.append(content_end)
        segments = []
        for left, right in zip(bounds, bounds[1:]):
            s, e = left + 1, right
            while s < e and text[s] in " \t":
                s += 1
            while e > s and text[e - 1] in " \t":
                e -= 1
            segments.append((base + s, base + e))
        return segments

    def _cell(self, inline, start: int, end: int) -> Cell:
        raw = self.source.text[start:end]
        walker = _Inline(self, raw, list(range(start, end)), end, keep_code=True)
        text = walker.run(inline.children or []).text
        weights = {"strong": [0, 0], "em": [0, 0], "underline": [0, 0], "colored": [0, 0]}
        for run_start, run_end, *flags in walker.styled:
            n = sum(ch.isalnum() for ch in text[run_start:run_end])
            for name, flag in zip(weights, flags):
                weights[name][0 if flag else 1] += n
        marked = {name: inside > 0 and inside >= outside for name, (inside, outside) in weights.items()}
        return Cell(" ".join(text.split()), self.source.span(start, end), bold=marked["strong"],
                    italic=marked["em"], underline=marked["underline"], colored=marked["colored"])

    def _attach_captions(self, tables, paragraphs, paragraph_opens) -> None:
        """A "Table N: …" paragraph right before or after a table is its caption; the number a
        caption gives wins over document order so that prose "Table N" finds the table."""
        taken: set[int] = set()
        order = 0
        for open_index, close_index, table in tables:
            order += 1
            table.number = order
            for candidate in (paragraphs.get(open_index - 1), paragraph_opens.get(close_index + 1)):
                if candidate is None or id(candidate[0]) in taken:
                    continue
                block, raw = candidate
                number = _caption_number(block.text.text, raw)
                if number is None:
                    continue
                taken.add(id(block))
                block.kind, block.table = "caption", table
                table.caption = block
                table.number = number
                break
            self.document.tables.append(table)

    # -- code, html ---------------------------------------------------------------------------

    def _check_fence(self, tok) -> None:
        if tok.type != "fence" or not tok.map:
            return
        first, end = tok.map
        closing = self.lines.texts[end - 1].lstrip(" \t>").strip() if end - 1 < len(self.lines.texts) else ""
        fence_char = tok.markup[:1]
        closed = end - first >= 2 and closing.startswith(tok.markup) and closing.strip(fence_char) == ""
        if not closed:
            at = self.lines.starts[first]
            self.document.diagnostics.append(Diagnostic(
                "CP001", f"code fence opened on line {first + 1} is never closed: the rest of the "
                         f"file is read as code, not prose", self.source.span(at, at)))

    def _html_table_end(self, tokens, i: int) -> int:
        """The last of the consecutive HTML blocks that hold one `<table>`: CommonMark ends an
        HTML block at a blank line, and READMEs often leave one between `</tr>` and `<tr>`.

        Computed once per run of consecutive HTML blocks, in linear time: searching forward
        from every block of a run of 3,000 unclosed `<table>`s took 13 s."""
        if i not in self._html_ends:
            self._html_ends.update(self._html_run_ends(tokens, i))
        return self._html_ends[i]

    def _html_run_ends(self, tokens, i: int) -> dict[int, int]:
        """For each block k of the run of HTML blocks starting at token i: the first block j >= k
        where the `<table>`s open since k are all closed, or k itself when they never are."""
        def unclosed(tok) -> int:
            first, end = tok.map
            raw = self.source.text[self.lines.starts[first]:
                                   self.lines.end(min(end, len(self.lines.texts)) - 1)].lower()
            return raw.count("<table") - raw.count("</table")
        run = [i]
        while run[-1] + 1 < len(tokens) and tokens[run[-1] + 1].type == "html_block":
            run.append(run[-1] + 1)
        # depth[t]: tables left open by the run's blocks before the t-th; block k's tables are
        # closed after block j when depth[j + 1] <= depth[k]: the next smaller-or-equal element
        depth = [0]
        for k in run:
            depth.append(depth[-1] + unclosed(tokens[k]))
        closes_at: list[int | None] = [None] * len(depth)
        stack: list[int] = []
        for t in range(len(depth) - 1, -1, -1):
            while stack and depth[stack[-1]] > depth[t]:
                stack.pop()
            closes_at[t] = stack[-1] if stack else None
            stack.append(t)
        ends = {}
        for t, k in enumerate(run):
            opened = depth[t + 1] > depth[t]
            ends[k] = run[closes_at[t] - 1] if opened and closes_at[t] is not None else k
        return ends

    def _html_block(self, tok) -> list[Table]:
        """Comments, links and `<table>`s of an HTML block (its other markup is not prose)."""
        first, end = tok.map
        start = self.lines.starts[first]
        stop = self.lines.end(min(end, len(self.lines.texts)) - 1)
        raw = self.source.text[start:stop]
        self.add_comments(raw, start)
        opened = raw.count("<!--")
        if opened > len(_COMMENT.findall(raw)):
            at = start + raw.rfind("<!--")
            self.document.diagnostics.append(Diagnostic(
                "CP001", "HTML comment is never closed: the rest of the file is hidden",
                self.source.span(at, at)))
        for m in _HREF.finditer(raw):
            target = next(g for g in m.groups() if g is not None)
            self.add_link(target, "", start + m.start(), start + m.end())
        if "<table" not in raw.lower():
            return []
        tables, notes = read_html_tables(_COMMENT.sub(lambda m: " " * len(m.group()), raw), start,
                                         self.source, self.table_budget)
        self.document.diagnostics.extend(notes)
        for table in tables:
            table.section = self.section
        return tables

    # -- records ------------------------------------------------------------------------------

    def add_comments(self, raw: str, at: int) -> None:
        for m in _COMMENT.finditer(raw):
            self.comments.append(Comment(m.group(1).strip(), self.source.span(at + m.start(), at + m.end())))

    def add_link(self, target: str, text: str, start: int, end: int) -> None:
        self.links.append(Link(target, text, self.source.span(start, end)))

    def find_onnx_paths(self, code: str, at: int) -> None:
        """`.onnx` paths named in inline code (`models/vit.onnx`) are links for the verifier."""
        if ".onnx" not in code:
            return
        raw = self.source.text
        for m in _ONNX_PATH.finditer(code):
            start = raw.find(m.group(), at)
            start = at if start == -1 else start
            self.links.append(Link(m.group(), m.group(), self.source.span(start, start + len(m.group()))))


def _span_key(item) -> tuple[int, int]:
    return item.span.line, item.span.column


def _caption_number(text: str, raw: str) -> int | None:
    m = _CAPTION.match(text) or _CAPTION_EMPHASIZED.match(raw)
    return int(m.group(m.lastindex)) if m else None


def _table_mentions(text: str) -> list[tuple[int, str]]:
    """(offset, "Table N") for each "Table N" / "Tab. N" / "Tables N and M" in prose."""
    refs = []
    for m in _TABLE_MENTION.finditer(text):
        refs.append((m.start(), f"Table {int(m.group(1))}"))
        if m.group(2):
            for n in _FOLLOWING_NUMBER.finditer(m.group(2)):
                refs.append((m.start(2) + n.start(), f"Table {int(n.group())}"))
    return refs
