"""Quality against every cost indicator of a comparison table, one panel per cost column.

The paper's recommendation made concrete: "report and plot curves using all available cost
indicators". Each panel draws the Pareto front for its indicator, so a model that is on the front
for one cost and off it for another is visible at a glance. matplotlib is imported here only,
through the object API with the Agg canvas (no pyplot, no display, no global state).
"""
from __future__ import annotations

import re

from claimcheck.errors import InputError
from claimcheck.indicators import label
from claimcheck.tables.analysis import pareto_front, spread
from claimcheck.tables.frame import TableFrame

FORMATS = (".png", ".svg", ".pdf")


def plottable(frame: TableFrame) -> bool:
    return frame.primary_quality is not None and any(
        sum(v is not None for v in frame.values(c)) >= 2 for c in frame.cost_columns)


def axis_label(column, indicator_name: str | None = None) -> str:
    """'FLOPs (GFLOPs), lower is better': the indicator, its unit, and which way is better."""
    name = indicator_name or column.name.split(" / ")[-1]
    written = column.unit and re.search(rf"(?<![A-Za-z]){re.escape(column.unit)}(?![A-Za-z])", name)
    unit = f" ({column.unit})" if column.unit and not written else ""
    direction = "" if column.lower_is_better is None else \
        (", lower is better" if column.lower_is_better else ", higher is better")
    return f"{name}{unit}{direction}"


def plot_frame(frame: TableFrame, path: str) -> list[str]:
    """Write the figure to `path` (.png, .svg or .pdf); returns the panel x-axis labels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, NullFormatter

    quality = frame.primary_quality
    costs = [c for c in frame.cost_columns if sum(v is not None for v in frame.values(c)) >= 2]
    if quality is None or not costs:
        raise InputError(path, f"{frame.title} has no quality column and cost column to plot")
    q = frame.values(quality)
    best = frame.claimed_best
    fig = Figure(figsize=(4.8 * len(costs), 4.4), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, len(costs), squeeze=False)[0]
    labels = []
    for ax, column in zip(axes, costs):
        x = frame.values(column)
        rows = [k for k in range(len(x)) if x[k] is not None and q[k] is not None]
        front = pareto_front(x, q, column.lower_is_better, bool(quality.lower_is_better))
        ax.scatter([x[k] for k in rows], [q[k] for k in rows], color="tab:blue", zorder=3,
                   label="models")
        on = sorted(front.on, key=lambda k: x[k])
        if on:
            ax.plot([x[k] for k in on], [q[k] for k in on], "--o", color="tab:orange", zorder=2,
                    markersize=12, markerfacecolor="none", label="Pareto front")
        marked = [k for k in rows if k in best]
        if marked:
            ax.scatter([x[k] for k in marked], [q[k] for k in marked], marker="*", s=220,
                       color="tab:red", zorder=4, label="claimed best (bold)")
        for k in rows:
            ax.annotate(frame.models[k], (x[k], q[k]), textcoords="offset points", xytext=(4, 4),
                        fontsize=8)
        if (spread([x[k] for k in rows]) or 1) > 10:  # more than a decade: log scale
            ax.set_xscale("log")
            ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
            ax.xaxis.set_minor_formatter(NullFormatter())
        xlabel = f"{label(column.indicator)}: {axis_label(column)}"
        ax.set_xlabel(xlabel)
        ax.set_ylabel(axis_label(quality))
        ax.set_title(column.name.split(" / ")[-1], fontsize=10)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7, loc="best")
        labels.append(xlabel)
    title = frame.title if len(frame.title) <= 110 else frame.title[:107] + "..."
    fig.suptitle(title, fontsize=11)
    try:
        fig.savefig(path, dpi=110)
    except OSError as exc:
        raise InputError(path, f"cannot write the plot: {exc.strerror or exc}") from None
    return labels
