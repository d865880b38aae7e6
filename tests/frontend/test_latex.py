"""LaTeX front end: every sentence maps back to its file, markup becomes readable text, tables
become grids, and bad input gets a CP001 diagnostic instead of silence or a traceback."""
from __future__ import annotations

from pathlib import Path

import pytest

from claimcheck.document import Document
from claimcheck.frontend import load_document
from claimcheck.frontend.latex import MATH_PLACEHOLDER, load

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "latex"
PAPER = FIXTURES / "paper" / "main.tex"
TABLES = FIXTURES / "tables.tex"

# Characters a replacement (math symbol, expanded macro, citation, ref number, line break) may
# map to: the start of the markup it replaced, or the whitespace it stands for.
MARKUP_STARTS = set("\\$~{")


def offset_of(text: str, line: int, column: int) -> int:
    lines = text.split("\n")
    return sum(len(ln) + 1 for ln in lines[: line - 1]) + column - 1


def assert_sentences_map_to_source(document: Document) -> int:
    """Each character copied verbatim equals the source character at its offset, replacements
    map to the markup they replaced, offsets never run backwards, and each sentence's span
    starts at its first character in the file that holds it. Returns the sentences checked."""
    paths = {f.path for f in document.files}
    checked = 0
    for sentence in document.sentences():
        mapped = sentence.block.text
        file = mapped.file
        assert file.path in paths
        offsets = [mapped.source_offset(k) for k in range(sentence.start, sentence.end)]
        assert offsets == sorted(offsets), sentence.text
        for k, (char, offset) in enumerate(zip(sentence.text, offsets)):
            source = file.text[offset]
            if char != source:
                assert source in MARKUP_STARTS or (char == " " and source.isspace()), (
                    f"{sentence.text!r}[{k}] = {char!r} maps to {source!r} at {offset}")
        span = sentence.span
        assert span.path == file.path
        assert offset_of(file.text, span.line, span.column) == offsets[0]
        first = file.text[offsets[0]]
        assert first == sentence.text[0] or first in MARKUP_STARTS
        checked += 1
    return checked


def sentence_texts(document: Document) -> list[str]:
    return [s.text for s in document.sentences()]


def find_sentence(document: Document, start: str):
    matches = [s for s in document.sentences() if s.text.startswith(start)]
    assert matches, f"no sentence starts with {start!r}: {sentence_texts(document)}"
    return matches[0]


def cp001(document: Document) -> list[str]:
    return [d.message for d in document.diagnostics if d.code == "CP001"]


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def from_text(source: str) -> Document:
    return load("snippet.tex", source)


@pytest.fixture(scope="module")
def paper() -> Document:
    return load_document(str(PAPER))


@pytest.fixture(scope="module")
def tables() -> Document:
    return load_document(str(TABLES))


# -- source mapping ---------------------------------------------------------------------------
def test_every_sentence_of_the_paper_maps_back_to_its_file(paper):
    assert assert_sentences_map_to_source(paper) >= 20
    assert paper.diagnostics == []


def test_includes_are_followed_and_positions_point_into_the_included_file(paper):
    shown = [Path(f.path).relative_to(PAPER.parent).as_posix() for f in paper.files]
    assert shown == ["main.tex", "sections/intro.tex", "sections/results.tex", "tables/main.tex"]
    sentence = find_sentence(paper, "We train on 8 A100 GPUs")
    assert sentence.span.path.endswith("sections/results.tex")
    assert (sentence.span.line, sentence.span.column) == (3, 1)
    # a sentence spread over two lines keeps one span across the line break
    fastest = find_sentence(paper, "FastNet is the fastest model")
    assert fastest.span.path.endswith("sections/intro.tex")
    assert (fastest.span.line, fastest.span.column, fastest.span.end_line) == (3, 49, 5)


def test_macros_without_arguments_expand_and_map_to_their_use(paper):
    abstract = find_sentence(paper, "We present")
    assert abstract.text == ("We present SwiftViT, a vision transformer that is 4× faster "
                             "than BaseNet on an A100 GPU.")
    k = abstract.text.index("SwiftViT")
    use = abstract.char_span(k, k + 1)
    assert (use.line, use.column) == (18, 12)  # the "\ours" in main.tex
    assert "FastNet is the fastest model we know, and it runs in 3.2 ms per image." in sentence_texts(paper)


