"""`claimcheck parse`: what the front end saw, for debugging a false positive (or a silence).

Every sentence is printed with the exact source range it maps to, so a user can see whether a
claim was read, how it was cut and where markup was dropped; tables appear as the grid the
table stage will read. The output is deterministic (no timings, no set ordering) so it can be
diffed between versions.
"""
from __future__ import annotations

from claimcheck.document import Cell, Document, Span, Table

MAX_CELL_WIDTH = 24


def render_dump(document: Document, column_notes: dict[int, list[str]] | None = None) -> str:
    """The document as text. `column_notes` (table number → one note per column) lets the
    tables stage say how it classified each column."""
    out: list[str] = [f"document {document.path} ({document.format})"]

    out.append("files:")
    for f in document.files:
        out.append(f"  {f.path}  {f.line_count} lines, {len(f.text)} chars")

    if document.metadata:
        out.append("metadata keys: " + ", ".join(str(k) for k in document.metadata))

    sections = []
    for block in document.blocks:
        if block.section is not None and all(block.section is not s for s in sections):
            sections.append(block.section)
    out.append(f"sections: {len(sections)}")
    for s in sections:
        where = _span(s.span) if s.span else "-"
        out.append(f"  {'#' * s.level} {s.title}  [{s.kind}]  {where}")

    out.append(f"blocks: {len(document.blocks)}")
    for n, block in enumerate(document.blocks, 1):
        section = f"  in '{block.section.title}' [{block.section.kind}]" if block.section else ""
        extra = f"  caption of table {block.table.number}" if block.table is not None else ""
        out.append(f"  block {n} {block.kind} {_span(block.span)}{section}{extra}")
        for sentence in block.sentences:
            refs = f"  refs: {', '.join(sentence.refs)}" if sentence.refs else ""
            out.append(f"    {_span(sentence.span)}  {_oneline(sentence.text)}{refs}")

    out.append(f"tables: {len(document.tables)}"
               + ("  (cell marks: *bold* _underline_ /italic/ ~coloured~ ^spanned)" if document.tables else ""))
    for table in document.tables:
        out.extend(_table(table, (column_notes or {}).get(table.number)))

    out.append(f"comments: {len(document.comments)}")
    out.extend(f"  {_span(c.span)}  {_oneline(c.text)}" for c in document.comments)

    out.append(f"links: {len(document.links)}")
    out.extend(f"  {_span(link.span)}  {link.target}" + (f"  \"{_oneline(link.text)}\"" if link.text else "")
               for link in document.links)

    out.append(f"diagnostics: {len(document.diagnostics)}")
    out.extend(f"  {d.span.path}:{d.span.line}:{d.span.column}: {d.code} {d.message}"
               for d in document.diagnostics)
    return "\n".join(out) + "\n"


def _span(span: Span) -> str:
    return f"{span.path}:{span.line}:{span.column}-{span.end_line}:{span.end_column}"


def _oneline(text: str) -> str:
    return " ".join(text.split())


def _cell_text(cell: Cell) -> str:
    """Cell text with its marks: *bold*, _underline_, /italic/, ~coloured~, ^ for a spanned copy."""
    text = _oneline(cell.text)
    if len(text) > MAX_CELL_WIDTH:
        text = text[: MAX_CELL_WIDTH - 1] + "…"
    if cell.bold:
        text = f"*{text}*"
    if cell.underline:
        text = f"_{text}_"
    if cell.italic:
        text = f"/{text}/"
    if cell.colored:
        text = f"~{text}~"
    if cell.origin is not None:
        text = f"^{text}"
    return text


def _table(table: Table, notes: list[str] | None) -> list[str]:
    label = f"  label {table.label}" if table.label else ""
    out = [f"  table {table.number} ({table.environment or '?'}) {_span(table.span)}"
           f"  {len(table.rows)} rows x {table.width} columns{label}"]
    if table.caption is not None:
        out.append(f"    caption: {_oneline(table.caption.text.text)}")
    grid = [[_cell_text(c) for c in row] + [""] * (table.width - len(row)) for row in table.rows]
    widths = [max((len(row[i]) for row in grid), default=0) for i in range(table.width)]
    rule = "    " + "-+-".join("-" * w for w in widths)
    for r, row in enumerate(grid):
        body_index = r - table.header_rows
        if body_index > 0 and body_index in table.group_starts:
            out.append(rule.replace("-", "."))
        out.append("    " + " | ".join(text.ljust(w) for text, w in zip(row, widths)).rstrip())
        if r == table.header_rows - 1:
            out.append(rule)
    for i, note in enumerate(notes or []):
        out.append(f"    column {i + 1}: {note}")
    return out


def render_claims(claims) -> str:
    """One entry per extracted claim: what the rules will judge (predicate, kinds, indicators,
    figures, setup, phase, matching, risks), so a surprising finding can be traced to its cause."""
    out = [f"claims: {len(claims)}"]
    for claim in claims:
        out.append(f"  {_span(claim.span)}  '{claim.predicate}'  kinds={','.join(claim.kinds)}"
                   + (f"  vs {claim.target}" if claim.target else "")
                   + ("  [related work]" if claim.related else ""))
        setup = claim.setup
        facts = [
            ("indicators", ", ".join(sorted(claim.indicators))),
            ("figures", ", ".join(f"{q.raw} ({q.indicator})" for q in claim.quantities)),
            ("ratios", ", ".join(r.raw for r in claim.ratios)),
            ("setup", "; ".join(f"{name} {', '.join(values)}" for name, values in (
                ("hardware", setup.hardware), ("precision", setup.precision),
                ("framework", setup.framework)) if values)
             + ("; batch size" if setup.batch else "")),
            ("phase", claim.phase or ""),
            ("matched on", ", ".join(claim.matching)),
            ("risks", ", ".join(claim.risks)),
        ]
        out.extend(f"      {name}: {value.strip('; ')}" for name, value in facts if value)
    others = getattr(claims, "other_senses", [])
    if others:
        out.append(f"not claims (efficiency words in another sense): {len(others)}")
        out.extend(f"  {_span(sentence.span)}  '{word}': {sense}" for sentence, word, sense in others)
    return "\n".join(out) + "\n"
