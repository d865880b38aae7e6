"""`--jobs N` gives byte-identical output to `--jobs 1`, in every format."""
from __future__ import annotations


import pytest

from claimcheck.lint import lint_files

from .conftest import REPO, run_claimcheck, write


@pytest.fixture
def many_files(repo):
    for i in range(12):
        # uneven sizes, so workers finish out of order
        body = "Filler sentence here. " * (400 if i % 3 == 0 else 1)
        write(repo / "docs" / f"part{i:02}.md",
              f"# Part {i}\n\n{body}\n\nPart {i} is blazing.\n\nA verdant line {i}.\n")
    (repo / "docs" / "broken.md").write_bytes(b"binary\x00file")  # an error, in its place
    return repo


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "markdown"])
def test_jobs_output_is_byte_identical(many_files, cli, toy_rules, fmt):
    runs = [cli("docs", "--select", "ZZ", "--format", fmt, "--jobs", jobs) for jobs in ("1", "2", "0")]
    assert runs[0][0] == 2  # the binary file is an input error
    assert runs[0][1].count("blazing") >= 12
    assert runs[1] == runs[0] and runs[2] == runs[0]


def test_results_come_back_in_input_order(many_files, toy_rules):
    work = [(str(p), None) for p in sorted((many_files / "docs").glob("part*.md"), reverse=True)]
    seen = []
    results = lint_files(work, jobs=2, progress=lambda done, total: seen.append((done, total)))
    assert [r.path for r in results] == [p for p, _ in work]
    assert seen == [(i, 12) for i in range(1, 13)]


def test_jobs_identical_with_the_real_rules_on_the_corpora(tmp_path):
    corpora = REPO / "corpora"
    if not any(corpora.rglob("*.md")):
        pytest.skip("no corpora yet")
    one = run_claimcheck("--format", "json", "--jobs", "1", str(corpora), cwd=REPO)
    two = run_claimcheck("--format", "json", "--jobs", "2", str(corpora), cwd=REPO)
    assert one.returncode in (0, 1), one.stderr
    assert (two.returncode, two.stdout, two.stderr) == (one.returncode, one.stdout, one.stderr)


def test_progress_bar_only_on_a_terminal_and_for_many_files():
    from claimcheck.cli import PROGRESS_MIN_FILES, _progress_reporter

    class Stream:
        def __init__(self, tty):
            self.tty, self.text = tty, ""

        def isatty(self):
            return self.tty

        def write(self, text):
            self.text += text

        def flush(self):
            pass

    assert _progress_reporter(Stream(False)) is None
    terminal = Stream(True)
    progress = _progress_reporter(terminal)
    progress(1, PROGRESS_MIN_FILES - 1)
    assert terminal.text == ""
    for done in range(1, 21):
        progress(done, 20)
    assert "10/20 files" in terminal.text and terminal.text.endswith("\r")


def test_a_result_that_cannot_come_back_is_that_files_error_alone(many_files, toy_rules, monkeypatch):
    """Files go to the workers in chunks; a chunk whose results cannot be sent back is linted
    again file by file, so only the file whose result cannot be pickled is an error."""
    import claimcheck.lint as lint

    real = lint.lint_file

    def lint_file(path, selection=None, text=None):
        result = real(path, selection, text)
        if path.endswith("part05.md"):
            result.findings.append(lambda: None)  # not picklable
        return result

    monkeypatch.setattr(lint, "lint_file", lint_file)
    work = [(str(p), None) for p in sorted((many_files / "docs").glob("part*.md"))] * 3
    assert len(lint._chunks(list(range(len(work))), 2)) < len(work)  # several files a chunk
    results = lint_files(work, jobs=2)
    assert [r.path for r in results] == [p for p, _ in work]
    failed = [r.path for r in results if r.error is not None]
    assert failed == [p for p, _ in work if p.endswith("part05.md")]
    assert all(r.error.cause.startswith("internal error") for r in results if r.error is not None)
    assert all(r.findings for r in results if r.error is None)


def test_workers_inherit_the_warm_up_instead_of_loading_it_again(many_files, toy_rules, monkeypatch):
    """With fork, the parent builds spaCy's pipeline once before the pool starts, and no worker
    builds it again (each reports the pipeline cache's misses as it lints)."""
    import multiprocessing

    import claimcheck.lint as lint
    from claimcheck.extract import nlp

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("workers warm up in the pool initializer where they do not fork")
    calls = []
    real_warm_up, real_lint_file = lint.warm_up, lint.lint_file

    def lint_file(path, selection=None, text=None):
        result = real_lint_file(path, selection, text)
        result.pipeline_builds = nlp.pipeline.cache_info().misses
        return result

    monkeypatch.setattr(lint, "warm_up", lambda: (calls.append(1), real_warm_up()))
    monkeypatch.setattr(lint, "lint_file", lint_file)
    work = [(str(p), None) for p in sorted((many_files / "docs").glob("part*.md"))]
    results = lint_files(work, jobs=2)
    assert calls == [1]
    built = nlp.pipeline.cache_info().misses  # in the parent, by the warm-up (or before)
    assert built >= 1 and {r.pipeline_builds for r in results} == {built}
    assert all(r.error is None for r in results)