def test_comments_are_removed_and_recorded(paper):
    texts = [c.text.strip() for c in paper.comments]
    assert "claimcheck: ignore[CC101] the speed-up is measured in Table 2" in texts
    assert "expect: CC103" in texts
    expect = next(c for c in paper.comments if c.text.strip() == "expect: CC103")
    assert expect.span.path.endswith("main.tex") and expect.span.line == 26
    assert not any("claimcheck:" in s or "expect:" in s for s in sentence_texts(paper))
    # \% is a percent sign, not a comment
    assert "[cite] report a gain of 2.5% with ± 0.1 variance." in sentence_texts(paper)


def test_newlines_inside_a_paragraph_become_spaces_at_the_newline(paper):
    sentence = find_sentence(paper, "FastNet is the fastest")
    k = sentence.text.index("the fastest") + len("the")
    mapped = sentence.block.text
    newline = mapped.source_offset(sentence.start + k)
    assert sentence.text[k] == " " and mapped.file.text[newline] == "\n"


def test_blank_lines_separate_paragraphs():
    document = from_text("First paragraph here.\n\n  \nSecond one\nspans two lines.\n% c\n\nThird.\n")
    assert [b.text.text for b in document.blocks] == [
        "First paragraph here.", "Second one spans two lines.", "Third."]
    assert [b.kind for b in document.blocks] == ["paragraph"] * 3


@pytest.mark.parametrize("source, expected", [
    (r"It is $4\times$ faster.", "It is 4× faster."),
    (r"It has $86.6$M parameters.", "It has 86.6M parameters."),
    (r"It is $\sim$2x faster.", "It is ~2x faster."),
    (r"It needs $\approx 3.1$ GFLOPs.", "It needs ≈3.1 GFLOPs."),
    (r"It costs $10^{9}$ FLOPs.", "It costs 10^9 FLOPs."),
    (r"Accuracy is 80 $\pm$ 0.2.", "Accuracy is 80 ± 0.2."),
    (r"A gain of 12\% overall.", "A gain of 12% overall."),
    (r"Latency is 3 $\mathrm{ms}$ here.", "Latency is 3 ms here."),
    (r"It runs \(2.5\times\) faster.", "It runs 2.5× faster."),
    (r"The loss is $\frac{1}{n}\sum_i x_i$ here.", f"The loss is {MATH_PLACEHOLDER} here."),
    (r"Let $x$ be the input.", f"Let {MATH_PLACEHOLDER} be the input."),
    ("We minimise \\[ L = \\sum_i l_i \\] over data.", f"We minimise {MATH_PLACEHOLDER} over data."),
    ("We minimise\n\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}\nover data.",
     f"We minimise {MATH_PLACEHOLDER} over data."),
])
def test_math_keeps_numbers_readable_and_hides_formulas(source, expected):
    document = from_text(source)
    assert sentence_texts(document) == [expected]
    assert_sentences_map_to_source(document)


def test_math_symbol_maps_to_the_math_and_digits_map_verbatim():
    document = from_text(r"It is $4\times$ faster.")
    sentence = next(document.sentences())
    k = sentence.text.index("4")
    assert sentence.char_span(k, k + 1).column == 8  # the "4" inside the $..$
    assert sentence.char_span(k + 1, k + 2).column == 9  # "×" maps to "\times"


def test_citations_refs_and_labels(paper):
    assert find_sentence(paper, "Prior models").text == "Prior models reach 10^9 operations per image [cite]."
    assert paper.labels["tab:main"] == "Table 1"
    assert paper.labels["fig:pareto"] == "Figure 1"
    assert paper.labels["sec:results"] == "Section 3"
    assert paper.labels["eq:cost"] == "Equation 1"
    assert paper.labels["app:hw"] == "Appendix A"
    # \ref before its label (a forward reference) still reads as the number
    item = find_sentence(paper, "Table 1 lists")
    assert item.refs == ["tab:main"] and item.block.kind == "item"
    shows = find_sentence(paper, "As Table 1 shows")
    assert shows.refs == ["tab:main"]
    assert paper.table_by_ref(shows.refs[0]).number == 1
    assert "see Eq. (1):" in find_sentence(paper, "The cost grows").text


