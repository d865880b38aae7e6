"""Table rules CT201–CT206: judge comparison tables (≥ 2 model rows, ≥ 1 cost column) read as
classified frames. Why: the paper's strongest evidence (Tables 1–2, Figures 1, 4, 5) is that one
table ranks the same models differently depending on the cost indicator, and that rows
"matched" on one indicator can be far apart on the others.

Rules read only `ctx.frames`; a finding's span is the table's span.
"""
from __future__ import annotations

import re

from claimcheck.checks.claim_rules import facts_of
from claimcheck.checks.engine import check
from claimcheck.extract.quantities import same_class
from claimcheck.indicators import SPEED, label
from claimcheck.tables.analysis import pareto_front, ratio, reversals, kendall_tau, tie
from claimcheck.tables.columns import ColumnInfo, cost_indicator, row_indicators

PROXIES = {"params", "flops", "macs"}
MATCH_TOLERANCE = 1.5  # rows within 1.5× on the matched indicator count as the matched rows
MISMATCH = 2.0  # SPEC: matched rows that differ by ≥ 2× in another indicator
EXAMPLES = 3  # how many pairs or models a message names before "and N more"


def _family(indicator: str) -> str:
    return "flops" if indicator == "macs" else indicator


def _table_name(frame) -> str:
    t = frame.table
    return f"Table {t.number}" if t.number else f"the table at line {t.span.line}"


def _col(column: ColumnInfo) -> str:
    """A column's name for a message: its own header when that names the indicator."""
    leaf = column.name.split(" / ")[-1]
    return f"'{leaf if cost_indicator(leaf) else column.name}'"


def _num(value: float) -> str:
    return f"{value:.4g}"


def _more(items: list[str], total: int) -> str:
    text = "; ".join(items)
    return text + (f"; and {total - len(items)} more" if total > len(items) else "")


def _scopes(frame) -> list[list[int]]:
    """Row sets compared together: each group when the groups repeat the same models (one
    setting per group), else the whole table."""
    groups: dict[int, list[int]] = {}
    for k, g in enumerate(frame.groups):
        groups.setdefault(g, []).append(k)
    if len(groups) > 1:
        names = [{frame.models[k] for k in rows} for rows in groups.values()]
        if any(a & b for i, a in enumerate(names) for b in names[i + 1:]):
            return [rows for rows in groups.values() if len(rows) >= 2]
    return [list(range(len(frame.models)))]


def _comparisons(ctx):
    return [f for f in ctx.frames if f.is_comparison]


def _transposed(frame) -> bool:
    """Metrics as rows ("Parameters", "Speed", "VRAM" down the first column, systems across):
    the row labels name two or more cost indicators, so the columns' one indicator is not the
    table's."""
    return len({_family(i) for i in row_indicators(frame.models)}) >= 2


# Time per example amortised over a batch ("msec/example" on 64 TPUs) is inverse throughput.
_AMORTISED = re.compile(r"/\s*(?:example|sample|ex)\b|per (?:example|sample)", re.I)


def _reported_elsewhere(ctx, frame, families: set[str]) -> bool:
    """Another table of the document reports another indicator for at least two of the same
    models (an accuracy ablation listing parameters, with MACs and latency in the deployment
    table): the document compares them on more than one indicator."""
    return any({_family(c.indicator) for c in other.cost_columns} - families
               for other in _tables_of_the_same_models(ctx, frame))


def _tables_of_the_same_models(ctx, frame):
    """The document's other tables with at least two of this table's models. Only the tables an
    index of row-label words proposes are compared label by label: comparing every pair of tables
    made a README of 500 small tables take 22 s."""
    labels, spans, by_span = _model_label_index(ctx)
    mine = labels[id(frame)]
    candidates = set()
    for a in mine:
        candidates |= by_span.get(_EXACT + a, set())  # the same label
        candidates |= by_span.get(_words(a), set())  # a within another's label
        for span in spans[a]:  # another's label within a
            candidates |= by_span.get(span, set())
    for k in sorted(candidates):
        other = ctx.frames[k]
        if other is frame:
            continue
        theirs = labels[id(other)]
        if sum(any(_same_model(a, b) for b in theirs) for a in mine) >= 2:
            yield other


# the longest run of words of a row label looked up as another label's (model names are short)
MAX_LABEL_WORDS = 12
_EXACT = "\0"  # the index key of a whole label, as written


def _words(label: str) -> str:
    return " ".join(re.findall(r"[\w-]+", label))


