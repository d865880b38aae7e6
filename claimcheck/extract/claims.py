"""Efficiency claims: what a sentence asserts about cost, and what in the document supports it.

`extract_claims(document)` returns the claims of a document (a list) carrying `.facts`, the
document context every rule judges a claim with: indicators reported anywhere (prose figures
outside related work, table columns), the setup named in each paragraph, captions and setup
sections, and the risk contexts of §2.2/§3.2. Sentences pass a cheap regex gate before spaCy;
quantities and setup are read by compiled patterns, so paragraphs and captions are scanned
without spaCy and a document with no efficiency vocabulary never imports it.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property

from claimcheck.document import Block, Document, Sentence, Table
from claimcheck.extract import vocabulary as V
from claimcheck.extract.prefilter import may_claim, may_report
from claimcheck.extract.sense import other_sense
from claimcheck.extract.quantities import (Found, Setup, extract_quantities, find_models,
                                           find_phase, find_phases, find_quantities, find_setup,
                                           same_class)
from claimcheck.indicators import Quantity

# Costs that differ between training and inference (§2.1: memory, energy, money, throughput).
PHASE_DEPENDENT = {"memory", "energy", "co2", "money", "throughput"}
KIND_ORDER = ("pareto", "speed", "cost", "generic", "size", "reduction", "matching")
PROSE_BLOCKS = ("paragraph", "abstract", "caption", "footnote", "item", "quote", "frontmatter")

_MATCHING = {k: re.compile(p, re.I) for k, p in V.MATCHING_RE.items()}
# A setup statement: a label and a colon opening a block ("**Hardware:** NVIDIA H100 80GB",
# "Test machine: 2x Xeon Gold 6248"), which states the setup of the whole document.
_SETUP_STATEMENT = re.compile(V.SETUP_STATEMENT_RE, re.I)
_RISKS = {k: re.compile(p, re.I if k not in ("encdec",) else 0) for k, p in V.RISK_RE.items()}
_GENERALISER = re.compile(V.GENERALISER_RE, re.I)
_SAME_SETUP = re.compile(V.SAME_SETUP_RE, re.I)
_QUOTED = re.compile(r"``.*?''|“[^”]*”|\"[^\"]*\"|‘[^’]*’")
_COMPARED = re.compile(r"\b(?:against|versus|vs\.?|than|compared (?:to|with)|relative to)\b", re.I)
_MODEL_NOUNS = {"model", "models", "network", "networks", "architecture", "architectures",
                "variant", "variants", "backbone", "backbones", "footprint", "version", "size",
                "memory", "checkpoint", "encoder", "decoder", "transformer", "transformers",
                "net", "nets", "detector", "classifier", "head", "layer", "layers", "design",
                "alternative", "baseline", "baselines", "student", "vit", "cnn", "module", "block",
                "method", "approach", "system", "inference", "training", "runtime", "deployment",
                "and", ","}
_ALGO_VERBS = {"compute", "computing", "calculate", "calculating", "solve", "solving",
               "estimate", "estimating", "find", "finding", "evaluate", "evaluating", "sample",
               "sampling", "approximate", "approximating", "enumerate", "enumerating", "search",
               "update", "updating", "project", "projecting", "decompose", "decomposing",
               "searching", "count", "counting", "optimize", "optimizing", "store", "storing",
               "retrieve", "retrieving", "generate", "generating", "implement", "implementing"}


@dataclass
class Ratio:
    """A relative figure: "3.2× faster", "40% fewer FLOPs" (kept apart from absolute quantities)."""

    raw: str
    factor: float | None
    comparative: str
    indicator: str | None
    start: int
    end: int


@dataclass
class Claim:
    sentence: Sentence
    kinds: list[str]  # subset of KIND_ORDER, most specific first
    predicate: str  # the words that make the claim ("faster", "3× fewer FLOPs")
    start: int  # predicate offsets inside the sentence
    end: int
    target: str | None = None  # "BERT-large" in "faster than BERT-large"
    indicators: set[str] = field(default_factory=set)  # named in the sentence, figures or words
    quantities: list[Quantity] = field(default_factory=list)
    ratios: list[Ratio] = field(default_factory=list)
    setup: Setup = field(default_factory=Setup)
    phase: str | None = None
    matching: list[str] = field(default_factory=list)  # params | flops | speed
    risks: list[str] = field(default_factory=list)  # sharing | sparsity | token_free | …
    related: bool = False  # describes other papers: in related work, or prior work is the subject

    @property
    def kind(self) -> str:
        return self.kinds[0]

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def span(self):
        return self.sentence.span

    @property
    def block(self) -> Block:
        return self.sentence.block

    @property
    def figures(self) -> set[str]:
        """Indicators with an absolute figure in the sentence."""
        return {q.indicator for q in self.quantities}


class ClaimList(list):
    """The claims of one document, with the document context (`facts`) they are judged in."""

    def __init__(self, claims: list[Claim], facts: "DocumentFacts",
                 other_senses: list[tuple[Sentence, str, str]] | None = None):
        super().__init__(claims)
        self.facts = facts
        # (sentence, word, sense) for sentences whose only efficiency words were read in another
        # sense: `claimcheck parse` lists them, so a missed claim can be traced to its cause.
        self.other_senses = other_senses or []


# ---------------------------------------------------------------------------------------------
# Document context


class DocumentFacts:
    """What the whole document reports, built once: the context every claim is judged in."""

    def __init__(self, document: Document):
        self.document = document
        self.figures: dict[int, list[Found]] = {}  # id(block) → figures in its prose
        self.block_setup: dict[int, Setup] = {}
        self.reported: dict[str, str] = {}  # indicator → where first reported (for messages)
        self.hardware: list[str] = []
        self.frames_provider = None  # set by the checks to reuse ctx.frames
        # id(block) → its claims: "It needs 4× fewer FLOPs." after "Ours is cheaper." tells
        # what the paragraph's claim rests on.
        self.block_claims: dict[int, list[Claim]] = {}
        related_or_refs = ("related", "references")
        for block in document.blocks:
            if block.kind not in PROSE_BLOCKS and block.kind != "heading":
                continue
            text = block.text.text
            if not may_report(text):
                continue
            self.figures[id(block)] = find_quantities(text)
            if block.section is not None and block.section.kind in related_or_refs:
                continue
            for f in self.figures[id(block)]:
                self.reported.setdefault(f.indicator, "prose")
            setup = self.setup_of(block)
            self.hardware += [h for h in setup.hardware if h not in self.hardware]
        for table in document.tables:
            cells = " ; ".join(c.text for row in table.rows for c in row)
            caption = table.caption.text.text if table.caption else ""
            hw = find_setup(cells + " ; " + caption).hardware
            self.hardware += [h for h in hw if h not in self.hardware]

    def setup_of(self, block: Block) -> Setup:
        key = id(block)
        if key not in self.block_setup:
            self.block_setup[key] = find_setup(block.text.text)
        return self.block_setup[key]

    @cached_property
    def setup_sections(self) -> Setup:
        """Setup named in experimental-setup sections (and appendices, which often hold it), and
        in setup statements anywhere ("**Hardware:** NVIDIA H100 80GB" under a README's title):
        each is written once for every figure of the document."""
        setup = Setup()
        for block in self.document.blocks:
            if block.section is not None and block.section.kind in ("setup", "appendix") or \
                    _SETUP_STATEMENT.match(block.text.text):
                setup = setup.merge(self.setup_of(block))
        return setup

    @cached_property
    def table_indicators(self) -> dict[int, set[str]]:
        """id(table) → cost indicators its columns report, as the tables stage classified them,
        absolute or relative (a speed-up column reports measured speed; quality metrics are no
        cost indicator: "accuracy" supports no efficiency claim)."""
        if not self.document.tables:
            return {}
        from claimcheck.tables.columns import row_indicators

        frames = self.frames_provider() if self.frames_provider else _build_frames(self.document)
        return {id(frame.table): {c.indicator for c in frame.columns
                                  if c.indicator and c.role in ("cost", "relative")}
                | row_indicators(frame.models)  # a transposed table: indicators down its rows
                for frame in frames}

    @cached_property
    def reported_all(self) -> set[str]:
        """Indicators reported anywhere outside related work: prose figures and table columns."""
        out = set(self.reported)
        for table in self.document.tables:
            if table.section is not None and table.section.kind in ("related", "references"):
                continue
            out |= self.table_indicators.get(id(table), set())
        return out

    def tables_cited(self, sentence: Sentence) -> list[Table]:
        seen: list[Table] = []
        for ref in sentence.refs:
            table = self.document.table_by_ref(ref)
            if table is not None and table not in seen:
                seen.append(table)
        if sentence.block.kind == "caption" and sentence.block.table is not None:
            if sentence.block.table not in seen:
                seen.append(sentence.block.table)
        return seen

    def local_indicators(self, claim: Claim) -> set[str]:
        """Indicators in the claim's sentence, its paragraph's figures and the tables it cites."""
        out = set(claim.indicators)
        free, by_model = self._subject_index(claim.block)
        out |= free  # claims that refer back or name no model
        for model in {m[2] for m in find_models(claim.text)}:  # or open with one this one names
            out |= by_model.get(model, set())
        out |= {f.indicator for f in self.figures.get(id(claim.block), [])}
        for table in self.tables_cited(claim.sentence):
            out |= self.table_indicators.get(id(table), set())
        return out

    def _subject_index(self, block) -> tuple[set[str], dict[str, set[str]]]:
        """The indicators of a paragraph's claims that `_same_subject` pools into any claim of it
        (anaphoric or model-free), and those pooled only into claims naming the model they open
        with. Built once per paragraph: comparing every pair of claims was quadratic (3,200
        claims in one paragraph took minutes). A model-naming claim qualifies through the subset
        test only if its first model is named too, so the two tables cover `_same_subject`."""
        index = self.__dict__.setdefault("_subjects", {})
        found = index.get(id(block))
        if found is None:
            free: set[str] = set()
            by_model: dict[str, set[str]] = {}
            for other in self.block_claims.get(id(block), []):
                first = other.text.split(None, 1)[0].lower().strip("(,") if other.text.strip() else ""
                theirs = [m[2] for m in find_models(other.text)]
                if first in _ANAPHORA or not theirs:
                    free |= other.indicators
                else:
                    by_model.setdefault(theirs[0], set()).update(other.indicators)
            found = index[id(block)] = (free, by_model)
        return found

    def setup_for(self, sentence: Sentence) -> Setup:
        """Setup from the sentence's paragraph, the captions of cited tables and of tables that
        report speed, and setup sections (§2: speed depends on hardware and implementation)."""
        setup = self.setup_of(sentence.block)
        for table in self.tables_cited(sentence) + self.speed_tables:
            setup = setup.merge(self.table_setups[id(table)])
        if _SAME_SETUP.search(sentence.text):
            for block in self.earlier_in_section(sentence.block):
                setup = setup.merge(self.setup_of(block))
        # A benchmark section names its GPU once, in its first lines, for every figure in it
        # (a GPU model for a figure on "a GPU", not the laptop CPU of another paragraph).
        sections = self.setup_sections
        around = self.section_setup(sentence.block).hardware + sections.named_hardware
        setup = setup.merge(Setup(hardware=same_class(around, setup.generic_hardware)))
        return setup.merge(sections.without_named_hardware())

    def hardware_around(self, section) -> list[str]:
        """Hardware models named for everything in `section`: in it or a section enclosing it,
        in setup sections and in setup statements (what a table there was measured on, when
        its caption does not say)."""
        named = list(self.setup_sections.named_hardware)
        return named + [h for h in self._hardware_in(section, anywhere_in_own=False) if h not in named]

    def section_setup(self, block: Block) -> Setup:
        """The hardware named in the block's own section or in the text directly under a heading
        it is nested in ("## 7. MIG Benchmarks on a partitioned H100" over "### 7a. Offline
        mode"): not its batch or precision, which vary from figure to figure."""
        return Setup(hardware=self._hardware_in(block.section))

    def _hardware_in(self, section, anywhere_in_own: bool = True) -> list[str]:
        """Hardware named anywhere in `section` (or only in its heading and setup statements),
        and in the heading or a setup statement of each section enclosing it (its other prose
        may be about another device: a laptop demo in a README's introduction says nothing
        about the GPU its tables were measured on)."""
        enclosing = self._enclosing_sections(section)
        everywhere, announced = self._section_hardware
        hardware = list((everywhere if anywhere_in_own else announced).get(id(section), [])) \
            if enclosing else []
        for outer in enclosing[1:]:
            hardware += [h for h in announced.get(id(outer), []) if h not in hardware]
        return hardware

    @cached_property
    def _section_hardware(self) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
        """id(section) → hardware models named in the blocks directly in it, and in its heading
        and setup statements only (one pass)."""
        everywhere: dict[int, list[str]] = {}
        announced: dict[int, list[str]] = {}
        for block in self.document.blocks:
            if block.section is None:
                continue
            targets = [everywhere]
            if block.kind == "heading" or _SETUP_STATEMENT.match(block.text.text):
                targets.append(announced)
            for target in targets:
                named = target.setdefault(id(block.section), [])
                named += [h for h in self.setup_of(block).named_hardware if h not in named]
        return everywhere, announced

    @cached_property
    def _section_order(self) -> tuple[list, dict[int, int]]:
        """The document's sections in reading order, and id(section) → its position."""
        order: list = []
        position: dict[int, int] = {}
        for block in self.document.blocks:
            section = block.section
            if section is not None and id(section) not in position:
                position[id(section)] = len(order)
                order.append(section)
        return order, position

    def _enclosing_sections(self, section) -> list:
        """The section and every section it is nested in (the nearest earlier heading of a
        higher level, and so on up), computed once per section."""
        if section is None:
            return []
        cache = self.__dict__.setdefault("_enclosing", {})
        if id(section) not in cache:
            order, position = self._section_order
            out, level = [section], section.level
            for earlier in reversed(order[:position.get(id(section), 0)]):
                if earlier.level < level:
                    out.append(earlier)
                    level = earlier.level
            cache[id(section)] = out
        return cache[id(section)]

    @cached_property
    def figure_comparisons(self) -> list[Sentence]:
        """Sentences outside related work that compare two cost figures of one indicator with no
        efficiency word ("X takes 14 GPU-hours, against 52 for Y"): not claims of efficiency,
        but comparisons the coverage summary and the generalisation rule still judge."""
        out = []
        for block in self.document.blocks:
            if block.section is not None and block.section.kind in ("related", "references"):
                continue
            figures = self.figures.get(id(block), [])
            for sentence in block.sentences:
                inside = [f.indicator for f in figures if sentence.start <= f.start < sentence.end]
                if len(inside) > len(set(inside)) and _COMPARED.search(sentence.text):
                    out.append(sentence)
        return out

    def earlier_in_section(self, block: Block) -> list[Block]:
        """The blocks before `block` in its section: what "the same setup" points back to."""
        earlier = []
        for other in self.document.blocks:
            if other is block:
                return earlier
            if other.section is block.section:
                earlier.append(other)
        return []

    @cached_property
    def table_setups(self) -> dict[int, Setup]:
        """id(table) → setup named in its caption and the paragraph just before it (in Markdown,
        often the caption). Built once: block positions are computed once, not per claim."""
        # per file, the paragraphs and captions in source order: the one before a table is a
        # bisection, not a scan of every block per table
        by_path: dict[str, tuple[list[tuple[int, int]], list[Block]]] = {}
        for b in self.document.blocks:
            if b.kind in ("paragraph", "caption"):
                positions, blocks = by_path.setdefault(b.span.path, ([], []))
                positions.append((b.span.line, b.span.column))
                blocks.append(b)
        for positions, blocks in by_path.values():
            order = sorted(range(len(blocks)), key=positions.__getitem__)
            positions[:], blocks[:] = [positions[k] for k in order], [blocks[k] for k in order]
        out: dict[int, Setup] = {}
        for table in self.document.tables:
            setup = self.setup_of(table.caption) if table.caption is not None else Setup()
            positions, blocks = by_path.get(table.span.path, ([], []))
            k = bisect.bisect_left(positions, (table.span.line, table.span.column)) - 1
            if k >= 0 and blocks[k] is table.caption:
                k -= 1
            if k >= 0:
                setup = setup.merge(self.setup_of(blocks[k]))
            out[id(table)] = setup
        return out

    @cached_property
    def cost_phases(self) -> set[str]:
        """The phases the document's own cost statements name ("training memory", "inference
        throughput", a "Training time" column). A cost figure with no phase is ambiguous only in
        a document that reports costs of both phases (§2.1): an inference engine's README means
        inference memory, a paper's GPU-hour budget means its training runs."""
        words = re.compile("|".join(re.escape(w) for i in PHASE_DEPENDENT
                                    for w in V.INDICATOR_WORDS.get(i, [])), re.I)
        found: set[str] = set()
        for block in self.document.blocks:
            if block.kind not in PROSE_BLOCKS or (
                    block.section is not None and block.section.kind in ("related", "references")):
                continue
            figures = self.figures.get(id(block), [])
            for sentence in block.sentences:
                if words.search(sentence.text) or any(
                        f.indicator in PHASE_DEPENDENT and sentence.start <= f.start < sentence.end
                        for f in figures):
                    found |= find_phases(sentence.text)
        for table in self.document.tables:
            header = " ; ".join(c.text for row in table.rows[:2] for c in row)
            if words.search(header):
                found |= find_phases(header)
        return found

    @cached_property
    def speed_tables(self) -> list[Table]:
        return [t for t in self.document.tables
                if self.table_indicators.get(id(t), set()) & {"throughput", "latency"}]

    @cached_property
    def risks(self) -> set[str]:
        """Risk contexts anywhere in the document's own prose (not related work)."""
        found: set[str] = set()
        for block in self.document.blocks:
            if block.section is not None and block.section.kind in ("related", "references"):
                continue
            text = block.text.text
            for name, pattern in _RISKS.items():
                if name not in found and pattern.search(text):
                    found.add(name)
        return found

    def paragraph_text(self, sentence: Sentence) -> str:
        return sentence.block.text.text

    def prose_text(self) -> str:
        return "\n".join(b.text.text for b in self.document.blocks)


_ANAPHORA = {"it", "its", "this", "these", "they", "their", "which", "the", "our", "we", "ours",
             "both", "here", "that", "such"}


def _same_subject(claim: Claim, other: Claim) -> bool:
    """Two claims of one paragraph are about the same thing when the other one refers back
    ("It needs …", "Our model …"), names no other model, or opens with the same model name: a
    paragraph in related work that reviews several papers does not pool their indicators."""
    first = other.text.split(None, 1)[0].lower().strip("(,") if other.text.strip() else ""
    if first in _ANAPHORA:
        return True
    mine = {m[2] for m in find_models(claim.text)}
    theirs = [m[2] for m in find_models(other.text)]
    # No other model named ("In particular, FLOPs drop by 40%"), or the same one first.
    return not set(theirs) - mine or bool(theirs and theirs[0] in mine)


def _build_frames(document: Document):
    from claimcheck.tables.frame import build_frames

    return build_frames(document)


# ---------------------------------------------------------------------------------------------
# Sentence analysis


def extract_claims(document: Document) -> ClaimList:
    """The efficiency claims of a document, with its `facts`."""
    facts = DocumentFacts(document)
    candidates: list[Sentence] = []
    for block in document.blocks:
        if block.kind not in PROSE_BLOCKS:
            continue
        if block.section is not None and block.section.kind == "references":
            continue  # a bibliography, a citation block or a venue checklist: nobody's claim
        for sentence in block.sentences:
            if may_claim(sentence.text):
                candidates.append(sentence)
    claims: list[Claim] = []
    other_senses: list[tuple[Sentence, str, str]] = []
    if candidates:
        from claimcheck.extract.nlp import analyse

        titles = _LinkTitles(document)
        for sentence, doc in zip(candidates, analyse([s.text for s in candidates])):
            set_aside: list[tuple[str, str]] = []
            claim = _claim_of(sentence, doc, set_aside)
            if claim is not None and titles.holds(claim):
                other_senses.append((sentence, claim.predicate, "the title of a linked resource"))
            elif claim is not None:
                claims.append(claim)
            elif set_aside:
                other_senses.append((sentence, *set_aside[0]))
    for claim in claims:
        facts.block_claims.setdefault(id(claim.block), []).append(claim)
    return ClaimList(claims, facts, other_senses)


class _LinkTitles:
    """The text of links to other resources ("[Speculative decoding for 2x faster Whisper
    inference](https://…) blog post", a paper title in a news list): a title, not a claim of
    this document. Links inside the document (#anchors, relative paths) are its own prose."""

    def __init__(self, document: Document):
        self.spans: dict[str, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
        for link in document.links:
            if re.match(r"(?:https?|ftp)://", link.target or "") and link.text != link.target:
                self.spans.setdefault(link.span.path, []).append(
                    ((link.span.line, link.span.column), (link.span.end_line, link.span.end_column)))

    def holds(self, claim: Claim) -> bool:
        if not self.spans:
            return False
        at = claim.sentence.char_span(claim.start, claim.end)
        spans = self.spans.get(at.path, [])
        start, end = (at.line, at.column), (at.end_line, at.end_column)
        return any(a <= start and end <= b for a, b in spans)


def _cost_sense(span, doc, set_aside: list[tuple[str, str]]) -> bool:
    """True when the predicate word is about compute cost; records the other sense if not."""
    sense = other_sense(span, doc)
    if sense is not None:
        set_aside.append((span.text, sense))
    return sense is None


def _labels(doc) -> dict[str, list]:
    out: dict[str, list] = {}
    for span in doc.spans["cc"]:
        out.setdefault(span.label_, []).append(span)
    return out


def _claim_of(sentence: Sentence, doc, set_aside: list[tuple[str, str]] | None = None) -> Claim | None:
    set_aside = [] if set_aside is None else set_aside
    text = sentence.text
    labels = _labels(doc)
    traffic = [m.span() for m in _MEMORY_TRAFFIC.finditer(text)]
    if traffic:  # "fewer memory accesses" names no memory footprint
        labels["IND_memory"] = [s for s in labels.get("IND_memory", [])
                                if not any(a <= s.start_char < b for a, b in traffic)]
        for kind in ("PRED_size",):
            labels[kind] = [s for s in labels.get(kind, [])
                            if not any(a <= s.end_char - 1 < b for a, b in traffic)]
    preds: list[tuple[str, object]] = []  # (kind, span)
    for kind in ("generic", "speed", "size", "cost", "pareto"):
        for span in labels.get(f"PRED_{kind}", []):
            kind_here = _predicate_kind(kind, span, doc, labels)
            if kind_here and not _negated(span, doc) and _cost_sense(span, doc, set_aside):
                preds.append((kind_here, span))
    for span in labels.get("EFFNOUN", []):
        if _near(span, doc, V.EFFICIENCY_NOUN_CUES, 6) and not _negated(span, doc) and \
                not _prefixed_non_compute(span, doc) and _cost_sense(span, doc, set_aside):
            preds.append(("generic", span))
    for m in _RUNS_ON_DEVICE.finditer(text):
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and not _negated(span, doc):
            preds.append(("generic", span))
    ratios = _ratios(doc, labels)
    for r in ratios:
        kind = _ratio_kind(r, doc)
        if kind:
            preds.append((kind, doc.char_span(r.start, r.end, alignment_mode="expand")))
    for span in labels.get("REDUCE", []):
        ind = _indicator_after(span, doc, labels, 4)
        if ind and not _negated(span, doc):
            if span.text.lower() == "only" and not _number_after(span, doc):
                continue
            preds.append(("reduction", span))
    # A claim inside quotation marks is quoted, not made ("to write that a model is ``three
    # times faster''"): drop predicates that sit inside quotes.
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(text)]
    preds = [(k, span) for k, span in preds
             if not any(a <= span.start_char < b for a, b in quoted)]
    matching = [k for k, p in _MATCHING.items()
                if any(not any(a <= m.start() < b for a, b in quoted) for m in p.finditer(text))]
    if not preds and not matching:
        return None
    if _ABOUT_CLAIMS.search(sentence.text) or _generic_hedged(doc, labels, text) or \
            _METRICS_LEAD.match(sentence.block.text.text[:sentence.start]):
        return None
    if preds and not matching and _is_discussion(sentence, doc, labels, ratios,
                                                 reduction_only=all(k == "reduction" for k, _ in preds),
                                                 pareto_only=all(k == "pareto" for k, _ in preds)):
        return None
    quantities = extract_quantities(sentence)
    indicators = {q.indicator for q in quantities}
    for label, spans in labels.items():
        if label.startswith("IND_") and spans:
            indicators.add(label[4:])
    indicators |= {r.indicator for r in ratios if r.indicator}
    preds.sort(key=lambda p: p[1].start_char)
    if preds:
        first = preds[0][1]
        kinds = sorted({k for k, _ in preds}, key=KIND_ORDER.index)
        start, end = first.start_char, first.end_char
        predicate = first.text
    else:
        kinds = ["matching"]
        m = next(p.search(text) for k, p in _MATCHING.items() if k in matching)
        start, end, predicate = m.start(), m.end(), m.group()
    section = sentence.section
    return Claim(
        sentence=sentence, kinds=kinds, predicate=predicate, start=start, end=end,
        target=_target(doc, labels), indicators=indicators, quantities=quantities,
        ratios=ratios, setup=find_setup(text), phase=find_phase(text), matching=matching,
        risks=[k for k, p in _RISKS.items() if p.search(text)],
        related=section is not None and section.kind == "related" or _about_prior_work(text, end),
    )


def _about_prior_work(text: str, end: int) -> bool:
    """Prior work is the sentence's subject, or the predicate describes a cited method."""
    return _PRIOR_WORK.search(text) is not None or _CITED_AFTER.match(text[end:]) is not None


def _predicate_kind(kind: str, span, doc, labels) -> str | None:
    """The kind a predicate word has here, or None when it is used in another sense."""
    word = span.text.lower()
    if _in_identifier(span, doc):
        return None  # "cheap-bert-base", "lean-gpt2", "fast_tokenizer": a name, not a claim
    if _in_title(span, doc) or _planned(span, doc):
        return None
    # The next words, a hyphen skipped: "cheap-talk" reads as "cheap talk".
    nxt = [t.lower_ for t in doc[span.end: span.end + 4] if t.text not in _DASHES][:3]
    if word == "efficiently":
        before = {t.lower_ for t in doc[max(0, span.start - 3): span.start]}
        return "generic" if before & set(V.RUN_VERBS) else None
    if kind == "generic" and "efficient" in word:
        if _prefixed_non_compute(span, doc):
            return None
        if nxt and nxt[0] in V.NON_COMPUTE_SENSES["efficient_next"]:
            return None
        if _algorithmic(span, doc):
            return None
    if kind == "generic" and word in ("lightweight", "light-weight", "lighter", "lean", "leaner"):
        if nxt and nxt[0] in V.NON_COMPUTE_SENSES["light_next"]:
            return None
        if {"tail", "tails", "tailed"} & set(nxt):
            return None  # "lighter than the tail of X", "lighter-tailed": a distribution
    if kind == "speed":
        if _is_name(span, doc):
            return None
        if nxt and nxt[0] in V.NON_COMPUTE_SENSES["fast_next"]:
            return None
        window = {t.lower_ for t in doc[max(0, span.start - 3): span.end + 3]}
        if window & {"converge", "converges", "converged", "converging", "convergence"}:
            return None  # convergence in steps: not a compute claim by itself (§2.1)
        if word in ("accelerate", "accelerates", "accelerated", "acceleration", "speed up",
                    "speeds up", "sped up") and \
                set(t.lower_ for t in doc[span.end: span.end + 4]) & \
                set(V.NON_COMPUTE_SENSES["speed_object"]):
            return None
        if word in ("fast", "faster") and span.end < len(doc) and doc[span.end].text in _DASHES:
            return None  # "fast-growing", "faster-paced"
        before = {t.lower_ for t in doc[max(0, span.start - 2): span.start]}
        if before & set(V.NON_COMPUTE_SENSES["fast_prev"]):
            return None  # "the community has grown fast": growth, not compute
    if kind == "cost":
        if nxt and nxt[0] in V.NON_COMPUTE_SENSES["cheap_next"]:
            return None
        if set(nxt[:3]) & set(V.NON_COMPUTE_SENSES["cost_equipment"]):
            return None
    if kind == "size":
        if word == "compact" and nxt and nxt[0] in V.NON_COMPUTE_SENSES["compact_next"]:
            return None
        if word in ("smaller", "compact", "slimmer") and not (
                (nxt and nxt[0] in _MODEL_NOUNS) or "than" in nxt or _ratio_before(span, doc)
                or _subject_is_model(span, doc)):
            return None
        if word in ("smaller", "slimmer") and not (nxt and nxt[0] in _MODEL_NOUNS - {"and", ","}) \
                and not _model_compared(span, doc):
            return None  # "smaller than 0.03", "smaller than 16 pixels", "a smaller dataset"
    if kind == "pareto":
        if re.search(r"\b(?:convergence|communication|correctness|annotation|label(?:ing|ling)?)\b",
                     doc.text, re.I) and not (labels.get("IND_flops") or labels.get("IND_params")
                                                or labels.get("IND_latency")):
            return None  # a trade-off of convergence against communicated bits: not a cost front
        if not any(label.startswith("IND_") for label in labels) and not re.search(
                r"effici|cost|accuracy|quality|speed", doc.text, re.I):
            return None  # a Pareto front of rewards or objectives, not of cost (§3.1)
        if word.startswith("pareto"):
            return "pareto"
        # The cue may precede a compound axis: "the best accuracy-vs-FLOPs trade-off".
        context = {t.lower_ for t in doc[max(0, span.start - 8): span.start]}
        if not context & set(V.PARETO_CUES):
            return None
    return kind


_DASHES = ("-", "–", "—")
_IDENT_CHARS = re.compile(r"[\w./-]")
_RATIO_PREFIX = re.compile(r"^~?\d+(?:\.\d+)?[x×]?$")


def _in_identifier(span, doc) -> bool:
    """A predicate inside a model, repository or file name ("efficient-bert-base",
    "lean-gpt2", "org/fast-model", "cheap_ops"): the word names something, it claims nothing.
    Shape decides, not a list of names: the run of name characters around the word holds an
    underscore or slash, two hyphens, or a hyphenated part with digits ("2x-faster" excepted)."""
    text = doc.user_data.get("claimcheck_text")  # Doc.text re-joins every token on each access
    if text is None:
        text = doc.user_data["claimcheck_text"] = doc.text
    start, end = span.start_char, span.end_char
    while start > 0 and _IDENT_CHARS.match(text[start - 1]):
        start -= 1
    while end < len(text) and _IDENT_CHARS.match(text[end]):
        end += 1
    run = text[start:end].rstrip(".")
    if run.lower() == span.text.lower() or len(run) <= len(span.text):
        return False
    if "_" in run or "/" in run or run.count("-") >= 2:
        return True
    parts = [p for p in run.split("-") if p]
    return len(parts) > 1 and any(any(c.isdigit() for c in p) and not _RATIO_PREFIX.match(p)
                                  for p in parts)


def _prefixed_non_compute(span, doc) -> bool:
    """sample-efficient, data efficient, parameter-efficient fine-tuning …"""
    i = span.start
    prev = doc[i - 1].lower_ if i >= 1 else ""
    prev2 = doc[i - 2].lower_ if i >= 2 else ""
    prefixes = V.NON_COMPUTE_SENSES["efficient_prefix"]
    return prev in prefixes or (prev == "-" and prev2 in prefixes)


def _algorithmic(span, doc) -> bool:
    """"an efficient algorithm for computing X", "an efficient ADMM method to update y", "the
    efficient projection method proposed in [3]": efficiency of a procedure, not of a model."""
    after = [t.lower_ for t in doc[span.end: span.end + 3]]
    if any(w in ("method", "methods", "algorithm", "algorithms", "solver", "scheme", "manner")
           for w in after):
        rest = {t.lower_ for t in doc[span.end: span.end + 8]}
        if rest & {"to", "for", "proposed", "update", "solve", "manner", "in"}:
            return True
    for i in range(span.end, min(len(doc) - 1, span.end + 5)):
        if doc[i].lower_ in ("for", "to") and doc[i + 1].lower_ in _ALGO_VERBS:
            between = {t.lower_ for t in doc[span.end:i]}
            return not between & {"model", "models", "network", "networks", "architecture",
                                  "transformer", "transformers", "backbone", "variant"}
    return False


def _is_name(span, doc) -> bool:
    """"Fast R-CNN", "Faster R-CNN", "FastSpeech 2": a capitalised predicate in a model name."""
    tok = doc[span.start]
    if _in_title(span, doc):
        return True
    if not tok.text[:1].isupper() or span.end >= len(doc):
        return False
    nxt = doc[span.end].text
    return bool(nxt[:1].isupper() and (any(c.isdigit() for c in nxt) or "-" in nxt or
                                       nxt.isupper() or nxt[1:2].isupper()))


_TITLE_SMALL = {"a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to",
                "via", "with", "-", "–", ":"}


def _in_title(span, doc) -> bool:
    """A capitalised predicate inside a Title-Case run, not at the sentence start: a paper,
    product or section title ("Bitnet.cpp: Efficient Edge Inference for Ternary LLMs", "Make
    Agents Cheaper", "**Energy Efficient**:"). It names a work; the claim is elsewhere."""
    tok = doc[span.start]
    if not tok.text[:1].isupper() or tok.text.isupper():
        return False
    before = []
    for t in reversed(doc[max(0, span.start - 3): span.start]):
        if t.is_punct and t.text not in ("-", "–"):
            break  # "our report, Fast and …": the title starts after the comma
        if t.is_alpha and t.lower_ not in _TITLE_SMALL:
            before.append(t)
    after = []
    for t in doc[span.end: span.end + 4]:
        if t.is_punct and t.text not in ("-", "–"):
            break
        if t.is_alpha and t.lower_ not in _TITLE_SMALL:
            after.append(t)
    def capitalised(tokens) -> bool:
        return bool(tokens) and all(t.text[:1].isupper() for t in tokens)

    before, after = before[:2], after[:2]
    # Title Case on both sides ("Fast and Lossless Inference"), or a title ending or starting
    # with the word ("Make Agents Cheaper", "Efficient Edge Inference").
    label = span.end < len(doc) and doc[span.end].text in (":", "*", "**")  # "**Energy Efficient**:"
    return (capitalised(before) and (capitalised(after) or label)) or \
        (len(before) >= 2 and capitalised(before)) or (len(after) >= 2 and capitalised(after))


def _planned(span, doc) -> bool:
    """The predicate sits in an aim, a question or a requirement ("to enable efficient
    application", "asks whether serving can be cheaper"): nothing is claimed yet."""
    before = doc.text[max(0, span.start_char - 60):span.start_char]
    clause = re.split(r"[.;:!?]", before)[-1]
    return _PLAN_BEFORE.search(clause) is not None


def _near(span, doc, words, window: int) -> bool:
    ws = set(words)
    return any(t.lower_ in ws for t in doc[max(0, span.start - window): span.end + window])


def _negated(span, doc) -> bool:
    """"not faster", "no more efficient", "not necessarily efficient" — but "not only faster"."""
    for i in range(max(0, span.start - 4), span.start):
        w = doc[i].lower_
        if w in V.NEGATIONS:
            after = doc[i + 1].lower_ if i + 1 < len(doc) else ""
            if after in ("only", "just", "merely", "least"):
                continue
            between = {t.lower_ for t in doc[i + 1: span.start]}
            if between & {"but", "while", "and", ",", ";"}:
                continue
            return True
    return False


def _number_after(span, doc) -> bool:
    return any(t.like_num or any(c.isdigit() for c in t.text) for t in doc[span.end: span.end + 2])


def _ratio_before(span, doc) -> bool:
    return any(any(c.isdigit() for c in t.text) or t.lower_ in ("x", "×", "times", "%")
               for t in doc[max(0, span.start - 2): span.start])


def _model_compared(span, doc) -> bool:
    """"smaller than X" compares models when a model is named around it or the compared thing
    is one, not a number or a value ("smaller than 0.03", "smaller than $16\\times16$")."""
    after = [t for t in doc[span.end: span.end + 4] if t.lower_ not in ("than", "the", "a", "an")]
    if after and (after[0].like_num or any(c.isdigit() for c in after[0].text) or
                  after[0].text in "$\\"):
        return False
    head = next((t for t in doc[span.end: span.end + 5] if t.lower_ in V.NON_MODEL_HEADS), None)
    if head is not None:
        return False  # "a much smaller and less diverse corpus"
    window = doc[max(0, span.start - 8): span.end + 6]
    return bool(find_models(window.text)) or any(t.lower_ in _MODEL_NOUNS - {"and", ","} or
                                                 t.lower_ in ("we", "our", "ours", "it")
                                                 for t in window)


def _subject_is_model(span, doc) -> bool:
    """"Our model is smaller", "X is more compact": a copula before the size word."""
    prev = [t.lower_ for t in doc[max(0, span.start - 3): span.start]]
    return any(w in ("is", "are", "was", "becomes", "remains", "much", "significantly")
               for w in prev)


def _indicator_after(span, doc, labels, window: int) -> str | None:
    """The cost indicator named just after (or before) a reduction word."""
    best = None
    for label, spans in labels.items():
        if not label.startswith("IND_"):
            continue
        for s in spans:
            if span.end <= s.start <= span.end + window or (s.end <= span.start and
                                                              span.start - s.end <= 1):
                if best is None or abs(s.start - span.end) < abs(best[1].start - span.end):
                    best = (label[4:], s)
    return best[0] if best else None


_RATIO_NUM = re.compile(r"\d+(?:\.\d+)?")


def _ratios(doc, labels) -> list[Ratio]:
    out: list[Ratio] = []
    for span in labels.get("RATIO", []):
        comp = None
        for t in doc[span.end: span.end + 3]:
            if t.lower_ in ("fewer", "less", "smaller", "faster", "cheaper", "lower", "higher",
                            "more", "larger", "speedup", "speedups", "reduction", "improvement",
                            "slower", "quicker", "lighter", "savings", "saving", "decrease",
                            "increase", "better", "reduce", "reduces", "reduced", "speed",
                            "acceleration", "compression", "throughput", "latency"):
                comp = t
                break
        if comp is None:
            # "a speedup of 3×", "reduces FLOPs by 40%": the comparative precedes the figure.
            for t in reversed(doc[max(0, span.start - 5): span.start]):
                if t.lower_ in ("speedup", "speed-up", "reduction", "reduces", "reduced",
                                "reducing", "cuts", "saves", "faster", "improves", "accelerates",
                                "compresses", "compression", "lower", "lowers", "fewer", "less",
                                "up", "increases", "improvement"):
                    comp = t
                    break
        if comp is None:
            continue
        comp_span = doc[comp.i: comp.i + 1]
        ind = _indicator_after(comp_span, doc, labels, 4) if comp.i >= span.start else \
            _indicator_after(span, doc, labels, 3) or _indicator_after(comp_span, doc, labels, 4)
        m = _RATIO_NUM.search(span.text)
        factor = float(m.group()) if m else None
        start = min(span.start_char, comp.idx)
        end = max(span.end_char, comp.idx + len(comp.text))
        out.append(Ratio(doc.text[start:end], factor, comp.lower_, ind, start, end))
    return out


def _ratio_kind(r: Ratio, doc=None) -> str | None:
    c = r.comparative
    if r.indicator is None and c in ("less", "lower", "cheaper", "fewer") and doc is not None:
        before = doc.text[max(0, r.start - 12):r.start].lower()
        if re.search(r"\bcosts?\b|\bcosting\b", before):
            return "cost"
    if c in ("faster", "speedup", "speedups", "quicker", "acceleration", "accelerates", "slower",
             "speed", "up") or (r.indicator in ("throughput", "latency", "speed") and
                                c in ("higher", "lower", "better", "improves", "improvement",
                                      "increase", "increases", "throughput", "latency")):
        return "speed"
    if c == "cheaper":
        return "cost"
    if c in ("smaller", "lighter", "compression", "compresses"):
        return "size" if r.indicator in (None, "params", "model_size", "memory") else "reduction"
    if c in ("fewer", "less", "lower", "reduction", "reduce", "reduces", "reduced", "reducing",
             "cuts", "saves", "savings", "saving", "decrease", "lowers") and r.indicator:
        return "reduction"
    return None


def _target(doc, labels) -> str | None:
    for span in labels.get("TARGET", []):
        if span.start and doc[span.start - 1].text in _DASHES:
            continue  # "accuracy-vs-FLOPs": an axis, not a comparison target
        words = []
        for t in doc[span.end: span.end + 8]:
            if t.lower_ in V.TARGET_STOP and words:
                break
            if t.lower_ in ("the", "a", "an", "its", "their") and not words:
                continue
            if t.is_punct and t.text not in ("-", "/", "."):
                break
            words.append(t.text_with_ws)
        target = "".join(words).strip().rstrip(".")
        if target and not target[:1].isdigit():
            return target
    return None


_FRONTIER_MOVES = re.compile(V.FRONTIER_CHANGE_RE, re.I)
_PLAN_BEFORE = re.compile(V.PLAN_BEFORE_RE, re.I)
_MEMORY_TRAFFIC = re.compile(V.MEMORY_TRAFFIC_RE, re.I)
_RUNS_ON_DEVICE = re.compile(V.RUNS_ON_DEVICE_RE, re.I)
_ABOUT_CLAIMS = re.compile("|".join(f"(?:{p})" for p in (
    V.ILLUSTRATION_RE, V.META_DISCOURSE_RE, V.ATTRIBUTED_BELIEF_RE, V.DEPENDENCE_RE,
    V.DEFINITION_RE)), re.I)
_PRIOR_WORK = re.compile(V.PRIOR_WORK_RE, re.I)
# a run-in "Metrics." label before the sentence: what follows defines what is measured
_METRICS_LEAD = re.compile(r"^\W*(?:evaluation |performance )?metrics?\s*[.:]\W*$", re.I)
_CITED_AFTER = re.compile(V.CITED_AFTER_PREDICATE_RE, re.I)


def _generic_hedged(doc, labels, text: str) -> bool:
    """"Two networks with the same FLOPs can differ in latency", "A pruned network may need 90%
    fewer FLOPs": a generic subject and a modal make a statement about models in general, even
    with figures in it, unless the author's own or a named model is the subject."""
    if labels.get("FIRST") or not labels.get("HEDGE") or not len(doc):
        return False
    return doc[0].lower_ in V.GENERIC_DETERMINERS and not find_models(text)


def _is_discussion(sentence: Sentence, doc, labels, ratios, reduction_only: bool = False,
                   pareto_only: bool = False) -> bool:
    """General statements about cost indicators ("a model with low FLOPs may not be fast"),
    questions and hedged generalities: the paper's own prose is full of them."""
    text = sentence.text.strip()
    if text.endswith("?"):
        return True
    first_person = bool(labels.get("FIRST"))
    if pareto_only and not first_person and (
            _FRONTIER_MOVES.search(text) or labels.get("HEDGE") or
            (len(doc) and doc[0].lower_ in V.GENERIC_DETERMINERS)):
        # "A Pareto frontier can move when the indicator changes": the pitfall discussed, no
        # model of the author's claimed to be on a frontier.
        return True
    figures = bool(ratios) or bool(find_quantities(text))
    if reduction_only:
        # "Parameter sharing lowers the parameter count": a mechanism, unless someone's own
        # model is measured.
        # A comparison with a named model ("it needs less memory than BERT-large") is a claim.
        models = find_models(text)
        return not (first_person or figures or (labels.get("TARGET") and models))
    models = find_models(text)
    specific = first_person or bool(models) or figures or bool(labels.get("TARGET"))
    if specific:
        return False
    hedged = bool(labels.get("HEDGE"))
    first = doc[0].lower_ if len(doc) else ""
    generic_subject = first in V.GENERIC_DETERMINERS or first in ("when", "if", "while",
                                                                   "although", "whereas")
    return hedged or generic_subject


__all__ = ["Claim", "ClaimList", "DocumentFacts", "Ratio", "extract_claims", "extract_quantities"]
