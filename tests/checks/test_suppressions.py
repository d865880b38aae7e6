"""Inline suppressions: which lines they cover, and the findings about suppressions themselves."""
from __future__ import annotations

from claimcheck.checks.engine import Selection
from claimcheck.frontend import load_document
from claimcheck.lint import lint_document

CLAIM = "Our model is 3x faster than BERT-large because it needs 4x fewer FLOPs."


def lint(name: str, text: str, selection: Selection | None = None):
    # every rule, preview ones too: suppressions must work whatever a rule's default status
    selection = selection or Selection(preview=True)
    return [(f.code, f.span.line) for f in lint_document(load_document(name, text), selection)]


def codes_at(findings, line):
    return sorted(code for code, at in findings if at == line)


def test_unsuppressed_claim_fires():
    assert "CC103" in codes_at(lint("a.tex", f"\\section{{R}}\n{CLAIM}\n"), 2)


def test_latex_comment_suppresses_the_next_text_line_skipping_blank_and_comment_lines():
    text = (f"\\section{{R}}\n% claimcheck: ignore[CC103] FLOPs quoted from the original paper\n\n"
            f"% an unrelated comment\n{CLAIM}\n{CLAIM}\n")
    found = lint("a.tex", text)
    assert "CC103" not in codes_at(found, 5)
    assert "CC103" in codes_at(found, 6)  # only the next line
    assert not [c for c, _ in found if c in ("CP002", "CP003")]


def test_trailing_comment_suppresses_its_own_line():
    found = lint("a.tex", f"\\section{{R}}\n{CLAIM} % claimcheck: ignore[CC103] quoted\n{CLAIM}\n")
    assert "CC103" not in codes_at(found, 2) and "CC103" in codes_at(found, 3)


def test_markdown_html_comment_and_prefix_codes():
    text = f"# R\n\n<!-- claimcheck: ignore[CC1] numbers from the original paper -->\n{CLAIM}\n"
    found = lint("a.md", text)
    assert not [c for c, line in found if line == 4 and c.startswith("CC1")]


def test_block_suppression_covers_lines_up_to_its_end():
    text = (f"\\section{{R}}\n% claimcheck: ignore-begin[CC103] a quoted passage\n{CLAIM}\n\n{CLAIM}\n"
            f"% claimcheck: ignore-end\n{CLAIM}\n")
    found = lint("a.tex", text)
    assert "CC103" not in codes_at(found, 3) + codes_at(found, 5)
    assert "CC103" in codes_at(found, 7)


def test_file_suppression_and_document_level_codes():
    text = f"% claimcheck: ignore-file[CC103,CD301] a survey quoting other papers\n\\section{{R}}\n{CLAIM}\n"
    found = lint("a.tex", text)
    assert not [c for c, _ in found if c in ("CC103", "CD301")]


def test_a_suppression_without_reason_is_reported():
    found = lint("a.tex", f"\\section{{R}}\n% claimcheck: ignore[CC103]\n{CLAIM}\n")
    assert "CC103" not in codes_at(found, 3)
    assert "CP003" in codes_at(found, 2)


def test_an_unused_suppression_is_reported_unless_its_rule_was_not_run():
    text = "\\section{R}\n% claimcheck: ignore[CC103] quoted\nThe dataset has 10 classes.\n"
    assert "CP002" in codes_at(lint("a.tex", text), 2)
    # with CC103 deselected, the suppression cannot be judged: no CP002
    assert "CP002" not in codes_at(lint("a.tex", text, Selection(ignore=("CC103",), preview=True)), 2)


def test_malformed_blocks_are_reported():
    unmatched_end = lint("a.tex", f"\\section{{R}}\n% claimcheck: ignore-end\n{CLAIM}\n")
    assert "CP003" in codes_at(unmatched_end, 2)
    never_closed = lint("a.tex", f"\\section{{R}}\n% claimcheck: ignore-begin[CC103] quoted\n{CLAIM}\n")
    assert "CP003" in codes_at(never_closed, 2) and "CC103" not in codes_at(never_closed, 3)


def test_parse_diagnostics_cannot_be_suppressed():
    text = "% claimcheck: ignore-file[CP001] please\n\\section{R}\nText \\textbf{never closed.\n"
    assert any(c == "CP001" for c, _ in lint("a.tex", text))


def test_suppression_in_an_included_file_covers_that_file(tmp_path):
    (tmp_path / "sec.tex").write_text(f"% claimcheck: ignore[CC103] quoted from the source\n{CLAIM}\n")
    (tmp_path / "main.tex").write_text(f"\\section{{R}}\n\\input{{sec}}\n{CLAIM}\n")
    document = load_document(str(tmp_path / "main.tex"))
    found = [(f.code, f.span.path, f.span.line) for f in lint_document(document, Selection(preview=True))]
    assert ("CC103", str(tmp_path / "main.tex"), 3) in found
    assert not [f for f in found if f[0] == "CC103" and f[1].endswith("sec.tex")]


def test_a_suppression_without_brackets_is_malformed_and_suppresses_nothing():
    for directive in ("claimcheck: ignore CC103 quoted from the paper", "claimcheck: ignore",
                      "claimcheck: ignore[] reason"):
        found = lint("a.tex", f"\\section{{R}}\n% {directive}\n{CLAIM}\n")
        assert "CC103" in codes_at(found, 3), directive
        assert "CP003" in codes_at(found, 2), directive


def test_ignore_all_in_brackets_suppresses_every_rule():
    found = lint("a.md", f"# R\n\n<!-- claimcheck: ignore[ALL] quoted from the paper -->\n{CLAIM}\n")
    assert codes_at(found, 4) == []
