"""The cheap gate in front of the NLP stage: one compiled pattern over the efficiency vocabulary.

Most sentences of a paper say nothing about cost. Testing each with one regular expression
(microseconds) decides which ones need spaCy (milliseconds), and a document that never matches
never imports spaCy at all. The pattern is deliberately broad (word stems, units): a false hit
costs a little time, a miss loses a claim.
"""
from __future__ import annotations

import re

from claimcheck.extract import vocabulary as V

# Words that can make a sentence an efficiency claim: these send it to spaCy.
_CLAIM_STEMS = (
    r"effici\w*|lightweight|light-weight|lighter|lean(?:er)?|economical|frugal|"
    r"fast\w*|speed\w*|sped|accelerat\w*|quicker|real[- ]?time|realtime|latenc\w*|throughput\w*|"
    r"smaller|compact|tiny|slimmer|footprint|cheap\w*|inexpensive|affordable|"
    r"low[- ]cost|lower[- ]cost|expensive|cost-\w+|pareto\w*|frontier|trade[- ]?offs?|"
    r"\w+-matched|iso-?(?:flops?|param\w*|compute|latency)|similarly[- ]sized|"
    r"param(?:eter)?s?|[GMT]?flops?|[GMT]?macs?|multiply[- ]adds?|compute|computation\w*|"
    r"memory|activations|snapp\w+|speed(?:y|ier)|zippy|nimble|thrifty|\w+-friendly|edge-ready"
)
# Words that name a cost indicator or a unit: these sentences are scanned for quantities.
_INDICATOR_STEMS = (
    r"[GMTPK]?flops?|[GMT]?macs?|madds|mult(?:iply)?[- ](?:adds?|accumulat\w*)|"
    r"param\w*|weights|memory|vram|activations|gpus?|tpus?\w*|cpus?|"
    r"kwh|wh|mwh|co2\w*|co₂|carbon|emissions|energy|usd|dollars|"
    r"steps|epochs|iterations|updates|runtime|run[- ]time|wall-?clock|latenc\w*|throughput|"
    r"\w+/s|fps|qps|ms|msec|µs|us|s|sec|seconds?|minutes|hours|days|weeks|[kmgt]i?b|bytes|"
    r"[KMBT]|billion|million|trillion"
)
CLAIM_GATE = re.compile(r"(?<![\w-])(?:" + _CLAIM_STEMS + r")(?![\w])|\d\s*[×x]\b|×",
                        re.IGNORECASE)
INDICATOR_GATE = re.compile(r"(?<![A-Za-z])(?:" + _INDICATOR_STEMS + r")(?![A-Za-z])|\$",
                            re.IGNORECASE)


# A reduction word makes a claim only beside a cost noun ("reduces the training cost by half").
REDUCTION_GATE = re.compile(
    r"(?<![\w-])(?:reduc\w*|fewer|less|lower\w*|cut|cuts|sav(?:e|es|ing|ings)|halv\w*|"
    r"decreas\w*|fraction|only|drop\w*|half)(?![\w])", re.IGNORECASE)
COST_NOUN = re.compile(
    r"(?<![\w-])(?:cost\w*|budget|train\w*|pre-?train\w*|time|hours|days|energy|emissions|"
    r"co2|steps|epochs|iterations|weights|gpus?|tpus?\w*|kwh|dollars|size|bill|price)(?![\w])",
    re.IGNORECASE)


# "Runs on a laptop": modest hardware named as a claim (the same pattern the claims stage uses).
RUNS_ON_DEVICE = re.compile(V.RUNS_ON_DEVICE_RE, re.IGNORECASE)


def may_claim(text: str) -> bool:
    """True when a sentence has a word that can make it an efficiency claim (→ spaCy)."""
    if CLAIM_GATE.search(text) is not None or RUNS_ON_DEVICE.search(text) is not None:
        return True
    return REDUCTION_GATE.search(text) is not None and COST_NOUN.search(text) is not None


def may_report(text: str) -> bool:
    """True when a sentence may report a cost figure or setup (→ the quantity scanner)."""
    return INDICATOR_GATE.search(text) is not None
