"""The sense decision: is an efficiency word about the computational cost of a model, its
training or its inference — or about something else?

Real papers use "efficient", "fast", "smaller" and "cheap" far more often in other senses than
our corpora did: sample or learning efficiency ("learns faster", "converges in fewer episodes"),
the complexity of an algorithm or data structure ("an efficient estimator", "fast eviction"),
networks and circuits ("fast interconnect", "circuit speed-up"), human effort. A word whose
neighbourhood names one of those senses, and no compute anchor, is not a cost claim.
"""
from __future__ import annotations

from claimcheck.extract import vocabulary as V

_OTHER = {sense: frozenset(words) for sense, words in V.OTHER_SENSE_ANCHORS.items()}
_COMPUTE = frozenset(V.COMPUTE_SENSE_ANCHORS)
WINDOW = 6  # tokens either side of the predicate word


def _variable_x(token, doc) -> bool:
    """An "x" that is no factor ("3 x faster" is): a variable, as in "lighter than X's"."""
    return token.lower_ == "x" and not (token.i > 0 and doc[token.i - 1].like_num)


def other_sense(span, doc, window: int = WINDOW) -> str | None:
    """The other sense named around `span` ("learning", "algorithmic", …), or None when the
    neighbourhood is about compute cost or names no other sense."""
    around = [t.lower_ for t in doc[max(0, span.start - window): span.end + window]
              if (t.i < span.start or t.i >= span.end) and not _variable_x(t, doc)]
    words = set(around) | {w[:-1] for w in around if w.endswith("s") and len(w) > 3}
    if words & _COMPUTE:
        return None
    for sense, anchors in _OTHER.items():
        if words & anchors:
            return sense
    return None
