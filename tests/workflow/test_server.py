"""`claimcheck server`: a real LSP exchange over stdio with `python -m claimcheck server`, framed by
hand (Content-Length headers, JSON-RPC), every wait bounded so a broken server fails the test
instead of hanging it; and the position, severity and suppression logic on its own.

The project configuration in the test folder selects CC102 (a preview rule, so the selection is
what makes it run) and raises it to error, so the diagnostics show that the configuration found
from the file's folder is applied, as the CLI applies it.
"""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import REPO, run_claimcheck, write


CONFIG = 'select = ["CC102", "CP"]\n\n[severity]\nCC102 = "error"\n'
# "We like 🚀 it. " is 14 characters and 15 UTF-16 code units: the claim starts at column 15 (1-based)
LATEX = "\\section{Intro}\nWe like 🚀 it. We introduce an efficient backbone for segmentation.\n"
MARKDOWN = "# Detector\n\nWe like 🚀 it. TurboDet is a lightweight and fast object detector.\n"
WAIT_S = 90  # the first lint loads spaCy; two busy cores can make that slow


class LspClient:
    """A minimal LSP client: one reader thread splits the server's stdout into messages."""

    def __init__(self, cwd: Path):
        self.proc = subprocess.Popen([sys.executable, "-m", "claimcheck", "server"], cwd=cwd,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=open(cwd / "server.log", "wb"))
        self.messages: queue.Queue = queue.Queue()
        self.notifications: list[dict] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.proc.stdout
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    self.messages.put(None)
                    return
                header = header.strip()
                if not header:
                    break
                name, _, value = header.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.messages.put(json.loads(stream.read(length).decode("utf-8")))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict | None = None) -> None:
        self.send({"method": method, **({"params": params} if params is not None else {})})

    def _next(self, deadline: float) -> dict:
        try:
            message = self.messages.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:
            raise AssertionError("no message from the server in time") from None
        assert message is not None, "the server closed its output"
        if "id" in message and "method" in message:  # a request from the server: answer it
            self.send({"id": message["id"], "result": None})
        return message

    def request(self, method: str, params: dict | None = None, timeout: float = WAIT_S):
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, **({"params": params} if params is not None else {})})
        deadline = time.monotonic() + timeout
        while True:
            message = self._next(deadline)
            if message.get("id") == self.next_id and "method" not in message:
                assert "error" not in message, message
                return message["result"]
            if "method" in message and "id" not in message:
                self.notifications.append(message)

    def diagnostics(self, uri: str, version: int | None = None, timeout: float = WAIT_S) -> dict:
        """The next publishDiagnostics for `uri` (of `version`, when given); others are kept."""
        deadline = time.monotonic() + timeout
        while True:
            for i, note in enumerate(self.notifications):
                params = note.get("params", {})
                if note["method"] == "textDocument/publishDiagnostics" and params["uri"] == uri \
                        and (version is None or params.get("version") == version):
                    del self.notifications[i]
                    return params
            message = self._next(deadline)
            if "method" in message and "id" not in message:
                self.notifications.append(message)

    def shutdown(self) -> int:
        """The protocol's orderly end (shutdown, then exit); the server's exit status."""
        assert self.request("shutdown", timeout=30) is None
        self.notify("exit")
        return self.proc.wait(timeout=30)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def cli_ranges(folder: Path, name: str) -> list[tuple[str, dict]]:
    """(code, LSP range) of what `claimcheck NAME --format json` reports, converted here."""
    done = run_claimcheck(name, "--format", "json", cwd=folder, timeout=WAIT_S)
    lines = (folder / name).read_text(encoding="utf-8").splitlines()
    out = []
    for f in json.loads(done.stdout)["findings"]:
        out.append((f["code"], {
            "start": {"line": f["line"] - 1, "character": utf16(lines[f["line"] - 1][: f["column"] - 1])},
            "end": {"line": f["end_line"] - 1, "character": utf16(lines[f["end_line"] - 1][: f["end_column"] - 1])},
        }))
    return out


