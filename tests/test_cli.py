"""The command line as a user meets it: exit codes, one-line errors, discovery, stdin, selection,
the JSON interface, and bad input that must never produce a traceback or touch the user's files."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from claimcheck.rules_meta import all_rules

CLAIM = "Our model is 3x faster than BERT-large because it needs 4x fewer FLOPs.\n"
CLEAN = "# Notes\n\nThe dataset has 50,000 images in 10 classes.\n"


# CLAIM's FLOPs-as-speed rule is a preview rule on real documents (benchmarks/realworld/), so the
# tests that need its finding pass --preview.
def run(*args: str, cwd: Path | None = None, stdin: str | None = None):
    return subprocess.run([sys.executable, "-m", "claimcheck", *args], capture_output=True,
                          text=True, cwd=cwd, input=stdin, timeout=120)


def assert_one_line_error(proc, *words: str) -> None:
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, proc.stderr
    for word in words:
        assert word in lines[0]


def test_exit_codes_follow_linters(tmp_path):
    (tmp_path / "bad.md").write_text(CLAIM)
    (tmp_path / "good.md").write_text(CLEAN)
    bad, good = run("--preview", str(tmp_path / "bad.md")), run("--preview", str(tmp_path / "good.md"))
    assert bad.returncode == 1 and "CC103" in bad.stdout
    assert good.returncode == 0
    assert "No findings" in good.stdout  # never a silent zero-finding run


def test_text_format_is_path_line_col_code_severity(tmp_path):
    (tmp_path / "bad.md").write_text("# Title\n\n" + CLAIM)
    out = run("--preview", str(tmp_path / "bad.md")).stdout.splitlines()[0]
    assert out.startswith(f"{tmp_path / 'bad.md'}:3:1: CC103 [{all_rules()['CC103'].severity}] ")


def test_json_is_the_stable_interface(tmp_path):
    (tmp_path / "bad.md").write_text("# Title\n\n" + CLAIM)
    payload = json.loads(run("--preview", "--format", "json", str(tmp_path / "bad.md")).stdout)
    assert payload["version"] == 1
    finding = next(f for f in payload["findings"] if f["code"] == "CC103")
    assert set(finding) == {"path", "line", "column", "end_line", "end_column", "code", "name",
                            "severity", "message", "suggestion"}
    assert (finding["line"], finding["column"]) == (3, 1)
    assert finding["name"] == "flops-as-speed" and finding["suggestion"]
    assert payload["summary"]["findings"] == len(payload["findings"])


def test_select_and_ignore_by_prefix(tmp_path):
    (tmp_path / "bad.md").write_text(CLAIM)
    codes = lambda *a: {f["code"] for f in json.loads(run("--preview", "--format", "json", *a,
                                                          str(tmp_path / "bad.md")).stdout)["findings"]}
    everything = codes()
    assert "CC103" in everything
    assert codes("--select", "CC103") == {"CC103"}
    assert "CC103" not in codes("--ignore", "CC1")
    assert not any(c.startswith("CC1") for c in codes("--ignore", "CC1"))


def test_stdin_with_filename_reports_under_that_name():
    proc = run("-", "--preview", "--stdin-filename", "docs/README.md", stdin=CLAIM)
    assert proc.returncode == 1
    assert proc.stdout.startswith("docs/README.md:1:1: CC103")


def test_stdin_latex_by_filename():
    proc = run("-", "--preview", "--stdin-filename", "paper.tex",
               stdin="% Our model is 100x faster.\n\\section{Results}\n" + CLAIM)
    assert "paper.tex:3:1: CC103" in proc.stdout
    assert "paper.tex:1:" not in proc.stdout  # the comment is not prose


def test_python_dash_m_matches_the_console_script(tmp_path):
    (tmp_path / "bad.md").write_text(CLAIM)
    script = Path(sys.executable).parent / "claimcheck"
    if not script.exists():
        pytest.skip("console script not installed next to this interpreter")
    direct = subprocess.run([str(script), "--preview", str(tmp_path / "bad.md")], capture_output=True, text=True)
    assert direct.stdout == run("--preview", str(tmp_path / "bad.md")).stdout
    assert direct.returncode == 1


def test_folders_skip_hidden_and_gitignored_and_included_files(tmp_path):
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.md").write_text(CLAIM)
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "y.md").write_text(CLAIM)
    (tmp_path / ".gitignore").write_text("build/\n")
    (tmp_path / "sections").mkdir()
    (tmp_path / "sections" / "intro.tex").write_text(CLAIM)
    (tmp_path / "paper.tex").write_text("\\section{Intro}\n\\input{sections/intro}\n")
    (tmp_path / "notes.txt").write_text(CLAIM)
    findings = json.loads(run("--preview", "--format", "json", str(tmp_path)).stdout)["findings"]
    paths = {f["path"] for f in findings}
    assert paths == {str(tmp_path / "sections" / "intro.tex")}
    # linted once, through its root: no duplicate findings
    cc103 = [f for f in findings if f["code"] == "CC103"]
    assert len(cc103) == 1


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _folder(path: Path) -> Path:
    path.mkdir()
    return path


@pytest.mark.parametrize("make, words", [
    (lambda p: p / "missing.md", ["missing.md", "no such file"]),
    (lambda p: _folder(p / "empty"), ["empty", "no .tex, .md"]),
    (lambda p: _write(p / "b.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00"), ["b.md", "binary"]),
    (lambda p: _write(p / "x.pdf", b"%PDF-1.4"), ["x.pdf", "unsupported"]),
])
def test_unlintable_input_is_one_line_and_exit_2(tmp_path, make, words):
    assert_one_line_error(run(str(make(tmp_path))), *words)


def test_huge_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.md"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    assert_one_line_error(run(str(big)), "big.md", "too large")


@pytest.mark.parametrize("name, files, words", [
    ("cycle", {"main.tex": "\\section{A}\nText.\n\\input{b}\n", "b.tex": "More text.\n\\input{main}\n"},
     ["cycle"]),
    ("escape", {"main.tex": "\\section{A}\nText here.\n\\input{../../etc/passwd}\n"}, ["outside"]),
    ("missing", {"main.tex": "\\section{A}\nText here.\n\\input{nope}\n"}, ["not found"]),
    ("unclosed", {"main.tex": "\\section{A}\nOur model is \\textbf{efficient.\n"}, ["brace"]),
])
def test_latex_problems_are_cp001_diagnostics_not_crashes(tmp_path, name, files, words):
    for fname, text in files.items():
        (tmp_path / fname).write_text(text)
    proc = run("--format", "json", str(tmp_path / "main.tex"))
    assert "Traceback" not in proc.stderr and proc.returncode == 1
    cp = [f for f in json.loads(proc.stdout)["findings"] if f["code"] == "CP001"]
    assert cp, proc.stdout
    assert any(all(w in f["message"].lower() for w in words) for f in cp), cp


def test_cp001_cannot_be_deselected(tmp_path):
    (tmp_path / "main.tex").write_text("\\section{A}\nText \\textbf{never closed.\n")
    proc = run("--format", "json", "--ignore", "CP", str(tmp_path / "main.tex"))
    assert any(f["code"] == "CP001" for f in json.loads(proc.stdout)["findings"])


def test_ten_thousand_nested_braces(tmp_path):
    (tmp_path / "deep.tex").write_text("Text " + "{" * 10000 + "x" + "}" * 10000 + ".\n")
    proc = run(str(tmp_path / "deep.tex"))
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr


def test_crlf_bom_and_tabs_keep_exact_positions(tmp_path):
    # (a tab at the start of a Markdown line would open an indented code block, so mid-line)
    text = ("\ufeff# Title\r\n\r\nResults.\tOur model is 3x faster than BERT-large because it "
            "needs 4x fewer FLOPs.\r\n")
    (tmp_path / "w.md").write_bytes(text.encode("utf-8"))
    findings = json.loads(run("--preview", "--format", "json", str(tmp_path / "w.md")).stdout)["findings"]
    f = next(f for f in findings if f["code"] == "CC103")
    assert (f["line"], f["column"]) == (3, 10)  # a tab is one column; the BOM is not a column


def test_latin1_file_is_read_with_a_note(tmp_path):
    (tmp_path / "l.md").write_bytes("# Caf\xe9\n\nThe model is fast.\n".encode("latin-1"))
    proc = run("--preview", "--format", "json", str(tmp_path / "l.md"))
    cp = [f for f in json.loads(proc.stdout)["findings"] if f["code"] == "CP001"]
    assert any("Latin-1" in f["message"] for f in cp)


def test_document_without_prose_says_so(tmp_path):
    (tmp_path / "code.md").write_text("```python\nprint('fast')\n```\n")
    proc = run("--preview", str(tmp_path / "code.md"))
    assert "CP001" in proc.stdout and "no prose" in proc.stdout


def test_nothing_the_user_owns_is_written(tmp_path):
    (tmp_path / "bad.md").write_text(CLAIM)
    (tmp_path / "paper.tex").write_text("\\section{A}\n" + CLAIM)
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*")}
    run(str(tmp_path))
    run("parse", str(tmp_path / "paper.tex"))
    after = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in tmp_path.rglob("*")}
    assert before == after


def test_parse_shows_positions_column_classes_and_claims(tmp_path):
    (tmp_path / "t.md").write_text(
        "Our model is 3x faster than BERT-large because it needs 4x fewer FLOPs.\n\n"
        "| Model | Params (M) | Top-1 (%) |\n|---|---|---|\n| A | 22.1 | 79.8 |\n| B | 24.5 | 80.1 |\n")
    out = run("parse", str(tmp_path / "t.md")).stdout
    assert f"{tmp_path / 't.md'}:1:1-1:" in out
    assert "cost (params)" in out and "quality (accuracy)" in out
    assert "'3x faster'" in out or "3x faster" in out.split("claims:")[1]


def test_rule_explains_and_unknown_rule_is_an_error():
    proc = run("rule", "cc103")
    assert proc.returncode == 0 and "flops-as-speed" in proc.stdout and "§" in proc.stdout
    assert_one_line_error(run("rule", "CC999"), "CC999")


def test_usage_error_exits_2_without_traceback(tmp_path):
    proc = run("--format", "yaml", str(tmp_path))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
