"""The cost card: every indicator of a model side by side, with the setup of each measured figure.

The paper's recommendation (§4) is to report all cost indicators together, with the hardware; the
Markdown form is meant to be pasted into a README as it is.
"""
from __future__ import annotations

import json

from claimcheck.verify.graph import ACTIVATION_CONVENTION, MAC_CONVENTION, PARAMETER_CONVENTION, StaticProfile


def si(value: float | int | None, unit: str = "") -> str:
    """86567656 → '86.57 M'."""
    if value is None:
        return "—"
    for factor, prefix in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= factor:
            return f"{value / factor:.2f} {prefix}{unit}"
    return f"{value:g} {unit}".rstrip()


def binary(n: int | None) -> str:
    if n is None:
        return "—"
    for factor, prefix in ((2**30, "GiB"), (2**20, "MiB"), (2**10, "KiB")):
        if n >= factor:
            return f"{n / factor:.1f} {prefix}"
    return f"{n} B"


def card_json(profile: StaticProfile, measurements: list[dict]) -> dict:
    return {**profile.to_json(), "measurements": measurements}


# percentiles need runs beyond them: with fewer, p99 is just the slowest run
PERCENTILE_RUNS = 100
BUSY_LOAD = 0.5  # a 1-minute load average above half the CPUs: other work shared the machine


def setup_line(m: dict, with_batch: bool = True) -> str:
    s = m["setup"]
    hardware = s.get("gpu") or f"{s.get('cpu')} ({s.get('cpu_count')} cores)"
    batch = f"batch {m['batch']}, " if with_batch else ""
    load = s.get("host_load")
    busy = (f"; host busy (load average {load:.1f} on {s.get('cpu_count')} CPUs): timings may be "
            "inflated" if load is not None and s.get("cpu_count") and load > BUSY_LOAD * s["cpu_count"]
            else f", host load {load:.1f}" if load is not None else "")
    return (f"{hardware}, {m['provider']}, onnxruntime {s.get('onnxruntime')}, threads "
            f"{s.get('threads')}, {batch}{'/'.join(s.get('input_dtypes', []))}{busy}")


def latency_text(m: dict) -> str:
    """Percentiles when the runs support them, else the median and the range over the runs."""
    lat, runs = m["latency_ms"], m.get("runs", 0)
    if runs >= PERCENTILE_RUNS or "min" not in lat:
        return f"p50 {lat['p50']:.3g} ms, p90 {lat['p90']:.3g} ms, p99 {lat['p99']:.3g} ms"
    return f"median {lat['p50']:.3g} ms (min {lat['min']:.3g}, max {lat['max']:.3g} over {runs} runs)"


def _coverage_text(profile: StaticProfile) -> str:
    c = profile.coverage
    if not c.uncounted_nodes:
        return f"all {c.macs_bearing_nodes} MACs-bearing nodes counted"
    return c.describe() + " not counted"


def _rows(profile: StaticProfile, measurements: list[dict]) -> list[tuple[str, str, str]]:
    """(indicator, value, how it was obtained) for every reported figure."""
    batch = ", ".join(f"{k}={v}" for k, v in profile.bindings.items()) or "fixed shapes"
    rows = [
        ("Parameters", f"{profile.parameters:,} ({si(profile.parameters)})", "unique weights, counted once"),
        ("Shared parameters", f"{profile.shared_parameters:,}"
         + (f" (used {profile.parameter_uses / max(profile.parameters, 1):.2f}× on average)"
            if profile.shared_parameters else ""), "weights used by more than one node"),
        ("MACs", f"{profile.macs:,} ({si(profile.macs)})", f"per forward pass at {batch}"),
        ("FLOPs", f"{profile.flops:,} ({si(profile.flops)})", "2 × MACs"),
        ("Shapes", profile.shape_method, "how each tensor's shape was found for the counts"),
        ("Coverage", _coverage_text(profile), "MACs-bearing nodes whose MACs could not be counted"
         + ("; MACs and FLOPs are a lower bound" if profile.coverage.uncounted_nodes else "")),
        ("Element operations", si(profile.element_ops), "elementwise, normalisation, softmax, pooling"),
        ("Activations", f"{profile.activations:,} ({si(profile.activations)})", "outputs of Conv/MatMul/Gemm/Einsum"),
        ("Weight bytes", ", ".join(f"{binary(b)} {dt}" for dt, b in profile.weight_bytes.items()) or "0",
         f"file {binary(profile.file_bytes)}" if profile.file_bytes else ""),
        ("Zero weights", f"{profile.zero_fraction:.1%}",
         f"effective MACs {si(profile.effective_macs)}" if profile.zero_fraction else "exactly zero"),
    ]
    for m in measurements:
        where = f"{m['device'].upper()} batch {m['batch']}"
        rows.append((f"Latency ({where})", latency_text(m), setup_line(m)))
        rows.append((f"Throughput ({where})", f"{m['throughput_per_s']:.4g} items/s", setup_line(m)))
        rows.append((f"Peak memory ({where})", binary(m["peak_memory_bytes"]), m["setup"]["peak_memory"]
                     + f", arena {'on' if m['setup'].get('cpu_memory_arena') else 'off'}"))
        rows.append((f"First run ({where})", f"{m['first_run_ms']:.3g} ms",
                     f"session load {m['session_load_ms']:.3g} ms; not in the percentiles"))
    return rows


def render_text(profile: StaticProfile, measurements: list[dict]) -> str:
    rows = _rows(profile, measurements)
    width = max(len(r[0]) for r in rows)
    out = [f"Cost card: {profile.path} (opset {profile.opset})"]
    out += [f"  {name:<{width}}  {value}" + (f"  [{how}]" if how else "") for name, value, how in rows]
    out.append("  By operator (MACs, element operations, nodes):")
    for op, c in profile.by_operator.items():
        if c.macs or c.element_ops:
            out.append(f"    {op:<20} {si(c.macs):>10} MACs  {si(c.element_ops):>10} ops  {c.nodes:>5} nodes")
    if profile.uncounted:
        out.append(f"  Not counted (shapes unknown, control flow or cost undefined): {len(profile.uncounted)} "
                   "nodes, e.g. " + ", ".join(profile.uncounted[:5]))
    out += ["  Conventions: " + MAC_CONVENTION, "  " + PARAMETER_CONVENTION, "  " + ACTIVATION_CONVENTION]
    return "\n".join(out) + "\n"


def render_markdown(profile: StaticProfile, measurements: list[dict], title: str | None = None) -> str:
    rows = _rows(profile, measurements)
    out = [f"### Cost card: {title or profile.path}", "", "| Indicator | Value | Setup |",
           "| --- | --- | --- |"]
    out += [f"| {name} | {value} | {how} |" for name, value, how in rows]
    out += ["", f"_{MAC_CONVENTION} {PARAMETER_CONVENTION} Measured with claimcheck._", ""]
    return "\n".join(out)


def render(profile: StaticProfile, measurements: list[dict], output_format: str) -> str:
    if output_format == "json":
        return json.dumps(card_json(profile, measurements), indent=2) + "\n"
    if output_format == "markdown":
        return render_markdown(profile, measurements)
    return render_text(profile, measurements)