def test_sections_are_classified(paper):
    kinds = {b.section.title: b.section.kind for b in paper.blocks if b.section}
    assert kinds == {"Abstract": "abstract", "Introduction": "introduction",
                     "Related Work": "related", "Experiments": "results",
                     "Experimental Setup": "setup", "Main results": "results",
                     "Acknowledgements": "other", "Hardware": "appendix"}
    headings = [b.text.text for b in paper.blocks if b.kind == "heading"]
    assert headings == ["Introduction", "Related Work", "Experiments", "Experimental Setup",
                        "Main results", "Acknowledgements", "Hardware"]
    assert paper.blocks[0].kind == "title"
    assert paper.blocks[0].text.text == "SwiftViT: Fast Vision Transformers"
    assert find_sentence(paper, "It has 86.6M").block.kind == "abstract"


def test_footnotes_items_captions_links_and_skipped_environments(paper):
    kinds = {s.text: s.block.kind for s in paper.sentences()}
    assert kinds["Measured with batch size 64 on an A100 GPU."] == "footnote"
    assert kinds["Section 3 compares SwiftViT with baselines."] == "item"
    assert kinds["Accuracy against latency on an A100 GPU."] == "caption"
    assert [(link.target, link.text) for link in paper.links] == [
        ("https://example.org/a_b%20c", "https://example.org/a_b%20c"),
        ("https://example.com", "our friends")]
    everything = " ".join(sentence_texts(paper))
    for hidden in ("not prose", "after the end of the document", "Lovelace", "Work done"):
        assert hidden not in everything


# -- tables -----------------------------------------------------------------------------------
def test_paper_table_grid_marks_and_groups(paper):
    (table,) = paper.tables
    assert table.number == 1 and table.label == "tab:main" and table.environment == "tabular"
    assert table.caption.text.text.startswith("Comparison on ImageNet.")
    assert table.caption.table is table and table.caption in paper.blocks
    assert table.span.path.endswith("tables/main.tex") and table.span.line == 1
    assert table.span.end_line == 21  # the whole table* float
    assert table.header_rows == 2 and table.group_starts == [2]
    grid = [[c.text for c in row] for row in table.rows]
    assert grid == [
        ["Model", "Cost", "Cost", "Quality"],
        ["Model", "Params (M)", "Throughput (img/s)", "Top-1 (%)"],
        ["ResNet-50", "25.6", "1,200", "76.1"],
        ["EfficientNet-B3", "12.0", "730", "81.6"],
        ["BaseNet", "86.6", "~300", "78.54±0.2"],
        ["SwiftViT", "22.0", "1,450", "81.9 ± 0.1"],
        ["SwiftViT-L", "48.1", "900", "83.0"],
    ]
    assert table.rows[0][2].origin == (0, 1) and table.rows[1][0].origin == (0, 0)
    best = table.rows[5]
    assert [c.bold for c in best] == [False, True, True, True]
    assert all(c.colored for c in best)  # \rowcolor
    assert table.rows[6][1].underline and table.rows[6][2].colored and table.rows[6][3].italic


def test_every_cell_span_points_at_its_text(paper, tables):
    for document in (paper, tables):
        files = {f.path: f for f in document.files}
        for table in document.tables:
            for row in table.rows:
                for cell in row:
                    if cell.origin is not None or not cell.text:
                        continue
                    source = files[cell.span.path].text
                    start = offset_of(source, cell.span.line, cell.span.column)
                    first = source[start]
                    assert first == cell.text[0] or first in MARKUP_STARTS, (cell, first)


