"""Rule metadata, read from the data files in `rules/` (one YAML file per rule).

The check logic lives in `claimcheck/checks`; what a rule is called, how severe it is, which
section of the paper it rests on and what to add to fix it live here, as data, so that docs,
SARIF rule descriptions and `claimcheck rule CODE` all come from one place.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from claimcheck.errors import InputError

_FIELDS = ("code", "name", "severity", "summary", "rationale", "paper", "fix")
# How often a finding of the rule is right; GitHub code scanning sorts alerts by it (SARIF
# `properties.precision`). Optional in the YAML: unmeasured rules say "medium".
PRECISIONS = ("very-high", "high", "medium", "low")
DEFAULT_PRECISION = "medium"
# Severity is a promise about precision, measured on real documents (benchmarks/realworld.py):
# a rule ships at error only at >= 0.95, at warning at >= 0.85, else in preview (off unless
# `--preview` or selected by its exact code). A rule with fewer than MIN_MEASURED findings at
# warning or error on the real-world dev split is too little measured to change its status: it
# keeps it (a preview rule is not turned on by two right findings), but goes to preview and
# below error if one was wrong.
SEVERITY_FLOOR = {"error": 0.95, "warning": 0.85}
MIN_MEASURED = 5


def earned_status(precision: float, findings: int, severity: str,
                  preview: bool = False) -> tuple[bool, str]:
    """(preview, severity) that a measured precision over `findings` findings earns, for a rule
    now in preview or not (`preview`)."""
    below_error = "warning" if severity == "error" else severity  # error only at >= 0.95
    if findings < MIN_MEASURED:  # too few to earn default-on; any wrong one sends it to preview
        return (preview or (findings > 0 and precision < 1)), (severity if precision == 1 else below_error)
    if precision < SEVERITY_FLOOR["warning"]:
        return True, below_error  # a preview rule, when asked for, still never says error
    if precision < SEVERITY_FLOOR["error"]:
        return False, below_error
    return False, severity


@dataclass(frozen=True)
class RuleMeta:
    code: str
    name: str
    severity: str
    summary: str
    rationale: str
    paper: str
    fix: str
    examples: dict = field(default_factory=dict, hash=False, compare=False)  # {"fail": [...], "pass": [...]}
    precision: str = DEFAULT_PRECISION
    preview: bool = False  # off by default: runs with --preview or when selected by exact code
    # {"dev": {"precision": 0.91, "findings": 34}, "blind": {...}} on the real-world set
    measured: dict = field(default_factory=dict, hash=False, compare=False)

    @property
    def status(self) -> str:
        """How the rule ships: its default severity, or 'preview' when it is off by default."""
        return "preview" if self.preview else self.severity

    def measured_text(self) -> str:
        """'dev 0.91 (34 findings), blind 0.88 (12)', or '' when not measured on real documents."""
        return ", ".join(f"{split} {float(f['precision']):.2f} ({int(f['findings'])} findings)"
                         for split, f in self.measured.items())

    def measured_precision(self, split: str = "dev") -> float | None:
        """The real-world precision on `split`, or None when too few findings were judged."""
        figures = self.measured.get(split) or {}
        if not int(figures.get("findings", 0)):
            return None
        return float(figures["precision"])


def rules_dir() -> Path:
    """`claimcheck/_rules` in a wheel, the repository's `rules/` in a checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "_rules"
    return packaged if packaged.is_dir() else here.parent / "rules"


@lru_cache(maxsize=1)
def all_rules() -> dict[str, RuleMeta]:
    import yaml  # only the commands that need rule metadata pay for it

    rules: dict[str, RuleMeta] = {}
    for path in sorted(rules_dir().glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise InputError(str(path), f"invalid rule metadata: {exc}".splitlines()[0]) from None
        missing = [f for f in _FIELDS if not data or f not in data]
        if missing:
            raise InputError(str(path), f"rule metadata lacks {', '.join(missing)}")
        precision = str(data.get("precision", DEFAULT_PRECISION)).strip()
        if precision not in PRECISIONS:
            raise InputError(str(path), f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
        measured = data.get("measured") or {}
        if isinstance(measured, dict) and isinstance(measured.get("dev"), dict):
            precision = precision_level(measured["dev"].get("precision"), measured["dev"].get("findings"),
                                        precision)
        if not isinstance(measured, dict) or not all(
                isinstance(v, dict) and "precision" in v and "findings" in v for v in measured.values()):
            raise InputError(str(path), "measured must map a split to {precision, findings}")
        rules[data["code"]] = RuleMeta(
            **{f: str(data[f]).strip() for f in _FIELDS}, examples=data.get("examples") or {},
            precision=precision, preview=bool(data.get("preview", False)), measured=measured,
        )
    return rules


def precision_level(value, findings, fallback: str) -> str:
    """The SARIF precision word for a measured precision (the corpus word when too few findings)."""
    if value is None or int(findings or 0) < MIN_MEASURED:
        return fallback
    value = float(value)
    return "very-high" if value >= 0.95 else "high" if value >= 0.85 else "medium" if value >= 0.6 else "low"


@lru_cache(maxsize=1)
def preview_codes() -> frozenset[str]:
    """Rules that are off by default (measured precision below the warning floor). Every lint
    asks, so this reads only the `preview: true` lines, not the YAML (a claim-free README
    should not pay for parsing the rule catalogue)."""
    codes = set()
    for path in rules_dir().glob("*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("preview:") and line.split(":", 1)[1].strip().lower() == "true":
                codes.add(path.stem)
    return frozenset(codes)


def get_rule(code: str) -> RuleMeta:
    rules = all_rules()
    if code not in rules:
        raise InputError(None, f"unknown rule code {code!r} (see 'claimcheck rules')")
    return rules[code]
