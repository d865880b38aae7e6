"""Claimed figures against measured ones: findings CV401–CV406.

A pure function of the document's quantities (already normalised to base units by extraction) and
the model's profile and measurements, so that it is tested with hand-built Quantity lists.
Tolerances are stated in every message; a figure also matches when it agrees to the precision it
was written with ("25M" parameters for 25.56 M).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from claimcheck.document import Span
from claimcheck.findings import Finding
from claimcheck.indicators import Quantity
from claimcheck.verify.card import setup_line, si
from claimcheck.verify.graph import StaticProfile

TOLERANCE = {"params": 0.01, "flops": 0.03, "macs": 0.03, "latency": 0.25, "throughput": 0.25}
# a count missing more than this share of its MACs-bearing nodes never yields CV401/CV402 at error
COVERAGE_LIMIT = 0.01
SHARING_RATIO = 1.5  # parameter uses per unique parameter above which CV405 fires
SPARSE_FRACTION = 0.25  # exactly-zero weights above which CV406 fires
# indicator → what the verifier can supply when a document omits it
MEASURABLE = ("params", "flops", "activations", "latency", "throughput", "memory")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")


@dataclass
class ModelFigures:
    """What was measured for one model, as the matcher needs it."""

    name: str
    profile: StaticProfile
    measurements: list[dict] = field(default_factory=list)
    span: Span | None = None  # where the document refers to the model


@dataclass
class MatchResult:
    findings: list[Finding] = field(default_factory=list)
    confirmed: list[str] = field(default_factory=list)  # claims that agree, as sentences


def _finding(code: str, span: Span, message: str, severity: str | None = None, **data) -> Finding:
    from claimcheck.rules_meta import all_rules

    meta = all_rules()[code]
    return Finding(code=code, name=meta.name, severity=severity or meta.severity, message=message,
                   suggestion=meta.fix, span=span, data=data)


def written_step(q: Quantity) -> float:
    """One unit of the last digit the figure was written with, in base units ("86.6M" → 1e5)."""
    match = _NUMBER.search(q.raw or "")
    if not match or not q.value:
        return 0.0
    text = match.group().replace(",", "")
    number = float(text)
    if number == 0:
        return 0.0
    decimals = len(text.split(".")[1]) if "." in text else 0
    return abs(q.value / number) * 10 ** -decimals


def agrees(q: Quantity, measured: float, tolerance: float) -> bool:
    """Within the tolerance, or the measured value rounds to the figure as written ("86.6M"
    stands for 86.55M–86.65M: half a step of its last digit either way)."""
    return abs(q.value - measured) <= max(tolerance * abs(measured), written_step(q) / 2)


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


def is_about(q: Quantity, model: ModelFigures, single_model: bool) -> bool:
    """A figure is about the model when it names it, or names no model in a one-model document."""
    if not q.model:
        return single_model
    a, b = _norm(q.model), _norm(model.name)
    return bool(a and b) and (a == b or a in b or b in a)


def comparable_hardware(claimed: str | None, measurement: dict) -> bool:
    """Claimed speed is compared only on hardware whose name matches the measured device's."""
    if not claimed:
        return False
    setup = measurement["setup"]
    measured = _norm(f"{setup.get('gpu') or ''} {setup.get('cpu') or ''}")
    tokens = [t for t in re.findall(r"[a-z]*\d+[a-z0-9]*|[a-z]{4,}", claimed.lower())
              if t not in ("nvidia", "intel", "core", "with", "using")]
    return bool(tokens) and all(t in measured for t in tokens)


def match_model(quantities: list[Quantity], model: ModelFigures, single_model: bool = True,
                hardware: dict[int, str] | None = None, reported: set[str] | None = None,
                document_span: Span | None = None) -> MatchResult:
    """Findings for one model. `hardware` maps id(quantity) → the hardware its claim names;
    `reported` is the set of indicators the document reports anywhere (None: unknown)."""
    result = MatchResult()
    p = model.profile
    for q in quantities:
        if q.value is None or not is_about(q, model, single_model):
            continue
        if q.indicator == "params":
            _check_params(q, model, result)
        elif q.indicator in ("flops", "macs"):
            _check_compute(q, model, result)
        elif q.indicator in ("latency", "throughput"):
            _check_speed(q, model, (hardware or {}).get(id(q)), result)
    span = model.span or document_span or Span(p.path, 1, 1, 1, 1)
    _check_missing(model, reported, span, result)
    _check_sharing(model, span, result)
    _check_sparsity(model, span, result)
    return result


BN_FOLDING = 0.03  # the share of a CNN's parameters that folding batch norms can remove


