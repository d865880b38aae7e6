"""`claimcheck profile MODEL.onnx` and `claimcheck verify DOC`: thin click commands.

`profile` imports only onnx, onnxruntime, numpy and click, so that it runs on a bare GPU machine;
`verify` adds the document pipeline (and so spaCy) only for reading the document's claims.
"""
from __future__ import annotations

import json
import sys

import click

from claimcheck.errors import InputError


def _parse_dims(values: tuple[str, ...]) -> dict[str, int]:
    dims: dict[str, int] = {}
    for value in values:
        name, sep, number = value.partition("=")
        if not sep or not name or not number.strip().isdigit() or int(number) < 1:
            raise InputError(None, f"--dim expects NAME=POSITIVE_INTEGER, got {value!r}")
        dims[name.strip()] = int(number)
    return dims


PROGRESS = "claimcheck progress:"  # never the start of an error line ("claimcheck: error: ...")


def stage(message: str) -> None:
    """One progress line per stage on stderr when stderr is not a terminal (a CI log, a pipe):
    a run of 10-15 s that prints nothing looks hung. On a terminal the measurement bar shows."""
    if not sys.stderr.isatty():
        sys.stderr.write(f"{PROGRESS} {message}\n")
        sys.stderr.flush()


def _progress_printer(device: str):
    """A one-line progress bar on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None

    def show(event: dict) -> None:
        filled = int(20 * event["fraction"])
        sys.stderr.write(f"\r  measuring {device} batch {event['batch']}: [{'#' * filled}{'.' * (20 - filled)}] "
                         f"{event['runs']} runs ")
        sys.stderr.flush()

    return show


def measure_model(path: str, graph, dims: dict[str, int], options) -> list[dict]:
    from claimcheck.verify import runtime

    phases = runtime.plan_phases(graph, path, dims, options)
    progress = _progress_printer(options.device)
    try:
        return runtime.measure(path, phases, options, progress)
    finally:
        if progress:
            sys.stderr.write("\r" + " " * 72 + "\r")


def _measure_options(device: str, throughput_batch, budget, threads, timeout, memory_limit):
    from claimcheck.verify.runtime import MeasureOptions

    return MeasureOptions(device=device, throughput_batch=throughput_batch, budget_s=budget,
                          threads=threads, timeout_s=timeout,
                          memory_limit_bytes=int(memory_limit * 2**30))


def _measurement_options(fn):
    options = [
        click.option("--device", type=click.Choice(["cpu", "cuda"]), default="cpu", show_default=True,
                     help="Execution provider for the measurements."),
        click.option("--static-only", is_flag=True, help="Count from the graph only; run nothing."),
        click.option("--throughput-batch", type=click.IntRange(1), default=None,
                     help="Batch for the throughput figure (default: --batch if above 1, else 8)."),
        click.option("--budget", type=click.FloatRange(0.05), default=2.0, show_default=True,
                     help="Seconds of timed runs per batch size, after warm-up."),
        click.option("--threads", type=click.IntRange(0), default=0, show_default=True,
                     help="onnxruntime intra-op threads (0: its default)."),
        click.option("--timeout", type=click.FloatRange(1), default=300.0, show_default=True,
                     help="Time limit of the measurement, seconds."),
        click.option("--memory-limit", type=click.FloatRange(0.01), default=16.0, show_default=True,
                     help="Memory limit of the measurement, GiB."),
        click.option("--dim", "dims", multiple=True, metavar="NAME=VALUE",
                     help="Bind a symbolic input dimension (repeatable)."),
        click.option("--batch", type=click.IntRange(1), default=1, show_default=True,
                     help="Bind the leading symbolic dimension of each input."),
    ]
    for option in options:
        fn = option(fn)
    return fn


def _profile_and_measure(path, batch, dims, device, static_only, throughput_batch, budget, threads,
                         timeout, memory_limit):
    from claimcheck.verify.graph import profile_model
    from claimcheck.verify.modelfile import load_model

    stage(f"loading {path}")
    model, file_bytes = load_model(path)
    stage(f"counting parameters and MACs of {path} (shape inference)")
    profile = profile_model(model, path, batch, dims, file_bytes)
    measurements: list[dict] = []
    if not static_only:
        options = _measure_options(device, throughput_batch or (batch if batch > 1 else None), budget,
                                   threads, timeout, memory_limit)
        stage(f"measuring {path} with onnxruntime on {device} (about {budget:g} s per batch size)")
        measurements = measure_model(path, model.graph, dims, options)
    return profile, measurements


@click.command("profile")
@click.argument("model", type=click.Path(dir_okay=False))
@_measurement_options
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True)
def profile(model, batch, dims, device, static_only, throughput_batch, budget, threads, timeout,
            memory_limit, output_format):
    """Measure the cost card of an ONNX model: parameters, MACs/FLOPs, activations, weights,
    sparsity and, with onnxruntime, latency, throughput and peak memory."""
    from claimcheck.verify.card import render

    result = _profile_and_measure(model, batch, _parse_dims(dims), device, static_only,
                                  throughput_batch, budget, threads, timeout, memory_limit)
    click.echo(render(*result, output_format), nl=False)


@click.command("verify")
@click.argument("document", type=click.Path(dir_okay=False))
@click.option("--model", "models", multiple=True, metavar="NAME=PATH",
              help="A model the document describes (repeatable); default: .onnx files it refers to.")
@_measurement_options
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
def verify(document, models, batch, dims, device, static_only, throughput_batch, budget, threads,
           timeout, memory_limit, output_format):
    """Check a document's claimed parameters, FLOPs/MACs and speed against the ONNX model it
    describes, and measure the indicators it left out."""
    from claimcheck.frontend import load_document
    from claimcheck.verify import sources
    from claimcheck.verify.card import card_json, render_markdown
    from claimcheck.verify.match import TOLERANCE, ModelFigures, match_model

    from claimcheck.config import load_config

    stage(f"reading {document}")
    doc = load_document(document)
    config = load_config()
    refs, notes = sources.find_models(doc, list(models), configured=config.model_paths(),
                                      project_root=config.root)
    if not refs:
        raise InputError(document, "no ONNX model given or referred to (pass --model NAME=PATH)"
                         + (f"; {'; '.join(notes)}" if notes else ""))
    quantities, hardware, reported = sources.document_quantities(doc)
    findings, confirmed, cards = [], [], []
    for ref in refs:
        profile_, measurements = _profile_and_measure(
            ref.path, batch, _parse_dims(dims), device, static_only, throughput_batch, budget,
            threads, timeout, memory_limit)
        figures = ModelFigures(ref.name, profile_, measurements, ref.span)
        result = match_model(quantities, figures, single_model=len(refs) == 1, hardware=hardware,
                             reported=reported, document_span=sources.document_span(doc))
        findings += result.findings
        confirmed += result.confirmed
        cards.append((ref.name, profile_, measurements))
    findings.sort(key=lambda f: f.sort_key())
    if output_format == "json":
        click.echo(json.dumps({
            "version": 1, "findings": [f.to_json() for f in findings],
            "confirmed": confirmed, "notes": notes,
            "tolerances": {k: f"±{v:.0%}" for k, v in TOLERANCE.items()},
            "models": [{"name": name, **card_json(p, m)} for name, p, m in cards],
        }, indent=2))
    else:
        for f in findings:
            s = f.span
            click.echo(f"{s.path}:{s.line}:{s.column}: {f.code} [{f.severity}] {f.message}")
            click.echo(f"    help: {f.suggestion}")
        for line in confirmed:
            click.echo(f"confirmed: {line}")
        for note in notes:
            click.echo(f"note: {note}")
        click.echo("Tolerances: parameters ±1%, MACs/FLOPs ±3% (FLOPs = 2 × MACs), speed ±25% on "
                   "comparable hardware; a figure also matches to the precision it is written with.\n")
        for name, p, m in cards:
            click.echo(render_markdown(p, m, title=name))
    sys.exit(1 if any(f.severity in ("warning", "error") for f in findings) else 0)
