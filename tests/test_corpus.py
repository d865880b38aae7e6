"""The annotated corpora: the expectation parser, the scorer, and claimcheck's accuracy on them."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("evaluate", REPO / "benchmarks" / "evaluate.py")
evaluate = importlib.util.module_from_spec(_spec)
sys.modules.setdefault("evaluate", evaluate)  # dataclasses look their module up by name
_spec.loader.exec_module(evaluate)

CLAIM_RULES = [f"CC{n}" for n in range(101, 118)] + ["CD301"]


# --- the expectation parser -------------------------------------------------------------------

def lines_of(exps):
    return sorted((e.code, e.line) for e in exps)


def test_tex_expectation_targets_next_non_blank_non_comment_line(tmp_path):
    text = ("\\section{Intro}\n"          # 1
            "% expect: CC103\n"           # 2
            "\n"                          # 3
            "% a comment in between\n"    # 4
            "   %% indented comment\n"    # 5
            "We are 2x faster.\n")        # 6
    exps = evaluate.parse_expectations(str(tmp_path / "a.tex"), text)
    assert lines_of(exps) == [("CC103", 6)]
    assert exps[0].annotated_at == 2


def test_several_codes_on_one_line_and_document_level_codes(tmp_path):
    text = "% expect: CC103, CC106,CD301\nclaim\n"
    exps = evaluate.parse_expectations(str(tmp_path / "a.tex"), text)
    assert lines_of(exps) == [("CC103", 2), ("CC106", 2), ("CD301", 0)]


def test_document_level_code_may_stand_at_the_end_of_a_file(tmp_path):
    exps = evaluate.parse_expectations(str(tmp_path / "a.md"), "text\n\n<!-- expect: CD301 -->\n")
    assert lines_of(exps) == [("CD301", 0)]


def test_line_level_expectation_without_target_is_an_error(tmp_path):
    with pytest.raises(evaluate.AnnotationError, match="a.tex:2"):
        evaluate.parse_expectations(str(tmp_path / "a.tex"), "x\n% expect: CC101\n\n")


def test_markdown_expectation_skips_comment_only_lines(tmp_path):
    text = ("# T\n"
            "<!-- expect: CC104 -->\n"
            "<!-- claimcheck: ignore[CC102] reason -->\n"
            "\n"
            "It is 4x cheaper with 4x fewer parameters.\n")
    assert lines_of(evaluate.parse_expectations(str(tmp_path / "r.md"), text)) == [("CC104", 5)]


def test_syntax_of_the_other_format_and_inline_mentions_are_not_annotations(tmp_path):
    tex = "text % expect: CC101\n<!-- expect: CC102 -->\nx\n"
    md = "% expect: CC101\nsee `<!-- expect: CC102 -->` here\nx\n"
    assert evaluate.parse_expectations(str(tmp_path / "a.tex"), tex) == []
    assert evaluate.parse_expectations(str(tmp_path / "a.md"), md) == []


def test_documents_follow_inputs_and_skip_commented_ones(tmp_path):
    (tmp_path / "sec").mkdir()
    (tmp_path / "main.tex").write_text("\\input{sec/a}\n% \\input{sec/b}\n\\include{sec/c.tex}\n")
    (tmp_path / "sec" / "a.tex").write_text("\\input{sec/d}\n")
    for name in ("b", "c", "d"):
        (tmp_path / "sec" / f"{name}.tex").write_text("x\n")
    files = [evaluate.norm(p) for p in sorted(tmp_path.rglob("*.tex"))]
    docs = evaluate.roots_of(files)
    root = evaluate.norm(tmp_path / "main.tex")
    b = evaluate.norm(tmp_path / "sec" / "b.tex")
    assert set(docs) == {root, b}  # b is commented out, so it stands alone
    assert docs[root][0] == root
    assert set(docs[root]) == {root} | {evaluate.norm(tmp_path / "sec" / f"{n}.tex") for n in "acd"}


# --- the scorer -------------------------------------------------------------------------------

def test_score_matches_by_code_file_and_line_range():
    E, F = evaluate.Expectation, evaluate.Found
    a, b = evaluate.norm("a.tex"), evaluate.norm("b.tex")
    exps = [E(a, "CC103", 10, 9), E(a, "CC106", 20, 19), E(b, "CC103", 5, 4)]
    found = {a: [F(a, "CC103", 9, 11),      # spans the target line 10: TP
                 F(a, "CC106", 21, 21),     # misses line 20: FP, and CC106 is a FN
                 F(a, "CP002", 1, 1),       # not scored
                 F(a, "CP001", 1, 1)],      # never expected: FP
             b: [F(b, "CC103", 5, 5), F(b, "CC103", 5, 6)]}  # one TP, one duplicate FP
    report = evaluate.score(exps, found, {a: [a], b: [b]})
    rules = report["rules"]
    assert (rules["CC103"]["tp"], rules["CC103"]["fp"], rules["CC103"]["fn"]) == (2, 1, 0)
    assert (rules["CC106"]["tp"], rules["CC106"]["fp"], rules["CC106"]["fn"]) == (0, 1, 1)
    assert rules["CP001"]["fp"] == 1 and "CP002" not in rules
    assert report["micro"]["tp"] == 2 and report["micro"]["fp"] == 3 and report["micro"]["fn"] == 1
    assert report["micro"]["precision"] == pytest.approx(2 / 5)
    assert report["micro"]["recall"] == pytest.approx(2 / 3)


def test_matching_is_one_to_one_and_maximal():
    E, F = evaluate.Expectation, evaluate.Found
    a = evaluate.norm("a.tex")
    # Finding 1 covers both targets, finding 2 only the first: a greedy match could pair
    # finding 1 with the first target and leave the second one unmatched.
    exps = [E(a, "CC101", 3, 2), E(a, "CC101", 4, 2)]
    found = {a: [F(a, "CC101", 3, 4), F(a, "CC101", 3, 3)]}
    assert evaluate.score(exps, found, {a: [a]})["rules"]["CC101"]["tp"] == 2


def test_document_level_codes_match_by_document_including_included_files():
    E, F = evaluate.Expectation, evaluate.Found
    root, inc, other = evaluate.norm("m.tex"), evaluate.norm("sec/r.tex"), evaluate.norm("n.tex")
    exps = [E(inc, "CD301", 0, 7), E(root, "CD301", 0, 3)]   # two annotations, one document
    found = {root: [F(root, "CD301", 1, 1)], other: [F(other, "CD301", 1, 1)]}
    report = evaluate.score(exps, found, {root: [root, inc], other: [other]})
    r = report["rules"]["CD301"]
    assert (r["expected"], r["tp"], r["fp"], r["fn"]) == (1, 1, 1, 0)
    assert report["false_positives"][0]["path"] == other


def test_select_limits_codes_but_keeps_parse_diagnostics():
    E, F = evaluate.Expectation, evaluate.Found
    a = evaluate.norm("a.md")
    exps = [E(a, "CC103", 2, 1), E(a, "CT201", 8, 7)]
    found = {a: [F(a, "CC103", 2, 2), F(a, "CT201", 8, 9), F(a, "CP001", 1, 1)]}
    report = evaluate.score(exps, found, {a: [a]}, select=("CC",))
    assert set(report["rules"]) == {"CC103", "CP001"}


# --- the corpus itself ------------------------------------------------------------------------

def corpus_expectations():
    files = [evaluate.norm(p) for d in evaluate.default_paths() for p in Path(d).rglob("*")
             if p.suffix in (".tex", ".md")]
    return [e for f in files for e in evaluate.parse_expectations(f, Path(f).read_text(encoding="utf-8"))]


def test_every_claim_rule_has_positives_in_the_corpus():
    counts = {code: 0 for code in CLAIM_RULES}
    for e in corpus_expectations():
        if e.code in counts:
            counts[e.code] += 1
    assert {c: n for c, n in counts.items() if n < 3} == {}


def test_negative_documents_carry_no_expectations():
    negatives = [p for p in (REPO / "corpora" / "claims").rglob("neg-*")]
    assert len(negatives) >= 25
    for p in negatives:
        assert evaluate.parse_expectations(str(p), p.read_text(encoding="utf-8")) == [], p


def test_claimcheck_accuracy_on_the_corpora():
    report = evaluate.evaluate()
    micro = report["micro"]
    assert report["errors"] == []
    assert micro["precision"] is not None and micro["precision"] >= 0.90, evaluate.format_text(report, True)
    assert micro["recall"] is not None and micro["recall"] >= 0.85, evaluate.format_text(report, True)


def test_update_precision_writes_levels_into_rule_files(tmp_path):
    from evaluate import update_precision

    (tmp_path / "CC101.yaml").write_text("code: CC101\nname: x\nseverity: warning\nsummary: s\n")
    (tmp_path / "CC102.yaml").write_text("code: CC102\nseverity: error\nprecision: low\nsummary: s\n")
    report = {"rules": {"CC101": {"precision": 0.97}, "CC102": {"precision": 0.86},
                        "CC103": {"precision": 0.5}, "CC104": {"precision": None}}}
    assert update_precision(report, tmp_path) == ["CC101", "CC102"]
    assert (tmp_path / "CC101.yaml").read_text().splitlines()[3] == "precision: high"
    assert "precision: medium" in (tmp_path / "CC102.yaml").read_text()
    assert update_precision(report, tmp_path) == []  # idempotent
