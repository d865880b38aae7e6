"""Front end: files → `Document`. Reading, decoding, discovery and the steps every format shares.

`latex.py` and `markdown.py` each expose `load(path, text=None) -> Document`; this module picks
one by file suffix, reads files safely (size limit, binary check, encoding fallback) and, after
a format has built its blocks, splits sentences and attaches the `\\ref`s each one cites.
"""
from __future__ import annotations

import bisect
import codecs
import fnmatch
import os
import stat
from pathlib import Path

from claimcheck.document import Diagnostic, Document, SourceFile
from claimcheck.errors import InputError
from claimcheck.frontend.sentences import split_sentences
from claimcheck.limits import MAX_FILE_BYTES, MAX_SENTENCE_CHARS, describe
from claimcheck.safeio import read_regular

LATEX_SUFFIXES = (".tex", ".ltx")
MARKDOWN_SUFFIXES = (".md", ".markdown")
SUFFIXES = LATEX_SUFFIXES + MARKDOWN_SUFFIXES


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
    """Read and decode a file; raise InputError for what cannot be linted at all.

    Only a regular file is read (a FIFO or a symlink to a device is refused), and never more than
    MAX_FILE_BYTES. UTF-8 is expected; a UTF-16 or UTF-32 file is recognised by its byte-order
    mark and decoded; other bytes that are not UTF-8 are read as Latin-1 with a diagnostic."""
    diagnostics: list[Diagnostic] = []
    if text is None:
        data = read_regular(path, MAX_FILE_BYTES)
        text = _decode_bom(path, data)
        if text is None:
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
        raise InputError(path, f"input too large ({len(text) / 2**20:.1f} MiB; the limit is "
                               f"{MAX_FILE_BYTES // 2**20} MiB)")
    return SourceFile(path, text.lstrip("\ufeff") if text.startswith("\ufeff") else text), diagnostics


# byte-order marks, longest first (the UTF-32-LE mark begins with the UTF-16-LE one)
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"), (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
         (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"))


def _decode_bom(path: str, data: bytes) -> str | None:
    """The text of a UTF-16/UTF-32 file with a byte-order mark; None for any other file."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise InputError(path, f"a {name} file (byte-order mark) that does not decode as "
                                       f"{name}: {exc.reason} at byte {exc.start + len(bom)}") from None
            if "\x00" in text[:8192]:
                raise InputError(path, f"binary file (NUL characters in {name} text), not a LaTeX or "
                                       "Markdown source")
            return text
    return None


def read_stdin(stream, name: str) -> str:
    """Standard input as text, at most MAX_FILE_BYTES (a `cat /dev/zero |` never fills memory)."""
    text = stream.read(MAX_FILE_BYTES + 1)
    if len(text) > MAX_FILE_BYTES:
        raise InputError(name, f"input too large (over {MAX_FILE_BYTES // 2**20} MiB on standard "
                               "input; the limit is claimcheck.limits.MAX_FILE_BYTES)")
    return text


def finalize(document: Document) -> Document:
    """Split every block into sentences, give each sentence the refs inside it, and make sure a
    document without prose says so rather than passing silently."""
    from claimcheck.document import Sentence

    for block in document.blocks:
        text = block.text.text
        block.sentences = []
        refs = sorted(block.refs, key=lambda r: r[0])
        offsets = [offset for offset, _ in refs]
        for start, end in _bounded(split_sentences(text), text, block, document):
            # bisection, not a scan of every ref per sentence (quadratic in a long paragraph)
            inside = refs[bisect.bisect_left(offsets, start):bisect.bisect_left(offsets, end)]
            block.sentences.append(Sentence(block, start, end, [label for _, label in inside]))
    if not any(b.sentences for b in document.blocks) and not document.tables:
        first = document.files[0] if document.files else SourceFile(document.path, "")
        document.diagnostics.append(
            Diagnostic("CP001", "no prose or tables found: nothing to lint", first.span(0, 0)))
    return document


def _bounded(spans, text: str, block, document: Document):
    """Sentence spans, a run longer than MAX_SENTENCE_CHARS cut at whitespace near the limit
    (reported once per block): text without sentence ends — a pasted log, a 1 MB line — is no
    sentence, and the NLP stage refuses texts over 1,000,000 characters."""
    reported = False
    for start, end in spans:
        while end - start > MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS)
            cut = cut if cut > start else start + MAX_SENTENCE_CHARS
            if not reported:
                reported = True
                document.diagnostics.append(Diagnostic(
                    "CP001", f"a sentence of {end - start:,} characters exceeds "
                             f"{describe('MAX_SENTENCE_CHARS')}; it is read in pieces of at most "
                             "that length", block.text.span(start, start + 1)))
            yield start, cut
            start = cut
            while start < end and text[start].isspace():
                start += 1
        if end > start:
            yield start, end


def discover(paths: list[str], errors: list[InputError] | None = None) -> list[str]:
    """Expand folders into the .tex/.md/.markdown files below them, skipping hidden folders and
    what .gitignore files name; files given explicitly are kept whatever their name.

    A path or folder that cannot be read (permission denied) raises InputError naming it, or,
    when `errors` is given, is appended there and the other paths are still discovered."""
    found: list[str] = []

    def fail(error: InputError) -> None:
        if errors is None:
            raise error
        errors.append(error)

    for given in paths:
        try:
            st = os.stat(given)
        except OSError as exc:
            cause = "permission denied" if isinstance(exc, PermissionError) \
                else "no such file or directory" if isinstance(exc, (FileNotFoundError, NotADirectoryError)) \
                else f"cannot read: {exc.strerror or exc}"
            if isinstance(exc, FileNotFoundError):
                raise InputError(given, cause) from None  # a usage error: nothing is linted
            fail(InputError(given, cause))
            continue
        if not stat.S_ISDIR(st.st_mode):
            found.append(given)
            continue
        p = Path(given)
        before = len(found)
        unreadable: list[InputError] = []

        def on_error(exc: OSError, unreadable=unreadable) -> None:
            name = exc.filename or given
            reason = "permission denied" if isinstance(exc, PermissionError) \
                else (exc.strerror or str(exc))
            unreadable.append(InputError(str(name), f"cannot read folder: {reason}"))

        for root, dirs, files in os.walk(p, onerror=on_error):
            root_path = Path(root)
            ignore = _gitignore_patterns(root_path, p)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                             and not _ignored(root_path / d, p, ignore, is_dir=True))
            for name in sorted(files):
                if name.lower().endswith(SUFFIXES) and not name.startswith(".") \
                        and not _ignored(root_path / name, p, ignore, is_dir=False):
                    found.append(str(root_path / name))
        for error in unreadable:
            fail(error)
        if len(found) == before and not unreadable:
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
