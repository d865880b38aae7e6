"""Section kinds from section titles, shared by the LaTeX and Markdown front ends.

Rules judge a sentence by where it stands: related work describes others' claims, a setup
section supplies the hardware for a throughput figure stated elsewhere. Titles vary
("4 Experiments", "Experimental Setup", "Appendix B: Hardware"), so the classifier looks for
telling words in order of specificity rather than for exact titles.
"""
from __future__ import annotations

import re

# Checked in order: the first kind whose pattern matches the normalised title wins. Specific
# kinds come before broad ones ("Experimental setup" is setup, not results; "Related work and
# background" is related).
_KIND_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern)) for kind, pattern in (
        # a venue's checklist ("NeurIPS Paper Checklist") is template text, not the authors' prose
        ("references", r"\b(references|bibliography|works cited|citations?|checklist)\b"),
        ("appendix", r"\b(appendix|appendices|supplementary|supplemental)\b"),
        ("abstract", r"\b(abstract|summary|tl;?dr)\b"),
        ("related", r"\b(related work|prior work|previous work|background|literature)\b"),
        ("setup", r"\b(experimental (setup|settings?|details)|implementation details?|setup|"
                  r"hardware|training details|benchmark(ing)? (setup|settings?|details|environment)|"
                  r"environment|reproducibility|(?:latency|speed|timing) measurements?|"
                  r"measurement (?:setup|protocol|details)|platform|testbed)\b"),
        ("results", r"\b(results?|experiments?|evaluations?|performance|benchmarks?|"
                    r"ablations?|comparisons?|empirical|analysis|efficiency|speed)\b"),
        ("conclusion", r"\b(conclusions?|concluding|discussion|limitations?|future work|"
                       r"closing remarks)\b"),
        ("introduction", r"\b(introduction|overview|motivation)\b"),
        ("method", r"\b(method|methods|methodology|approach|model|architecture|framework|"
                   r"proposed|design|algorithm)\b"),
    )
)

# "4.2", "IV.", "A.", "Appendix B:" style numbering ahead of the title words.
_NUMBERING = re.compile(r"^\s*(?:[0-9]+(?:\.[0-9]+)*|[IVXLC]+|[A-Z])[.):]?\s+")


def classify_section(title: str) -> str:
    """The section kind (one of document.SECTION_KINDS) a heading title announces."""
    text = _NUMBERING.sub("", title, count=1)
    text = re.sub(r"[*_`#]+", " ", text)  # leftover Markdown emphasis or heading marks
    text = re.sub(r"\s+", " ", text).strip().lower()
    for kind, pattern in _KIND_PATTERNS:
        if pattern.search(text):
            return kind
    return "other"