def test_tables_fixture(tables):
    assert tables.diagnostics == []
    first, second, bare, long = tables.tables
    # header before the first \midrule, groups after later rules, numbers in document order
    assert (first.number, first.label, first.header_rows) == (1, "tab:speed", 1)
    assert [[c.text for c in r] for r in first.rows] == [
        ["Model", "Params", "GFLOPs", "img/s", "Top-1"],
        ["ViT-B/16", "86.6M", "17.6", "300", "81.8"],
        ["ViT-B/32", "88.2M", "4.4", "1,100", "78.5"],
        ["Ours", "22M", "1.2", "2,000", "80.1"],
        ["Ours-L", "44M", "2.3", "1,200", "82.0"],
    ]
    assert first.group_starts == [2]
    assert [c.bold for c in first.rows[4]] == [False, False, False, False, True]
    assert first.caption.text.text == "Speed on a V100 GPU with batch size 256, fp16."
    # \multirow spans down, \hline headers, column specs with p{} / @{} / >{} do not leak
    assert (second.number, second.label, second.header_rows) == (2, "tab:groups", 1)
    assert [[c.text for c in r] for r in second.rows] == [
        ["Family", "Model", "Latency (ms)"],
        ["CNN", "ResNet-18", "1.2"],
        ["CNN", "ResNet-50", "3.1"],
        ["ViT", "DeiT-T", "2.0"],
        ["ViT", "DeiT-S", "4.5"],
    ]
    assert second.rows[2][0].origin == (1, 0) and second.rows[4][0].origin == (3, 0)
    assert second.group_starts == [2]
    # a tabular outside any float is still a table; without rules the first row is the header
    assert bare.number == 3 and bare.caption is None and bare.header_rows == 1
    assert [[c.text for c in r] for r in bare.rows] == [["a", "b & c"], ["1", "2"]]
    # a longtable carries its own caption; its repeated continuation head is not data
    assert long.environment == "longtable" and long.number == 4 and long.label == "tab:long"
    assert long.caption.text.text == "Energy per run."
    assert [[c.text for c in r] for r in long.rows] == [
        ["Model", "kWh"], ["A", "10"], ["B", "12"]]
    assert long.header_rows == 1
    assert tables.labels == {"tab:speed": "Table 1", "tab:groups": "Table 2", "tab:long": "Table 4"}
    assert "Table 2 groups models by family." in sentence_texts(tables)


# -- bad input --------------------------------------------------------------------------------
def test_include_cycle_is_reported_once_and_text_kept(tmp_path):
    root = write(tmp_path, "main.tex", "Main text.\n\\input{a}\n")
    write(tmp_path, "a.tex", "Text of a.\n\\input{b}\n")
    write(tmp_path, "b.tex", "Text of b.\n\\input{a}\n\\input{main}\n")
    document = load(str(root))
    assert sentence_texts(document) == ["Main text.", "Text of a.", "Text of b."]
    messages = cp001(document)
    assert len(messages) == 2 and all("include cycle" in m for m in messages)
    assert_sentences_map_to_source(document)


def test_include_outside_the_root_folder_is_refused(tmp_path):
    root = write(tmp_path, "paper/main.tex", "Before.\n\\input{../../etc/passwd}\n\\input{../secret}\nAfter.\n")
    write(tmp_path, "secret.tex", "Secret text.\n")
    document = load(str(root))
    assert "Secret text." not in sentence_texts(document)
    messages = cp001(document)
    assert len(messages) == 2 and all("refused" in m and "outside" in m for m in messages)
    assert [f.path for f in document.files] == [str(root)]
    assert document.diagnostics[0].span.line == 2


def test_missing_include_is_reported(tmp_path):
    root = write(tmp_path, "main.tex", "Before.\n\\include{sections/missing}\nAfter.\n")
    document = load(str(root))
    assert sentence_texts(document) == ["Before.", "After."]
    assert cp001(document) == ["include not found: 'sections/missing'"]


def test_unbraced_input_and_tex_suffix(tmp_path):
    root = write(tmp_path, "main.tex", "\\input part.tex\n\\input{part}\n")
    write(tmp_path, "part.tex", "Part text.\n")
    document = load(str(root))
    assert sentence_texts(document) == ["Part text.", "Part text."]


def test_ten_thousand_nested_braces():
    depth = 10_000
    document = from_text("Deep " + "{" * depth + "text here." + "}" * depth + " Done.\n")
    assert document.diagnostics == []
    assert sentence_texts(document) == ["Deep text here.", "Done."]
    unclosed = from_text("Deep " + "{" * depth + "text here.\n")
    assert sentence_texts(unclosed) == ["Deep text here."]
    (message,) = cp001(unclosed)
    assert "unclosed brace" in message and "10000" in message


@pytest.mark.parametrize("source, message, kept", [
    ("We are \\textbf{fast and small.\n", "unclosed brace", "We are fast and small."),
    ("It costs $5 per run.\n\nNext paragraph.\n", "unclosed math", "It costs $5 per run."),
    ("It costs $$5 per run.\n", "unclosed display math", "It costs $$5 per run."),
    ("Start.\n\\begin{itemize}\n\\item Fast model.\n", "\\begin{itemize} without \\end{itemize}",
     "Fast model."),
    ("Start.\n\\begin{verbatim}\nCode here.\n", "\\begin{verbatim} without", "Code here."),
    ("Start.\n\\begin{tabular}{ll}\na & b\n", "\\begin{tabular} without", "a & b"),
    ("Text } stray.\n", "unmatched closing brace", "Text } stray."),
    ("Start.\n\\end{itemize}\nEnd.\n", "\\end{itemize} without a matching", "End."),
])
def test_unclosed_constructs_are_reported_and_their_text_kept(source, message, kept):
    document = from_text(source)
    assert any(message in m for m in cp001(document)), cp001(document)
    assert kept in " ".join(sentence_texts(document))
    assert_sentences_map_to_source(document)