def apply(text: str, edit: dict) -> str:
    """Apply one insertion TextEdit (what the suppression action sends) to `text`."""
    start = edit["range"]["start"]
    assert edit["range"]["start"] == edit["range"]["end"] and start["character"] == 0
    lines = text.splitlines(keepends=True)
    return "".join(lines[: start["line"]]) + edit["newText"] + "".join(lines[start["line"]:])


@pytest.fixture
def project(tmp_path):
    (tmp_path / ".git").mkdir()
    write(tmp_path / ".claimcheck.toml", CONFIG)
    write(tmp_path / "paper.tex", LATEX)
    write(tmp_path / "README.md", MARKDOWN)
    return tmp_path


def test_lsp_exchange_over_stdio(project):
    from claimcheck.report.rule_docs import rule_url
    from claimcheck.rules_meta import get_rule

    tex_uri, md_uri = (project / "paper.tex").as_uri(), (project / "README.md").as_uri()
    expected_tex = cli_ranges(project, "paper.tex")
    expected_md = cli_ranges(project, "README.md")
    assert [code for code, _ in expected_tex] == ["CC102"]  # the fixture means what it says
    client = LspClient(project)
    try:
        result = client.request("initialize", {"processId": os.getpid(), "rootUri": project.as_uri(),
                                               "capabilities": {}})
        capabilities = result["capabilities"]
        assert capabilities["hoverProvider"] and capabilities["codeActionProvider"]
        assert capabilities.get("positionEncoding", "utf-16") == "utf-16"
        client.notify("initialized", {})

        # didOpen: the CLI's finding, at UTF-16 columns (the rocket is two code units)
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": tex_uri, "languageId": "latex", "version": 1, "text": LATEX}})
        published = client.diagnostics(tex_uri, 1)
        [diagnostic] = published["diagnostics"]
        assert (diagnostic["code"], diagnostic["range"]) == expected_tex[0]
        assert diagnostic["range"]["start"] == {"line": 1, "character": 15}
        assert diagnostic["severity"] == 1  # CC102 raised to error by .claimcheck.toml
        assert diagnostic["source"] == "claimcheck"
        assert diagnostic.get("codeDescription") == ({"href": rule_url("CC102")} if rule_url("CC102") else None)

        # didChange, three edits in a row: debounced, so only the last version is linted
        moved = "\\section{Intro}\n\nWe like 🚀 it. We introduce an efficient backbone for segmentation.\n"
        for version, text in ((2, LATEX + "x\n"), (3, LATEX + "y\n"), (4, moved)):
            client.notify("textDocument/didChange", {"textDocument": {"uri": tex_uri, "version": version},
                                                     "contentChanges": [{"text": text}]})
        published = client.diagnostics(tex_uri)
        assert published["version"] == 4
        [diagnostic] = published["diagnostics"]
        assert diagnostic["range"]["start"] == {"line": 2, "character": 15}

        # hover on the finding: the rule's explanation
        hover = client.request("textDocument/hover", {"textDocument": {"uri": tex_uri},
                                                      "position": {"line": 2, "character": 20}})
        meta = get_rule("CC102")
        assert "CC102 unquantified-efficiency-claim" in hover["contents"]["value"]
        assert " ".join(meta.rationale.split())[:60] in hover["contents"]["value"]
        assert " ".join(meta.fix.split())[:60] in hover["contents"]["value"]
        assert client.request("textDocument/hover", {"textDocument": {"uri": tex_uri},
                                                     "position": {"line": 0, "character": 2}}) is None

        # codeAction: a bracketed suppression on the line above, which really suppresses
        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": tex_uri}, "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic]}})
        [suppress] = [a for a in actions if "edit" in a]
        [edit] = suppress["edit"]["changes"][tex_uri]
        assert edit["newText"] == "% claimcheck: ignore[CC102] <reason>\n"
        assert edit["range"]["start"] == {"line": 2, "character": 0}
        client.notify("textDocument/didChange", {"textDocument": {"uri": tex_uri, "version": 5},
                                                 "contentChanges": [{"text": apply(moved, edit)}]})
        # CP002/CP003 are selected too: empty means suppressed, used and well formed
        assert client.diagnostics(tex_uri, 5)["diagnostics"] == []

        # Markdown: the HTML-comment form, with the same round trip
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": md_uri, "languageId": "markdown", "version": 1, "text": MARKDOWN}})
        [diagnostic] = client.diagnostics(md_uri, 1)["diagnostics"]
        assert (diagnostic["code"], diagnostic["range"]) == expected_md[0]
        assert diagnostic["range"]["start"] == {"line": 2, "character": 15}
        actions = client.request("textDocument/codeAction", {
            "textDocument": {"uri": md_uri}, "range": diagnostic["range"],
            "context": {"diagnostics": [diagnostic]}})
        [edit] = [a for a in actions if "edit" in a][0]["edit"]["changes"][md_uri]
        assert edit["newText"] == "<!-- claimcheck: ignore[CC102] <reason> -->\n"
        client.notify("textDocument/didChange", {"textDocument": {"uri": md_uri, "version": 2},
                                                 "contentChanges": [{"text": apply(MARKDOWN, edit)}]})
        assert client.diagnostics(md_uri, 2)["diagnostics"] == []

        # didSave lints at once; didClose clears the file's diagnostics
        client.notify("textDocument/didSave", {"textDocument": {"uri": md_uri}})
        assert client.diagnostics(md_uri, 2)["diagnostics"] == []
        client.notify("textDocument/didClose", {"textDocument": {"uri": tex_uri}})
        assert client.diagnostics(tex_uri)["diagnostics"] == []

        assert client.shutdown() == 0
    finally:
        client.close()


