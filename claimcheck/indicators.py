"""The cost indicators of the Efficiency Misnomer, named once for every stage.

Extraction, tables and the verifier all speak these names, so that a figure read from prose,
a table column and a measured value can be compared.
"""
from __future__ import annotations

from dataclasses import dataclass

from claimcheck.document import Span

# name → (label for messages, base unit, lower_is_better)
INDICATORS: dict[str, tuple[str, str, bool]] = {
    "params": ("parameter count", "parameters", True),
    "flops": ("FLOPs", "FLOPs", True),
    "macs": ("MACs", "MACs", True),
    "throughput": ("throughput", "items/s", False),
    "latency": ("latency", "s", True),
    "memory": ("memory", "bytes", True),
    "activations": ("activations", "elements", True),
    "model_size": ("model size", "bytes", True),
    "training_cost": ("training cost", "accelerator-hours", True),
    "steps": ("training steps/epochs", "steps", True),
    "energy": ("energy", "kWh", True),
    "co2": ("CO2 emissions", "kg", True),
    "money": ("monetary cost", "$", True),
}

# Indicators measured in time on hardware, and the operation counts often mistaken for them.
SPEED = frozenset({"throughput", "latency"})
COMPUTE = frozenset({"flops", "macs"})


def label(indicator: str) -> str:
    return INDICATORS[indicator][0] if indicator in INDICATORS else indicator


@dataclass
class Quantity:
    """A figure read from a document: `86.6M parameters`, `17.5 GFLOPs`, `3.2 ms`.

    `value` is normalised to the indicator's base unit (parameters, FLOPs, items/s, seconds,
    bytes, …); `raw` is the text as written.
    """

    indicator: str
    value: float | None
    unit: str
    raw: str
    span: Span
    model: str | None = None  # the model the figure is about, when named
    phase: str | None = None  # training | inference
    per: str | None = None  # "example", "batch", "token", "image"
