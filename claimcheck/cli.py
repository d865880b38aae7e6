"""Command line: parse options, call the pipeline, pick a reporter. Nothing else.

`claimcheck PATH...` lints (the implicit `check` command); subcommands (`parse`, `rule`, `rules`,
`config`, `server`, `verify`, `profile`, `plot`, `tables`) are imported only when invoked, so `--help` and
`--version` stay fast and import none of spacy, pandas, matplotlib, onnx or onnxruntime.
"""
from __future__ import annotations

import importlib
import os
import sys

import click

from claimcheck import __version__
from claimcheck.errors import InputError

# name → "module:attribute" of a click.Command, imported on first use
LAZY_COMMANDS = {
    "parse": "claimcheck.cli:parse_command",
    "rule": "claimcheck.cli:rule_command",
    "rules": "claimcheck.cli:rules_command",
    "config": "claimcheck.cli:config_command",
    "server": "claimcheck.cli:server_command",
    "verify": "claimcheck.verify.command:verify",
    "profile": "claimcheck.verify.command:profile",
    "plot": "claimcheck.tables.command:plot",
    "tables": "claimcheck.tables.command:tables",
}
# one-line help shown by `claimcheck --help` without importing the command's module
COMMAND_HELP = {
    "check": "Lint PATH... (the default: `claimcheck paper.tex`).",
    "parse": "Show what the front end read: sentences with positions, tables, diagnostics.",
    "rule": "Explain a rule: what it flags, why, how to fix it.",
    "rules": "List every rule (--format markdown: the docs/rules.md reference).",
    "config": "Print the effective configuration and the file it came from.",
    "server": "Run the language server (LSP over stdio) for editors.",
    "verify": "Check a document's claims against the ONNX model it describes.",
    "profile": "Measure the cost card of an ONNX model.",
    "plot": "Plot quality against every cost indicator of a comparison table.",
    "tables": "Export the extracted tables with their column classification.",
}
DEFAULT_COMMAND = "check"
FORMATS = ("text", "json", "sarif", "github", "markdown")
SEVERITY_CHOICE = click.Choice(["error", "warning", "info"])


class ClaimcheckGroup(click.Group):
    """A group whose default command is `check`, so `claimcheck paper.tex` lints."""

    def list_commands(self, ctx):
        return [DEFAULT_COMMAND, *sorted(LAZY_COMMANDS)]

    def get_command(self, ctx, name):
        if name == DEFAULT_COMMAND:
            return check_command
        target = LAZY_COMMANDS.get(name)
        if target is None:
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)

    def format_commands(self, ctx, formatter):
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMAND_HELP[name]) for name in self.list_commands(ctx)])

    def parse_args(self, ctx, args):
        if args and args[0] not in LAZY_COMMANDS and args[0] != DEFAULT_COMMAND \
                and args[0] not in ("--help", "-h", "--version"):
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)


@click.group(cls=ClaimcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="claimcheck")
def cli():
    """Lint efficiency claims in ML papers (.tex) and READMEs (.md).

    \b
    claimcheck paper.tex              lint a paper (follows \\input)
    claimcheck README.md docs/        lint files and folders
    claimcheck rule CC103             explain a rule
    claimcheck parse paper.tex        show what the front end read
    """


def _split_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(c.strip().upper() for v in values for c in v.split(",") if c.strip())


@cli.command(DEFAULT_COMMAND)
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(FORMATS), default="text", show_default=True,
              help="Output format: text for people, json for scripts, sarif for GitHub code scanning, "
                   "github for Actions annotations, markdown for a pull-request comment.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write the report to FILE (atomically) instead of standard output.")
@click.option("--select", multiple=True, help="Only these rule codes or prefixes (comma-separated); "
                                              "replaces the configured select.")
@click.option("--extend-select", multiple=True, help="Add these codes or prefixes to the selection.")
@click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes (comma-separated); "
                                              "replaces the configured ignore.")
