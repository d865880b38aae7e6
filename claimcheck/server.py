"""`claimcheck server`: a language server (LSP over stdio, pygls 2.x) for LaTeX and Markdown.

The editor gets what the command line reports, from the same code: each open buffer is linted by
`lint_file(path, selection, text=buffer)` with the configuration found from the file's folder
(as `claimcheck` run there finds it), the configured severities applied, and every finding
published as a diagnostic with its rule code. Findings in `\\input` files are published to those
files. Linting runs on one worker thread, so spaCy and the rule catalogue are loaded once per
server process (warmed up at `initialized`) and the event loop keeps answering hovers meanwhile.

- diagnostics on open and save at once, on change after DEBOUNCE_S without a further change;
  a result for a buffer that changed while it was being linted is dropped, not published;
- hover on a finding: the rule's name, why it matters and how to fix it (rules/*.yaml);
- code actions: insert a suppression on the line above, always in the bracketed form the
  suppression parser requires (`% claimcheck: ignore[CC102] <reason>`), and open the rule's
  documentation when the package declares a repository URL.

Positions: claimcheck counts 1-based lines and characters; LSP counts 0-based lines and code units
of the negotiated encoding (UTF-16 unless the client offers another), converted per line here.
"""
from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import PositionCodec

from claimcheck import __version__
from claimcheck.findings import Finding

