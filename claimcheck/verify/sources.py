"""Where `verify` finds its inputs: the models a document refers to, and the figures it claims.

Models come from `--model NAME=PATH` or from `.onnx` links and paths in the document, resolved
relative to it and never fetched from the network. Claimed figures come from the extraction stage
when it is installed; without it the verifier still measures and reports (CV404–CV406).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from claimcheck.document import Document, Span
from claimcheck.errors import InputError

_ONNX_PATH = re.compile(r"(?<![\w/.:-])((?:https?://)?[\w./~-]*[\w-]\.onnx)\b", re.IGNORECASE)


@dataclass
class ModelRef:
    name: str
    path: str
    span: Span | None = None


def document_span(document: Document) -> Span:
    return Span(document.path, 1, 1, 1, 1)


def find_models(document: Document, given: list[str],
                configured: dict[str, Path] | None = None,
                project_root: Path | None = None) -> tuple[list[ModelRef], list[str]]:
    """(models to verify, notes on references that were not used). `--model` wins; otherwise
    the configured aliases the document names ([tool.claimcheck.models]) and the .onnx files
    it refers to. A configured path must stay inside `project_root` (the configuration's
    folder), symlinks resolved: a cloned repository's configuration must not make `verify` open
    /etc/passwd; a path given on the command line is the user's own choice and is not limited."""
    if given:
        refs = []
        for item in given:
            name, sep, path = item.partition("=")
            if not sep:
                name, path = Path(item).stem, item
            if not Path(path).is_file():
                raise InputError(path, "model file not found (from --model)")
            refs.append(ModelRef(name.strip() or Path(path).stem, path))
        return refs, []
    base = Path(document.path).resolve().parent
    candidates: list[tuple[str, Span | None]] = [
        (link.target, link.span) for link in document.links
        if link.target.split("?")[0].split("#")[0].lower().endswith(".onnx")]
    for source in document.files:
        for match in _ONNX_PATH.finditer(source.text):
            candidates.append((match.group(1), source.span(match.start(1), match.end(1))))
    refs: list[ModelRef] = []
    notes: list[str] = []
    prose = "\n".join(source.text for source in document.files).lower()
    for name, path in (configured or {}).items():
        if name.lower() not in prose:
            continue
        if project_root is not None:
            root = Path(os.path.realpath(project_root))
            if not Path(os.path.realpath(path)).is_relative_to(root):
                notes.append(f"{name}: configured as {path}, outside the project folder {root}; "
                             f"refused (pass --model {name}=PATH to verify it)")
                continue
        if not path.is_file():
            notes.append(f"{name}: configured as {path}, which does not exist")
            continue
        refs.append(ModelRef(name, os.path.relpath(path)))
    seen: set[str] = set()
    for target, span in candidates:
        target = target.split("?")[0].split("#")[0]
        if target in seen:
            continue
        seen.add(target)
        if re.match(r"^[a-z][a-z0-9+.-]*://", target, re.IGNORECASE):
            notes.append(f"{target}: a remote model, not fetched (download it and pass --model NAME=PATH)")
            continue
        path = (base / target).resolve() if not os.path.isabs(target) else Path(target)
        if not path.is_relative_to(base) and not path.is_relative_to(Path.cwd().resolve()):
            notes.append(f"{target}: outside the document's folder, not read")
            continue
        if not path.is_file():
            notes.append(f"{target}: referred to by the document but not found")
            continue
        if any(Path(r.path).resolve() == path for r in refs):
            continue
        refs.append(ModelRef(Path(target).stem, os.path.relpath(path), span))
    return refs, notes


def document_quantities(document: Document) -> tuple[list, dict[int, str], set[str]]:
    """(the figures every sentence outside related work states, id(figure) → the hardware its
    sentence or paragraph names, the indicators the document reports anywhere). A model card's
    "It has 86M parameters" is checked as much as an efficiency claim is."""
    from claimcheck.extract.claims import extract_claims
    from claimcheck.extract.quantities import extract_quantities, find_setup

    facts = extract_claims(document).facts
    quantities, hardware = [], {}
    for sentence in document.sentences():
        if sentence.section is not None and sentence.section.kind in ("related", "references"):
            continue
        found = extract_quantities(sentence)
        if not found:
            continue
        named = find_setup(sentence.text).merge(facts.setup_of(sentence.block)).hardware
        for q in found:
            quantities.append(q)
            if named:
                hardware[id(q)] = " ".join(named)
    return quantities, hardware, set(facts.reported_all)