def _model_label_index(ctx):
    """Per document, once: id(frame) → its row labels (lower case); label → every run of up to
    MAX_LABEL_WORDS of its words, all its words and the label itself; and each such key → the
    positions of the frames whose labels hold it. A whole-name match of _same_model is always such a run of words, so the index
    proposes every table _same_model can match (and a few more, which it then rejects)."""
    if "model_label_index" not in ctx.shared:
        labels, spans, by_span = {}, {}, {}
        for k, frame in enumerate(ctx.frames):
            labels[id(frame)] = [m.strip().lower() for m in frame.models if m.strip()]
            for label in labels[id(frame)]:
                if label not in spans:
                    words = re.findall(r"[\w-]+", label)
                    spans[label] = {" ".join(words[i:j]) for i in range(len(words))
                                    for j in range(i + 1, min(len(words), i + MAX_LABEL_WORDS) + 1)}
                    spans[label] |= {" ".join(words), _EXACT + label}
                for span in spans[label]:
                    by_span.setdefault(span, set()).add(k)
        ctx.shared["model_label_index"] = labels, spans, by_span
    return ctx.shared["model_label_index"]


def _same_model(a: str, b: str) -> bool:
    """Two row labels name the same model: equal, or one holds the other as a whole name
    ("Standard mel DS-CNN-S" and "DS-CNN-S", "NC frontend TCN (NC-TCN-20K)" and "NC-TCN-20K")."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 3 and re.search(r"(?<![\w-])" + re.escape(short) + r"(?![\w-])", long_) is not None


def _reported_families(frame) -> set[str]:
    """The indicator families a table reports: its cost columns, and measured speed given
    relative to a baseline (a speed-up column is a timing, though not a cost column)."""
    return {_family(c.indicator) for c in frame.cost_columns} | \
        {_family(i) for i in frame.relative_indicators & SPEED}


@check("CT201")
def table_single_indicator(ctx):
    for frame in _comparisons(ctx):
        families = _reported_families(frame)
        if len(families) != 1 or _transposed(frame) or _reported_elsewhere(ctx, frame, families):
            continue
        only = next(iter(families))
        if only in {_family(i) for i in SPEED}:
            # A table of measured speed alone (a latency or serving benchmark, often of one model
            # under several systems or settings) is the indicator the paper asks for, measured:
            # on real documents reviewers called it a single-indicator comparison 5 times in 14.
            continue
        columns = ", ".join(_col(c) for c in frame.cost_columns)
        others = [label(i) for i in ("params", "flops", "throughput", "latency") if _family(i) != only]
        unmeasured = "; it measures no throughput or latency" if _proxy_only(frame) else ""
        yield ctx.finding(
            "CT201", frame.table.span,
            f"{_table_name(frame)} compares {len(frame.models)} models on one cost indicator only: "
            f"{label(only)} ({columns}){unmeasured}; a single indicator can rank models differently "
            f"from the others",
            f"add {', '.join(others[:-1])} and {others[-1]} (measured, with hardware and batch size) "
            f"beside {label(only)}", indicators=sorted(families))


def _proxy_only(frame) -> bool:
    return bool(frame.indicators & PROXIES) and not (frame.indicators | frame.relative_indicators) & SPEED


@check("CT202")
def table_no_measured_speed(ctx):
    for frame in _comparisons(ctx):
        proxies = sorted(frame.indicators & PROXIES)
        if not proxies or (frame.indicators | frame.relative_indicators) & SPEED:
            continue  # a speed-up column is a measured speed, relative to a baseline
        if any((other.indicators | other.relative_indicators) & SPEED
               for other in _tables_of_the_same_models(ctx, frame)):
            continue  # the speed of these models is measured in another table
        if ctx.selection("CT201") and len(_reported_families(frame)) == 1:
            continue  # one finding per table: CT201 says it has one proxy and no measured speed
        yield ctx.finding(
            "CT202", frame.table.span,
            f"{_table_name(frame)} reports {' and '.join(label(p) for p in proxies)} but no measured "
            f"throughput or latency for its {len(frame.models)} models; parameter and FLOP counts do "
            f"not predict speed on real hardware",
            "add a measured throughput (items/s) or latency (ms) column, with the hardware and batch "
            "size in the caption", indicators=proxies)


_BATCH_HEADER = re.compile(r"\bbatch\b|\bbs\b|concurrency", re.I)


def _batch_column(frame) -> bool:
    """The table gives the batch size row by row, in a column of its own."""
    return any(c.role in ("config", "model", "other") and _BATCH_HEADER.search(c.name)
               for c in frame.columns)


@check("CT203")
def table_speed_without_setup(ctx):
    for frame in _comparisons(ctx):
        speed = [c for c in frame.cost_columns + frame.of_role("relative") if c.indicator in SPEED]
        if not speed:
            continue
        hardware = frame.setup.get("hardware")
        named = frame.setup.get("named_hardware") or bool(same_class(
            facts_of(ctx).hardware_around(frame.table.section), [hardware] if hardware else []))
        missing = [] if named else \
            [f"hardware model (only '{hardware}' is named)" if hardware else "hardware"]
        if not frame.setup.get("batch_size") and not _batch_column(frame):
            missing.append("batch size")
        # As CC106: with the hardware model named, a latency table without its batch size was
        # judged complete on real documents (per-query, on-device, one-request runs); only a
        # throughput table is asked for its batch, at info.
        throughput = any(c.indicator == "throughput" or _AMORTISED.search(c.name) for c in speed)
        if not missing or (named and not throughput):
            continue
        columns = ", ".join(_col(c) for c in speed)
        yield ctx.finding(
            "CT203", frame.table.span,
            f"{_table_name(frame)} reports speed ({columns}) but its caption, header and the text "
            f"citing it give no {' and no '.join(missing)}; speed depends on both",
            f"state the {' and '.join(missing)} the speed was measured with (e.g. \"V100 GPU, batch "
            f"size 64, fp16\") in the caption or header", missing=missing,
            # As CC106: a batch size alone missing was judged complete on real documents
            # (per-query, on-device, one-request runs), so it is said at info.
            severity="info" if named else None)


@check("CT204")
def indicators_disagree(ctx):
    """One finding per table (per group of repeated models) listing every pair of cost columns
    of different indicators that reverses a pair of models, so a wide table does not drown the
    report. Two columns of one indicator (latency on two devices, p50 and p95, BF16 and int8)
    disagreeing is a fact about the settings, not the paper's point that indicators disagree."""
    for frame in _comparisons(ctx):
        cost = frame.cost_columns
        for scope in _scopes(frame):
            found = [d for a in range(len(cost)) for b in range(a + 1, len(cost))
                     if _family(cost[a].indicator) != _family(cost[b].indicator)
                     for d in [_disagreement(frame, scope, cost[a], cost[b])] if d]
            if not found:
                continue
            texts = [d["text"] for d in found]
            first = found[0]
            yield ctx.finding(
                "CT204", frame.table.span,
                f"{_table_name(frame)}: its cost columns rank the same models differently: "
                f"{_more(texts[:EXAMPLES], len(texts))}",
                f"do not call a model cheaper on {label(first['x'].indicator)} alone; say which "
                f"indicator each claim rests on and plot quality against each of them (claimcheck plot)",
                disagreements=[{k: v for k, v in d.items() if k not in ("x", "y", "text")} for d in found])