@click.option("--preview/--no-preview", default=None,
              help="Also run the preview rules: those whose measured precision on real documents is "
                   "below 0.85 (see 'claimcheck rules') [default: the configured preview, else off].")
@click.option("--fail-on", type=SEVERITY_CHOICE, default=None,
              help="Exit 1 when a finding of this severity or above is reported [default: the "
                   "configured fail-on, else warning].")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Read this .claimcheck.toml or pyproject.toml instead of searching upward.")
@click.option("--baseline", type=click.Path(dir_okay=False), default=None,
              help="Report only findings not recorded in this baseline file.")
@click.option("--write-baseline", type=click.Path(dir_okay=False), default=None,
              help="Record the current findings in FILE and exit 0.")
@click.option("-j", "--jobs", type=click.IntRange(min=0), default=1, show_default=True,
              help="Lint this many files at a time (0: one per CPU); the output does not depend on it.")
@click.option("--stdin-filename", default=None,
              help="Name (and so format: .tex or .md) of the text read from '-'.")
@click.option("--no-color", is_flag=True, help="Never colour the text output (NO_COLOR is honoured too).")
@click.option("--exit-zero", is_flag=True,
              help="Exit 0 even when findings are reported (input errors still exit 2).")
@click.option("-q", "--quiet", is_flag=True,
              help="Print the findings only: no summary line, no notes on standard error.")
@click.option("--statistics", is_flag=True,
              help="Print the number of findings per rule code instead of the findings (text or json).")
@click.option("--show-source", is_flag=True,
              help="Show the source line under each finding, with carets under its span, and the "
                   "rule's documentation URL (text).")
def check_command(paths, output_format, output, select, extend_select, ignore, preview, fail_on, config_path,
                  baseline, write_baseline, jobs, stdin_filename, no_color, exit_zero, quiet, statistics,
                  show_source):
    """Lint PATH... (files or folders; '-' reads standard input)."""
    from pathlib import Path

    from claimcheck.config import load_config, repository_root
    from claimcheck.findings import severity_rank
    from claimcheck.frontend import discover
    from claimcheck.lint import lint_file, lint_files
    from claimcheck.report.text import print_error

    if baseline and write_baseline:
        raise click.UsageError("--baseline and --write-baseline cannot be used together")
    if statistics and output_format not in ("text", "json"):
        raise click.UsageError("--statistics works with --format text or json")
    if show_source and (statistics or output_format != "text"):
        raise click.UsageError("--show-source works with --format text, without --statistics")
    config = load_config(config_path).with_overrides(
        # an option given, even empty (`--ignore ""`), replaces the configured value
        select=_split_codes(select) if select else None,
        extend_select=_split_codes(extend_select) if extend_select else None,
        ignore=_split_codes(ignore) if ignore else None, preview=preview, fail_on=fail_on)

    results = []
    file_paths = [p for p in paths if p != "-"]
    if "-" in paths:
        name = stdin_filename or "stdin.md"
        from claimcheck.frontend import read_stdin

        results.append(lint_file(name, config.selection_for(name), text=read_stdin(sys.stdin, name)))
    if file_paths:
        named = {p for p in file_paths if not _is_dir(p)}
        unreadable: list[InputError] = []
        files = [p for p in discover(file_paths, unreadable) if config.wants(p, named=p in named)]
        work = [(p, config.selection_for(p)) for p in files]
        results.extend(lint_files(work, jobs, progress=None if quiet else _progress_reporter(sys.stderr)))
        from claimcheck.lint import FileResult

        results.extend(FileResult(e.path, None, error=e) for e in unreadable)
    for result in results:
        for finding in result.findings:
            finding.severity = config.severity_for(finding.code, finding.severity)

    root = repository_root()
    errors = [r.error for r in results if r.error]
    read = [p for r in results for p in ([f.path for f in r.document.files] if r.document else [r.path])]
    read += [str(p) for p in (config.source, baseline) if p]
    for target in (output, write_baseline):
        if target:
            _refuse_overwriting_input(target, read)
    if write_baseline:
        from claimcheck.baseline import write_baseline as record

        count = record(write_baseline, results, root)
        if not quiet:
            click.echo(f"claimcheck: recorded {count} finding{'s' * (count != 1)} in {write_baseline}",
                       err=True)
        for error in errors:
            print_error(str(error))
        sys.exit(2 if errors else 0)
    if baseline:
        from claimcheck.baseline import drop_known, read_baseline

        known = drop_known(results, read_baseline(baseline), root)
        if known and not quiet:
            click.echo(f"claimcheck: {known} finding{'s' * (known != 1)} already in {baseline} not shown",
                       err=True)

    from claimcheck.report.text import use_color

    color = output is None and use_color(sys.stdout, no_color)
    if statistics:
        report = _render_statistics(output_format, results, summary=not quiet)
    else:
        report = _render(output_format, results, root, config, color, show_source, summary=not quiet)
    if output:
        from claimcheck.report.output import write_atomically

        write_atomically(output, report)
    else:
        click.echo(report, nl=False)

    for error in errors:
        print_error(str(error))
    if errors:
        sys.exit(2)
    if exit_zero:
        sys.exit(0)
    threshold = severity_rank(config.fail_on)
    failing = any(severity_rank(f.severity) >= threshold for r in results for f in r.findings)
    sys.exit(1 if failing else 0)