def test_input_files_are_linted_as_part_of_their_root(project):
    """A finding in an `\\input` file is published to that file, and cleared there when the root
    no longer includes it."""
    write(project / "sec" / "intro.tex", LATEX)
    root = "\\documentclass{article}\n\\begin{document}\n\\input{sec/intro}\n\\end{document}\n"
    write(project / "main.tex", root)
    main_uri, intro_uri = (project / "main.tex").as_uri(), (project / "sec" / "intro.tex").as_uri()
    client = LspClient(project)
    try:
        client.request("initialize", {"processId": os.getpid(), "rootUri": project.as_uri(), "capabilities": {}})
        client.notify("initialized", {})
        client.notify("textDocument/didOpen", {"textDocument": {
            "uri": main_uri, "languageId": "latex", "version": 1, "text": root}})
        assert client.diagnostics(main_uri, 1)["diagnostics"] == []
        [diagnostic] = client.diagnostics(intro_uri)["diagnostics"]
        assert diagnostic["code"] == "CC102" and diagnostic["range"]["start"] == {"line": 1, "character": 15}
        without = root.replace("\\input{sec/intro}", "We thank the reviewers.")
        client.notify("textDocument/didChange", {"textDocument": {"uri": main_uri, "version": 2},
                                                 "contentChanges": [{"text": without}]})
        assert client.diagnostics(main_uri, 2)["diagnostics"] == []
        assert client.diagnostics(intro_uri)["diagnostics"] == []
        assert client.shutdown() == 0
    finally:
        client.close()


def test_server_without_pygls_says_how_to_install_it(cli, monkeypatch):
    monkeypatch.setitem(sys.modules, "pygls", None)  # `import pygls` raises ImportError
    code, out, err = cli("server")
    assert code == 2 and out == ""
    assert err == "claimcheck: error: the language server needs pygls: pip install 'claimcheck[server]'\n"


