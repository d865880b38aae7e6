"""The real-world evaluation set: the manifest, document ids, the dev/blind split and the cache.

Shared by `fetch.py` (fills the cache) and `benchmarks/realworld.py` (measures on it). The
manifest names public documents by repository, path and commit; their texts live only in the
git-ignored cache, never in the repository.
"""
from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.tsv"
CACHE = HERE / ".cache"
LABELS = HERE / "labels"
COLUMNS = ("id", "repo", "path", "commit", "kind", "split", "domain", "category", "note")
KINDS = ("tex", "md")
CATEGORIES = ("ordinary", "control", "other-sense")
# A third of the manifest is blind: measured only at the end of a session, never tuned on.
BLIND_MODULUS = 3


def split_of(repo: str, path: str) -> str:
    """'blind' or 'dev', fixed by a hash of repository and path (never chosen by hand)."""
    digest = hashlib.sha256(f"{repo}/{path}".encode()).hexdigest()
    return "blind" if int(digest[:8], 16) % BLIND_MODULUS == 0 else "dev"


def id_of(repo: str, path: str) -> str:
    """A readable, stable id: repository name and file stem, plus a short hash of both."""
    name = repo.split("/", 1)[-1]
    stem = re.sub(r"\.(?:tex|md|markdown)$", "", path, flags=re.I)
    slug = re.sub(r"[^a-z0-9]+", "-", f"{name}-{stem}".lower()).strip("-")[:48].strip("-")
    return f"{slug}-{hashlib.sha256(f'{repo}/{path}'.encode()).hexdigest()[:6]}"


@dataclass(frozen=True)
class Entry:
    id: str
    repo: str
    path: str
    commit: str
    kind: str
    split: str
    domain: str
    category: str
    note: str

    @property
    def folder(self) -> Path:
        """The cache folder of this document; files keep their repository-relative paths."""
        return CACHE / self.id

    @property
    def root(self) -> Path:
        return self.folder / self.path

    @property
    def label_file(self) -> Path:
        return LABELS / f"{self.id}.yaml"


def read_manifest(path: Path = MANIFEST) -> list[Entry]:
    """The manifest's entries, checked: known kinds and categories, ids and splits as computed."""
    entries: list[Entry] = []
    seen: set[str] = set()
    with open(path, encoding="utf-8", newline="") as fh:
        rows = [line for line in fh if line.strip() and not line.startswith("#")]
    for n, row in enumerate(csv.DictReader(rows, delimiter="\t"), start=1):
        e = Entry(**{c: (row.get(c) or "").strip() for c in COLUMNS})
        problems = []
        if e.kind not in KINDS:
            problems.append(f"kind {e.kind!r}")
        if e.category not in CATEGORIES:
            problems.append(f"category {e.category!r}")
        if not re.fullmatch(r"[0-9a-f]{40}", e.commit):
            problems.append(f"commit {e.commit!r}")
        if e.id != id_of(e.repo, e.path):
            problems.append(f"id {e.id!r} (expected {id_of(e.repo, e.path)})")
        if e.split != split_of(e.repo, e.path):
            problems.append(f"split {e.split!r} (expected {split_of(e.repo, e.path)})")
        if e.id in seen:
            problems.append("duplicate id")
        if problems:
            raise ValueError(f"{path}: row {n} ({e.repo} {e.path}): bad " + ", ".join(problems))
        seen.add(e.id)
        entries.append(e)
    return entries


def reserved(path: Path = HERE.parent.parent.parent / "shared" / "realworld-reserved.txt") -> set[tuple[str, str]]:
    """(repository, path) pairs kept for independent evaluation: never in the manifest."""
    if not path.is_file():
        return set()
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and "\t" in line:
            repo, p = line.split("\t", 1)
            out.add((repo.strip(), p.strip()))
    return out