SOURCE = "claimcheck"
DEBOUNCE_S = 0.3
SEVERITY = {"error": types.DiagnosticSeverity.Error, "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}
SUFFIXES = (".tex", ".md", ".markdown")
# a buffer without a usable file name (untitled) is linted under a name with its language's suffix
LANGUAGE_SUFFIX = {"latex": ".tex", "tex": ".tex", "markdown": ".md"}
UNSUPPRESSIBLE_PREFIX = "CP"  # parse diagnostics and suppression problems: no suppression hides them
SHOW_DOCS_COMMAND = "claimcheck.showRuleDocumentation"
REASON_PLACEHOLDER = "<reason>"
ANALYSIS_MEMO_SIZE = 20_000  # sentences: a few long papers open at once


@dataclass
class Outcome:
    """One lint of one buffer: findings with the source files they point into, or an error."""

    findings: list[Finding] = field(default_factory=list)
    files: dict = field(default_factory=dict)  # absolute path → SourceFile
    error: str | None = None  # a one-line reason the buffer could not be linted at all


@dataclass
class Entry:
    """A published diagnostic and what hover and code actions need to know about it."""

    uri: str
    diagnostic: types.Diagnostic
    finding: Finding | None  # None: the one-line error of a buffer that could not be linted
    line_text: str  # the source line the finding starts on
    newline: str
    front_matter_end: int = 0  # in a Markdown file's YAML front matter: the line closing it


def lint_buffer(path: str, text: str) -> Outcome:
    """Lint `text` as the file `path`, configured as the CLI run from the file's folder would be."""
    from claimcheck.config import load_config
    from claimcheck.errors import InputError
    from claimcheck.lint import internal_error, lint_file

    try:
        config = load_config(start=Path(path).parent)
        if not config.wants(path, named=True):  # excluded in the configuration: no findings
            return Outcome()
        result = lint_file(path, config.selection_for(path), text=text)
    except InputError as exc:
        return Outcome(error=str(exc))
    except Exception as exc:  # noqa: BLE001 - a bug must not take the server down
        return Outcome(error=str(internal_error(path, exc)))
    if result.error:
        return Outcome(error=str(result.error))
    for finding in result.findings:
        finding.severity = config.severity_for(finding.code, finding.severity)
    files = {os.path.abspath(f.path): f for f in result.document.files}
    return Outcome(result.findings, files)


def lsp_position(line_text: str, line: int, column: int, codec: PositionCodec) -> types.Position:
    """1-based line and character column → 0-based line and code units of the codec's encoding."""
    return types.Position(line=max(line - 1, 0),
                          character=codec.client_num_units(line_text[: max(column - 1, 0)]))


def lsp_range(finding: Finding, source, codec: PositionCodec, bom: bool = False) -> types.Range:
    """The LSP range of a finding's span. `bom`: the editor's text starts with a byte-order mark
    that the front end dropped, so the first line's columns are one character further on."""
    span = finding.span

    def position(line: int, column: int) -> types.Position:
        text = source.line_text(line) if source is not None and line <= source.line_count else ""
        if bom and line == 1:
            text, column = "\ufeff" + text, column + 1
        return lsp_position(text, line, column, codec)

    return types.Range(start=position(span.line, span.column), end=position(span.end_line, span.end_column))


def to_diagnostic(finding: Finding, range_: types.Range) -> types.Diagnostic:
    from claimcheck.report.rule_docs import rule_url

    url = rule_url(finding.code)
    return types.Diagnostic(
        range=range_, message=finding.message, severity=SEVERITY[finding.severity], code=finding.code,
        source=SOURCE, code_description=types.CodeDescription(href=url) if url else None)


def error_diagnostic(message: str) -> types.Diagnostic:
    return types.Diagnostic(range=types.Range(start=types.Position(line=0, character=0),
                                              end=types.Position(line=0, character=0)),
                            message=f"claimcheck: error: {message}", severity=types.DiagnosticSeverity.Error,
                            source=SOURCE)


def hover_text(finding: Finding) -> str:
    """Markdown: the finding, then its rule's explanation from the rule metadata."""
    from claimcheck.errors import InputError
    from claimcheck.report.rule_docs import rule_url
    from claimcheck.rules_meta import get_rule

    try:
        meta = get_rule(finding.code)
    except InputError:
        meta = None
    name = meta.name if meta else finding.name
    lines = [f"**{finding.code} {name}** ({finding.severity})", "", finding.message, ""]
    if meta:
        lines += [meta.summary, "", f"**Why.** {' '.join(meta.rationale.split())}", "",
                  f"**Fix.** {' '.join(meta.fix.split())}"]
    else:
        lines += [f"**Fix.** {finding.suggestion}"]
    url = rule_url(finding.code)
    if url:
        lines += ["", f"[Documentation of {finding.code}]({url})"]
    return "\n".join(lines)


def suppression_comment(path: str, code: str, kind: str = "ignore") -> str:
    """The bracketed directive the suppression parser reads, in the file's comment syntax."""
    directive = f"claimcheck: {kind}[{code}] {REASON_PLACEHOLDER}"
    return f"% {directive}" if path.lower().endswith(".tex") else f"<!-- {directive} -->"


def front_matter_end(text: str) -> int:
    """The 1-based line closing a Markdown file's YAML front matter (as the front end reads
    it), or 0 when there is none."""
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return 0
    return next((n for n, line in enumerate(lines[1:], 2) if line.rstrip() in ("---", "...")), 0)


def suppression_edit(entry: Entry) -> tuple[str, types.TextEdit]:
    """(title, edit): the suppression on its own line above the finding's first line, indented
    like it (a comment line suppresses the next line holding text). In YAML front matter a
    comment line would break the YAML, so there it is an ignore-file[CODE] after the front matter."""
    code = entry.finding.code
    if entry.front_matter_end:
        line, kind, indent = entry.front_matter_end, "ignore-file", ""
        title = f"Suppress {code} in this file (claimcheck: ignore-file[{code}] after the front matter)"
    else:
        line, kind = entry.finding.span.line - 1, "ignore"
        indent = entry.line_text[: len(entry.line_text) - len(entry.line_text.lstrip())]
        title = f"Suppress {code} on line {entry.finding.span.line} (claimcheck: ignore[{code}])"
    at = types.Position(line=line, character=0)
    text = indent + suppression_comment(entry.finding.span.path, code, kind) + entry.newline
    return title, types.TextEdit(range=types.Range(start=at, end=at), new_text=text)


class ClaimcheckServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("claimcheck", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="claimcheck-lint")
        self.pending: dict[str, asyncio.Task] = {}
        self.entries: dict[str, list[Entry]] = {}  # uri → what was last published there
        self.published: dict[str, set[str]] = {}  # root uri → uris its last lint published to

    def lint_target(self, uri: str, language_id: str | None) -> str | None:
        """The file name to lint a buffer as, or None for a buffer claimcheck does not read."""
        path = to_fs_path(uri) if uri.startswith("file:") else None
        if path and path.lower().endswith(SUFFIXES):
            return path
        suffix = LANGUAGE_SUFFIX.get((language_id or "").lower())
        if suffix is None:
            return None
        return (path or os.path.join(os.getcwd(), "untitled")) + suffix

    def schedule(self, uri: str, delay: float) -> None:
        """(Re)start the lint of `uri` after `delay` seconds: a newer change cancels an older one."""
        previous = self.pending.pop(uri, None)
        if previous is not None:
            previous.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self.lint_later(uri, delay))

    async def lint_later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        document = self.workspace.text_documents.get(uri)
        if document is None:
            return
        path = self.lint_target(uri, document.language_id)
        if path is None:
            return
        version, text = document.version, document.source
        outcome = await asyncio.get_running_loop().run_in_executor(self.worker, lint_buffer, path, text)
        current = self.workspace.text_documents.get(uri)
        if current is None or current.version != version:
            return  # changed (a newer lint is scheduled) or closed meanwhile
        self.publish(uri, path, version, text, outcome)
        if self.pending.get(uri) is asyncio.current_task():
            del self.pending[uri]

    def publish(self, uri: str, path: str, version: int | None, text: str, outcome: Outcome) -> None:
        codec = self.workspace.position_codec
        root = os.path.abspath(path)
        by_uri: dict[str, list[Entry]] = {uri: []}
        front_matter = 0 if root.lower().endswith(".tex") else front_matter_end(text)
        if outcome.error:
            by_uri[uri].append(Entry(uri, error_diagnostic(outcome.error), None, "", "\n"))
        for finding in outcome.findings:
            where = os.path.abspath(finding.span.path)
            target = uri if where == root else from_fs_path(where)
            source = outcome.files.get(where)
            diagnostic = to_diagnostic(finding, lsp_range(finding, source, codec,
                                                          bom=where == root and text.startswith("\ufeff")))
            line_text = source.line_text(finding.span.line) if source is not None else ""
            newline = "\r\n" if source is not None and "\r\n" in source.text else "\n"
            in_front_matter = front_matter if where == root and finding.span.line <= front_matter else 0
            by_uri.setdefault(target, []).append(Entry(target, diagnostic, finding, line_text, newline,
                                                       in_front_matter))
        for stale in self.published.get(uri, set()) - set(by_uri):
            by_uri[stale] = []
        self.published[uri] = set(by_uri)
        for target, entries in by_uri.items():
            self.entries[target] = entries
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
                uri=target, diagnostics=[e.diagnostic for e in entries],
                version=version if target == uri else None))

    def forget(self, uri: str) -> None:
        task = self.pending.pop(uri, None)
        if task is not None:
            task.cancel()
        for target in self.published.pop(uri, {uri}) | {uri}:
            self.entries.pop(target, None)
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=target, diagnostics=[]))

    def entries_at(self, uri: str, range_: types.Range) -> list[Entry]:
        def key(p: types.Position) -> tuple[int, int]:
            return p.line, p.character

        return [e for e in self.entries.get(uri, []) if e.finding is not None
                and key(e.diagnostic.range.start) <= key(range_.end)
                and key(range_.start) <= key(e.diagnostic.range.end)]


