"""Cost figures and setup read from plain text with compiled patterns (no spaCy).

Quantities ("86.6M parameters", "17.5 GFLOPs", "1,200 img/s", "3.2 ms per image", "64 TPUv3-days")
are normalised to the base units of `claimcheck.indicators`; the same scanner reads a claim's
sentence, its paragraph, table captions and setup sections, and the verifier can call
`extract_quantities` on any sentence.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from claimcheck.document import Sentence
from claimcheck.extract import vocabulary as V
from claimcheck.indicators import Quantity

_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_SCALE_WORD = r"(?P<scale>[KkMBGTP](?![a-z])|thousand|million|billion|trillion|bn)?"
SCALES = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "g": 1e9, "bn": 1e9,
          "billion": 1e9, "t": 1e12, "trillion": 1e12, "p": 1e15}

_PER = (r"(?:\s*(?:/|per|an?|each)\s*(?P<per>image|img|example|sample|token|sequence|seq|"
        r"batch|input|query|item|instance|frame|forward pass|step|sentence|word|character))?")

# (indicator, pattern). Order matters: earlier patterns claim their characters first.
_PATTERNS: list[tuple[str, str]] = [
    ("co2", _NUM + r"\s*" + _SCALE_WORD + r"\s*(?P<unit>kg|t|tons?|tonnes?|lbs?|pounds|g)\s*"
            r"(?:of\s+)?(?:CO2|CO₂|CO2e|CO2eq|carbon)\w*"),
    ("co2", _NUM + r"\s*(?P<unit>tCO2e?|kgCO2e?|tCO₂e?)"),
    ("energy", _NUM + r"\s*" + _SCALE_WORD + r"\s*(?P<unit>kWh|MWh|GWh|Wh|kJ|MJ|J)\b"),
    # "$3 \times 3$" is math left in Markdown, not money.
    ("money", r"(?:US)?\$\s?" + _NUM + r"(?![\d.,]*\s*(?:\\|[\^_{]|\$))(?![\d.])\s*" + _SCALE_WORD),
    ("money", _NUM + r"\s*" + _SCALE_WORD + r"\s*(?P<unit>USD|dollars)\b"),
    ("training_cost",
     _NUM + r"\s*" + _SCALE_WORD + r"\s*(?P<device>(?:[A-Za-z]+\d*[- ]?)?(?:GPU|TPU|TPUv\d|"
     r"TPU-?v\d|V100|A100|H100|P100|accelerator|core|chip|device|node|IPU)s?)[- ]?"
     r"(?P<unit>hours?|hrs?|h|days?|weeks?|years?|months?)\b"),
    ("training_cost",
     _NUM + r"\s*(?P<unit>PF-?days?|petaflop(?:/s)?[- ]days?|pfs-days?)"),
    ("flops", _NUM + r"\s*(?P<prefix>[KMGTPE]?)(?P<unit>FLOPs|FLOPS|FLOP|flops|Flops|FLOPS)\b"),
    ("flops", _NUM + r"\s*" + _SCALE_WORD + r"\s*(?P<unit>floating[- ]point operations)"),
    # "290M FLOPs", "1.2 billion FLOPs": the magnitude written apart from the unit.
    ("flops", _NUM + r"\s*" + _SCALE_WORD + r"\s+(?P<unit>FLOPs|FLOPS|FLOP|flops)\b"),
    ("macs", _NUM + r"\s*" + _SCALE_WORD + r"\s+(?P<unit>MACs|MAC|MAdds)\b"),
    ("macs", _NUM + r"\s*(?P<prefix>[KMGT]?)(?P<unit>MACs|MAC|MACS|MAdds|Madds)\b"),
    ("macs", _NUM + r"\s*" + _SCALE_WORD + r"\s*(?P<unit>multiply[- ](?:adds?|accumulates?|"
                    r"accumulate operations)|mult[- ]adds)"),
    ("params", _NUM + r"\s*" + _SCALE_WORD + r"[- ]?(?:trainable\s+|learnable\s+|total\s+|"
                      r"non-embedding\s+)?(?P<unit>parameters?|params?|weights)\b"),
    # "parameters (25M versus 28M)", "parameter count of 1.6B": the figure after the word.
    ("params", r"(?i:(?P<unit>param(?:eter)?s?)(?: count)?)\s*(?:\(|:|=|of|is|are)\s*(?:about |around |"
               r"roughly |only |just |~|≈)?" + _NUM + r"\s*(?P<scale>[KMBT]|million|billion)\b"),
    ("latency", r"(?i:(?:real[- ]time factor|RTF)(?: \(RTF\))?\s*(?:of|:|=|is)?\s*)(?P<num>\d+(?:\.\d+)?)"
                r"(?P<unit>)"),
    ("flops", r"(?P<unit>FLOPs|FLOPS|flops)\s*(?:\(|:|=|of|is|are)\s*(?:about |around |~|≈)?"
              + _NUM + r"\s*(?P<prefix>[KMGTP])\b"),
    ("throughput", _NUM + r"\s*" + _SCALE_WORD + r"\s*(?P<item>img|imgs|images?|ex|examples?|"
                          r"samples?|seqs?|sequences?|tokens?|tok|frames?|sentences?|queries|"
                          r"requests?|words?|it|items?|predictions?|utterances?|documents?|videos?|clips?|pages?|"
                          r"audio[- ]seconds|passages?|pairs?|graphs?|molecules?|points?|users?)\s*(?:/\s*(?:s|sec)\b|per\s+"
                          r"(?:second|sec|s)\b|/second\b)"),
    ("throughput", _NUM + r"\s*" + _SCALE_WORD + r"\s*(?P<unit>fps|FPS|QPS|qps|it/s)\b"),
    # "2.1 steps/s", "3 iterations per second": a measured training speed, not a step count.
    ("throughput", _NUM + r"\s*(?P<item>steps?|iterations?|iters?|updates?|batches)\s*(?:/\s*(?:s|sec)\b|"
                   r"per\s+(?:second|sec|s)\b)"),
    # "900 GB/s" is a bandwidth, not an amount of memory.
    ("memory", _NUM + r"\s*(?P<unit>[KMGT]i?B|bytes)\b(?!\s*/\s*s)"),
    ("latency", _NUM + r"\s*(?P<unit>ms|msec|milliseconds?|µs|us|microseconds?|s|sec|secs|"
                       r"seconds?)\b(?![- ]?(?:long )?(?:clips?|windows?|audio|video|segments?|"
                       r"utterances?|recordings?|chunks?|inputs?|contexts?|of (?:audio|speech|"
                       r"video)))" + _PER),
    ("time", _NUM + r"\s*(?P<unit>minutes?|mins?|hours?|hrs?|h|days?|weeks?)\b"),
    ("steps", _NUM + r"\s*" + _SCALE_WORD + r"\s*(?:training\s+|gradient\s+|optimi[sz]ation\s+)?"
                     r"(?P<unit>steps|iterations|iters|epochs|updates)\b"),
]
_COMPILED = [(ind, re.compile(p)) for ind, p in _PATTERNS]

_BYTES = {"kb": 1e3, "mb": 1e6, "gb": 1e9, "tb": 1e12, "kib": 2**10, "mib": 2**20,
          "gib": 2**30, "tib": 2**40, "bytes": 1}
_SECONDS = {"ms": 1e-3, "msec": 1e-3, "millisecond": 1e-3, "milliseconds": 1e-3, "µs": 1e-6,
            "us": 1e-6, "microsecond": 1e-6, "microseconds": 1e-6, "s": 1, "sec": 1, "secs": 1,
            "second": 1, "seconds": 1}
_HOURS = {"h": 1, "hr": 1, "hrs": 1, "hour": 1, "hours": 1, "day": 24, "days": 24, "week": 168,
          "weeks": 168, "month": 720, "months": 720, "year": 8760, "years": 8760,
          "minute": 1 / 60, "minutes": 1 / 60, "min": 1 / 60, "mins": 1 / 60}
_MONEY_SCALE = {"k": 1e3, "m": 1e6, "b": 1e9, "million": 1e6, "billion": 1e9, "thousand": 1e3}

_MEMORY_CONTEXT = re.compile(r"memory|vram|ram\b|peak|footprint|activation|hbm|consum|usage|"
                             r"fits?|occup", re.I)
_SIZE_CONTEXT = re.compile(r"disk|checkpoint|file|storage|download|weights|model size|size of|"
                           r"\bsize\b|compress|on-device|binary|quantiz", re.I)
_HARDWARE = re.compile(V.HARDWARE_RE, re.I)
_GENERIC_HARDWARE = re.compile(V.GENERIC_HARDWARE_RE, re.I)
_HARDWARE_CLASS = {k: re.compile(p, re.I) for k, p in V.HARDWARE_CLASS_RE.items()}


def hardware_class(name: str) -> str | None:
    """gpu | cpu | tpu for a device name or class ("A100", "a GPU", "Mac i5"), None if unknown."""
    return next((k for k, p in _HARDWARE_CLASS.items() if p.search(name)), None)


def same_class(named: list[str], generic: list[str]) -> list[str]:
    """The named models that can be the device a figure's own setup names only by class: all of
    them when it names no class, else those of a class it names (or of no known class)."""
    classes = {hardware_class(g) for g in generic} - {None}
    if not classes:
        return named
    return [h for h in named if hardware_class(h) in classes or hardware_class(h) is None]
_TRAINING = re.compile(V.PHASE_RE["training"], re.I)
_INFERENCE = re.compile(V.PHASE_RE["inference"], re.I)
_ACCEL_COUNT = re.compile(r"(?:on|using|with|across)\s+(?P<n>\d+)\s*(?:[A-Za-z]+\d*\s*)?"
                          r"(?:GPUs|TPUs|TPU cores|TPUv\d+ cores|chips|accelerators|V100s|A100s|"
                          r"H100s|devices|cores)", re.I)
_LATENCY_WORD = re.compile(r"\b(?:latenc\w*|inference time|per[- ](?:image|example|sample|token|"
                           r"query|request|batch|forward)|response time|time per|"
                           r"takes?|runs? in|forward pass|to process|to (?:classify|generate|"
                           r"decode|encode|answer))\b", re.I)
# a mean and its spread before the unit: "0.275±0.010 request/s", "12.1 \pm 0.3 ms"
_MEAN_BEFORE_SPREAD = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:±|\+/-|\\pm)\s*$")
_LEADING_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_NOT_A_FIGURE = re.compile(r"(?:Table|Figure|Fig\.|Section|Sec\.|Eq\.|Appendix|Algorithm|"
                           r"Step|Epoch|Layer|Stage|Phase)\s*$")


@dataclass
class Found:
    """A figure found in plain text, with offsets into that text."""

    indicator: str
    value: float | None
    unit: str
    raw: str
    start: int
    end: int
    per: str | None = None


@dataclass
class Setup:
    """The measurement setup named in some text (a sentence, paragraph, caption or section)."""

    hardware: list[str] = field(default_factory=list)
    batch: bool = False
    precision: list[str] = field(default_factory=list)
    framework: list[str] = field(default_factory=list)
    seq_len: bool = False

    def merge(self, other: "Setup") -> "Setup":
        return Setup(self.hardware + [h for h in other.hardware if h not in self.hardware],
                     self.batch or other.batch,
                     self.precision + [p for p in other.precision if p not in self.precision],
                     self.framework + [f for f in other.framework if f not in self.framework],
                     self.seq_len or other.seq_len)

    @property
    def named_hardware(self) -> list[str]:
        """Hardware named by its model ("A100", "Cortex-M7"), not by its class ("GPU", "CPU")."""
        return [h for h in self.hardware if not _GENERIC_HARDWARE.match(h)]

    @property
    def generic_hardware(self) -> list[str]:
        """Hardware named only by its class ("a GPU", "CPU")."""
        return [h for h in self.hardware if _GENERIC_HARDWARE.match(h)]

    def without_named_hardware(self) -> "Setup":
        """The same setup with only the device classes: its models are merged separately,
        filtered by the class a figure names (same_class)."""
        return Setup(self.generic_hardware, self.batch, self.precision, self.framework, self.seq_len)

    def missing(self) -> list[str]:
        """What a speed figure still lacks (CC106): hardware, batch size, precision/framework."""
        out = []
        if not self.hardware:
            out.append("hardware")
        elif not self.named_hardware:
            out.append(f"hardware model (only '{self.hardware[0]}' is named)")
        if not self.batch:
            out.append("batch size")
        if not self.precision and not self.framework:
            out.append("precision or framework")
        return out


_BATCH = re.compile(V.BATCH_RE, re.I)
_BATCH_SIZE = re.compile(V.BATCH_SIZE_RE, re.I)


def find_batch_sizes(text: str) -> list[int]:
    """Batch sizes stated in the text ("a global batch of 4,096", "batch size per GPU of 32",
    "bs=64", "256 images per batch", "8 GPUs with a batch of 16 each"), per-device and global
    alike, thousands separators and k suffixes read in full."""
    out = []
    for m in _BATCH_SIZE.finditer(text):
        raw = m.group("n1") or m.group("n2")
        value = float(raw.replace(",", ""))
        if (m.group("k1") or m.group("k2") or "").lower() == "k":
            value *= 1000
        out.append(int(value))
    return out

_PRECISION = re.compile(V.PRECISION_RE)
_FRAMEWORK = re.compile(V.FRAMEWORK_RE, re.I)
_SEQLEN = re.compile(V.SEQLEN_RE, re.I)


def find_setup(text: str) -> Setup:
    return Setup(
        hardware=_dedupe(m.group().strip() for m in _HARDWARE.finditer(text)),
        batch=_BATCH.search(text) is not None or _BATCH_SIZE.search(text) is not None,
        precision=_dedupe(m.group() for m in _PRECISION.finditer(text)),
        framework=_dedupe(m.group() for m in _FRAMEWORK.finditer(text)),
        seq_len=_SEQLEN.search(text) is not None,
    )


def has_hardware(text: str) -> bool:
    return _HARDWARE.search(text) is not None


@lru_cache(maxsize=256)
def find_phase(text: str) -> str | None:
    """'training' or 'inference' when the text names a phase (the first named wins)."""
    t = _TRAINING.search(text)
    i = _INFERENCE.search(text)
    if t and i:
        return "training" if t.start() < i.start() else "inference"
    return "training" if t else "inference" if i else None


def find_phases(text: str) -> set[str]:
    """Every phase the text names: {"training", "inference"}, one of them, or none."""
    return ({"training"} if _TRAINING.search(text) else set()) | \
        ({"inference"} if _INFERENCE.search(text) else set())


# Figures that describe equipment rather than a model's cost: sensors, batteries, actuators.
_DEVICE_SPEC = re.compile(V.DEVICE_SPEC_RE, re.I)
_DEVICE_INDICATORS = {"throughput", "latency", "energy", "memory"}


def find_quantities(text: str) -> list[Found]:
    """Every cost figure in `text`, left to right, none overlapping."""
    # the ranges taken so far, disjoint and sorted (so their ends are sorted too): an overlap
    # test is one bisection, not a scan (a paragraph of 12,800 figures made the scan quadratic)
    starts: list[int] = []
    ends: list[int] = []
    found: list[Found] = []
    for indicator, pattern in _COMPILED:
        for m in pattern.finditer(text):
            start, end = m.span()
            # "0.275±0.010 request/s": the figure begins at its mean, before the spread matched
            mean = _MEAN_BEFORE_SPREAD.search(text, max(0, start - 24), start)
            first = mean.start() if mean else start
            k = bisect.bisect_left(starts, end)  # ranges [0, k) start before this one ends
            if k and ends[k - 1] > first:
                continue
            if start and (text[start - 1].isalnum() or text[start - 1] in "_/-.") and \
                    indicator != "money":
                continue  # part of a name: "ResNet-50", "ViT-B/16", "v3"
            if _NOT_A_FIGURE.search(text[max(0, start - 12):start]):
                continue
            if indicator in _DEVICE_INDICATORS and _DEVICE_SPEC.search(text[max(0, start - 40):end + 25]):
                continue  # "a 1.2 kWh battery", "a camera streaming at 30 fps": the rig, not a model
            q = _normalise(indicator, m, text)
            if q is None:
                continue
            q.raw = q.raw.rstrip()
            q.end = q.start + len(q.raw)
            if mean:
                _take_the_mean(q, mean, text)
            starts.insert(k, first)
            ends.insert(k, end)
            found.append(q)
    found.sort(key=lambda f: f.start)
    return found


def _take_the_mean(q: Found, mean: re.Match, text: str) -> None:
    """Make the figure read at a spread ("0.010 request/s" of "0.275±0.010 request/s") the mean
    before it, in the same unit and scale."""
    spread = _LEADING_NUMBER.match(text, q.start)
    spread_value = float(spread.group()) if spread else 0.0
    if q.value is not None:
        q.value = float(mean.group(1)) * (q.value / spread_value if spread_value else 1.0)
    q.start, q.raw = mean.start(), text[mean.start():q.end]


def _normalise(indicator: str, m: re.Match, text: str) -> Found | None:
    g = m.groupdict()
    raw = m.group()
    try:
        num = float(g["num"].replace(",", ""))
    except (TypeError, ValueError):
        return None
    scale_key = (g.get("scale") or "").lower()
    scale = SCALES.get(scale_key, 1.0)
    unit = g.get("unit") or ""
    per = g.get("per")
    window = text[max(0, m.start() - 60): m.end() + 60]
    if indicator in ("flops", "macs") and g.get("prefix") is not None:
        scale = SCALES.get(g["prefix"].lower(), 1.0) if g["prefix"] else scale
        per = _per_after(text, m.end())
        return Found(indicator, num * scale, "MACs" if indicator == "macs" else "FLOPs",
                     raw, m.start(), m.end(), per)
    if indicator in ("flops", "macs"):
        return Found(indicator, num * scale, "FLOPs" if indicator == "flops" else "MACs", raw,
                     m.start(), m.end(), _per_after(text, m.end()))
    if indicator == "params":
        if scale_key == "g":
            scale = 1e9
        return Found("params", num * scale, "parameters", raw, m.start(), m.end())
    if indicator == "throughput":
        item = (g.get("item") or unit or "items").lower()
        per = "step" if item.startswith(("step", "iter", "update", "batches")) else _singular(item)
        return Found("throughput", num * scale, "items/s", raw, m.start(), m.end(), per=per)
    if indicator == "memory":
        value = num * _BYTES[unit.lower()]
        before = text[max(0, m.start() - 25):m.start()]
        after = text[m.end():m.end() + 12]
        if _HARDWARE.search(before[-12:] + " " + after) and not _MEMORY_CONTEXT.search(before):
            return None  # "A100 40GB", "80 GB A100": a hardware spec, not a figure
        near = text[max(0, m.start() - 30):m.end() + 25]
        if not _MEMORY_CONTEXT.search(window) and not _SIZE_CONTEXT.search(window):
            return None  # "Criteo 1TB": a dataset name, not a cost figure
        if _SIZE_CONTEXT.search(near) and not _MEMORY_CONTEXT.search(near):
            kind = "model_size"
        elif _MEMORY_CONTEXT.search(near) or not _SIZE_CONTEXT.search(window):
            kind = "memory"
        else:
            kind = "model_size"
        return Found(kind, value, "bytes", raw, m.start(), m.end())
    if indicator == "latency" and not unit:
        return Found("latency", num, "real-time factor", raw, m.start(), m.end())
    if indicator == "latency":
        if unit.lower() in ("s", "sec", "secs", "second", "seconds") and \
                _TRAINING.search(window) and not _LATENCY_WORD.search(window):
            return Found("training_cost", num / 3600, "hours", raw, m.start(), m.end())
        return Found("latency", num * _SECONDS[unit.lower()], "s", raw, m.start(), m.end(),
                     per=_singular(per) if per else None)
    if indicator == "time":
        hours = num * _HOURS[unit.lower()]
        if _TRAINING.search(window) or _HARDWARE.search(window):
            count = _ACCEL_COUNT.search(window)
            if count:
                hours *= float(count.group("n"))
            return Found("training_cost", hours, "accelerator-hours" if count else "hours", raw,
                         m.start(), m.end())
        if _LATENCY_WORD.search(window):
            return Found("latency", hours * 3600, "s", raw, m.start(), m.end())
        return None  # "two hours" of something that is no cost figure
    if indicator == "training_cost":
        if "pf" in unit.lower() or "petaflop" in unit.lower():
            return Found("flops", num * 8.64e19, "FLOPs", raw, m.start(), m.end())
        return Found("training_cost", num * scale * _HOURS[unit.lower()], "accelerator-hours",
                     raw, m.start(), m.end())
    if indicator == "steps":
        return Found("steps", num * scale, unit.lower(), raw, m.start(), m.end())
    if indicator == "energy":
        factor = {"wh": 1e-3, "kwh": 1, "mwh": 1e3, "gwh": 1e6, "j": 1 / 3.6e6, "kj": 1 / 3.6e3,
                  "mj": 1 / 3.6}[unit.lower()]
        return Found("energy", num * scale * factor, "kWh", raw, m.start(), m.end())
    if indicator == "co2":
        u = unit.lower()
        factor = 1000 if u.startswith(("t", "ton")) else 0.4536 if u.startswith(("lb", "pound")) \
            else 0.001 if u == "g" else 1
        return Found("co2", num * scale * factor, "kg", raw, m.start(), m.end())
    if indicator == "money":
        scale = _MONEY_SCALE.get(scale_key, 1.0)
        return Found("money", num * scale, "$", raw, m.start(), m.end())
    return None


def _per_after(text: str, end: int) -> str | None:
    m = re.match(r"\s*(?:/|per|an?)\s*(token|image|img|example|sample|sequence|input|forward pass|"
                 r"frame|step|query)", text[end:end + 24], re.I)
    return _singular(m.group(1).lower()) if m else None


def _singular(word: str | None) -> str | None:
    if not word:
        return None
    word = {"img": "image", "imgs": "image", "ex": "example", "seq": "sequence",
            "seqs": "sequence", "tok": "token", "it": "item"}.get(word, word)
    return word[:-1] if word.endswith("s") and word not in ("s",) else word


def _dedupe(items) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


# Model names: "ViT-B/16", "BERT-large", "ResNet-50", "EfficientNet-B0", "GPT-3", "T5".
_MODEL = re.compile(
    r"\b(?:[A-Z][A-Za-z]*\d*(?:[-/][A-Za-z0-9.]+)+|[A-Z][a-z]+[A-Z][A-Za-z0-9]*|"
    r"[A-Z]{2,}[a-z]*\d*|[A-Z][a-z]*\d+[A-Za-z]*)\b")
_NOT_MODEL = re.compile(
    r"^(?:GPU|GPUs|TPU|TPUs|CPU|CPUs|[KMGTP]?(?:FLOPS?|FLOPs?|MACs?|MAdds)|MB|GB|KB|TB|GiB|MiB|"
    r"ms|FP\d+|BF16|INT\d|I|We|Our|The|This|Table|Fig|Figure|Section|Sec|Appendix|ImageNet|"
    r"COCO|GLUE|SQuAD|WMT\d*|BLEU|CO2|USD|kWh|ONNX|CUDA|API|NLP|CV|ML|AI|RAM|VRAM|HBM|SOTA|"
    r"PyTorch|TensorFlow|JAX|XLA|TensorRT|Pareto(?:-\w+)?|NAS|MoE|QPS|FPS|DRAM|LLM|LLMs|"
    r"[VAHPKTL]\d{2,3}|A10G?|T4|L4|TPUv\d|TPU-v\d|RTX\w*|GTX\w*|"
    # hardware vendors and product lines ("60 ms on an AMD EPYC CPU": no model named AMD)
    r"AMD|NVIDIA|Nvidia|Intel|Qualcomm|Apple|Arm|ARM|Xeon|EPYC|Ryzen|Snapdragon|Jetson|Radeon|"
    r"Instinct|Gaudi|Graviton|Ampere|Hopper|Blackwell)$")


def find_models(text: str) -> list[tuple[int, int, str]]:
    """Candidate model names with their offsets (shape-based: capitals, digits, hyphens)."""
    out = []
    for m in _MODEL.finditer(text):
        name = m.group().rstrip(".")
        if _NOT_MODEL.match(name) or _HARDWARE.match(name):
            continue
        out.append((m.start(), m.start() + len(name), name))
    return out


def extract_quantities(sentence: Sentence) -> list[Quantity]:
    """The cost figures of one sentence as `Quantity`s, each with its exact span, the model it
    is about (nearest name before it, else the only one named) and its phase."""
    text = sentence.text
    if not _gate(text):
        return []
    models = find_models(text)
    phase = find_phase(text)
    out = []
    for f in find_quantities(text):
        out.append(Quantity(indicator=f.indicator, value=f.value, unit=f.unit, raw=f.raw,
                            span=sentence.char_span(f.start, f.end),
                            model=_nearest_model(models, f.start, f.end), phase=phase,
                            per=f.per))
    return out


def _gate(text: str) -> bool:
    from claimcheck.extract.prefilter import may_report

    return may_report(text)


def _nearest_model(models: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    before = [m for m in models if m[1] <= start and start - m[1] < 80]
    if before:
        return before[-1][2]
    after = [m for m in models if m[0] >= end and m[0] - end < 30]
    if after:
        return after[0][2]
    return models[0][2] if len(models) == 1 else None
