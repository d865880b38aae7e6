"""Command line: parse options, call the pipeline, pick a reporter. Nothing else.

`claimcheck PATH...` lints (the implicit `check` command); subcommands (`parse`, `rule`, `rules`,
`verify`, `profile`, `plot`, `tables`) are imported only when invoked, so `--help` and
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
    "rules": "List every rule.",
    "verify": "Check a document's claims against the ONNX model it describes.",
    "profile": "Measure the cost card of an ONNX model.",
    "plot": "Plot quality against every cost indicator of a comparison table.",
    "tables": "Export the extracted tables with their column classification.",
}
DEFAULT_COMMAND = "check"
FORMATS = ("text", "json")
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
              help="Output format.")
@click.option("--select", multiple=True, help="Only these rule codes or prefixes (comma-separated).")
@click.option("--ignore", multiple=True, help="Skip these rule codes or prefixes (comma-separated).")
@click.option("--fail-on", type=SEVERITY_CHOICE, default="warning", show_default=True,
              help="Exit 1 when a finding of this severity or above is reported.")
@click.option("--stdin-filename", default=None,
              help="Name (and so format: .tex or .md) of the text read from '-'.")
@click.option("--no-color", is_flag=True, help="Never colour the text output (NO_COLOR is honoured too).")
def check_command(paths, output_format, select, ignore, fail_on, stdin_filename, no_color):
    """Lint PATH... (files or folders; '-' reads standard input)."""
    from claimcheck.checks.engine import Selection
    from claimcheck.findings import severity_rank
    from claimcheck.lint import lint_file, lint_paths
    from claimcheck.report.text import print_error

    selection = Selection(select=_split_codes(select) or ("",), ignore=_split_codes(ignore))
    results = []
    file_paths = [p for p in paths if p != "-"]
    if "-" in paths:
        name = stdin_filename or "stdin.md"
        results.append(lint_file(name, selection, text=sys.stdin.read()))
    if file_paths:
        results.extend(lint_paths(file_paths, selection))

    if output_format == "json":
        from claimcheck.report.json_format import render_json

        click.echo(render_json(results), nl=False)
    else:
        from claimcheck.report.text import render_text, use_color

        click.echo(render_text(results, color=use_color(sys.stdout, no_color)), nl=False)

    errors = [r.error for r in results if r.error]
    for error in errors:
        print_error(str(error))
    if errors:
        sys.exit(2)
    threshold = severity_rank(fail_on)
    failing = any(severity_rank(f.severity) >= threshold for r in results for f in r.findings)
    sys.exit(1 if failing else 0)


@click.command("parse")
@click.argument("path")
def parse_command(path):
    """Show what the front end read: sentences with positions, tables, diagnostics."""
    from claimcheck.frontend import load_document
    from claimcheck.report.dump import render_dump

    click.echo(render_dump(load_document(path)), nl=False)


@click.command("rule")
@click.argument("code")
def rule_command(code):
    """Explain a rule: what it flags, why (with the paper section), how to fix it."""
    from claimcheck.rules_meta import get_rule

    meta = get_rule(code.upper())
    click.echo(f"{meta.code} {meta.name} [{meta.severity}]  (paper: {meta.paper})\n")
    click.echo(f"{meta.summary}\n")
    click.echo(f"Why: {meta.rationale}\n")
    click.echo(f"Fix: {meta.fix}")
    for kind in ("fail", "pass"):
        for example in meta.examples.get(kind, [])[:1]:
            text = example.get("text", "") if isinstance(example, dict) else str(example)
            label = "Flagged" if kind == "fail" else "Not flagged"
            fmt = example.get("format", "") if isinstance(example, dict) else ""
            click.echo(f"\n{label} ({fmt}):\n" + "\n".join("    " + ln for ln in text.strip().splitlines()))


@click.command("rules")
def rules_command():
    """List every rule: code, name, default severity, summary."""
    from claimcheck.rules_meta import all_rules

    for meta in all_rules().values():
        click.echo(f"{meta.code}  {meta.name:32} {meta.severity:8} {meta.summary}")


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