def _batch_norm_folded(profile: StaticProfile) -> bool:
    """Convolutions and no BatchNormalization: an exporter folded the batch norms into them."""
    ops = profile.by_operator
    return "BatchNormalization" not in ops and any(op in ops for op in ("Conv", "FusedConv", "QLinearConv"))


def incomplete(profile: StaticProfile) -> bool:
    """More than COVERAGE_LIMIT of the MACs-bearing nodes could not be counted."""
    return profile.coverage.share > COVERAGE_LIMIT


def _check_params(q: Quantity, model: ModelFigures, result: MatchResult) -> None:
    measured = model.profile.parameters
    if agrees(q, measured, TOLERANCE["params"]):
        result.confirmed.append(f"{q.raw}: {model.name} has {measured:,} parameters")
        return
    message = (f"claimed {q.raw!r} ({si(q.value)} parameters) but {model.name} has {measured:,} "
               f"({si(measured)}, {(q.value - measured) / measured:+.1%}; tolerance ±1%)")
    severity = None
    coverage = model.profile.coverage
    if incomplete(model.profile):
        severity = "warning"
        message += (f"; not an error: {coverage.describe()} could not be counted, and weights "
                    "those operators read in forms not counted here may be missing")
    elif _batch_norm_folded(model.profile) and 0 < (q.value - measured) / measured <= BN_FOLDING:
        severity = "info"
        message += ("; the difference is the size of batch-norm folding: this export has no "
                    "BatchNormalization node left, and folding each one into its convolution merges "
                    "its scale and shift into the convolution's weights and bias (a difference of "
                    f"up to {BN_FOLDING:.0%} of a CNN's parameters), so the document may count the "
                    "model before export")
    result.findings.append(_finding("CV401", q.span, message, severity, claimed=q.value,
                                    measured=measured, model=model.name,
                                    uncounted=dict(coverage.uncounted)))


def _check_compute(q: Quantity, model: ModelFigures, result: MatchResult) -> None:
    macs = model.profile.macs
    flops = 2 * macs
    claimed_kind, measured, other, other_kind = (
        ("FLOPs", flops, macs, "MACs") if q.indicator == "flops" else ("MACs", macs, flops, "FLOPs"))
    if incomplete(model.profile):
        _report_incomplete_compute(q, model, claimed_kind, measured, result)
        return
    if measured and agrees(q, measured, TOLERANCE[q.indicator]):
        result.confirmed.append(f"{q.raw}: {model.name} has {si(measured)} {claimed_kind}")
        return
    if other and agrees(q, other, TOLERANCE[q.indicator]):
        message = (f"claimed {q.raw!r} equals the measured {other_kind} of {model.name} "
                   f"({si(other)}), not its {claimed_kind} ({si(measured)}): under the FLOPs = 2 × MACs "
                   f"convention the figure counts {'multiply-accumulates as FLOPs' if q.indicator == 'flops' else 'FLOPs as MACs'}; "
                   f"state which unit is meant (tolerance ±3%)")
        confusion = True
    else:
        message = (f"claimed {q.raw!r} ({si(q.value)} {claimed_kind}) but {model.name} has "
                   f"{si(measured)} {claimed_kind} ({si(other)} {other_kind}; tolerance ±3%, "
                   f"FLOPs = 2 × MACs, per example at the bound input shape)")
        confusion = False
    result.findings.append(_finding("CV402", q.span, message, claimed=q.value, measured=measured,
                                    flops_macs_confusion=confusion, model=model.name))


def _report_incomplete_compute(q: Quantity, model: ModelFigures, claimed_kind: str, measured: int,
                               result: MatchResult) -> None:
    """The count is a lower bound: a claim above it cannot be judged (info); one below even the
    counted part is a warning, never an error."""
    coverage = model.profile.coverage
    what = (f"{coverage.describe()} of {model.name} could not be counted "
            f"({model.profile.shape_method}), so its {si(measured)} {claimed_kind} is a lower bound")
    if q.value >= measured * (1 - TOLERANCE[q.indicator]):
        message, severity = f"claimed {q.raw!r} not checked: {what}", "info"
    else:
        message, severity = (f"claimed {q.raw!r} ({si(q.value)} {claimed_kind}) is below even the "
                             f"counted part: {what}; tolerance ±3%, FLOPs = 2 × MACs"), "warning"
    result.findings.append(_finding("CV402", q.span, message, severity, claimed=q.value,
                                    measured=measured, lower_bound=True, model=model.name,
                                    uncounted=dict(coverage.uncounted)))


