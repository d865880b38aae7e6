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
# How often a finding of the rule is right, measured on the corpora; GitHub code scanning sorts
# alerts by it (SARIF `properties.precision`). Optional in the YAML: unmeasured rules say "medium".
PRECISIONS = ("very-high", "high", "medium", "low")
DEFAULT_PRECISION = "medium"


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
        rules[data["code"]] = RuleMeta(
            **{f: str(data[f]).strip() for f in _FIELDS}, examples=data.get("examples") or {},
            precision=precision,
        )
    return rules


def get_rule(code: str) -> RuleMeta:
    rules = all_rules()
    if code not in rules:
        raise InputError(None, f"unknown rule code {code!r} (see 'claimcheck rules')")
    return rules[code]
