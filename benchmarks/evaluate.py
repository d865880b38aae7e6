#!/usr/bin/env python3
"""Per-rule precision and recall of claimcheck on the annotated corpora.

The expected findings are written in the documents themselves (corpora/README.md gives the
convention), so a document and its answer key can never drift apart:

    % expect: CC103, CD301          LaTeX
    <!-- expect: CC103 -->          Markdown

A line-level expectation targets the next line that is neither blank nor comment-only; a
finding matches it when code and file agree and the finding's lines [line, end_line] include
that target line. Document-level codes (prefix CD) match by document: the root file or any
file it includes. CP002 (unused suppression) is not scored; CP001 (parse diagnostic) is never
expected, so it counts as a false positive.

    python benchmarks/evaluate.py [PATHS...] [--select PREFIXES] [--format text|json] [--verbose]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPORA = REPO / "corpora"
# corpora/examples holds the demo paper of the README: deliberately bad and not annotated.
NOT_EVALUATED = {"examples"}

DOCUMENT_LEVEL_PREFIXES = ("CD",)
NOT_SCORED = {"CP002"}

_CODES = r"(?P<codes>[A-Z]{2}\d{3}(?:\s*,\s*[A-Z]{2}\d{3})*)"
EXPECT_TEX = re.compile(r"^\s*%+\s*expect:\s*" + _CODES + r"\s*$")
EXPECT_MD = re.compile(r"^\s*<!--\s*expect:\s*" + _CODES + r"\s*-->\s*$")
COMMENT_ONLY_TEX = re.compile(r"^\s*%")
COMMENT_ONLY_MD = re.compile(r"^\s*<!--.*-->\s*$")
INCLUDE = re.compile(r"\\(?:input|include|subfile)\s*\{([^}]+)\}")
UNESCAPED_PERCENT = re.compile(r"(?<!\\)%.*")
LATEX_SUFFIXES = (".tex", ".ltx")


def norm(path: str | os.PathLike) -> str:
    return os.path.normpath(os.path.abspath(path))


def is_document_level(code: str) -> bool:
    return code.startswith(DOCUMENT_LEVEL_PREFIXES)


@dataclass(frozen=True)
class Expectation:
    path: str          # normalised path of the file holding the annotation
    code: str
    line: int          # target line (1-based); 0 for document-level codes
    annotated_at: int  # line of the `expect:` comment itself


@dataclass(frozen=True)
class Found:
    """A reported finding reduced to what scoring needs (decoupled from claimcheck types)."""

    path: str
    code: str
    line: int
    end_line: int
    message: str = ""


class AnnotationError(ValueError):
    """An `expect:` line that targets nothing (e.g. at the end of the file)."""


def parse_expectations(path: str, text: str) -> list[Expectation]:
    """The expectations written in one file's comment lines."""
    is_tex = str(path).lower().endswith(LATEX_SUFFIXES)
    expect_re = EXPECT_TEX if is_tex else EXPECT_MD
    comment_re = COMMENT_ONLY_TEX if is_tex else COMMENT_ONLY_MD
    lines = text.splitlines()
    out: list[Expectation] = []
    for i, raw in enumerate(lines, start=1):
        m = expect_re.match(raw)
        if not m:
            continue
        codes = [c.strip() for c in m.group("codes").split(",")]
        target = _target_line(lines, i, comment_re)
        for code in codes:
            if is_document_level(code):
                out.append(Expectation(norm(path), code, 0, i))
            elif target is None:
                raise AnnotationError(f"{path}:{i}: `expect: {code}` has no line below it to target")
            else:
                out.append(Expectation(norm(path), code, target, i))
    return out


def _target_line(lines: list[str], annotated_at: int, comment_re: re.Pattern) -> int | None:
    """The first line after `annotated_at` (1-based) that is neither blank nor comment-only."""
    for j in range(annotated_at, len(lines)):
        s = lines[j]
        if s.strip() and not comment_re.match(s):
            return j + 1
    return None


