"""Front end: files → `Document`. Reading, decoding, discovery and the steps every format shares.

`latex.py` and `markdown.py` each expose `load(path, text=None) -> Document`; this module picks
one by file suffix, reads files safely (size limit, binary check, encoding fallback) and, after
a format has built its blocks, splits sentences and attaches the `\\ref`s each one cites.
"""
from __future__ import annotations

import fnmatch
import os
from pathlib import Path

from claimcheck.document import Diagnostic, Document, SourceFile
from claimcheck.errors import InputError
from claimcheck.frontend.sentences import split_sentences

LATEX_SUFFIXES = (".tex", ".ltx")
MARKDOWN_SUFFIXES = (".md", ".markdown")
SUFFIXES = LATEX_SUFFIXES + MARKDOWN_SUFFIXES
MAX_FILE_BYTES = 8 * 1024 * 1024  # the largest paper sources are well under 1 MB


def load_document(path: str, text: str | None = None) -> Document:
    """Parse one file (or `text` given for it, e.g. from stdin) into a Document."""
    suffix = Path(path).suffix.lower()
    if suffix in LATEX_SUFFIXES:
        from claimcheck.frontend import latex

        return latex.load(path, text)
    if suffix in MARKDOWN_SUFFIXES:
        from claimcheck.frontend import markdown

        return markdown.load(path, text)
    raise InputError(path, f"unsupported file type {suffix or '(none)'!r}; expected .tex, .md or .markdown")


def read_source(path: str, text: str | None = None) -> tuple[SourceFile, list[Diagnostic]]:
    """Read and decode a file; raise InputError for what cannot be linted at all."""
    diagnostics: list[Diagnostic] = []
    if text is None:
        p = Path(path)
        if not p.exists():
            raise InputError(path, "no such file or directory")
        if p.is_dir():
            raise InputError(path, "is a directory")
        try:
            size = p.stat().st_size
            if size > MAX_FILE_BYTES:
                raise InputError(path, f"file too large ({size / 2**20:.1f} MiB; the limit is "
                                       f"{MAX_FILE_BYTES // 2**20} MiB)")
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
        if b"\x00" in data[:8192]:
            raise InputError(path, "binary file (contains NUL bytes), not a LaTeX or Markdown source")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            text = data.decode("latin-1")
            line = data[: exc.start].count(b"\n") + 1
            source = SourceFile(path, text)
            diagnostics.append(Diagnostic("CP001", f"not valid UTF-8 (byte 0x{data[exc.start]:02x} "
                                          f"on line {line}); read as Latin-1", source.span(0, 0)))
            return source, diagnostics
    elif len(text) > MAX_FILE_BYTES:
        raise InputError(path, f"input too large ({len(text) / 2**20:.1f} MiB)")
    return SourceFile(path, text.lstrip("\ufeff") if text.startswith("\ufeff") else text), diagnostics


def finalize(document: Document) -> Document:
    """Split every block into sentences, give each sentence the refs inside it, and make sure a
    document without prose says so rather than passing silently."""
    from claimcheck.document import Sentence

    for block in document.blocks:
        text = block.text.text
        block.sentences = []
        for start, end in split_sentences(text):
            refs = [label for offset, label in block.refs if start <= offset < end]
            block.sentences.append(Sentence(block, start, end, refs))
    if not any(b.sentences for b in document.blocks) and not document.tables:
        first = document.files[0] if document.files else SourceFile(document.path, "")
        document.diagnostics.append(
            Diagnostic("CP001", "no prose or tables found: nothing to lint", first.span(0, 0)))
    return document


def discover(paths: list[str]) -> list[str]:
    """Expand folders into the .tex/.md/.markdown files below them, skipping hidden folders and
    what .gitignore files name; files given explicitly are kept whatever their name."""
    found: list[str] = []
    for given in paths:
        p = Path(given)
        if not p.exists():
            raise InputError(given, "no such file or directory")
        if not p.is_dir():
            found.append(given)
            continue
        before = len(found)
        for root, dirs, files in os.walk(p):
            root_path = Path(root)
            ignore = _gitignore_patterns(root_path, p)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                             and not _ignored(root_path / d, p, ignore, is_dir=True))
            for name in sorted(files):
                if name.lower().endswith(SUFFIXES) and not name.startswith(".") \
                        and not _ignored(root_path / name, p, ignore, is_dir=False):
                    found.append(str(root_path / name))
        if len(found) == before:
            raise InputError(given, "no .tex, .md or .markdown files found in this folder")
    return found


def _gitignore_patterns(folder: Path, top: Path) -> list[tuple[Path, str]]:
    """(base folder, pattern) for every .gitignore from `top` down to `folder`."""
    patterns: list[tuple[Path, str]] = []
    chain = [folder, *folder.parents]
    for d in reversed(chain[: len(chain) - len(top.parents)]):
        gi = d / ".gitignore"
        if gi.is_file():
            try:
                lines = gi.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
            patterns.extend((d, ln.strip()) for ln in lines
                            if ln.strip() and not ln.startswith("#"))
    return patterns


def _ignored(path: Path, top: Path, patterns: list[tuple[Path, str]], is_dir: bool) -> bool:
    ignored = False
    for base, pattern in patterns:
        negate = pattern.startswith("!")
        pat = pattern[1:] if negate else pattern
        if pat.endswith("/"):
            if not is_dir:
                continue
            pat = pat.rstrip("/")
        rel = path.relative_to(base).as_posix()
        if "/" in pat.strip("/"):
            match = fnmatch.fnmatch(rel, pat.lstrip("/").replace("**/", "*"))
        elif pat.startswith("/"):
            match = fnmatch.fnmatch(rel, pat[1:])
        else:
            match = fnmatch.fnmatch(path.name, pat)
        if match:
            ignored = not negate
    return ignored