def test_crlf_line_endings(tmp_path):
    path = write(tmp_path, "crlf.tex", b"First line\r\ncontinues here.\r\n\r\nSecond \\textbf{bold} paragraph.\r\n")
    document = load(str(path))
    assert sentence_texts(document) == ["First line continues here.", "Second bold paragraph."]
    assert all("\r" not in b.text.text for b in document.blocks)
    second = find_sentence(document, "Second")
    assert (second.span.line, second.span.column) == (4, 1)
    assert_sentences_map_to_source(document)


def test_byte_order_mark(tmp_path):
    path = write(tmp_path, "bom.tex", "\ufeffWe train fast.\n".encode("utf-8"))
    document = load(str(path))
    sentence = next(document.sentences())
    assert sentence.text == "We train fast."
    assert (sentence.span.line, sentence.span.column) == (1, 1)


def test_tabs_count_as_one_column(tmp_path):
    path = write(tmp_path, "tabs.tex", "\t\tIndented\ttext is fast.\n")
    document = load(str(path))
    sentence = next(document.sentences())
    assert sentence.text == "Indented\ttext is fast."
    assert (sentence.span.line, sentence.span.column) == (1, 3)
    assert_sentences_map_to_source(document)


def test_latin1_bytes_are_read_with_a_note(tmp_path):
    path = write(tmp_path, "latin.tex", "Le mod\xe8le est rapide.\n".encode("latin-1"))
    document = load(str(path))
    assert sentence_texts(document) == ["Le modèle est rapide."]
    (message,) = cp001(document)
    assert "not valid UTF-8" in message and "Latin-1" in message


def test_document_without_prose_says_so():
    document = from_text("% only a comment\n\\vspace{2mm}\n")
    assert any("no prose" in m for m in cp001(document))
    assert [c.text for c in document.comments] == [" only a comment"]


# -- more structure ---------------------------------------------------------------------------
def test_macros_defined_in_an_included_preamble_file(tmp_path):
    root = write(tmp_path, "main.tex", "\\documentclass{article}\n\\input{macros}\n"
                                       "\\begin{document}\n\\ours{} runs on a \\gpu.\n\\end{document}\n")
    write(tmp_path, "macros.tex", "\\newcommand{\\ours}{SwiftViT}\n\\def\\gpu{TPUv4 pod}\nPreamble junk.\n")
    document = load(str(root))
    assert sentence_texts(document) == ["SwiftViT runs on a TPUv4 pod."]


def test_long_macro_chains_and_self_reference_do_not_recurse():
    # \\ma expands to \\m, \\maa to \\ma, ... 400 deep; \\loop expands to itself
    chain = "".join(f"\\def\\m{'a' * k}{{\\m{'a' * (k - 1)}}}" for k in range(1, 400))
    document = from_text("\\def\\m{Zero}\\def\\loop{\\loop}" + chain
                         + "\nA \\loop{} B \\maa{} C \\m" + "a" * 399 + "{} D.\n")
    assert sentence_texts(document) == ["A  B Zero C  D."]


def test_float_around_an_included_tabular(tmp_path):
    root = write(tmp_path, "main.tex", "\\begin{table}\n\\input{tab}\n\\caption{Costs.}\\label{tab:c}\n"
                                       "\\end{table}\nSee Table~\\ref{tab:c}.\n")
    write(tmp_path, "tab.tex", "\\begin{tabular}{ll}\nModel & GFLOPs \\\\\n\\hline\nA & 1.2\n\\end{tabular}\n")
    document = load(str(root))
    (table,) = document.tables
    assert table.caption.text.text == "Costs." and table.label == "tab:c" and table.number == 1
    assert table.span.path.endswith("tab.tex") and table.span.line == 1
    assert [[c.text for c in r] for r in table.rows] == [["Model", "GFLOPs"], ["A", "1.2"]]
    assert "See Table 1." in sentence_texts(document)