def warm_up() -> None:
    """Load what every lint of a claim needs, once: spaCy's pipeline and the rule catalogue; and
    remember sentence analyses from now on (every lint runs after this, on the same worker)."""
    from claimcheck.extract import nlp
    from claimcheck.rules_meta import all_rules

    import claimcheck.lint  # noqa: F401 - the checks and front ends

    nlp.remember_analyses(ANALYSIS_MEMO_SIZE)
    nlp.pipeline()
    all_rules()


def create_server() -> ClaimcheckServer:
    server = ClaimcheckServer()

    @server.feature(types.INITIALIZED)
    def initialized(ls: ClaimcheckServer, params: types.InitializedParams) -> None:
        ls.worker.submit(warm_up)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: ClaimcheckServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: ClaimcheckServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, DEBOUNCE_S)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: ClaimcheckServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: ClaimcheckServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: ClaimcheckServer, params: types.HoverParams) -> types.Hover | None:
        at = types.Range(start=params.position, end=params.position)
        entries = ls.entries_at(params.text_document.uri, at)
        if not entries:
            return None
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown,
                                         value="\n\n---\n\n".join(hover_text(e.finding) for e in entries)),
            range=entries[0].diagnostic.range)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: ClaimcheckServer, params: types.CodeActionParams) -> list[types.CodeAction]:
        from claimcheck.report.rule_docs import rule_url

        uri = params.text_document.uri
        actions: list[types.CodeAction] = []
        seen: set[tuple] = set()
        for entry in ls.entries_at(uri, params.range):
            code, line = entry.finding.code, entry.finding.span.line
            if code.startswith(UNSUPPRESSIBLE_PREFIX):
                continue
            if ("suppress", code, line) not in seen:
                seen.add(("suppress", code, line))
                title, edit = suppression_edit(entry)
                actions.append(types.CodeAction(
                    title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[entry.diagnostic],
                    edit=types.WorkspaceEdit(changes={uri: [edit]})))
            url = rule_url(code)
            if url and ("docs", code) not in seen:
                seen.add(("docs", code))
                actions.append(types.CodeAction(
                    title=f"Open the documentation of {code}", kind=types.CodeActionKind.QuickFix,
                    diagnostics=[entry.diagnostic],
                    command=types.Command(title=f"Open {code} documentation", command=SHOW_DOCS_COMMAND,
                                          arguments=[url])))
        return actions

    @server.command(SHOW_DOCS_COMMAND)
    def show_documentation(ls: ClaimcheckServer, url: str) -> None:
        ls.window_show_document(types.ShowDocumentParams(uri=url, external=True))

    return server


def serve() -> None:
    """Run the server on standard input and output until the client says exit."""
    create_server().start_io()
