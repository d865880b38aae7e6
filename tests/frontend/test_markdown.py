"""Markdown front end: every kept character maps back to its exact source character; code,
HTML and comments never reach prose; tables, front matter, comments and links are captured."""
from pathlib import Path

import pytest

from claimcheck.document import Document
from claimcheck.frontend import load_document
from claimcheck.report.dump import render_dump

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "markdown"


def offset_of(source, line: int, column: int) -> int:
    return source._line_starts[line - 1] + column - 1


def span_text(document: Document, span) -> str:
    source = document.files[0]
    return source.text[offset_of(source, span.line, span.column):offset_of(source, span.end_line, span.end_column)]


def assert_maps_exactly(document: Document) -> None:
    """Each sentence character is its source character, except a line break (or `<br>`) read as
    a space, an entity or a YAML escape read as the character it names; offsets never go
    backwards."""
    source = document.files[0].text
    assert any(True for _ in document.sentences())
    for sentence in document.sentences():
        mapped = sentence.block.text
        previous = -1
        for i in range(sentence.start, sentence.end):
            ch, offset = mapped.text[i], mapped.source_offset(i)
            at = source[offset]
            assert ch == at or (ch == " " and at in "\r\n<") or at in "&\\", \
                f"{sentence.text!r}: {ch!r} maps to {at!r} at {offset}"
            assert offset >= previous
            previous = offset


def prose(document: Document) -> str:
    return "\n".join(s.text for s in document.sentences())


def find_sentence(document: Document, start: str):
    return next(s for s in document.sentences() if s.text.startswith(start))


@pytest.fixture(scope="module")
def readme():
    return load_document(str(FIXTURES / "readme.md"))


@pytest.fixture(scope="module")
def card():
    return load_document(str(FIXTURES / "model_card.md"))


# --- prose and its source map ------------------------------------------------------------------

def test_readme_sentences_map_exactly(readme):
    assert_maps_exactly(readme)


def test_emphasis_across_line_break(readme):
    s = find_sentence(readme, "EfficientNet-Lite is")
    assert s.text == "EfficientNet-Lite is 3.2x faster than ResNet-50 on a Pixel 4 CPU, e.g. at batch size 1."
    span = s.span
    assert (span.line, span.column, span.end_line, span.end_column) == (5, 1, 6, 66)
    # the claim word after the soft break maps to line 6, column 1 ("faster** than …")
    i = s.text.index("faster")
    assert s.char_span(i, i + 6) == type(span)(span.path, 6, 1, 6, 7)


def test_sentence_start_positions(readme):
    assert str(find_sentence(readme, "It has only").span).endswith(":7:1")
    quote = find_sentence(readme, "See Fig. 3")
    assert (quote.span.line, quote.span.column) == (40, 46)
    assert quote.block.kind == "quote"
    item = find_sentence(readme, "Then we prune")
    assert (item.span.line, item.span.column) == (43, 4) and item.block.kind == "item"


def test_inline_markup_removed(readme):
    text = prose(readme)
    assert "Download the ONNX weights or see the paper." in text
    assert "Escapes like *stars* and entities like <1 ms> stay readable." in text
    for markup in ("**", "](", "![", "<u>", "<!--", "\\*", "&lt;"):
        assert markup not in text


def test_code_and_html_never_reach_prose(readme):
    text = prose(readme)
    for hidden in ("10x faster install", "99x", "bench.py", "--fast", "50x", "expect", "ignore["):
        assert hidden not in text
    assert "Run to reproduce the 2x speedup." in text


def test_comments_recorded(readme):
    comments = [(c.text, c.span.line, c.span.column) for c in readme.comments]
    assert comments == [("claimcheck: ignore[CC106] measured on device", 10, 70), ("expect: CC103", 22, 1)]


def test_links_recorded(readme):
    links = {link.target: link for link in readme.links}
    onnx = links["models/lite0.onnx"]
    assert onnx.text == "ONNX weights"
    assert span_text(readme, onnx.span) == '[ONNX weights](models/lite0.onnx "weights")'
    assert links["https://arxiv.org/abs/1905.11946"].text == "the paper"  # reference style
    assert "https://ci.example.org" in links  # a badge: image inside a link


