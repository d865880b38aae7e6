"""The arithmetic of the table rules: ties, rank reversals, Kendall's tau, Pareto fronts.

Plain lists of floats in, plain answers out, so the rules and the plots share one definition.
Cost values within `TIE` (2%) of the larger one count as equal (SPEC: a tie is neither a reversal
nor a strict dominance), because tables round and measurements jitter. Quality is compared as
written: 2% of an 80% accuracy is 1.6 points, more than most papers' margins, so a relative tie
there would erase the differences a table exists to show.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

TIE = 0.02
QUALITY_TIE = 1e-9


def tie(a: float, b: float, tolerance: float = TIE) -> bool:
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def compare(a: float, b: float, lower_is_better: bool, tolerance: float = TIE) -> int:
    """-1 when a is better (cheaper, or of higher quality), 1 when worse, 0 on a tie."""
    if tie(a, b, tolerance):
        return 0
    better = a < b if lower_is_better else a > b
    return -1 if better else 1


def reversals(x: list[float | None], y: list[float | None], x_lower: bool, y_lower: bool) -> list[tuple[int, int]]:
    """Pairs (i, j) where i is strictly better than j by x and strictly worse by y."""
    pairs = []
    for i in range(len(x)):
        for j in range(len(x)):
            if i == j or None in (x[i], x[j], y[i], y[j]):
                continue
            if compare(x[i], x[j], x_lower) < 0 and compare(y[i], y[j], y_lower) > 0:
                pairs.append((i, j))
    return pairs


def kendall_tau(x: list[float | None], y: list[float | None], x_lower: bool, y_lower: bool) -> float | None:
    """Kendall's tau-b of two columns over the rows that have both, ties by the 2% rule;
    directions are applied, so +1 means both columns order the models the same way."""
    rows = [i for i in range(len(x)) if x[i] is not None and y[i] is not None]
    concordant = discordant = tied_x = tied_y = 0
    for a in range(len(rows)):
        for b in range(a + 1, len(rows)):
            i, j = rows[a], rows[b]
            cx, cy = compare(x[i], x[j], x_lower), compare(y[i], y[j], y_lower)
            if cx == 0 and cy == 0:
                continue
            if cx == 0:
                tied_x += 1
            elif cy == 0:
                tied_y += 1
            elif cx == cy:
                concordant += 1
            else:
                discordant += 1
    denominator = math.sqrt((concordant + discordant + tied_x) * (concordant + discordant + tied_y))
    return (concordant - discordant) / denominator if denominator else None


@dataclass
class Front:
    on: set[int]  # rows on the Pareto front
    considered: set[int]  # rows with both a cost and a quality value
    dominated_by: dict[int, list[int]] = field(default_factory=dict)  # off-front row → dominators


def dominates(i: int, j: int, cost: list, quality: list, cost_lower: bool, quality_lower: bool) -> bool:
    """Row i is at least as good as row j on both axes and strictly better on one."""
    c = compare(cost[i], cost[j], cost_lower)
    q = compare(quality[i], quality[j], quality_lower, QUALITY_TIE)
    return c <= 0 and q <= 0 and (c < 0 or q < 0)


def pareto_front(cost: list[float | None], quality: list[float | None], cost_lower: bool = True,
                 quality_lower: bool = False) -> Front:
    rows = {i for i in range(len(cost)) if cost[i] is not None and quality[i] is not None}
    front = Front(on=set(), considered=rows)
    for j in sorted(rows):
        dominators = [i for i in sorted(rows) if i != j and dominates(i, j, cost, quality, cost_lower, quality_lower)]
        if dominators:
            front.dominated_by[j] = dominators
        else:
            front.on.add(j)
    return front


def spread(values: list[float | None]) -> float | None:
    """Largest over smallest positive value: how far apart the rows are on one indicator."""
    positive = [v for v in values if v is not None and v > 0]
    return max(positive) / min(positive) if len(positive) >= 2 else None


def ratio(a: float, b: float) -> float | None:
    if a is None or b is None or a <= 0 or b <= 0:
        return None
    return max(a, b) / min(a, b)