def _check_speed(q: Quantity, model: ModelFigures, claimed_hardware: str | None,
                 result: MatchResult) -> None:
    if not model.measurements:
        return
    if q.indicator == "latency":
        candidates = [m for m in model.measurements if m["batch"] == 1] or model.measurements
        best = min(candidates, key=lambda m: m["latency_ms"]["p50"])
        measured, text = best["latency_ms"]["p50"] / 1000, f"p50 {best['latency_ms']['p50']:.3g} ms"
    else:
        best = max(model.measurements, key=lambda m: m["throughput_per_s"])
        measured, text = best["throughput_per_s"], f"{best['throughput_per_s']:.4g} items/s"
    setup = setup_line(best)
    if not comparable_hardware(claimed_hardware, best):
        result.findings.append(_finding(
            "CV403", q.span,
            f"claimed {q.raw!r} was measured on {claimed_hardware or 'unstated hardware'}; not compared. "
            f"Measured here: {text} ({setup})", severity="info", claimed=q.value, measured=measured,
            compared=False, model=model.name))
        return
    if agrees(q, measured, TOLERANCE[q.indicator]):
        result.confirmed.append(f"{q.raw}: measured {text} ({setup})")
        return
    result.findings.append(_finding(
        "CV403", q.span,
        f"claimed {q.raw!r} but measured {text} on comparable hardware ({setup}); tolerance ±25%",
        claimed=q.value, measured=measured, compared=True, model=model.name))


def _check_missing(model: ModelFigures, reported: set[str] | None, span: Span,
                   result: MatchResult) -> None:
    p = model.profile
    bound = f" or more ({p.coverage.describe()} not counted)" if incomplete(p) else ""
    values = {"params": f"{si(p.parameters)} parameters",
              "flops": f"{si(p.flops)} FLOPs ({si(p.macs)} MACs){bound}",
              "activations": f"{si(p.activations)} activations"}
    for m in model.measurements:
        where = f"{m['device']} batch {m['batch']}"
        if m["batch"] == 1:
            values.setdefault("latency", f"latency p50 {m['latency_ms']['p50']:.3g} ms ({where})")
        values["throughput"] = f"throughput {m['throughput_per_s']:.4g} items/s ({where})"
        values["memory"] = f"peak memory {m['peak_memory_bytes'] / 2**20:.0f} MiB ({where})"
    if reported is None:
        missing = [k for k in MEASURABLE if k in values]
        lead = (f"claim extraction is unavailable, so which indicators the document reports is "
                f"unknown; measured for {model.name}: ")
    else:
        have = set(reported) | ({"flops"} if "macs" in reported else set())
        missing = [k for k in MEASURABLE if k not in have and k in values]
        lead = f"the document does not report {', '.join(missing)} for {model.name}; measured: "
    if missing:
        # each value names its own batch; the setup line is what they share
        setup = f" Setup: {setup_line(model.measurements[0], with_batch=False)}." if model.measurements else ""
        result.findings.append(_finding("CV404", span, lead + "; ".join(values[k] for k in missing) + "." + setup,
                                        missing=missing, model=model.name))


def _check_sharing(model: ModelFigures, span: Span, result: MatchResult) -> None:
    p = model.profile
    if not p.parameters or p.parameter_uses / p.parameters < SHARING_RATIO:
        return
    top = max((w for w in p.parameter_tensors if w.uses > 1), key=lambda w: w.elements * w.uses)
    result.findings.append(_finding(
        "CV405", span,
        f"{model.name} reuses weights: {si(p.shared_parameters)} of its {si(p.parameters)} parameters "
        f"are used by more than one node ({top.name!r} {top.uses} times); counted per use it would "
        f"hold {si(p.parameter_uses)} ({p.parameter_uses / p.parameters:.1f}×), so its parameter count "
        f"understates its compute ({si(p.macs)} MACs)",
        shared=p.shared_parameters, uses=p.parameter_uses, model=model.name))


def _check_sparsity(model: ModelFigures, span: Span, result: MatchResult) -> None:
    p = model.profile
    if p.zero_fraction < SPARSE_FRACTION:
        return
    speed = ""
    if model.measurements:
        m = model.measurements[0]
        speed = (f"; measured latency {m['latency_ms']['p50']:.3g} ms p50 ({m['provider']}) runs "
                 "dense kernels, so the effective-MAC saving is not a measured speed-up")
    result.findings.append(_finding(
        "CV406", span,
        f"{p.zero_fraction:.1%} of {model.name}'s weights are exactly zero: dense {si(p.macs)} MACs, "
        f"effective {si(p.effective_macs)} MACs if zeros were skipped{speed}",
        zero_fraction=p.zero_fraction, dense_macs=p.macs, effective_macs=p.effective_macs,
        model=model.name))
