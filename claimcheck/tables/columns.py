"""What a table cell holds and what a column measures.

`parse_cell` turns the text of a cell (`86.6M`, `78.54`, `12.3%`, `76.2 ± 0.3`, `--`) into a
number with its magnitude suffix and unit; `classify_column` decides from the header (leaf
first, then the merged super-header), the cells' units and the caption whether a column is a
cost indicator (with unit, scale and direction), a quality metric, a configuration knob or the
model name — and says why in one line, so a user can see why a table rule fired. Vocabulary is
data (the tables below), so adding a metric or a unit is one line. No pandas here.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from claimcheck.indicators import INDICATORS

# ---------------------------------------------------------------------------------------------
# Cells

MISSING = {"", "-", "--", "---", "—", "–", "−", "n/a", "na", "n.a.", "n.a", "?", "✗", "x", "×",
           "none", "unk", "unknown", "oom", "n/r", "nr", "-/-", "/", "tbd", "…", "...", "*"}
_FOOTNOTES = re.compile(r"\\textsuperscript\{[^}]*\}|\^\{[^}]*\}|\^\S|[*†‡§¶⋆★♠♣♦♥¹²³⁴⁵⁶⁷⁸⁹⁰]+")
_NUMBER = re.compile(
    r"^(?:[~≈<>≤≥]|\\sim|approx\.?)?\s*"
    r"(?P<num>[+\-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+)"
    r"(?:\s*(?:[eE]|×\s*10\^?)\s*\{?(?P<exp>[+\-−]?\d+)\}?)?\s*(?P<rest>.*)$")
_SPREAD = re.compile(r"^(?:±|\+/-|\+-|\\pm)\s*[\d.]+\s*|^\(\s*[±]?\s*[\d.]+\s*\)\s*")
_MAGNITUDE = re.compile(r"^(?P<m>[kKMGT]|B(?!/)|bn|Bn|thousand|million|billion|trillion)(?![a-zA-Z])\s*")
MAGNITUDES = {"k": 1e3, "K": 1e3, "thousand": 1e3, "M": 1e6, "million": 1e6, "G": 1e9, "B": 1e9,
              "bn": 1e9, "Bn": 1e9, "billion": 1e9, "T": 1e12, "trillion": 1e12}


@dataclass
class CellValue:
    value: float | None  # the number as written, times its own magnitude suffix (86.6M → 86.6e6)
    magnitude: float = 1.0  # the suffix's multiplier (1 when there was none)
    unit: str = ""  # what followed the number: "%", "×", "ms", "img/s", ""
    missing: bool = False  # an explicit "no value" mark (--, n/a)
    text: str = ""  # the cell text with footnote marks stripped


def clean_text(text: str) -> str:
    """Cell text without footnote marks, LaTeX leftovers and surrounding space."""
    text = _FOOTNOTES.sub("", text)
    text = text.replace("\\,", "").replace("~", " ").replace("\u00a0", " ").replace("\\%", "%")
    return " ".join(text.split()).strip()


# "2m23s", "1h05m", "1h 2m 3s" and clock times "62:56", "1:02:03": one duration, in seconds
_COMPOUND_DURATION = re.compile(
    r"^(?:(?P<h>\d+)\s*h(?:rs?|ours?)?)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?\s*(?:(?P<s>\d+(?:\.\d+)?)\s*s(?:ec)?)?$",
    re.IGNORECASE)
_CLOCK = re.compile(r"^(?:(?P<h>\d+):)?(?P<m>\d{1,2}):(?P<s>\d{2}(?:\.\d+)?)$")


_RANGE = re.compile(r"^(?P<low>\d+(?:\.\d+)?)(?:[kKMGTB](?![a-zA-Z]))?\s*(?:--|–|—|-|to)\s*"
                    r"(?P<high>\d+(?:\.\d+)?)(?P<unit>\s*(?![-–—]|to\b)[^\d\s].*)?$")


def _duration(cleaned: str) -> float | None:
    """Seconds in a duration written in two or more units ("2m23s") or as a clock ("62:56")."""
    m = _COMPOUND_DURATION.match(cleaned)
    if m and sum(m.group(k) is not None for k in "hms") >= 2:
        return int(m["h"] or 0) * 3600 + int(m["m"] or 0) * 60 + float(m["s"] or 0)
    m = _CLOCK.match(cleaned)
    if m:
        return int(m["h"] or 0) * 3600 + int(m["m"]) * 60 + float(m["s"])
    return None


def parse_cell(text: str) -> CellValue:
    cleaned = clean_text(text)
    if cleaned.lower() in MISSING:
        return CellValue(None, missing=True, text=cleaned)
    seconds = _duration(cleaned.split(" (")[0].strip())
    if seconds is not None:
        return CellValue(seconds, 1.0, "s", text=cleaned)
    span = _RANGE.match(cleaned)
    if span:  # "85--102KB", "21K–26K": the middle of the range, in the unit written after it
        unit = span["unit"] or ""
        low, high = _number(span["low"] + unit, cleaned), _number(span["high"] + unit, cleaned)
        if low.value is not None and high.value is not None:
            return CellValue((low.value + high.value) / 2, high.magnitude, high.unit, text=cleaned)
    return _number(cleaned, cleaned)


def _number(cleaned: str, shown: str) -> CellValue:
    """A number with its magnitude suffix and unit ("86.6M", "12.3%", "76.2 ± 0.3")."""
    match = _NUMBER.match(cleaned)
    if not match:
        return CellValue(None, text=shown)
    value = float(match["num"].replace(",", "").replace("−", "-"))
    if match["exp"]:
        value *= 10.0 ** int(match["exp"].replace("−", "-"))
    rest = _SPREAD.sub("", match["rest"].strip())
    magnitude = 1.0
    mag = _MAGNITUDE.match(rest)
    if mag:
        magnitude = MAGNITUDES[mag["m"]]
        rest = rest[mag.end():]
    unit = rest.strip()
    if unit.startswith(("x", "X")) and (len(unit) == 1 or not unit[1].isalpha()):
        unit = "×" + unit[1:]
    unit = unit.split("(")[0].split("/ ")[0].strip()
    return CellValue(value * magnitude, magnitude, unit, text=shown)


# ---------------------------------------------------------------------------------------------
# Column vocabulary: (indicator, pattern). Order matters: the first pattern that matches wins,
# so specific phrases ("training time", "speed-up") come before generic words ("time").

COST_PATTERNS: list[tuple[str, str]] = [
    # not inside an identifier ("vs no_memory": a configuration name)
    ("memory", r"(?<!_)memory(?!_)|\bmem\b|vram|\bram\b|footprint"),
    ("activations", r"activations?\b|\bacts\b"),
    ("model_size", r"model size|checkpoint|\bdisk\b|storage|file size|size on disk"
                   r"|size\s*[\(\[]\s*(?:[kmgt]i?b)\s*[\)\]]"),
    ("training_cost", r"(?:train|pre-?train|fine-?tun)\w*\.?\s*(?:time|cost|compute|hours?|days?|budget"
                      r"|flops|gpu|tpu)|gpu[- ]?(?:hours?|days?|hrs?)\b|tpu[- ]?(?:v\d+)?[- ]?"
                      r"(?:hours?|days?|core)|accelerator[- ]hours?|core[- ]hours?|pf[- ]?days"
                      r"|petaflop|compute budget|time to train|wall-?clock time"),
    ("steps", r"\b(?:training )?steps?\b|\bepochs?\b|\biterations?\b|\biters?\b"),
    ("energy", r"energy|\bkwh\b|\bmwh\b|\bwh\b|joules?"),
    ("co2", r"co2|co₂|carbon|emissions?"),
    ("money", r"\$|\busd\b|dollars?|price|monetary|\bcost\s*[\(\[]\s*(?:\$|usd)"),
    # Compute before throughput: "GMAC per second of audio" is compute normalised by input length.
    ("flops", r"flop|\bg?fops\b"),
    # "Mac" in Title Case is a word (a class, a machine), not multiply-accumulates
    ("macs", r"(?-i:\b[GMK]?MACs?\b|\b[GMK]?MACS\b|\b[gmk]?macs?\b|\b[GM]Macs?\b|\bMacs\b)"
             r"|mult-?adds|multiply-?adds|\bm-?adds\b|\bmult\b"),
    ("throughput", r"throughput|speed-?up|\brtfx?\b|real-?time factor|img/s|im/s|imgs/s|images?/s|samples?/s|examples?/s"
                   r"|tokens?/s|tok/s|seqs?/s|sequences?/s|sentences?/s|words?/s|\bfps\b|frames?/s"
                   r"|\bit/s|\bqps\b|queries/s|/\s*sec\b|per second"
                   r"|\b[a-z]+s\s*/\s*s\b"),  # any items per second: graphs/s, molecules/s, pairs/s
    # "ms" only in lower case: "MS MARCO" is a dataset, not milliseconds.
    ("latency", r"latency|(?-i:msec|\bms\b)|inference time|run-?time|wall-?clock|s/img|s/it\b|sec/|ms/"
                r"|time per|\bdelay\b|µs|\bus/"),
    ("params", r"param|#\s*p\b|\bweights\b|\bsize\s*[\(\[]\s*[mbk]\s*[\)\]]|\bmodel size\b"),
]
# "Time Series" and "time step" name data, not a timing.
_SPEED_WORD = re.compile(r"\bspeed\b(?! mae| rmse| error)|\bfast|\btime\b(?![- ]?(?:series|steps?|horizon|window))")

QUALITY_PATTERN = re.compile(
    r"acc(?!el)|top-?[15]\b|\bbleu|rouge|\bf1\b|f-?score|\bem\b|exact match|\bmap\b"
    r"|\bap(?:[_-]?(?:\d+|s|m|l|box|bbox|mask))?\b|miou"
    r"|\biou\b|perplexity|\bppl\b|\bwer\b|\bcer\b|error|\berr\b|score|glue|squad|quality|recall"
    r"|precision|\bauc\b|psnr|ssim|\bfid\b|\bmse\b|\bmae\b|rmse|\bloss\b|dice|pass@|win rate"
    r"|spearman|pearson|\bmcc\b|ndcg|\bmrr\b|hits?@|\br@\d|chrf|meteor|cider|\bspice\b|\bbpc\b"
    r"|\bbpb\b|\bnll\b|lpips|imagenet|cifar|coco|mnli|sst-?2|qnli|qqp|\brte\b|wmt|superglue|\blra\b"
    r"|ade20k|kinetics|librispeech|wikitext|ms marco|beir|humaneval|mbpp|\b[a-z]+@\d"
    r"|\bwin[- ]?rate|\bsuccess\b|\bexact\b|performance|\bresults?\b|\bavg\b|average")
# Words that say "a quality figure" but not which: under a cost super-header ("Latency / Avg")
# they do not outweigh it.
WEAK_QUALITY = re.compile(r"performance|results?|avg|average|score|quality")
LOWER_IS_BETTER_QUALITY = re.compile(
    r"perplexity|\bppl\b|\bwer\b|\bcer\b|error|\berr\b|\bfid\b|\bmse\b|\bmae\b|rmse|\bloss\b"
    r"|lpips|\bbpc\b|\bbpb\b|\bnll\b|chamfer|\beer\b")
SIZE_HEADER = re.compile(r"^\s*(?:model\s+)?size\b", re.IGNORECASE)
NEGATED = re.compile(r"\bneg(?:ative|\.)?\s*(?:log|ppl|perplexity)")
CONFIG_PATTERN = re.compile(
    r"layers?|depth|width|hidden|\bdim|heads?\b|patch|resolution|\bres\b|seq(?:uence)?\.?\s*len"
    r"|input size|image size|img size|input length|\btokens\b|batch|kernel|channels?|experts?"
    r"|embed|ffn|qkv|mlp|blocks?\b|stages?\b|\blr\b|learning rate|warm-?up|dropout|decay|d_?model"
    r"|d_?ff|top-?k\b|\bgroups?\b|vocab|context|window|stride|\brank\b|sparsity|ratio|config"
    r"|\bnum\b|number of|\bsize\b|\bscale\b|\bbits?\b|precision \(|dtype|optimizer|schedule")
MODEL_HEADER = re.compile(r"model|method|architecture|\barch\b|network|backbone|approach|system"
                          r"|\bname\b|variant|encoder|baseline|\bours\b|config")
DATASET_HEADER = re.compile(r"dataset|corpus|\btask\b|benchmark|split|language pair|\bdomain\b")
HIGHER = re.compile(r"↑|\(higher is better\)|\\uparrow|\(\+\)")
LOWER = re.compile(r"↓|\(lower is better\)|\\downarrow|\(-\)")

# A column relative to a baseline: a speed-up, a ratio, a saving. Higher is better, and it ranks
# nothing on its own: "Throughput speed-up (FP32 - mixed)" is throughput divided by throughput.
RELATIVE_HEADER = re.compile(r"speed-?ups?|\brtfx?\b|real-?time factor|\bratio\b|relative|\bfaster\b|\bslower\b|reduction|saving"
                             r"|improvement|\bgain\b|normali[sz]ed|\bvs\.?\s|\bw\.?r\.?t\.?\b", re.IGNORECASE)

# Units per indicator: (pattern, display unit, scale to the indicator's base unit), first match wins.
_MAG_UNITS = [(r"\btrillions?\b|[\(\[]\s*t\s*[\)\]]", "T", 1e12),
              (r"\bbillions?\b|[\(\[]\s*(?:b|g|bn)\s*[\)\]]", "B", 1e9),
              (r"\bmillions?\b|[\(\[]\s*m\s*[\)\]]|\bmln\b", "M", 1e6),
              (r"\bthousands?\b|[\(\[]\s*k\s*[\)\]]", "K", 1e3)]
_BYTES = [(r"\bgib\b", "GiB", 2.0**30), (r"\bmib\b", "MiB", 2.0**20), (r"\btb\b", "TB", 1e12),
          (r"\bgb\b", "GB", 1e9), (r"\bmb\b", "MB", 1e6), (r"\bkb\b", "KB", 1e3)]
UNITS: dict[str, list[tuple[str, str, float]]] = {
    "params": [(r"\b(?:b|bn)\s*param", "B", 1e9), (r"\bm\s*param", "M", 1e6), *_MAG_UNITS],
    "flops": [(r"\btflop|\btfops\b", "TFLOPs", 1e12), (r"\bgflop|\bgfops\b", "GFLOPs", 1e9),
              (r"\bpflop", "PFLOPs", 1e15), (r"\bmflop", "MFLOPs", 1e6), *_MAG_UNITS],
    "macs": [(r"\bgmacs?\b", "GMACs", 1e9), (r"\bmmacs?\b", "MMACs", 1e6), *_MAG_UNITS],
    "latency": [(r"msec|\bms\b|millisec", "ms", 1e-3), (r"µs|\bus\b|microsec", "µs", 1e-6),
                (r"\bmin(?:utes?)?\b", "min", 60.0), (r"\bs\b|\bsec\b|\bsecs\b|seconds?", "s", 1.0)],
    "throughput": [(r"speed-?up|×|\bx\b", "×", 1.0),
                   (r"[\(\[]\s*k\s*[\)\]]|\bk\s*(?:img|im|images?|samples?|tokens?|seq)", "K/s", 1e3),
                   (r"(?:img|im|imgs|images?)/s(?:ec)?", "img/s", 1.0),
                   (r"tokens?/s(?:ec)?|tok/s", "tokens/s", 1.0),
                   (r"(?:samples?|examples?|seqs?|sequences?|sentences?|words?|queries)/s(?:ec)?",
                    "items/s", 1.0), (r"\bfps\b|frames?/s", "fps", 1.0), (r"\bit/s", "it/s", 1.0)],
    "memory": _BYTES,
    "model_size": _BYTES,
    "activations": _MAG_UNITS,
    "training_cost": [(r"pf[- ]?days", "PF-days", 1.0), (r"days?\b", "days", 24.0),
                      (r"hours?\b|\bhrs?\b|\bh\b", "hours", 1.0), (r"years?\b", "years", 8760.0)],
    "steps": [(r"epochs?", "epochs", 1.0), *_MAG_UNITS],
    "energy": [(r"\bmwh\b", "MWh", 1e3), (r"\bkwh\b", "kWh", 1.0), (r"\bwh\b", "Wh", 1e-3)],
    "co2": [(r"\bt\b|tonnes?|\btco2", "t", 1e3), (r"\blbs?\b", "lbs", 0.4536), (r"\bkg\b", "kg", 1.0)],
    "money": [(r"\bk\$|\$\s*k\b|[\(\[]\s*k\s*[\)\]]|thousands", "k$", 1e3), (r"\$|usd", "$", 1.0)],
}


@dataclass
class ColumnInfo:
    """How one column was read. `role` is cost | relative | quality | config | model | other;
    a relative column (a speed-up, a ratio, a reduction in %) keeps the indicator it is relative
    to, but is no cost indicator of its own (SPEC, Tables)."""

    name: str  # merged header text, super-header first: "Cost / Params (M)"
    role: str
    indicator: str | None = None  # a cost indicator of claimcheck.indicators, or a quality metric
    unit: str = ""
    scale: float = 1.0  # multiply the DataFrame's values by this to get the indicator's base unit
    lower_is_better: bool | None = None
    reason: str = ""
    bold_rows: list[int] = field(default_factory=list)  # DataFrame row positions marked best
    index: int = 0  # column position in the table grid

    def to_json(self) -> dict:
        return {"name": self.name, "role": self.role, "indicator": self.indicator, "unit": self.unit,
                "scale": self.scale, "lower_is_better": self.lower_is_better, "reason": self.reason,
                "bold_rows": self.bold_rows}


def _find(pattern: str, text: str) -> re.Match | None:
    return re.search(pattern, text, re.IGNORECASE)


def unit_in(indicator: str, text: str) -> tuple[str, float] | None:
    for pattern, unit, scale in UNITS.get(indicator, []):
        if _find(pattern, text):
            return unit, scale
    return None


def cost_indicator(text: str) -> tuple[str, str] | None:
    """(indicator, matched words) for a header or phrase naming a cost indicator."""
    for indicator, pattern in COST_PATTERNS:
        match = _find(pattern, text)
        if match:
            return indicator, match.group(0)
    return None


def _caption_unit(indicator: str, caption: str) -> tuple[str, float] | None:
    """A unit the caption gives for an indicator: "latency in ms", "parameters (in millions)"."""
    pattern = dict(COST_PATTERNS)[indicator]
    for match in re.finditer(pattern, caption, re.IGNORECASE):
        window = re.split(r"[,;]|\.\s|\band\b", caption[match.start():match.start() + 80])[0]
        found = unit_in(indicator, window[len(match.group(0)):]) or unit_in(indicator, window)
        if found:
            return found
    return None


def most_common(items: list):
    """The most frequent item, the first seen among equals (never set order: a tie broken by
    string hashing made a column's unit, and so its findings, change from run to run)."""
    return Counter(items).most_common(1)[0][0] if items else None


def classify_column(leaf: str, name: str, cells: list[CellValue], caption: str,
                    is_model_candidate: bool) -> ColumnInfo:
    """Classify one column. `leaf` is the lowest header cell, `name` the merged header."""
    numbers = [c for c in cells if c.value is not None]
    texts = [c for c in cells if c.value is None and not c.missing]
    # a column of only "--" marks is still a numeric column with nothing reported
    numeric = (bool(numbers) or any(c.missing and c.text for c in cells)) and len(numbers) >= len(texts)
    cell_units = [c.unit for c in numbers if c.unit]
    common_unit = most_common(cell_units) or ""
    info = ColumnInfo(name=name, role="other")

    if not numeric:
        if is_model_candidate and not CONFIG_PATTERN.search(leaf.lower()) or MODEL_HEADER.search(leaf.lower()):
            info.role = "model"
            info.reason = (f"model names: header {leaf!r}" if leaf else "model names: first text column")
            if DATASET_HEADER.search(leaf.lower()):
                info.role, info.reason = "other", f"header {leaf!r} names datasets or tasks, not models"
        else:
            info.reason = "text column"
        return info

    # Cost: leaf header, then the merged header, then the units written in the cells. A leaf
    # that names a quality metric ("MRR@10", "pass@1", "WER") is quality whatever its
    # super-header says ("MS MARCO", "Latency-critical QA"): the leaf is the most specific.
    evidence = [("header", leaf), ("merged header", name), ("cell unit", common_unit)]
    leaf_quality = QUALITY_PATTERN.search(leaf.lower())
    strong_leaf_quality = bool(leaf_quality) and not WEAK_QUALITY.fullmatch(leaf_quality.group(0)) \
        and not cost_indicator(leaf)
    for where, text in evidence:
        if strong_leaf_quality and where != "header":
            break
        found = cost_indicator(text) if text else None
        if found:
            indicator, words = found
            if indicator == "model_size" and not unit_in("model_size", f"{text} {common_unit}") \
                    and not _caption_unit("model_size", caption):
                indicator = "params"  # "Model size (M)": a parameter count
            if indicator in ("latency", "training_cost") and _find(r"\btime\b|wall", text):
                indicator = "training_cost" if unit_in("training_cost", f"{text} {common_unit}") \
                    and not unit_in("latency", text) else indicator
            return _cost(info, indicator, f"{where} {text!r} matches {words!r}", name, common_unit,
                         caption, numbers)
    if SIZE_HEADER.search(leaf):  # "Size": bytes on disk, or a parameter count ("7B")
        if unit_in("model_size", f"{name} {common_unit}"):
            return _cost(info, "model_size", f"header {leaf!r} with sizes in bytes", name, common_unit,
                         caption, numbers)
        if any(c.magnitude in (1e6, 1e9, 1e12) for c in numbers):
            return _cost(info, "params", f"header {leaf!r} with counts like 7B or 350M", name,
                         common_unit, caption, numbers)
    speed = None if strong_leaf_quality else \
        next(((w, t) for w, t in evidence[:2] if t and _SPEED_WORD.search(t.lower())), None)
    if speed:
        where, text = speed
        units = f"{name} {common_unit}"
        if unit_in("training_cost", units) and not unit_in("latency", units):
            indicator = "training_cost"
        elif unit_in("throughput", units) or HIGHER.search(name):
            indicator = "throughput"
        elif unit_in("latency", units) or LOWER.search(name):
            indicator = "latency"
        else:
            cap = _caption_unit("throughput", caption) and "throughput" or "latency"
            indicator = cap
        return _cost(info, indicator, f"{where} {text!r} is a speed; unit says {indicator}", name,
                     common_unit, caption, numbers)

    lowered = f"{leaf} {name}".lower()
    if QUALITY_PATTERN.search(leaf.lower()) or (not CONFIG_PATTERN.search(leaf.lower())
                                                 and QUALITY_PATTERN.search(lowered)):
        words = (QUALITY_PATTERN.search(leaf.lower()) or QUALITY_PATTERN.search(lowered)).group(0)
        info.role, info.indicator = "quality", _metric_name(lowered)
        # "neg. log perplexity" turns a lower-is-better metric around
        info.lower_is_better = bool(LOWER_IS_BETTER_QUALITY.search(lowered)) != bool(NEGATED.search(lowered))
        info.unit = "%" if "%" in name or common_unit == "%" else ""
        _arrows(info, name)
        direction = "lower" if info.lower_is_better else "higher"
        info.reason = f"quality ({info.indicator}): header {name!r} matches {words!r}; {direction} is better"
        return info
    if CONFIG_PATTERN.search(leaf.lower()) or CONFIG_PATTERN.search(name.lower()):
        words = (CONFIG_PATTERN.search(leaf.lower()) or CONFIG_PATTERN.search(name.lower())).group(0)
        info.role, info.reason = "config", f"configuration: header {name!r} matches {words!r}"
        return info
    info.reason = f"numeric, header {name!r} names no indicator, metric or setting"
    return info


def _metric_name(text: str) -> str:
    for pattern, metric in [(r"top-?5", "top-5 accuracy"), (r"top-?1|acc", "accuracy"),
                            (r"bleu", "BLEU"), (r"rouge", "ROUGE"), (r"\bf1\b|f-?score", "F1"),
                            (r"perplexity|\bppl\b", "perplexity"), (r"\bwer\b", "WER"),
                            (r"\bfid\b", "FID"), (r"miou", "mIoU"), (r"\bmap\b|\bap\b", "AP"),
                            (r"\bem\b|exact match", "exact match"), (r"error|\berr\b", "error"),
                            (r"loss", "loss")]:
        if re.search(pattern, text):
            return metric
    return "score"


def _arrows(info: ColumnInfo, name: str) -> None:
    if HIGHER.search(name):
        info.lower_is_better = False
    elif LOWER.search(name):
        info.lower_is_better = True


def is_relative(name: str, numbers: list[CellValue]) -> str | None:
    """What makes a cost-like column relative (the header's words, or most cells in ×), or None.
    A few × cells under absolute ones are ratio rows under the table ("ours / baseline")."""
    found = RELATIVE_HEADER.search(name)
    if found:
        return f"header says {found.group(0)!r}"
    times = sum(c.unit == "×" for c in numbers)
    return "most of its cells are in ×" if numbers and times * 2 > len(numbers) else None


def _cost(info: ColumnInfo, indicator: str, why: str, name: str, cell_unit: str, caption: str,
          numbers: list[CellValue]) -> ColumnInfo:
    relative = is_relative(name, numbers)
    if relative:
        info.role, info.indicator, info.lower_is_better = "relative", indicator, False
        info.unit = "×" if cell_unit == "×" else ("%" if cell_unit == "%" else "")
        info.reason = (f"relative {indicator} ({why}; {relative}): a ratio to a baseline, higher is "
                       f"better, not a cost indicator of its own")
        return info
    info.role, info.indicator = "cost", indicator
    info.lower_is_better = INDICATORS[indicator][2]
    _arrows(info, name)
    found = unit_in(indicator, name)
    source = "header"
    if not found and cell_unit:
        found, source = unit_in(indicator, cell_unit), "cells"
    if not found:
        found, source = _caption_unit(indicator, caption), "caption"
    magnitudes = [c.magnitude for c in numbers if c.magnitude != 1.0]
    if found:
        info.unit, info.scale = found
        if indicator in ("flops", "macs") and info.unit in ("T", "B", "M"):
            info.unit = {"T": "T", "B": "G", "M": "M"}[info.unit] + ("FLOPs" if indicator == "flops" else "MACs")
        unit_note = f"; unit {info.unit} from the {source}"
    elif magnitudes:
        info.scale = most_common(magnitudes)
        info.unit = {1e3: "K", 1e6: "M", 1e9: "B", 1e12: "T"}.get(info.scale, "")
        if indicator in ("flops", "macs") and info.unit:
            info.unit = {"B": "G"}.get(info.unit, info.unit) + ("FLOPs" if indicator == "flops" else "MACs")
        unit_note = f"; unit {info.unit} from the cells"
    else:
        unit_note = "; no unit given"
    direction = "lower" if info.lower_is_better else "higher"
    info.reason = f"cost ({indicator}): {why}{unit_note}; {direction} is better"
    return info


# "Speed", "Inference time (ms)" as a row label: a timing
_SPEED_ROW = re.compile(r"(?:inference |run |wall-?clock )?(?:speed|time|latency)(?: \(.*\))?", re.I)


def row_indicators(labels: list[str]) -> set[str]:
    """The cost indicators a transposed table reports in its row labels ("Parameters", "Speed",
    "VRAM" down the first column, systems across): two or more of them make it one, else none."""
    found = {hit[0] for label in labels if (hit := cost_indicator(label))}
    found |= {"latency" for label in labels if _SPEED_ROW.fullmatch(label.strip())}
    return found if len(found) >= 2 else set()