def test_paragraph_headings_and_section_inheritance():
    document = from_text("\\section{Intro}\n\\section{Experiments\\label{sec:exp}}\n"
                         "\\paragraph{ImageNet.} We reach 80\\% top-1 (Section~\\ref{sec:exp}).\n")
    assert document.labels == {"sec:exp": "Section 2"}
    heading = [b for b in document.blocks if b.kind == "heading"]
    assert [h.text.text for h in heading] == ["Intro", "Experiments", "ImageNet."]
    sentence = find_sentence(document, "We reach")
    assert sentence.text == "We reach 80% top-1 (Section 2)." and sentence.refs == ["sec:exp"]
    assert sentence.section.title == "ImageNet." and sentence.section.kind == "results"
    assert sentence.section.level == 4


def test_random_markup_never_raises_and_always_maps():
    """Fuzz: arbitrary mixes of markup (unbalanced, misplaced) load without exceptions."""
    import random

    pieces = ["\\textbf{", "}", "{", "$", "$$", "\\(", "\\)", "\\[", "\\]", "%", "\n", "\n\n",
              "\\\\", "&", "~", "\\begin{tabular}{ll}", "\\end{tabular}", "\\begin{table}",
              "\\end{table}", "\\caption{", "\\label{x}", "\\ref{x}", "\\cite{a}", "\\footnote{",
              "\\section{", "\\item ", "\\begin{itemize}", "\\end{itemize}",
              "\\multicolumn{2}{c}{", "\\multirow{2}{*}{", "\\midrule", "\\hline",
              "\\newcommand{\\a}{A}", "\\a", "\\def\\b{\\a B}", "\\b", "\\times", "\\%",
              "\\verb|x|", "\\url{", "\\href{", "\\input{", "\\begin{document}", "\\end{document}",
              "\\begin{verbatim}", "\\end{verbatim}", "\\iffalse", "\\fi", "\\'", "\r\n", "\t",
              "Fast model. ", "3.2", "x", "\\begin{longtable}{l}", "\\end{longtable}", "[", "]",
              "\\appendix", "\\begin{abstract}", "\\end{abstract}", "\\\\[2pt]", "\\par", "\\"]
    rng = random.Random(2)
    for _ in range(500):
        source = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 60)))
        assert_sentences_map_to_source(from_text(source))


def test_an_abstract_before_begin_document_is_kept_but_definitions_are_not():
    text = ("\\documentclass{article}\n"
            "\\newenvironment{note}{\\begin{list}{}{}\\item[]}{\\end{list}}\n"
            "\\newcommand{\\ours}{FastNet}\n"
            "\\begin{abstract}\nWe present a model that runs in 3 ms per image.\n\\end{abstract}\n"
            "\\begin{document}\n\\maketitle\n\\section{Intro}\nHello.\n\\end{document}\n")
    document = load_document("p.tex", text)
    kinds = [(b.kind, b.text.text.strip()) for b in document.blocks]
    assert ("abstract", "We present a model that runs in 3 ms per image.") in kinds
    assert not document.diagnostics
    assert all("FastNet" not in t and "item" not in t for _, t in kinds)


@pytest.mark.parametrize("env", ["tabular", "itemize"])
def test_a_commented_out_begin_inside_an_environment_does_not_unbalance_it(env):
    text = (f"\\documentclass{{article}}\n\\begin{{document}}\n\\begin{{{env}}}{{cc}}\n"
            f"%\\begin{{{env}}}{{c c}}\n\\item a & 50\\% \\\\\n\\end{{{env}}}\nText.\n\\end{{document}}\n")
    assert load_document("p.tex", text).diagnostics == []


def test_a_stray_second_begin_document_is_reported_where_it_is():
    """A pasted template's second \\begin{document}: one CP001 at that line, and the single
    \\end{document} still closes the document (no 'without \\end{document}' at the first)."""
    text = "\\documentclass{article}\n\\begin{document}\nA.\n\\begin{document}\nB is here.\n\\end{document}\n"
    doc = load_document("d.tex", text)
    assert [(d.span.line, d.message) for d in doc.diagnostics] == \
        [(4, "a second \\begin{document} inside the document (ignored)")]
    assert "B is here." in " ".join(s.text for s in doc.sentences())