def included_files(path: str, root_dir: str) -> list[str]:
    """Files a LaTeX file pulls in with \\input/\\include/\\subfile (commented-out ones skipped),
    resolved against the root's folder first, as LaTeX does, then against the file's own."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    found: list[str] = []
    for line in text.splitlines():
        for name in INCLUDE.findall(UNESCAPED_PERCENT.sub("", line)):
            name = name.strip()
            candidates = [name] if name.lower().endswith(LATEX_SUFFIXES) else [name + ".tex", name]
            for base in (root_dir, os.path.dirname(path)):
                hit = next((os.path.join(base, c) for c in candidates
                            if os.path.isfile(os.path.join(base, c))), None)
                if hit:
                    found.append(norm(hit))
                    break
    return found


def document_files(roots: list[str]) -> dict[str, list[str]]:
    """For each root file, the files of its document (root first, then includes, recursively)."""
    out: dict[str, list[str]] = {}
    for root in roots:
        root_n = norm(root)
        files, todo = [root_n], [root_n]
        while todo:
            current = todo.pop()
            if not current.lower().endswith(LATEX_SUFFIXES):
                continue
            for inc in included_files(current, os.path.dirname(root_n)):
                if inc not in files:
                    files.append(inc)
                    todo.append(inc)
        out[root_n] = files
    return out


def roots_of(files: list[str]) -> dict[str, list[str]]:
    """Documents of a set of discovered files: those included by another are not roots."""
    docs = document_files(files)
    included = {f for fs in docs.values() for f in fs[1:]}
    return {root: fs for root, fs in docs.items() if root not in included}


def _selected(code: str, select: tuple[str, ...] | None) -> bool:
    if code in NOT_SCORED:
        return False
    if code == "CP001" or not select:
        return True
    return code.startswith(select)


def score(expectations: list[Expectation], found: dict[str, list[Found]],
          documents: dict[str, list[str]], select: tuple[str, ...] | None = None) -> dict:
    """Match expectations against findings, per code; `found` maps a root to its findings and
    `documents` a root to its files."""
    root_of = {f: root for root, fs in documents.items() for f in fs}
    expectations = [e for e in expectations if _selected(e.code, select)]
    rules: dict[str, dict] = {}
    false_pos: list[dict] = []
    false_neg: list[dict] = []

    def row(code: str) -> dict:
        return rules.setdefault(code, {"expected": 0, "found": 0, "tp": 0, "fp": 0, "fn": 0})

    # Line-level: per (file, code), a maximum matching between expectations and findings.
    line_exp: dict[tuple[str, str], list[Expectation]] = {}
    line_found: dict[tuple[str, str], list[Found]] = {}
    doc_exp: dict[tuple[str, str], list[Expectation]] = {}
    doc_found: dict[tuple[str, str], list[Found]] = {}
    for e in expectations:
        if e.line == 0:
            doc_exp.setdefault((root_of.get(e.path, e.path), e.code), []).append(e)
        else:
            line_exp.setdefault((e.path, e.code), []).append(e)
    for root, items in found.items():
        for f in items:
            if not _selected(f.code, select):
                continue
            if is_document_level(f.code):
                doc_found.setdefault((root, f.code), []).append(f)
            else:
                line_found.setdefault((norm(f.path), f.code), []).append(f)

    for key in set(line_exp) | set(line_found):
        exps, fnds = line_exp.get(key, []), line_found.get(key, [])
        match = _max_matching(exps, fnds)
        r = row(key[1])
        r["expected"] += len(exps)
        r["found"] += len(fnds)
        r["tp"] += len(match)
        matched_f = set(match.values())
        for j, f in enumerate(fnds):
            if j not in matched_f:
                false_pos.append({"path": f.path, "line": f.line, "code": f.code, "message": f.message})
        for i, e in enumerate(exps):
            if i not in match:
                false_neg.append({"path": e.path, "line": e.line, "code": e.code,
                                  "annotated_at": e.annotated_at})

    for key in set(doc_exp) | set(doc_found):
        exps, fnds = doc_exp.get(key, []), doc_found.get(key, [])
        r = row(key[1])
        expected = 1 if exps else 0  # several `expect: CD301` in one document mean one finding
        tp = min(expected, len(fnds))
        r["expected"] += expected
        r["found"] += len(fnds)
        r["tp"] += tp
        for f in fnds[tp:]:
            false_pos.append({"path": f.path, "line": f.line, "code": f.code, "message": f.message})
        if expected and not tp:
            e = exps[0]
            false_neg.append({"path": e.path, "line": 0, "code": e.code, "annotated_at": e.annotated_at})

    for r in rules.values():
        r["fp"] = r["found"] - r["tp"]
        r["fn"] = r["expected"] - r["tp"]
        _ratios(r)
    micro = {k: sum(r[k] for r in rules.values()) for k in ("expected", "found", "tp", "fp", "fn")}
    _ratios(micro)
    key = lambda d: (d["path"], d["line"], d["code"])  # noqa: E731
    return {"rules": dict(sorted(rules.items())), "micro": micro,
            "false_positives": sorted(false_pos, key=key), "false_negatives": sorted(false_neg, key=key)}


def _ratios(r: dict) -> None:
    r["precision"] = r["tp"] / r["found"] if r["found"] else None
    r["recall"] = r["tp"] / r["expected"] if r["expected"] else None


def _max_matching(exps: list[Expectation], fnds: list[Found]) -> dict[int, int]:
    """Maximum bipartite matching (augmenting paths): expectation index → finding index."""
    covers = [[j for j, f in enumerate(fnds) if f.line <= e.line <= max(f.line, f.end_line)]
              for e in exps]
    owner: dict[int, int] = {}  # finding → expectation

    def augment(i: int, seen: set[int]) -> bool:
        for j in covers[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(exps)):
        augment(i, set())
    return {i: j for j, i in owner.items()}


def default_paths() -> list[str]:
    return [str(p) for p in sorted(CORPORA.iterdir()) if p.is_dir() and p.name not in NOT_EVALUATED]


def evaluate(paths: list[str] | None = None, select: tuple[str, ...] | None = None) -> dict:
    """Lint `paths` (default: the annotated corpora) and score the findings against the
    expectations written in the documents."""
    from claimcheck.checks.engine import Selection
    from claimcheck.frontend import discover
    from claimcheck.lint import lint_paths

    paths = list(paths or default_paths())
    files = [norm(f) for f in discover(paths)]
    documents = roots_of(files)
    for fs in documents.values():  # includes outside the discovered set are read too
        files.extend(f for f in fs if f not in files)
    expectations = [e for f in files
                    for e in parse_expectations(f, Path(f).read_text(encoding="utf-8", errors="replace"))]

    found: dict[str, list[Found]] = {}
    errors: list[str] = []
    for result in lint_paths(paths, Selection(preview=True)):  # every rule is scored, preview too
        root = norm(result.path)
        if result.error is not None:
            errors.append(str(result.error))
        found[root] = [Found(f.span.path, f.code, f.span.line, f.span.end_line, f.message)
                       for f in result.findings]
        documents.setdefault(root, [root])
    report = score(expectations, found, documents, select)
    report["documents"] = len(documents)
    report["errors"] = errors
    return report


def format_text(report: dict, verbose: bool = False) -> str:
    def pct(x):
        return "-" if x is None else f"{x:.2f}"

    header = f"{'code':<8}{'expected':>9}{'found':>7}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}"
    lines = [header, "-" * len(header)]
    for code, r in list(report["rules"].items()) + [("micro", report["micro"])]:
        if code == "micro":
            lines.append("-" * len(header))
        lines.append(f"{code:<8}{r['expected']:>9}{r['found']:>7}{r['tp']:>5}{r['fp']:>5}{r['fn']:>5}"
                     f"{pct(r['precision']):>11}{pct(r['recall']):>8}")
    lines.append(f"{report['documents']} documents")
    for err in report["errors"]:
        lines.append(f"error: {err}")
    if verbose:
        cwd = os.getcwd()
        for f in report["false_positives"]:
            lines.append(f"FP {os.path.relpath(f['path'], cwd)}:{f['line']}: {f['code']} {f['message']}")
        for f in report["false_negatives"]:
            where = f["line"] or f["annotated_at"]
            lines.append(f"FN {os.path.relpath(f['path'], cwd)}:{where}: {f['code']} expected "
                         f"(annotated at line {f['annotated_at']})")
    return "\n".join(lines)


def precision_level(precision: float | None) -> str | None:
    """SARIF's precision scale for a measured precision. The corpora were also used to develop
    the rules, so no rule is called "very-high" on their evidence."""
    if precision is None:
        return None
    return "high" if precision >= 0.95 else "medium" if precision >= 0.85 else "low"


def update_precision(report: dict, rules_dir: Path) -> list[str]:
    """Write each measured rule's precision level into its rules/CODE.yaml (the `precision:`
    line, replaced or added after `severity:`); returns the codes changed."""
    changed = []
    for code, r in report["rules"].items():
        level = precision_level(r["precision"])
        path = rules_dir / f"{code}.yaml"
        if level is None or not path.is_file():
            continue
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        new = f"precision: {level}\n"
        at = next((i for i, ln in enumerate(lines) if ln.startswith("precision:")), None)
        if at is not None:
            if lines[at] == new:
                continue
            lines[at] = new
        else:
            at = next(i for i, ln in enumerate(lines) if ln.startswith("severity:"))
            lines.insert(at + 1, new)
        path.write_text("".join(lines), encoding="utf-8")
        changed.append(code)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="files or folders (default: the annotated corpora)")
    parser.add_argument("--select", default="", help="comma-separated code prefixes to score (e.g. CC1,CD)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every FP and FN")
    parser.add_argument("--update-precision", action="store_true",
                        help="write each rule's measured precision level into rules/CODE.yaml "
                             "(then regenerate docs/rules.md)")
    args = parser.parse_args(argv)
    select = tuple(p.strip() for p in args.select.split(",") if p.strip()) or None
    from claimcheck.errors import InputError

    try:
        report = evaluate(args.paths or None, select)
    except (InputError, AnnotationError) as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report, indent=2) if args.format == "json" else format_text(report, args.verbose))
    if args.update_precision:
        changed = update_precision(report, Path(__file__).resolve().parent.parent / "rules")
        print(f"precision updated for {len(changed)} rule(s): {', '.join(changed) or 'none'}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