def test_sections(readme):
    kinds = {s.section.title: s.section.kind for s in readme.sentences() if s.section}
    assert kinds["Results"] == "results"
    assert kinds["Throughput"] == "results"  # a subsection without its own kind inherits it
    assert find_sentence(readme, "The throughput").section.level == 3


def test_table_refs_in_prose(readme):
    assert find_sentence(readme, "It has only").refs == ["Table 2"]


# --- tables ------------------------------------------------------------------------------------

def test_gfm_table(readme):
    (table,) = readme.tables
    assert table.environment == "gfm" and table.header_rows == 1
    assert [[c.text for c in row] for row in table.rows] == [
        ["Model", "Params (M)", "Top-1", "Latency | ms"],
        ["ResNet-50", "25.6", "76.1", "30.2"],
        ["Lite0", "4.7", "75.1", "9.8"],
        ["Lite1", "5.4", "n/a", "12.1"],
    ]
    assert [c.bold for c in table.rows[2]] == [True, True, False, False]
    assert table.rows[2][3].underline and not table.rows[1][3].underline
    assert table.caption is not None and table.caption.kind == "caption"
    assert table.caption.table is table and table.caption in readme.blocks
    assert table.number == 2  # the caption's own number, so "Tab. 2" in prose finds it
    assert readme.table_by_ref("Table 2") is table
    assert (table.span.line, table.span.end_line) == (34, 38)


def test_cell_spans_are_exact(readme):
    (table,) = readme.tables
    raw = [[span_text(readme, c.span) for c in row] for row in table.rows]
    assert raw[0] == ["Model", "Params (M)", "Top-1", "Latency \\| ms"]
    assert raw[2] == ["**Lite0**", "**4.7**", "75.1", "<u>9.8</u>"]
    assert raw[3][2] == "`n/a`"
    cell = table.rows[1][1]
    assert (cell.span.line, cell.span.column, cell.span.end_column) == (36, 15, 19)


def test_tables_numbered_in_order_and_captions_after(tmp_path):
    path = tmp_path / "t.md"
    path.write_text("| a | b |\n|---|---|\n| 1 | 2 |\n\n*Table 1* Speed.\n\n"
                    "Some text.\n\n> | x | y |\n> |---|---|\n> | **3** | 4 |\n\nAs Tables 1 and 2 show.\n")
    doc = load_document(str(path))
    first, second = doc.tables
    assert (first.number, second.number) == (1, 2)
    assert first.caption.text.text == "Table 1 Speed."
    assert second.caption is None
    assert [c.text for c in second.rows[1]] == ["3", "4"] and second.rows[1][0].bold
    assert span_text(doc, second.rows[1][0].span) == "**3**"
    assert find_sentence(doc, "As Tables").refs == ["Table 1", "Table 2"]


# --- front matter ------------------------------------------------------------------------------

def test_front_matter_metadata(card):
    assert card.metadata["license"] == "apache-2.0"
    assert card.metadata["tags"] == ["image-classification"]


def test_front_matter_prose_maps_exactly(card):
    assert_maps_exactly(card)
    blocks = [b for b in card.blocks if b.kind == "frontmatter"]
    assert [b.text.text.split()[0] for b in blocks] == ["TinyViT", "TinyViT", "The"]
    folded = find_sentence(card, "TinyViT reaches")
    assert folded.text == "TinyViT reaches 80.7% top-1 on ImageNet while running 2.1x faster than DeiT-S."
    assert (folded.span.line, folded.span.column, folded.span.end_line) == (8, 3, 9)
    literal = find_sentence(card, "It was trained")
    assert (literal.span.line, literal.span.column) == (12, 3)
    plain = find_sentence(card, "TinyViT is a small")
    assert (plain.span.line, plain.span.column) == (6, 14)
    assert "cat.jpg" not in prose(card)  # short, non-prose values stay metadata


def test_model_index_table(card):
    (table,) = card.tables
    assert table.environment == "model-index"
    assert [c.text for c in table.rows[0]] == ["Model", "Task", "Dataset", "Metric", "Value"]
    assert [[c.text for c in row] for row in table.body] == [
        ["TinyViT-5M", "Image Classification", "ImageNet-1k", "Top-1 Accuracy", "80.7"],
        ["TinyViT-5M", "Image Classification", "ImageNet-1k", "throughput", "3060"],
    ]
    for row in table.body:
        for cell in row:
            assert span_text(card, cell.span) == cell.text
    assert table.body[1][4].span.line == 29