def _disagreement(frame, scope, x: ColumnInfo, y: ColumnInfo) -> dict | None:
    xs = [frame.values(x)[k] for k in scope]
    ys = [frame.values(y)[k] for k in scope]
    pairs = reversals(xs, ys, x.lower_is_better, y.lower_is_better)
    if not pairs:
        return None
    pairs.sort(key=lambda p: -((ratio(xs[p[0]], xs[p[1]]) or 1) * (ratio(ys[p[0]], ys[p[1]]) or 1)))
    tau = kendall_tau(xs, ys, x.lower_is_better, y.lower_is_better)
    names = [frame.models[k] for k in scope]
    i, j = pairs[0]
    n = sum(xs[k] is not None and ys[k] is not None for k in range(len(scope)))
    tau_text = f"Kendall τ = {tau:.2f} over {n} models" if tau is not None else f"{n} models"
    others = f" and {len(pairs) - 1} more pair{'s' * (len(pairs) != 2)}" if len(pairs) > 1 else ""
    text = (f"{_col(x)} vs {_col(y)} ({tau_text}): {names[i]} is cheaper than {names[j]} by {_col(x)} "
            f"({_num(xs[i])} vs {_num(xs[j])}) but costlier by {_col(y)} ({_num(ys[i])} vs "
            f"{_num(ys[j])}){others}")
    return {"x": x, "y": y, "text": text, "columns": (x.name, y.name), "tau": tau,
            "pairs": [(names[i], names[j]) for i, j in pairs]}


