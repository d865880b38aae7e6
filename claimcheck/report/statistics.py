"""`--statistics`: how many findings each rule code gave, most first (as ruff's `--statistics`),
for seeing where a document's problems lie before reading them one by one."""
from __future__ import annotations

import json
from collections import Counter

from claimcheck.lint import FileResult


def code_counts(results: list[FileResult]) -> list[tuple[str, str, int]]:
    """(code, name, count) per rule code, by count descending, then code."""
    counts = Counter((f.code, f.name) for r in results for f in r.findings)
    return sorted(((code, name, n) for (code, name), n in counts.items()), key=lambda c: (-c[2], c[0]))


def render_statistics_text(results: list[FileResult]) -> str:
    rows = code_counts(results)
    width = max((len(str(n)) for _, _, n in rows), default=1)
    return "".join(f"{n:>{width}}  {code:<5}  {name}\n" for code, name, n in rows)


def render_statistics_json(results: list[FileResult]) -> str:
    rows = [{"code": code, "name": name, "count": n} for code, name, n in code_counts(results)]
    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