def test_bad_yaml_is_a_diagnostic_and_the_rest_is_linted():
    doc = load_document(str(FIXTURES / "bad_yaml.md"))
    assert [d.code for d in doc.diagnostics] == ["CP001"]
    assert "YAML" in doc.diagnostics[0].message and doc.diagnostics[0].span.line == 3
    assert doc.metadata == {}
    assert find_sentence(doc, "The model is 3x faster").span.line == 7


# --- bad input ---------------------------------------------------------------------------------

def test_crlf_gives_the_same_positions(tmp_path):
    lf = (FIXTURES / "readme.md").read_text(encoding="utf-8")
    path = tmp_path / "crlf.md"
    path.write_bytes(lf.replace("\n", "\r\n").encode("utf-8"))
    doc = load_document(str(path))
    assert_maps_exactly(doc)
    reference = load_document(str(FIXTURES / "readme.md"))
    as_tuple = lambda d: [(s.text, s.span.line, s.span.column, s.span.end_line, s.span.end_column)
                          for s in d.sentences()]
    assert as_tuple(doc) == as_tuple(reference)
    cells = lambda d: [(c.text, c.span.line, c.span.column, c.span.end_column)
                       for row in d.tables[0].rows for c in row]
    assert cells(doc) == cells(reference)


def test_bom_and_tabs(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff# Speed\n\nIt is\t3x faster.\n\n-\tItem two is 2x faster.\n".encode("utf-8"))
    doc = load_document(str(path))
    assert_maps_exactly(doc)
    assert (doc.blocks[0].span.line, doc.blocks[0].span.column) == (1, 3)
    s = find_sentence(doc, "It is")
    assert s.text == "It is\t3x faster."
    i = s.text.index("3x")
    assert s.char_span(i, i + 2).column == 7  # columns count characters: a tab is one
    item = find_sentence(doc, "Item two")
    assert (item.span.line, item.span.column) == (5, 3)


def test_latin1_bytes_fall_back_with_a_note(tmp_path):
    path = tmp_path / "latin.md"
    path.write_bytes(b"# Caf\xe9\n\nThe caf\xe9 model is 2x faster.\n")
    doc = load_document(str(path))
    assert any(d.code == "CP001" and "UTF-8" in d.message for d in doc.diagnostics)
    assert find_sentence(doc, "The caf").text == "The caf\u00e9 model is 2x faster."
    assert_maps_exactly(doc)


def test_unclosed_code_fence():
    doc = load_document(str(FIXTURES / "unclosed_fence.md"))
    assert [(d.code, d.span.line) for d in doc.diagnostics] == [("CP001", 5)]
    assert "never closed" in doc.diagnostics[0].message
    assert "10x" not in prose(doc) and "The model is fast." in prose(doc)


def test_no_prose_says_so():
    doc = load_document(str(FIXTURES / "no_prose.md"))
    assert [d.code for d in doc.diagnostics] == ["CP001"]
    assert "no prose" in doc.diagnostics[0].message
    assert [c.text for c in doc.comments] == ["just a comment"]


def test_text_given_directly_is_parsed_without_touching_disk():
    doc = load_document("stdin.md", "Hello **world** is 2x faster.\n")
    assert prose(doc) == "Hello world is 2x faster."
    assert_maps_exactly(doc)


# --- the parse dump ----------------------------------------------------------------------------

def test_dump_shows_what_the_front_end_saw(readme):
    out = render_dump(readme, column_notes={2: ["model names", "params (M)", "accuracy", "latency (ms)"]})
    assert out == render_dump(readme, column_notes={2: ["model names", "params (M)", "accuracy", "latency (ms)"]})
    path = readme.files[0].path
    assert f"{path}:7:1-7:73  It has only 4.7M parameters (cf. Tab. 2) and needs 0.4 GFLOPs per image." in out
    assert "*Lite0*" in out and "_9.8_" in out
    assert "caption: Table 2: Accuracy and latency on ImageNet." in out
    assert "column 4: latency (ms)" in out
    assert "expect: CC103" in out and "models/lite0.onnx" in out
    assert "## Results  [results]" in out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.strip().startswith("Model "))
    assert set(lines[header + 1].strip()) <= {"-", "+"}  # header rule under the header row


