"""The spaCy pipeline: `spacy.blank("en")` plus one rule component that labels efficiency words.

No model is downloaded: tokenisation and rule matching are all the extraction needs. The
component runs one Matcher (a handful of patterns, each an `IN` list or a REGEX token, because
Matcher cost grows with the number of patterns) and one PhraseMatcher (hash lookups, for the
multi-word terms), and stores labelled spans in `doc.spans["cc"]`. The pipeline is built once
per process, on first use: importing spaCy costs ~0.6 s, paid only by documents that need it.
"""
from __future__ import annotations

from functools import lru_cache

from claimcheck.extract import vocabulary as V

SPAN_KEY = "cc"


def _split(words: list[str]) -> tuple[list[str], list[str]]:
    """Single-token words (for a Matcher IN list) and phrases (for the PhraseMatcher)."""
    single = [w for w in words if " " not in w and "-" not in w and "/" not in w]
    return single, [w for w in words if w not in single]


@lru_cache(maxsize=1)
def pipeline():
    """The process-wide pipeline (built lazily)."""
    import spacy
    from spacy.language import Language
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Span, SpanGroup

    nlp = spacy.blank("en")
    matcher = Matcher(nlp.vocab)
    phrases = PhraseMatcher(nlp.vocab, attr="LOWER")

    def add_words(label: str, words: list[str]) -> None:
        single, multi = _split(words)
        if single:
            matcher.add(label, [[{"LOWER": {"IN": single}}]])
        if multi:
            phrases.add(label, [nlp.make_doc(p) for p in multi])

    for kind, words in V.PREDICATES.items():
        add_words(f"PRED_{kind}", words)
    for indicator, words in V.INDICATOR_WORDS.items():
        add_words(f"IND_{indicator}", words)
    add_words("REDUCE", V.REDUCTION_WORDS)
    add_words("NEG", V.NEGATIONS)
    add_words("HEDGE", V.HEDGES)
    add_words("FIRST", V.FIRST_PERSON)
    add_words("TARGET", V.TARGET_CUES + V.TARGET_PHRASES)
    add_words("EFFNOUN", ["efficiency"])
    comparatives = ["fewer", "less", "smaller", "faster", "cheaper", "lower", "higher", "more",
                    "larger", "speedup", "speed-up", "reduction", "improvement", "slower",
                    "quicker", "lighter", "savings", "saving", "decrease", "increase", "better"]
    # "3.2x faster", "1.5× fewer": one token (tokenizer quirk); "3 x faster", "40 % fewer",
    # "2 times faster": three tokens; "by 3×", "a 40% reduction" are found via RATIO + REDUCE.
    matcher.add("RATIO", [
        [{"TEXT": {"REGEX": r"^~?\d+(?:\.\d+)?[x×]$"}}],
        [{"LIKE_NUM": True}, {"LOWER": {"IN": ["x", "×", "times", "%", "percent", "fold",
                                               "-fold", "orders", "order"]}}],
        [{"TEXT": {"REGEX": r"^\d+(?:\.\d+)?-?fold$"}}],
    ])
    matcher.add("COMPARATIVE", [[{"LOWER": {"IN": comparatives}}]])

    @Language.component("claimcheck_labels")
    def label_tokens(doc):
        strings = nlp.vocab.strings
        group = SpanGroup(doc, name=SPAN_KEY)
        for match_id, start, end in list(matcher(doc)) + list(phrases(doc)):
            group.append(Span(doc, start, end, label=strings[match_id]))
        doc.spans[SPAN_KEY] = group
        return doc

    nlp.add_pipe("claimcheck_labels")
    return nlp


def _analyse_all(texts: list[str]):
    nlp = pipeline()
    return list(nlp.pipe(texts, batch_size=256))


class AnalysisMemo:
    """An analysis function remembering the spaCy Doc of each sentence text it has seen (least
    recently used first out), so re-linting a buffer after a one-line change runs spaCy on the
    changed sentences only. Sound because the analysis is a pure function of the text and the
    Docs are only read afterwards; worth it only where the same sentences are linted again and
    again (the language server; the CLI lints each once). Rules still judge the whole document."""

    def __init__(self, analyse, size: int):
        from collections import OrderedDict

        self.analyse, self.size = analyse, size
        self.docs: OrderedDict = OrderedDict()

    def __call__(self, texts: list[str]):
        missing = [t for t in dict.fromkeys(texts) if t not in self.docs]
        if missing:
            self.docs.update(zip(missing, self.analyse(missing)))
        for text in texts:
            self.docs.move_to_end(text)
        out = [self.docs[t] for t in texts]
        while len(self.docs) > self.size:
            self.docs.popitem(last=False)
        return out


_memo: AnalysisMemo | None = None


def remember_analyses(size: int) -> None:
    """From now on, keep the analyses of the last `size` distinct sentences in this process."""
    global _memo
    if _memo is None:
        _memo = AnalysisMemo(_analyse_all, size)


def analyse(texts: list[str]):
    """spaCy Docs for the texts, labelled spans in `doc.spans["cc"]`."""
    return _memo(texts) if _memo is not None else _analyse_all(texts)