def _finding(line: int, column: int, end_column: int, severity: str = "warning", path: str = "a.tex"):
    from claimcheck.document import Span
    from claimcheck.findings import Finding

    return Finding("CC102", "unquantified-efficiency-claim", severity, "m", "s",
                   Span(path, line, column, line, end_column))


def test_ranges_count_utf16_code_units_of_the_negotiated_encoding():
    from pygls.workspace import PositionCodec

    from claimcheck.document import SourceFile
    from claimcheck.server import lsp_range

    source = SourceFile("a.tex", "x\n🚀é efficient\n")
    finding = _finding(2, 4, 13)  # 'efficient' after two characters and a space
    utf16 = lsp_range(finding, source, PositionCodec())
    assert (utf16.start.line, utf16.start.character, utf16.end.character) == (1, 4, 13)
    utf8 = lsp_range(finding, source, PositionCodec("utf-8"))
    assert (utf8.start.character, utf8.end.character) == (7, 16)  # 4 + 2 bytes, then 9
    utf32 = lsp_range(finding, source, PositionCodec("utf-32"))
    assert (utf32.start.character, utf32.end.character) == (3, 12)
    # a byte-order mark the front end dropped still occupies the editor's first column
    first = lsp_range(_finding(1, 1, 2), SourceFile("a.tex", "x\n"), PositionCodec(), bom=True)
    assert (first.start.character, first.end.character) == (1, 2)


@pytest.mark.parametrize("severity, number", [("error", 1), ("warning", 2), ("info", 3)])
def test_diagnostic_severity_code_and_rule_url(monkeypatch, severity, number):
    from lsprotocol import types

    from claimcheck.report import rule_docs
    from claimcheck.server import to_diagnostic

    at = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=0, character=1))
    monkeypatch.setattr(rule_docs, "rule_url", lambda code: None)
    plain = to_diagnostic(_finding(1, 1, 2, severity), at)
    assert (plain.severity, plain.code, plain.source, plain.code_description) == (number, "CC102", "claimcheck", None)
    url = "https://example.org/claimcheck/blob/v0.1.0/docs/rules.md#cc102"
    monkeypatch.setattr(rule_docs, "rule_url", lambda code: url)
    assert to_diagnostic(_finding(1, 1, 2, severity), at).code_description.href == url


def test_bad_configuration_is_one_line_error(project):
    from claimcheck.server import lint_buffer

    write(project / ".claimcheck.toml", 'selct = ["CC102"]\n')
    outcome = lint_buffer(str(project / "paper.tex"), LATEX)
    assert outcome.findings == []
    assert outcome.error == f"{project / '.claimcheck.toml'}: selct: unknown key (did you mean 'select'?)"


def test_excluded_file_has_no_findings_and_severities_follow_the_configuration(project):
    from claimcheck.server import lint_buffer

    path = str(project / "paper.tex")
    assert [(f.code, f.severity) for f in lint_buffer(path, LATEX).findings] == [("CC102", "error")]
    write(project / ".claimcheck.toml", CONFIG.replace("[severity]", 'exclude = ["paper.tex"]\n\n[severity]'))
    assert lint_buffer(path, LATEX).findings == []