def test_dump_lists_diagnostics_and_metadata(card):
    bad = load_document(str(FIXTURES / "bad_yaml.md"))
    assert "CP001 invalid YAML front matter" in render_dump(bad)
    out = render_dump(card)
    assert "metadata keys: language, license, tags, description" in out
    assert "table 0 (model-index)" in out


def test_front_matter_scalar_styles():
    doc = load_document(str(FIXTURES / "front_matter_styles.md"))
    assert_maps_exactly(doc)
    found = {s.text: (s.span.line, s.span.column) for s in doc.sentences()}
    assert found["Single quoted it's 3x faster on eight V100 GPUs with fp16 precision."] == (3, 11)
    assert found["plain multi line value that continues here with 5x fewer FLOPs than ResNet."] == (4, 20)
    assert found["Latency is 3 ms."] == (10, 7)  # a literal block nested two levels down
    assert found["Folded keeps the final newline and is 4x faster overall."] == (12, 7)
    escaped = find_sentence(doc, "A quoted")
    assert escaped.text.startswith('A quoted "model" that is 2x faster')
    assert found["Body text is here."] == (17, 1)


def test_html_links_onnx_paths_in_code_and_lone_carriage_returns():
    text = ('Get <a href="w/m.onnx">the model</a> now.\r\rRun `python eval.py models/vit.onnx` too.\n\n'
            '<p><a href="b.onnx">b</a></p>\n')
    doc = load_document("card.md", text)
    assert_maps_exactly(doc)
    assert [s.text for s in doc.sentences()] == ["Get the model now.", "Run too."]
    links = [(link.target, link.text) for link in doc.links]
    assert links == [("w/m.onnx", "the model"), ("models/vit.onnx", "models/vit.onnx"), ("b.onnx", "")]
    assert span_text(doc, doc.links[1].span) == "models/vit.onnx"


HTML_TABLE = """# Models

<table>
  <tr><th rowspan="2">Model</th><th colspan="2">Cost</th><th>Top-1</th></tr>
  <tr><th>Params (M)</th><th>Latency<br>(ms)</th><th>%</th></tr>
  <tr><td>Ours-S</td><td>5.3</td><td>12</td><td>77.1</td></tr>
  <tr><td>ResNet&#8209;50</td><td>25.6</td><td colspan="999999">x</td></tr>
</table>
"""


def test_html_tables_become_tables_with_spans_and_source_positions():
    document = load_document("r.md", HTML_TABLE)
    (table,) = document.tables
    assert table.environment == "html" and table.header_rows == 2
    texts = [[c.text for c in row] for row in table.rows]
    assert texts[0][:3] == ["Model", "Cost", "Cost"]
    assert texts[1][:3] == ["Model", "Params (M)", "Latency (ms)"]
    assert texts[2] == ["Ours-S", "5.3", "12", "77.1"][: len(texts[2])]
    cell = table.rows[2][1]
    line = HTML_TABLE.splitlines()[5]
    assert (cell.span.line, cell.span.column) == (6, line.index("5.3") + 1)
    assert line[cell.span.column - 1:cell.span.end_column - 1] == "5.3"


def test_an_html_table_split_by_blank_lines_is_one_table():
    text = ("# R\n\n<table>\n  <tr>\n    <th>Name</th>\n    <th>Params (M)</th>\n  </tr>\n\n"
            "<tr>\n    <td>Net-S</td>\n    <td>5.3</td>\n</tr>\n\n<tr>\n    <td>Net-L</td>\n"
            "    <td>12.0</td>\n</tr>\n</table>\n\nAfter the table.\n")
    document = load_document("r.md", text)
    (table,) = document.tables
    assert [[c.text for c in row] for row in table.rows] == [
        ["Name", "Params (M)"], ["Net-S", "5.3"], ["Net-L", "12.0"]]
    assert table.span.line == 3 and table.rows[2][1].span.line == 16
    assert any("After the table." in b.text.text for b in document.blocks)


def test_a_huge_colspan_is_cut_at_the_tables_edge_and_reported():
    document = load_document("r.md", HTML_TABLE)
    (table,) = document.tables
    assert {len(row) for row in table.rows} == {4}
    (note,) = document.diagnostics
    assert note.code == "CP001" and note.span.line == 7 and "spans more columns" in note.message
