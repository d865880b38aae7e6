#!/usr/bin/env python3
"""Fill the git-ignored cache (`benchmarks/realworld/.cache/`) with the manifest's documents.

Each document is stored at `.cache/<id>/<path in its repository>`, at the manifest's commit; a
LaTeX root brings the files it `\\input`s / `\\include`s / `\\subfile`s (followed recursively,
resolved against the root's folder as LaTeX does). Texts are never committed.

Sources, tried in this order for each file:
  --mirror DIR   git mirrors of the repositories (DIR/<owner>+<name>/…, as the search tool's
                 `fetch` leaves them): `git show <commit>:<path>`
  --drop DIR     files saved by hand (DIR/<owner>+<name>/<path>), e.g. pages read with the
                 search tool's `read_file` for repositories too large to mirror
  (default)      https://raw.githubusercontent.com/<repo>/<commit>/<path> — needs internet

    python benchmarks/realworld/fetch.py                      # from GitHub
    python benchmarks/realworld/fetch.py --mirror /work/.mirror --drop benchmarks/realworld/.cache/_drop --offline
    python benchmarks/realworld/fetch.py --check              # which documents are missing
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realworld_data import CACHE, Entry, read_manifest, reserved  # noqa: E402

INCLUDE = re.compile(r"\\(?:input|include|subfile)\s*\{([^}]+)\}|\\(?:sub)?import\s*\{([^}]*)\}\s*\{([^}]+)\}")
COMMENT = re.compile(r"(?<!\\)%.*")
MAX_FILES = 200  # per document: a bound on include chasing


def mirror_git_dir(mirror: Path, repo: str) -> Path | None:
    base = mirror / repo.replace("/", "+")
    for candidate in (base / "repo" / ".git", base / "repo"):
        if (candidate / "HEAD").is_file():
            return candidate
    return None


class Sources:
    def __init__(self, mirror: Path | None, drop: Path | None, offline: bool):
        self.mirror, self.drop, self.offline = mirror, drop, offline

    def read(self, entry: Entry, path: str) -> bytes | None:
        if self.mirror is not None:
            git_dir = mirror_git_dir(self.mirror, entry.repo)
            if git_dir is not None:
                out = subprocess.run(["git", f"--git-dir={git_dir}", "show", f"{entry.commit}:{path}"],
                                     capture_output=True)
                if out.returncode == 0:
                    return out.stdout
        if self.drop is not None:
            f = self.drop / entry.repo.replace("/", "+") / path
            if f.is_file():
                return f.read_bytes()
        if self.offline:
            return None
        url = f"https://raw.githubusercontent.com/{entry.repo}/{entry.commit}/{path}"
        try:
            with urllib.request.urlopen(url, timeout=30) as resp:
                return resp.read()
        except (urllib.error.URLError, TimeoutError, OSError):
            return None


def includes(text: str, current: str, root: str) -> list[str]:
    """Repository paths a LaTeX file pulls in, as candidates (with and without `.tex`)."""
    root_dir = PurePosixPath(root).parent
    out = []
    for line in text.splitlines():
        for m in INCLUDE.finditer(COMMENT.sub("", line)):
            if m.group(1):
                base, name = root_dir, m.group(1).strip()
            else:  # \import{dir}{file} is relative to the importing file's folder
                base, name = PurePosixPath(current).parent / m.group(2).strip(), m.group(3).strip()
            if any(ch in name for ch in "*?#$\\"):
                continue  # a pattern or a macro (e.g. inside \verb), not a file
            for cand in ([name] if name.endswith(".tex") else [name + ".tex", name]):
                p = _normal(base / cand)
                if p is not None:
                    out.append(p)
    return out


def _normal(p: PurePosixPath) -> str | None:
    parts: list[str] = []
    for part in p.parts:
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None  # outside the repository
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts)


def fetch_entry(entry: Entry, sources: Sources, force: bool) -> tuple[int, list[str]]:
    """Store the document's files; returns (files stored, files that could not be read)."""
    if entry.root.is_file() and not force:
        return 0, []
    todo, seen, stored, missing = [entry.path], set(), 0, []
    while todo and len(seen) < MAX_FILES:
        path = todo.pop(0)
        if path in seen:
            continue
        seen.add(path)
        data = sources.read(entry, path)
        if data is None:
            if path == entry.path:
                missing.append(path)
            continue  # an include candidate that does not exist (the other spelling may)
        target = entry.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        stored += 1
        if entry.kind == "tex":
            todo += includes(data.decode("utf-8", "replace"), path, entry.path)
    return stored, missing


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mirror", type=Path, help="folder of git mirrors (<owner>+<name>)")
    ap.add_argument("--drop", type=Path, help="folder of files saved by hand (<owner>+<name>/<path>)")
    ap.add_argument("--offline", action="store_true", help="never download from GitHub")
    ap.add_argument("--force", action="store_true", help="fetch again documents already cached")
    ap.add_argument("--check", action="store_true", help="only list documents missing from the cache")
    ap.add_argument("ids", nargs="*", help="only these ids")
    args = ap.parse_args(argv)
    entries = read_manifest()
    banned = reserved()
    for e in entries:
        if (e.repo, e.path) in banned:
            print(f"manifest names a reserved document: {e.repo} {e.path}", file=sys.stderr)
            return 2
    if args.ids:
        entries = [e for e in entries if e.id in set(args.ids)]
    if args.check:
        missing = [e for e in entries if not e.root.is_file()]
        for e in missing:
            print(f"missing\t{e.id}\t{e.repo}\t{e.path}")
        print(f"{len(entries) - len(missing)} of {len(entries)} documents cached", file=sys.stderr)
        return 1 if missing else 0
    sources = Sources(args.mirror, args.drop, args.offline)
    CACHE.mkdir(parents=True, exist_ok=True)
    failed = 0
    for e in entries:
        stored, missing = fetch_entry(e, sources, args.force)
        if missing:
            failed += 1
            print(f"could not read {e.repo}@{e.commit[:10]}:{e.path}", file=sys.stderr)
        elif stored:
            print(f"{e.id}: {stored} file(s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