def test_editor_configurations_parse_and_run_the_server():
    """docs/editors.md: the JSON and TOML snippets are valid and start `claimcheck server`; every
    editor section gives the same command; README.md links the page."""
    import re
    from claimcheck.config import tomllib  # tomli on Python 3.10

    text = (REPO / "docs" / "editors.md").read_text(encoding="utf-8")
    blocks = dict.fromkeys(["json", "toml", "lua", "elisp"], None)
    for lang, body in re.findall(r"```(\w+)\n(.*?)```", text, re.S):
        blocks[lang] = blocks.get(lang) or []
        blocks[lang].append(body)
    [vscode] = blocks["json"]
    settings = json.loads(vscode)
    assert [settings["glspc.server.command"], *settings["glspc.server.commandArguments"]] == ["claimcheck", "server"]
    assert settings["glspc.server.languageId"] == ["latex", "markdown"]
    [helix] = blocks["toml"]
    helix = tomllib.loads(helix)
    assert helix["language-server"]["claimcheck"] == {"command": "claimcheck", "args": ["server"]}
    assert {lang["name"] for lang in helix["language"] if "claimcheck" in lang["language-servers"]} == {"latex", "markdown"}
    assert len(blocks["lua"]) == 3 and all('{ "claimcheck", "server" }' in b for b in blocks["lua"])
    [emacs] = blocks["elisp"]
    assert '("claimcheck" "server")' in emacs
    assert "(docs/editors.md)" in (REPO / "README.md").read_text(encoding="utf-8")


def test_sentence_analyses_are_reused_and_change_no_finding(project, monkeypatch):
    """The server remembers each sentence's spaCy analysis: after a one-line change only the new
    sentence is analysed, and the findings are those of a lint without the memo."""
    from claimcheck.extract import nlp
    from claimcheck.server import lint_buffer

    path = str(project / "paper.tex")
    edited = LATEX + "Our decoder is lightweight.\n"
    plain = [f.to_json() for f in lint_buffer(path, edited).findings]
    analysed: list[list[str]] = []

    def counting(texts):
        analysed.append(list(texts))
        return original(texts)

    original = nlp._analyse_all
    monkeypatch.setattr(nlp, "_memo", nlp.AnalysisMemo(counting, size=1000))
    lint_buffer(path, LATEX)
    assert [f.to_json() for f in lint_buffer(path, edited).findings] == plain
    assert [f["code"] for f in plain] == ["CC102", "CC102"]
    assert analysed[-1] == ["Our decoder is lightweight."]


def test_analysis_memo_is_bounded_and_keeps_the_recently_used():
    from claimcheck.extract.nlp import AnalysisMemo

    memo = AnalysisMemo(lambda texts: [t.upper() for t in texts], size=2)
    assert memo(["a", "b", "a"]) == ["A", "B", "A"]
    memo(["a"])  # "b" is now the least recently used
    assert memo(["c"]) == ["C"] and list(memo.docs) == ["a", "c"]


@pytest.mark.parametrize("name, text, line, inserted", [
    ("paper.tex", "\\section{Intro}\n  We introduce an efficient backbone for segmentation.\n", 1,
     "  % claimcheck: ignore[CC102] <reason>\n"),
    ("README.md", "# Detector\n\r\nTurboDet is a lightweight and fast object detector.\r\n", 2,
     "<!-- claimcheck: ignore[CC102] <reason> -->\r\n"),
    # a comment line inside YAML front matter would break it: ignore-file after the front matter
    ("card.md", "---\nlicense: mit\ndescription: TurboDet is a lightweight and fast object detector.\n---\n"
                "# TurboDet\n\nSee the paper.\n", 4, "<!-- claimcheck: ignore-file[CC102] <reason> -->\n"),
], ids=["latex-indented", "markdown-crlf", "front-matter"])
def test_suppression_edit_really_suppresses(project, name, text, line, inserted):
    from claimcheck.server import Entry, front_matter_end, lint_buffer, suppression_edit

    path = str(project / name)
    [finding] = lint_buffer(path, text).findings
    source_line = text.splitlines()[finding.span.line - 1]
    end = front_matter_end(text) if finding.span.line <= front_matter_end(text) else 0
    title, edit = suppression_edit(Entry("uri", None, finding, source_line, "\r\n" if "\r\n" in text else "\n", end))
    assert (edit.range.start.line, edit.range.start.character, edit.new_text) == (line, 0, inserted)
    assert "CC102" in title
    edited = apply(text, {"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
                          "newText": edit.new_text})
    assert lint_buffer(path, edited).findings == []  # CP002 and CP003 are selected: used, well formed