def _is_dir(path: str) -> bool:
    from pathlib import Path

    try:
        return Path(path).is_dir()
    except OSError:  # inside a folder we may not read: discover() reports it
        return False


def _refuse_overwriting_input(target: str, read: list[str]) -> None:
    """`-o paper.md` or `--write-baseline paper.md` would replace a source with the report:
    refused before anything is written, whatever path (a symlink, a hard link) names it."""
    from claimcheck.safeio import same_file

    for path in read:
        if path != "-" and same_file(target, path):
            shown = f" ({path})" if os.path.abspath(path) != os.path.abspath(target) else ""
            raise InputError(target, f"refusing to write the report over a file this run read{shown}; "
                                     "choose another output file")


def _render(output_format: str, results, root, config, color: bool, show_source: bool, summary: bool) -> str:
    if output_format == "json":
        from claimcheck.report.json_format import render_json

        return render_json(results)
    if output_format == "sarif":
        from claimcheck.report.sarif import render_sarif

        return render_sarif(results, root, config.severity_for)
    if output_format == "github":
        from claimcheck.report.github import render_github

        return render_github(results, root)
    if output_format == "markdown":
        from claimcheck.report.markdown_summary import render_markdown

        return render_markdown(results)
    from claimcheck.report.text import render_text

    return render_text(results, color=color, show_source=show_source, summary=summary)


def _render_statistics(output_format: str, results, summary: bool) -> str:
    from claimcheck.report.statistics import render_statistics_json, render_statistics_text

    if output_format == "json":
        return render_statistics_json(results)
    from claimcheck.report.text import summary_line

    return render_statistics_text(results) + (summary_line(results) + "\n" if summary else "")


PROGRESS_MIN_FILES = 8  # fewer files finish before a bar is worth drawing


def _progress_reporter(stream):
    """A `progress(done, total)` callback drawing a bar on `stream` when it is a terminal."""
    if not getattr(stream, "isatty", lambda: False)():
        return None

    def progress(done: int, total: int) -> None:
        if total < PROGRESS_MIN_FILES:
            return
        width = 30
        filled = width * done // total
        stream.write(f"\rclaimcheck: [{'#' * filled}{'.' * (width - filled)}] {done}/{total} files")
        if done == total:
            stream.write("\r" + " " * (width + 40) + "\r")
        stream.flush()

    return progress


@click.command("config")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), default=None,
              help="Read this file instead of searching upward from the current folder.")
