#!/usr/bin/env python3
"""Precision and recall of claimcheck on the real-world evaluation set (benchmarks/realworld/).

Reads only the manifest, the cache (`benchmarks/realworld/fetch.py` fills it) and our labels;
never the network. Each finding is judged, in this order:
  1. an explicit verdict in the document's labels (`findings:` — file, line, code); a `partial`
     verdict on CC106/CD301 (said of the frozen engine's message) is re-judged by step 2, since
     the labels name the right missing items;
  2. the labelled items it overlaps (same file, overlapping lines): `right` when one of them lists
     the finding's code among its problems (`partial` when a CC106/CD301 finding names other
     missing items than the label), `wrong` when they list other problems or none;
  3. otherwise `unjudged` (shown with -v: a labeller must judge it before figures are quoted).
Precision is strict: right / (right + wrong + partial). Recall: labelled problems with a finding
of the same code on an overlapping line (CD301: per document).

    python benchmarks/realworld.py                    # dev split, default rules and severities
    python benchmarks/realworld.py --split blind      # at the end of a session only
    python benchmarks/realworld.py --preview -v       # every rule, every disagreement
    python benchmarks/realworld.py --engine /path/to/claimcheck   # another installed version (JSON)
    python benchmarks/realworld.py --preview --write-metadata      # measured figures → rules/*.yaml

`--write-metadata` records each rule's precision over the findings it reports at warning or
error (what its severity promises) as `measured: {<split>: {precision, findings}}` in
rules/<code>.yaml, and — from the dev split only — sets `preview` and the default severity by
the policy in claimcheck/rules_meta.py: error at >= 0.95, warning at >= 0.85, preview below.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "realworld"))
sys.path.insert(0, str(HERE.parent))
from realworld_data import Entry, LABELS, read_manifest  # noqa: E402

NOT_SCORED = {"CP002", "CP003"}
SEVERITIES = ("info", "warning", "error")
# CC106's missing items as the labels name them, and the words a message uses for each.
SETUP_ITEMS = {"hardware": ("hardware", "gpu model", "cpu model", "device"),
               "batch": ("batch",), "precision-or-framework": ("precision", "framework")}
CORE_COVERAGE = {"params": "params", "flops/macs": "flops", "measured speed": "speed", "hardware": "hardware"}


@dataclass
class Item:
    file: str
    line: int
    end_line: int
    what: str
    problems: list[str]
    missing: list[str] = field(default_factory=list)
    related: bool = False
    added_after_findings: bool = False

    def overlaps(self, file: str, line: int, end_line: int) -> bool:
        return file == self.file and line <= self.end_line and self.line <= max(line, end_line)


@dataclass
class Label:
    id: str
    efficiency_claims: bool
    reported: set[str]
    items: list[Item]
    verdicts: dict[tuple[str, int, str], str]  # (file, line, code) → right | wrong | partial


def read_label(path: Path) -> Label:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    doc = data.get("document") or {}
    items = []
    for raw in data.get("items") or []:
        line = int(raw["line"])
        items.append(Item(file=str(raw["file"]), line=line, end_line=int(raw.get("end_line") or line),
                          what=str(raw.get("what", "claim")),
                          problems=[str(p).strip() for p in raw.get("problems") or []],
                          missing=[str(m).strip() for m in raw.get("missing") or []],
                          related=bool(raw.get("related")),
                          added_after_findings=bool(raw.get("added_after_findings"))))
    verdicts = {}
    for raw in data.get("findings") or []:
        verdicts[(str(raw["file"]), int(raw["line"]), str(raw["code"]))] = str(raw["verdict"]).strip()
    return Label(id=str(data.get("id", path.stem)), efficiency_claims=bool(doc.get("efficiency_claims")),
                 reported={str(r).strip().lower() for r in doc.get("reported") or []},
                 items=items, verdicts=verdicts)


@dataclass
class Found:
    file: str
    line: int
    end_line: int
    code: str
    severity: str
    message: str


def lint_in_process(entry: Entry, preview: bool) -> list[Found]:
    from claimcheck.checks.engine import Selection
    from claimcheck.lint import lint_file

    selection = Selection(preview=True) if preview else Selection()
    result = lint_file(str(entry.root), selection)
    if result.error is not None:
        return [Found(entry.path, 1, 1, "ERROR", "error", str(result.error))]
    return [_found(entry, f.span.path, f.span.line, f.span.end_line, f.code, f.severity, f.message)
            for f in result.findings]


def lint_external(entry: Entry, engine: str) -> list[Found]:
    out = subprocess.run([engine, "--format", "json", "--fail-on", "error", str(entry.root)],
                         capture_output=True, text=True)
    if out.returncode not in (0, 1):
        return [Found(entry.path, 1, 1, "ERROR", "error", out.stderr.strip())]
    return [_found(entry, f["path"], f["line"], f["end_line"], f["code"], f["severity"], f["message"])
            for f in json.loads(out.stdout)["findings"]]


def _found(entry: Entry, path: str, line: int, end_line: int, code: str, severity: str,
           message: str) -> Found:
    p = Path(path).resolve()
    try:
        rel = str(p.relative_to(entry.folder.resolve()))
    except ValueError:
        rel = path
    return Found(rel, line, end_line, code, severity, message)


def _missing_named(message: str) -> set[str]:
    m = re.search(r"missing: ([^;]*)", message)
    text = (m.group(1) if m else "").lower()
    return {item for item, words in SETUP_ITEMS.items() if any(w in text for w in words)}


def _coverage_missing(message: str) -> set[str]:
    m = re.search(r"; add ([^—]*)", message)
    text = (m.group(1) if m else "").lower()
    return {v for k, v in CORE_COVERAGE.items() if k in text}


def _coverage_expected(label: Label) -> set[str]:
    """The core indicators CD301 should name as missing (empty: no summary is warranted)."""
    if not label.efficiency_claims:
        return set()
    missing = {c for c in ("params", "flops", "hardware") if c not in label.reported}
    if not label.reported & {"throughput", "latency"}:
        missing.add("speed")
    return missing


def judge(f: Found, label: Label) -> str:
    """right | wrong | partial | unjudged (see the module docstring)."""
    explicit = label.verdicts.get((f.file, f.line, f.code))
    if explicit == "partial" and f.code in ("CC106", "CD301"):
        # "Right rule, wrong missing items" was said of the frozen engine's message; the labels
        # give the right items (an item's `missing`, the document's `reported`), so a message
        # that now names them is right.
        return "right" if _judge_by_items(f, label) == "right" else "partial"
    if explicit:
        return explicit
    return _judge_by_items(f, label)


def _judge_by_items(f: Found, label: Label) -> str:
    if f.code == "CD301":
        missing = _coverage_expected(label)
        if not missing:
            return "wrong"
        return "right" if _coverage_missing(f.message) in (missing, set()) else "partial"
    over = [i for i in label.items if i.overlaps(f.file, f.line, f.end_line)]
    if not over:
        return "unjudged"
    hits = [i for i in over if f.code in i.problems]
    if not hits:
        return "wrong"
    if f.code == "CC106":
        labelled = [set(i.missing) for i in hits if i.missing]
        if labelled and _missing_named(f.message) not in labelled:
            return "partial"
    return "right"


def evaluate(entries: list[Entry], preview: bool, engine: str | None) -> dict:
    per_rule: dict[str, Counter] = defaultdict(Counter)
    disagreements: list[dict] = []
    judged: list[dict] = []  # every finding with its verdict (--format json)
    controls: list[dict] = []
    by_severity: dict[str, Counter] = defaultdict(Counter)
    shown: dict[str, Counter] = defaultdict(Counter)  # per rule, findings at warning or error
    documents = 0
    for entry in entries:
        if not entry.label_file.is_file() or not entry.root.is_file():
            continue
        documents += 1
        label = read_label(entry.label_file)
        found = lint_external(entry, engine) if engine else lint_in_process(entry, preview)
        found = [f for f in found if f.code not in NOT_SCORED]
        for f in found:
            verdict = judge(f, label)
            per_rule[f.code][verdict] += 1
            by_severity[f.severity][verdict] += 1
            if f.severity in ("warning", "error"):
                shown[f.code][verdict] += 1
            judged.append({"id": entry.id, "kind": verdict, "code": f.code, "file": f.file,
                           "line": f.line, "severity": f.severity, "message": f.message})
            if verdict != "right":
                disagreements.append(judged[-1])
            if entry.category == "control" and f.severity in ("warning", "error"):
                controls.append({"id": entry.id, "code": f.code, "file": f.file, "line": f.line,
                                 "severity": f.severity, "verdict": verdict})
        # Recall: each labelled (item, code) problem, found when a finding of that code overlaps.
        for item in label.items:
            for code in item.problems:
                per_rule[code]["labelled"] += 1
                if any(f.code == code and item.overlaps(f.file, f.line, f.end_line) for f in found):
                    per_rule[code]["recalled"] += 1
                else:
                    disagreements.append({"id": entry.id, "kind": "missed", "code": code, "file": item.file,
                                          "line": item.line, "severity": "", "message": item.what})
        expected_cd = bool(_coverage_expected(label))
        if expected_cd:
            per_rule["CD301"]["labelled"] += 1
            if any(f.code == "CD301" for f in found):
                per_rule["CD301"]["recalled"] += 1
    return {"documents": documents, "rules": per_rule, "severity": by_severity, "shown": shown,
            "disagreements": disagreements, "controls": controls, "judged": judged}


def _p(c: Counter) -> float | None:
    judged = c["right"] + c["wrong"] + c["partial"]
    return c["right"] / judged if judged else None


def _r(c: Counter) -> float | None:
    return c["recalled"] / c["labelled"] if c["labelled"] else None


def _fmt(x: float | None) -> str:
    return f"{x:.2f}" if x is not None else "  - "


def _sum(counters) -> Counter:
    total = Counter()
    for c in counters:
        total.update(c)
    return total


def report(result: dict, split: str, verbose: bool) -> str:
    rules = result["rules"]
    lines = [f"real-world set, {split} split: {result['documents']} labelled documents",
             f"{'code':8} {'found':>6} {'right':>6} {'wrong':>6} {'part':>5} {'unj':>4} {'P':>6} "
             f"{'label':>6} {'rec':>5} {'R':>6}"]
    for code in sorted(rules):
        c = rules[code]
        found = c["right"] + c["wrong"] + c["partial"] + c["unjudged"]
        lines.append(f"{code:8} {found:6} {c['right']:6} {c['wrong']:6} {c['partial']:5} {c['unjudged']:4} "
                     f"{_fmt(_p(c)):>6} {c['labelled']:6} {c['recalled']:5} {_fmt(_r(c)):>6}")
    groups = {"sentence rules CC1xx": [c for k, c in rules.items() if k.startswith("CC1")],
              "table rules CT2xx": [c for k, c in rules.items() if k.startswith("CT2")],
              "all": list(rules.values())}
    lines.append("")
    for name, cs in groups.items():
        t = _sum(cs)
        lines.append(f"{name:22} P {_fmt(_p(t))}  R {_fmt(_r(t))}  (right {t['right']}, wrong {t['wrong']}, "
                     f"partial {t['partial']}, unjudged {t['unjudged']}; labelled {t['labelled']})")
    sev = result["severity"]
    ew = _sum([sev.get("error", Counter()), sev.get("warning", Counter())])
    lines.append(f"{'error + warning':22} P {_fmt(_p(ew))}  ({sum(ew.values())} findings)")
    lines.append(f"{'error':22} P {_fmt(_p(sev.get('error', Counter())))}  "
                 f"({sum(sev.get('error', Counter()).values())} findings)")
    lines.append("precision of what each rule reports at warning or error (its promise):")
    for code, c in sorted(result["shown"].items()):
        lines.append(f"  {code:8} {_fmt(_p(c))}  over {c['right'] + c['wrong'] + c['partial']}")
    lines.append(f"controls: {len(result['controls'])} error/warning findings")
    for c in result["controls"]:
        lines.append(f"  {c['id']} {c['file']}:{c['line']} {c['code']} [{c['severity']}] {c['verdict']}")
    if verbose:
        lines.append("\ndisagreements with the labels:")
        for d in sorted(result["disagreements"], key=lambda d: (d["id"], d["file"], d["line"], d["code"])):
            lines.append(f"  {d['kind']:8} {d['id']} {d['file']}:{d['line']} {d['code']} {d['severity']} "
                         f"{d['message'][:160]}")
    return "\n".join(lines)


RULES_DIR = HERE.parent / "rules"


def write_metadata(result: dict, split: str, only: set[str] | None = None) -> list[str]:
    """Record measured precision in rules/<code>.yaml; on dev, set preview and severity."""
    from claimcheck.rules_meta import earned_status

    changes = []
    for code, c in sorted(result["shown"].items()):
        if only is not None and code not in only:
            continue
        path = RULES_DIR / f"{code}.yaml"
        if not path.is_file() or code.startswith("CP"):
            continue
        judged = c["right"] + c["wrong"] + c["partial"]
        if not judged:
            continue
        precision = c["right"] / judged
        lines = path.read_text(encoding="utf-8").splitlines()
        was_preview = any(ln.strip() == "preview: true" for ln in lines)
        measured = _measured_line(lines, split, precision, judged)
        drop = ("measured:", "preview:") if split == "dev" else ("measured:",)  # status: dev only
        lines = [ln for ln in lines if not ln.startswith(drop)]
        at = next(i for i, ln in enumerate(lines) if ln.startswith("precision:") or ln.startswith("summary:"))
        if lines[at].startswith("summary:"):
            at -= 1
        insert = [measured]
        if split == "dev":
            severity = next(ln.split(":", 1)[1].strip() for ln in lines if ln.startswith("severity:"))
            preview, earned = earned_status(precision, judged, severity, was_preview)
            insert.append(f"preview: {'true' if preview else 'false'}")
            lines = [(f"severity: {earned}" if ln.startswith("severity:") else ln) for ln in lines]
            changes.append(f"{code}: {precision:.2f} over {judged} → {'preview' if preview else 'on'}")
        lines[at + 1:at + 1] = insert
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return changes


def _measured_line(lines: list[str], split: str, precision: float, findings: int) -> str:
    import yaml

    old = next((ln for ln in lines if ln.startswith("measured:")), None)
    measured = (yaml.safe_load(old) or {}).get("measured") or {} if old else {}
    measured[split] = {"precision": round(precision, 2), "findings": findings}
    body = ", ".join(f"{k}: {{precision: {v['precision']}, findings: {v['findings']}}}"
                     for k, v in sorted(measured.items()))
    return f"measured: {{{body}}}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--split", choices=("dev", "blind", "all"), default="dev")
    ap.add_argument("--preview", action="store_true", help="run preview rules too")
    ap.add_argument("--engine", help="an installed claimcheck executable to measure instead (JSON output)")
    ap.add_argument("--category", help="only documents of this category (control, other-sense, ordinary)")
    ap.add_argument("--kind", choices=("tex", "md"), help="only LaTeX or only Markdown documents")
    ap.add_argument("--format", choices=("text", "json"), default="text")
    ap.add_argument("--write-metadata", action="store_true",
                    help="record measured precision in rules/*.yaml (and, on dev, preview and severity)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list every disagreement with the labels")
    ap.add_argument("ids", nargs="*", help="only these documents")
    args = ap.parse_args(argv)
    entries = [e for e in read_manifest() if args.split == "all" or e.split == args.split]
    if args.category:
        entries = [e for e in entries if e.category == args.category]
    if args.kind:
        entries = [e for e in entries if e.kind == args.kind]
    if args.ids:
        entries = [e for e in entries if e.id in set(args.ids)]
    result = evaluate(entries, args.preview, args.engine)
    if args.format == "json":
        out = {"documents": result["documents"],
               "rules": {k: dict(v, precision=_p(v), recall=_r(v)) for k, v in sorted(result["rules"].items())},
               "controls": result["controls"], "disagreements": result["disagreements"],
               "findings": result["judged"]}
        print(json.dumps(out, indent=1))
    else:
        print(report(result, args.split, args.verbose))
    if args.write_metadata:
        if args.split == "all" or args.ids or args.category or args.kind or not args.preview:
            print("--write-metadata needs one whole split measured with --preview", file=sys.stderr)
            return 2
        for line in write_metadata(result, args.split):
            print(line)
        # A rule that is on by default is judged as users get it: run without preview rules
        # (CT202, for one, reports single-proxy tables itself when CT201 does not run).
        from claimcheck.rules_meta import all_rules

        all_rules.cache_clear()
        on = {code for code, meta in all_rules().items() if not meta.preview}
        default = evaluate(entries, False, None)
        for line in write_metadata(default, args.split, only=on):
            print(f"{line}  (default configuration)")
        all_rules.cache_clear()
    return 0


if __name__ == "__main__":
    sys.exit(main())
