#!/usr/bin/env python3
"""Propose one document for the real-world set: check it, cache its text, record its row.

    python benchmarks/realworld/add.py --by NAME REPO PATH COMMIT KIND DOMAIN CATEGORY NOTE...

Refuses reserved repositories and documents already proposed. The text is copied into the
cache from the git mirrors (`--mirror`, default /work/.mirror) or hand-saved files (`--drop`),
never downloaded; the row (with its computed id and split) goes to `candidates/NAME.tsv`, which
`merge` folds into the manifest:

    python benchmarks/realworld/add.py --merge     # candidates/*.tsv → manifest.tsv
"""
from __future__ import annotations

import argparse
import fcntl
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fetch import Sources, fetch_entry  # noqa: E402
from realworld_data import (CATEGORIES, COLUMNS, HERE, KINDS, MANIFEST, Entry, id_of,  # noqa: E402
                            read_manifest, reserved, split_of)

CANDIDATES = HERE / "candidates"
DOMAINS = ("vision", "nlp", "speech", "rl", "graph", "recsys", "systems", "multimodal", "other")


def proposed() -> set[str]:
    ids = {e.id for e in read_manifest()}
    for f in CANDIDATES.glob("*.tsv"):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                ids.add(line.split("\t", 1)[0])
    return ids


def add(args: argparse.Namespace) -> int:
    repo, path = args.repo.strip(), args.path.strip()
    note = " ".join(args.note).replace("\t", " ").strip()
    banned = reserved()
    if repo in {r for r, _ in banned}:
        return _no(f"{repo} is reserved for independent evaluation: pick another repository")
    if args.kind not in KINDS or args.category not in CATEGORIES or args.domain not in DOMAINS:
        return _no(f"kind must be {KINDS}, category {CATEGORIES}, domain {DOMAINS}")
    e = Entry(id_of(repo, path), repo, path, args.commit, args.kind, split_of(repo, path),
              args.domain, args.category, note)
    CANDIDATES.mkdir(exist_ok=True)
    with open(CANDIDATES / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if e.id in proposed():
            return _no(f"{repo} {path} is already proposed (id {e.id})")
        stored, missing = fetch_entry(e, Sources(args.mirror, args.drop, offline=True), force=True)
        if missing:
            return _no(f"could not read {repo}@{args.commit[:10]}:{path} from {args.mirror} or {args.drop}")
        size = sum(f.stat().st_size for f in e.folder.rglob("*") if f.is_file())
        with open(CANDIDATES / f"{args.by}.tsv", "a", encoding="utf-8") as out:
            out.write("\t".join(getattr(e, c) for c in COLUMNS) + "\n")
    print(f"added {e.id}  ({stored} file(s), {size // 1024} KB)  cache: {e.root}")
    return 0


def merge() -> int:
    """Fold every candidates file into the manifest, sorted by id, checking the result."""
    rows = {e.id: "\t".join(getattr(e, c) for c in COLUMNS) for e in read_manifest()}
    for f in sorted(CANDIDATES.glob("*.tsv")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.setdefault(line.split("\t", 1)[0], line)
    text = "\t".join(COLUMNS) + "\n" + "".join(rows[k] + "\n" for k in sorted(rows))
    tmp = MANIFEST.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    read_manifest(tmp)  # raises on a bad row before the manifest is replaced
    tmp.replace(MANIFEST)
    print(f"manifest: {len(rows)} documents")
    return 0


def _no(message: str) -> int:
    print(f"not added: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    if argv is None:
        argv = sys.argv[1:]
    if argv[:1] == ["--merge"]:
        return merge()
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--by", required=True, help="your name: the candidates file written")
    ap.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--drop", type=Path, default=HERE / ".cache" / "_drop")
    for name in ("repo", "path", "commit", "kind", "domain", "category"):
        ap.add_argument(name)
    ap.add_argument("note", nargs="+")
    return add(ap.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