def config_command(config_path):
    """Print the effective configuration (as TOML) and the file it came from."""
    from claimcheck.config import load_config, render_config

    click.echo(render_config(load_config(config_path)), nl=False)


@click.command("server")
def server_command():
    """Run the language server on standard input and output (see docs/editors.md): diagnostics,
    hovers and suppression code actions for .tex and .md files, configured as `claimcheck` is."""
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        raise InputError(None, "the language server needs pygls: pip install 'claimcheck[server]'") from None
    from claimcheck.server import serve

    serve()


@click.command("parse")
@click.argument("path")
@click.option("--claims/--no-claims", default=True, show_default=True,
              help="Also show the claims extraction found (loads spaCy when there are any).")
def parse_command(path, claims):
    """Show what the front end read: sentences with positions, tables with the classification
    of every column, diagnostics, and the extracted claims."""
    from claimcheck.frontend import load_document
    from claimcheck.report.dump import render_claims, render_dump

    document = load_document(path)
    notes = None
    if document.tables:
        from claimcheck.tables.frame import column_notes

        notes = column_notes(document)
    click.echo(render_dump(document, notes), nl=False)
    if claims:
        from claimcheck.extract.claims import extract_claims

        click.echo(render_claims(extract_claims(document)), nl=False)


@click.command("rule")
@click.argument("code")
def rule_command(code):
    """Explain a rule: what it flags, why (with the paper section), how to fix it."""
    from claimcheck.rules_meta import get_rule

    meta = get_rule(code.upper())
    status = f"{meta.severity}, preview: off unless --preview" if meta.preview else meta.severity
    click.echo(f"{meta.code} {meta.name} [{status}]  (paper: {meta.paper})\n")
    click.echo(f"{meta.summary}\n")
    if meta.measured:
        click.echo(f"Precision on real documents: {meta.measured_text()}.\n")
    click.echo(f"Why: {meta.rationale}\n")
    click.echo(f"Fix: {meta.fix}")
    for kind in ("fail", "pass"):
        for example in meta.examples.get(kind, [])[:1]:
            text = example.get("text", "") if isinstance(example, dict) else str(example)
            label = "Flagged" if kind == "fail" else "Not flagged"
            fmt = example.get("format", "") if isinstance(example, dict) else ""
            click.echo(f"\n{label} ({fmt}):\n" + "\n".join("    " + ln for ln in text.strip().splitlines()))


@click.command("rules")
@click.option("--format", "output_format", type=click.Choice(["text", "markdown"]), default="text",
              show_default=True, help="markdown: the rule reference, as in docs/rules.md.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to FILE (atomically) instead of standard output.")
def rules_command(output_format, output):
    """List every rule: code, name, default severity, summary."""
    from claimcheck.rules_meta import all_rules

    if output_format == "markdown":
        from claimcheck.report.rule_docs import render_rule_docs

        text = render_rule_docs(all_rules())
    else:
        text = "".join(f"{meta.code}  {meta.name:32} {meta.status:8} {meta.summary}\n"
                       for meta in all_rules().values())
    if output:
        from claimcheck.report.output import write_atomically

        write_atomically(output, text)
    else:
        click.echo(text, nl=False)


def main(argv: list[str] | None = None) -> None:
    """Entry point: bad input becomes one line on stderr and exit 2, never a traceback."""
    try:
        cli.main(args=argv, prog_name="claimcheck", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except InputError as exc:
        click.echo(f"claimcheck: error: {exc}", err=True)
        sys.exit(2)
    except (BrokenPipeError, KeyboardInterrupt):
        sys.exit(130)
    except Exception as exc:  # a bug: still one line, with the way to see more
        if os.environ.get("CLAIMCHECK_DEBUG"):
            raise
        click.echo(f"claimcheck: internal error: {type(exc).__name__}: {exc} "
                   "(set CLAIMCHECK_DEBUG=1 for the traceback, and please report it)", err=True)
        sys.exit(2)
    sys.exit(0)