@check("CT205")
def pareto_depends_on_indicator(ctx):
    for frame in _comparisons(ctx):
        quality = frame.primary_quality
        cost = frame.cost_columns
        if quality is None or len({_family(c.indicator) for c in cost}) < 2:
            continue
        for scope in _scopes(frame):
            finding = _front_changes(ctx, frame, scope, quality, cost)
            if finding:
                yield finding


def _front_changes(ctx, frame, scope, quality: ColumnInfo, cost: list[ColumnInfo]):
    q = [frame.values(quality)[k] for k in scope]
    fronts = [(c, pareto_front([frame.values(c)[k] for k in scope], q, c.lower_is_better,
                               bool(quality.lower_is_better))) for c in cost]
    names = [frame.models[k] for k in scope]
    moved = []
    for i in range(len(scope)):
        on = [c for c, f in fronts if i in f.on]
        # off the front for another indicator: a second latency column is the same indicator
        off = [(c, f) for c, f in fronts if i in f.considered and i not in f.on
               and {_family(c.indicator)} != {_family(o.indicator) for o in on}]
        if on and off:
            dominators = sorted({names[d] for _, f in off for d in f.dominated_by[i]})
            moved.append(f"{names[i]} is on the front for {', '.join(_col(c) for c in on)} but off it "
                         f"for {', '.join(_col(c) for c, _ in off)} (dominated by {', '.join(dominators[:3])})")
    if not moved:
        return None
    metric = quality.name.split(" / ")[-1]
    return ctx.finding(
        "CT205", frame.table.span,
        f"{_table_name(frame)}: the {metric}–cost Pareto front changes with the cost indicator: "
        f"{_more(moved[:EXAMPLES + 1], len(moved))}",
        "report the front for every cost indicator (and plot them: claimcheck plot) before calling a "
        "model Pareto-optimal or the best trade-off", models=moved)


@check("CT206")
def matched_in_name_only(ctx):
    for frame in _comparisons(ctx):
        if frame.matched is None:
            continue
        matched = _matched_column(frame)
        if matched is None:
            continue
        for scope in _scopes(frame):
            finding = _mismatch(ctx, frame, scope, matched)
            if finding:
                yield finding


def _matched_column(frame) -> ColumnInfo | None:
    """The column the rows are said to be matched on: the named indicator, else the cost column
    whose values are closest together."""
    cost = frame.cost_columns
    if frame.matched.indicator:
        named = [c for c in cost if _family(c.indicator) == _family(frame.matched.indicator)]
        return named[0] if named else None
    spreads = [(max(ratio(a, b) or 1 for a in vs for b in vs), c)
               for c in cost for vs in [[v for v in frame.values(c) if v is not None]] if len(vs) >= 2]
    best = min(spreads, key=lambda s: s[0], default=None)
    return best[1] if best and best[0] <= MATCH_TOLERANCE else None


def _mismatch(ctx, frame, scope, matched: ColumnInfo):
    m = [frame.values(matched)[k] for k in scope]
    names = [frame.models[k] for k in scope]
    pairs = [(i, j) for i in range(len(scope)) for j in range(i + 1, len(scope))
             if m[i] is not None and m[j] is not None and (tie(m[i], m[j]) or (ratio(m[i], m[j]) or 99) <= MATCH_TOLERANCE)]
    worst = []
    for column in frame.cost_columns:
        if column is matched or _family(column.indicator) == _family(matched.indicator):
            continue
        v = [frame.values(column)[k] for k in scope]
        scored = [(ratio(v[i], v[j]), i, j) for i, j in pairs if ratio(v[i], v[j])]
        if scored:
            r, i, j = max(scored)
            if r >= MISMATCH:
                worst.append((column, r, i, j, v))
    if not worst:
        return None
    where = frame.matched.where
    ind = label(matched.indicator)
    details = [f"{names[i]} and {names[j]} ({_col(matched)} {_num(m[i])} vs {_num(m[j])}) "
               f"differ {r:.1f}× in {_col(c)} ({_num(v[i])} vs {_num(v[j])})" for c, r, i, j, v in worst]
    others = " and ".join(label(c.indicator) for c, *_ in worst)
    return ctx.finding(
        "CT206", frame.table.span,
        f"{_table_name(frame)} is presented as matched on {ind} (\"{frame.matched.phrase}\" in the "
        f"{where}), but the matched rows are far apart in other indicators: {'; '.join(details)}",
        f"say the rows are matched on {ind} only, and add a comparison matched on {others} "
        f"(or report all indicators side by side)", matched=matched.indicator,
        pairs=[(names[i], names[j], c.name, r) for c, r, i, j, _ in worst])
