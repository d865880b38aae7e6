#!/usr/bin/env python3
"""Agreement between the two independent labellers (labels/<id>.yaml vs labels/second/<id>.yaml).

Items of the two labellings are matched by file and overlapping lines; an item only one of them
listed counts as "no problem" for the other (they read the sentence and raised nothing). Two
Cohen's kappas:
  - per item: does it have any problem at all?
  - per item and code: is this code raised? (every code either labeller used in the document)
Disagreements are listed with -v, for labels/REVIEW.md.

    python benchmarks/realworld/agreement.py [-v]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realworld_data import LABELS, read_manifest  # noqa: E402

SECOND = LABELS / "second"


def items_of(path: Path) -> list[dict]:
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    out = []
    for raw in data.get("items") or []:
        line = int(raw["line"])
        out.append({"file": str(raw["file"]), "line": line, "end": int(raw.get("end_line") or line),
                    "problems": {str(p).strip() for p in raw.get("problems") or []}})
    return out


def units(first: list[dict], second: list[dict]) -> list[tuple[set[str], set[str], dict]]:
    """(first's problems, second's problems, where) for matched and unmatched items."""
    out, used = [], set()
    for a in first:
        near = [j for j, b in enumerate(second) if j not in used and b["file"] == a["file"]
                and a["line"] <= b["end"] and b["line"] <= a["end"]]
        # several items on the same lines: pair those that agree first
        match = next((j for j in near if second[j]["problems"] == a["problems"]), near[0] if near else None)
        if match is None:
            out.append((a["problems"], set(), a))
        else:
            used.add(match)
            out.append((a["problems"], second[match]["problems"], a))
    out += [(set(), b["problems"], b) for j, b in enumerate(second) if j not in used]
    return out


def kappa(pairs: list[tuple[bool, bool]]) -> float | None:
    n = len(pairs)
    if not n:
        return None
    observed = sum(a == b for a, b in pairs) / n
    pa, pb = sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    entries = {e.id: e for e in read_manifest()}
    any_pairs, code_pairs, lines, documents = [], [], [], 0
    for second in sorted(SECOND.glob("*.yaml")):
        first = LABELS / second.name
        if not first.is_file() or second.stem not in entries:
            continue
        documents += 1
        pairs = units(items_of(first), items_of(second))
        codes = sorted(set().union(*[a | b for a, b, _ in pairs])) if pairs else []
        for a, b, where in pairs:
            any_pairs.append((bool(a), bool(b)))
            code_pairs += [(c in a, c in b) for c in codes]
            if a != b:
                lines.append(f"  {second.stem} {where['file']}:{where['line']}  first {sorted(a) or '-'}  "
                             f"second {sorted(b) or '-'}")
    k_any, k_code = kappa(any_pairs), kappa(code_pairs)
    print(f"documents labelled twice: {documents}; items compared: {len(any_pairs)}")
    print(f"Cohen's kappa, item has a problem: {k_any:.2f}" if k_any is not None else "no items")
    if k_code is not None:
        print(f"Cohen's kappa, per item and code: {k_code:.2f} over {len(code_pairs)} decisions")
    print(f"items where the problems differ: {len(lines)}")
    if args.verbose:
        print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
