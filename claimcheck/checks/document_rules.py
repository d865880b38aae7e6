"""Document-level rules: indicator coverage (CD301).

§4 of *The Efficiency Misnomer* asks authors to report all available cost indicators. A document
that makes efficiency claims is summarised once: which indicators it reports anywhere (prose
figures outside related work, table columns) and which of the core ones are missing.
"""
from __future__ import annotations

from typing import Iterator

from claimcheck.checks.claim_rules import facts_of
from claimcheck.checks.engine import Context, check
from claimcheck.extract.quantities import Setup
from claimcheck.findings import Finding

# (name in messages, indicators that count as reporting it); the first four are required.
COVERAGE = (
    ("params", {"params"}),
    ("FLOPs/MACs", {"flops", "macs"}),
    ("throughput", {"throughput"}),
    ("latency", {"latency"}),
    ("memory", {"memory", "activations"}),
    ("training cost", {"training_cost", "money"}),
    ("hardware", set()),
    ("energy", {"energy", "co2"}),
)


@check("CD301")
def indicator_coverage(ctx: Context) -> Iterator[Finding]:
    facts = facts_of(ctx)
    claims = [c for c in ctx.claims if not c.related]
    comparisons = [] if claims else facts.figure_comparisons
    if not claims and not comparisons:
        return
    reported = facts.reported_all
    present = []
    for name, indicators in COVERAGE:
        # hardware is reported by its model ("A100"), not its class ("a GPU")
        found = bool(Setup(hardware=facts.hardware).named_hardware) if name == "hardware" \
            else bool(reported & indicators)
        present.append((name, found))
    have = {name for name, found in present if found}
    speed = "throughput" in have or "latency" in have
    core_missing = [n for n in ("params", "FLOPs/MACs") if n not in have]
    if not speed:
        core_missing.append("measured speed (throughput or latency)")
    if "hardware" not in have:
        core_missing.append("hardware")
    if not core_missing:
        return
    reported_s = ", ".join(n for n, f in present if f) or "none"
    missing_s = ", ".join(n for n, f in present if not f)
    first = (f"{len(claims)} efficiency claim(s) (first: '{claims[0].predicate}')" if claims else
             f"{len(comparisons)} cost comparison(s)")
    yield ctx.finding(
        "CD301", claims[0].span if claims else comparisons[0].span,
        f"the document makes {first}; "
        f"indicators reported: {reported_s}; missing: {missing_s}; add "
        f"{', '.join(core_missing)} — no single cost indicator is sufficient",
        reported=sorted(have))
