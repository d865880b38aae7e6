"""Rules on efficiency claims in prose (CC101–CC117), after *The Efficiency Misnomer*.

Each claim is judged with its document (`ctx.claims.facts`): an indicator reported in the same
sentence, its paragraph, a table it cites, or anywhere else in the document's own prose and
tables supports it; setup is looked for in the sentence, its paragraph, table captions and setup
sections. Claims in related-work sections describe other papers: they are judged the same way
but reported at severity `info` at most, because the author cannot fix another paper's
reporting — only avoid repeating it.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable, Iterator

from claimcheck.checks.engine import Context, check
from claimcheck.extract import vocabulary as V
from claimcheck.extract.claims import PHASE_DEPENDENT, Claim, DocumentFacts
from claimcheck.extract.quantities import (find_batch_sizes, find_models, find_phase, find_quantities,
                                           find_setup)
from claimcheck.findings import Finding
from claimcheck.indicators import COMPUTE, SPEED
from claimcheck.indicators import label as indicator_label

GROUP = V.INDICATOR_GROUPS
# Codes more specific than CC101 on the same claim (CC101 stays silent where one fires).
SPECIFIC_OVER_CC101 = {"CC103", "CC104", "CC105", "CC114", "CC117", "CC109", "CC116"}

_RE = {name: re.compile(p, re.I) for name, p in {
    "generaliser": V.GENERALISER_RE, "near_quality": V.NEAR_QUALITY_RE,
    "cheap_training": V.CHEAP_TRAINING_RE, "retuned": V.RETUNED_RE, "shrunk": V.SHRUNK_RE,
    "per_example": V.PER_EXAMPLE_RE, "memory_claim": V.MEMORY_CLAIM_RE,
    "timing_context": V.TIMING_CONTEXT_RE, "compute_spend": V.COMPUTE_SPEND_RE,
    "setting_duration": V.SETTING_DURATION_RE, "non_training_steps": V.NON_TRAINING_STEPS_RE,
    "iteration_speedup": V.ITERATION_SPEEDUP_RE, "optimiser_speedup": V.OPTIMISER_SPEEDUP_RE,
    "physical_duration": V.PHYSICAL_DURATION_RE, "compute_duration": V.COMPUTE_DURATION_RE,
    "unmeasured_speedup": V.UNMEASURED_SPEEDUP_RE,
    "conversion": V.FLOPS_MAC_CONVERSION_RE, "mac_defined": V.MAC_DEFINED_RE,
    "muladd": V.MULADD_RE,
}.items()}
_RE["mac_word"] = re.compile(V.MAC_WORD_RE)
_RE["compared"] = re.compile(r"\b(?:than|versus|vs\.?|compared (?:to|with)|against|relative to)\b"
                             r"|\d\s*(?:[x×]|times)\b", re.I)
_RE["memory_access"] = re.compile(r"\bmemory[- ]access\w*|\bmemory traffic\b|\bmemory[- ]bound\b|"
                                  r"\bMAC\b[^.]{0,40}\bmemory\b", re.I)
_RE["search_flops"] = re.compile(V.SEARCH_PROXY_RE["flops"], re.I)
_RE["search_params"] = re.compile(V.SEARCH_PROXY_RE["params"], re.I)
_RE["training_context"] = re.compile(
    r"\b(?:train\w*|pre-?train\w*|GPU[- ]?(?:hours|days)|TPU\w*[- ]?(?:hours|days)|epochs?|"
    r"steps|convergence|schedule|wall-?clock)\b", re.I)
_RE["measured_word"] = re.compile(r"\b(?:measured|wall-?clock|empirical(?:ly)?|in practice|"
                                  r"actual|real-world|profil\w+|benchmark\w*)\b", re.I)
_RE["flops_is_muladd"] = re.compile(
    r"FLOPs?\W{0,3}(?:\(|,|—|:)?\s*(?:i\.e\.,?\s*|that is,?\s*|defined as\s*|counted as\s*|"
    r"computed as\s*|measured as\s*|reported as\s*|as\s+|which (?:are|is|count)\s+|"
    r"refer(?:s|ring)? to\s+|denot\w+\s+|=\s*)?(?:the )?(?:number of )?(?:fused )?"
    r"(?:multiply|mult|MACs?\b|MAdds|FMA)"
    r"|(?:multiply[- ]adds?|mult[- ]adds|multiply[- ]accumulates?|MACs)\s*\((?:i\.e\.,?\s*)?FLOPs?\)"
    r"|(?:count|report|measure)\w* (?:the )?FLOPs as (?:the number of )?(?:multiply|MAC|fused)"
    r"|FLOPs?\b[^.;]{0,30}?\b(?:counted|computed|measured|reported|defined|given) (?:as|in) "
    r"(?:the number of )?(?:fused )?(?:multiply|mult|MACs?\b|MAdds|FMA)",
    re.I)
_RE["latency_word"] = re.compile(r"\blatenc\w*", re.I)
_RE["clause_break"] = re.compile(r";|\b(?:while|whereas|but|and|versus|vs\.?)\b|,\s*(?=(?:the|its|our|a)\s)",
                                 re.I)
_RE["throughput_word"] = re.compile(r"\bthroughput\w*", re.I)
_RE["latency_proxy"] = re.compile(r"\blatenc\w*[- ](?:aware|constrain\w*|target|budget|"
                                  r"predictor|lookup)|(?:measured|real|on-device) latency\b", re.I)


def facts_of(ctx: Context) -> DocumentFacts:
    """The document context, reusing the tables stage's frames when it has them."""
    facts = ctx.claims.facts
    if facts.frames_provider is None:
        facts.frames_provider = lambda: ctx.frames
    return facts


def _severity(claim: Claim, default: str | None = None) -> str | None:
    return "info" if claim.related else default


def _names(indicators: Iterable[str]) -> str:
    names = sorted({indicator_label(i) if i not in ("compute", "speed") else
                    {"compute": "compute (unspecified)", "speed": "speed (unmeasured)"}[i]
                    for i in indicators})
    return ", ".join(names) if names else "none"


def _groups(indicators: Iterable[str]) -> set[str]:
    """Distinct cost views among the indicators; step counts are no cost indicator (§2.1)."""
    return {GROUP[i] for i in indicators if i in GROUP and GROUP[i] != "steps"}


def _claimed(claim: Claim) -> str:
    what = f"'{claim.predicate}'"
    if claim.target:
        what += f" (vs {claim.target})"
    where = " in related work" if claim.related else ""
    return f"claims {what}{where}"


def _message(claim: Claim, found: Iterable[str], missing: str, add: str) -> str:
    """An indicator both found and missing ("found: latency; missing: measured throughput or
    latency") was named or estimated, not measured: the message says so instead of contradicting
    itself."""
    names = _names(found).split(", ")
    shown = [f"{n} (named, not measured)" if n != "none" and re.search(rf"\b{re.escape(n)}\b", missing)
             else n for n in names]
    return (f"{_claimed(claim)}; indicators found: {', '.join(shown)}; missing: {missing}; "
            f"add {add}")


class Judge:
    """Everything the rules need to know about one claim in its document, computed once."""

    def __init__(self, claim: Claim, facts: DocumentFacts):
        self.claim = claim
        self.facts = facts
        self.paragraph = claim.block.text.text
        self.local = facts.local_indicators(claim)
        self.local_figures = (self.local - claim.indicators) | claim.figures
        # Another paper's claim is not supported by this document's own figures.
        self.doc = set() if claim.related else facts.reported_all
        self.support = self.local | self.doc
        self.risks = set(claim.risks) | _paragraph_risks(self.paragraph)
        if not claim.related and "nas" in facts.risks:
            self.risks.add("nas")
        self.phase = claim.phase or find_phase(self.paragraph)
        self.facts_speedups = False  # set by _judges: a measured speed-up factor in own prose

    @property
    def timed_training(self) -> bool:
        """Training cost is given in time, not only in steps (CC109): wall-clock or
        accelerator-hours, money or energy, or a measured step rate ("2.1 steps/s", "310 ms per
        step") in the sentence, its paragraph or a table it cites. A training time reported
        elsewhere is usually another comparison's (the final model's), not this one's."""
        if self.local_figures & {"training_cost", "money", "energy", "co2"}:
            return True
        figures = self.facts.figures.get(id(self.claim.block), [])
        return any(f.per == "step" and f.indicator in SPEED for f in figures)

    @property
    def measured_speed(self) -> bool:
        """A measured time backs the claim: a throughput/latency figure or speed column, a
        training time for a training-speed claim, or a relative speed stated as measured."""
        c = self.claim
        measured = (self.local_figures | self.doc) & SPEED
        if self.phase == "training" and (self.local_figures | self.doc) & {"training_cost"}:
            return True
        if measured:
            return True
        if self.theoretical:
            return False
        # A stated speed-up factor ("1.42x speedup over F16") reports a measurement (CC106 asks
        # for its setup), and one anywhere in the document's own prose backs its other speed
        # claims ("fast inference", with the speed-ups listed below).
        if c.indicators & (COMPUTE | {"compute"}):
            # "2.3x faster with 40% fewer FLOPs": the factor may be derived from the proxy; it
            # counts as measured only when the sentence says so or names the hardware.
            return bool(_speed_ratios(c) and (c.setup.hardware or
                                              _RE["measured_word"].search(c.text)))
        return bool(_speed_ratios(c)) or (not c.related and self.facts_speedups)

    @property
    def theoretical(self) -> bool:
        """The speed-up is estimated or counted, not timed ("theoretical 64x speedup")."""
        return _RE["unmeasured_speedup"].search(self.claim.text) is not None


def _speed_ratios(claim: Claim) -> list:
    """The speed-up factors a claim states ("3.2x faster", "a 2x speedup")."""
    return [r for r in claim.ratios if r.factor and (
        r.comparative in ("faster", "speedup", "speedups", "quicker", "acceleration", "up")
        or r.indicator in SPEED)]


def _risk_patterns() -> dict[str, re.Pattern]:
    from claimcheck.extract.claims import _RISKS

    return _RISKS


@lru_cache(maxsize=64)
def _paragraph_risks(paragraph: str) -> frozenset[str]:
    """The risks a paragraph names, searched once per paragraph rather than once per claim in
    it (a paragraph of 3,200 claims made that quadratic). A str caches its hash: cheap keys."""
    return frozenset(k for k, p in _risk_patterns().items() if p.search(paragraph))


def _judges(ctx: Context) -> list[Judge]:
    """One Judge per claim, built once per document and shared by every rule that reads it."""
    if "judges" not in ctx.shared:
        facts = facts_of(ctx)
        judges = [Judge(claim, facts) for claim in ctx.claims]
        speedups = any(_speed_ratios(j.claim) and not j.claim.related and not j.theoretical
                       and not j.claim.indicators & (COMPUTE | {"compute"})
                       for j in judges)
        for j in judges:
            j.facts_speedups = speedups
        ctx.shared["judges"] = judges
    return ctx.shared["judges"]


def _judge_of(ctx: Context, claim: Claim) -> Judge:
    if "judge_of" not in ctx.shared:
        ctx.shared["judge_of"] = {id(j.claim): j for j in _judges(ctx)}
    return ctx.shared["judge_of"][id(claim)]


# ---------------------------------------------------------------------------------------------
# CC101–CC105, CC109, CC114, CC116, CC117: what a claim rests on


def _support_findings(ctx: Context, j: Judge) -> list[Finding]:
    """The findings about what one claim rests on; CC101 only where nothing more specific fires."""
    c = j.claim
    kinds = set(c.kinds)
    out: list[Finding] = []
    sev = _severity(c)

    def add(code: str, found, missing: str, fix: str) -> None:
        if not any(f.code == code for f in out):
            out.append(ctx.finding(code, c.span, _message(c, found, missing, fix), severity=sev,
                                   claim=c.predicate))

    named = c.indicators | j.local_figures
    # Architecture search on one proxy (CC117).
    if "nas" in j.risks and kinds & {"generic", "speed", "pareto", "cost"} and \
            not j.measured_speed and not _RE["latency_proxy"].search(j.paragraph):
        # Only a search *described* as constrained on one proxy is CC117; a plain FLOPs-as-speed
        # claim that merely mentions the searched model is CC103 (the specific rule for what
        # the sentence itself infers).
        proxy = ("FLOPs" if _RE["search_flops"].search(j.paragraph) else
                 "parameter count" if _RE["search_params"].search(j.paragraph) else None)
        if proxy:
            add("CC117", named, "measured latency/throughput on the target hardware",
                f"latency measured on the target hardware for the searched models, not only {proxy}")
    _explicit_inference(j, add)
    if "speed" in kinds:
        _speed_support(j, named, add)
    # Training cost stated in steps/epochs only (CC109).
    # The claim itself must be about training; a training sentence beside it in the paragraph
    # does not make an inference trade-off claim a training-cost claim.
    if training_claim(j) and "steps" in named and not j.timed_training:
        add("CC109", named, "wall-clock or accelerator-hours",
            "training time in accelerator-hours (with hardware) or wall-clock time, not only "
            "steps or epochs")
    if kinds & {"generic", "cost"} and not (j.theoretical and "speed" in kinds and not c.ratios):
        groups = _groups(j.support - {"speed"})
        if not groups and "steps" in j.support and training_claim(j) and not j.timed_training:
            add("CC109", j.support, "wall-clock or accelerator-hours",
                "training time in accelerator-hours (with hardware) or wall-clock time")
        elif not groups:
            add("CC102", j.support, "every cost indicator",
                "parameters, FLOPs and measured throughput/latency with hardware and batch size")
        elif len(groups) == 1:
            (only,) = groups
            if only == "params":
                add("CC104", j.support, "FLOPs/MACs and measured speed",
                    "FLOPs and measured throughput/latency: parameter count does not measure "
                    "compute or speed" + _sharing_note(j))
            else:
                add("CC101", j.support, _missing_groups(groups),
                    "at least one more cost indicator: parameters, FLOPs and measured speed")
    if "pareto" in kinds:
        axis = _groups((c.indicators | j.local_figures) - {"speed"})
        groups = axis if axis else _groups(j.doc)
        if len(groups) == 1:
            add("CC114", c.indicators | j.local_figures or j.doc, _missing_groups(groups),
                "the frontier under the other indicators (parameters, FLOPs, measured speed)")
        elif not groups and not kinds & {"generic", "cost"}:
            add("CC102", j.support, "every cost indicator",
                "the cost indicators the trade-off is measured on")
    if kinds & {"size"} and not kinds & {"generic", "cost", "speed", "pareto"}:
        if not _groups(j.support - {"speed"}) and not c.ratios:
            add("CC102", j.support, "parameter count or model size",
                "the parameter count and model size, and the other cost indicators")
    # Memory inferred from parameters (CC116).
    memory_claim = _RE["memory_claim"].search(c.text) or (
        "memory" in c.indicators and kinds & {"reduction", "size", "generic", "cost"})
    # With parameter sharing in the paragraph, a memory saving rests on the small parameter
    # count even when the sentence does not repeat it.
    if memory_claim and ("params" in c.indicators or "sharing" in j.risks) and \
            not (j.local_figures | j.doc) & {"memory", "activations"}:
        add("CC116", c.indicators, "measured memory (peak training memory, activations)",
            "measured peak memory for the phase claimed: training memory is dominated by "
            "activations and optimizer state")
    codes = {f.code for f in out}
    if "CC101" in codes and codes & SPECIFIC_OVER_CC101:
        out = [f for f in out if f.code != "CC101"]
    if "CC117" in codes:  # the search constrained on one proxy is the root cause (see CC117.yaml)
        out = [f for f in out if f.code not in ("CC101", "CC102", "CC103", "CC104")]
    if "CC103" in codes or "CC105" in codes:
        out = [f for f in out if f.code != "CC102"]
    if c.related:
        # In related work an unquantified or single-indicator claim is the cited paper's, not
        # this document's: on real documents such findings were judged wrong 13 times in 16.
        out = [f for f in out if f.code not in ("CC101", "CC102")]
    return out


_CAUSAL = re.compile(r"\b(?:so|hence|therefore|thus|because|since|due to|thanks to|as a result|"
                     r"which means|meaning|consequently|translat\w+ (?:in)?to|lead(?:s|ing)? to|"
                     r"result(?:s|ing)? in|implies|making it)\b"
                     # "With only 1.2M parameters, X is far cheaper": the figure given as the cause
                     r"|^\W*(?:with|having) (?:only |just |merely )?(?:~|about |around )?\d", re.I)


def _explicit_inference(j: Judge, add) -> None:
    """"X has 4× fewer parameters, so it costs 4× less": speed or cost derived in the sentence
    from parameters (CC104) or FLOPs (CC103), with no measured time beside it."""
    c = j.claim
    if not _CAUSAL.search(c.text):
        return
    beside = c.figures | {f.indicator for f in j.facts.figures.get(id(c.block), [])}
    if beside & (SPEED | {"training_cost", "money", "energy"}):
        return
    targets = {r.indicator for r in c.ratios if r.indicator} | (c.indicators & {"compute"})
    cost_like = set(c.kinds) & {"speed", "cost", "generic"} or targets & {"compute", "speed",
                                                                           "latency", "throughput"}
    if not cost_like:
        return
    if "params" in c.indicators and not c.indicators & (COMPUTE | SPEED):
        add("CC104", c.indicators, "FLOPs/MACs and measured speed",
            "FLOPs and measured throughput/latency: parameter count does not measure compute or "
            "speed" + _sharing_note(j))
    elif c.indicators & COMPUTE and set(c.kinds) & {"speed"} and not c.indicators & SPEED:
        if "sparsity" in j.risks:
            add("CC105", c.indicators, "wall-clock measurement of the speed-up",
                "measured throughput/latency of the sparse model and its dense baseline on the "
                "same hardware")
            return
        add("CC103", c.indicators, "measured throughput or latency",
            "measured throughput/latency with hardware and batch size: FLOPs ignore parallelism "
            "and memory access")


def training_claim(j: Judge) -> bool:
    """The claim is about the cost of training, with optimisation steps in it (CC109): the
    sentence itself names training or a training cost (a paragraph about training does not make
    an inference claim one), and its steps are not agent, sampling or search steps nor
    environment steps counted as samples (sample efficiency)."""
    c = j.claim
    if not (c.phase == "training" or "training_cost" in c.indicators):
        return False
    if not set(c.kinds) & {"reduction", "cost", "speed", "generic"}:
        return False
    return _RE["non_training_steps"].search(c.text) is None


def _counted_in_steps(text: str) -> bool:
    """A speed-up measured in optimisation progress: iterations to a loss, or one optimiser
    against another (§2.1: steps are not time)."""
    return bool(_RE["iteration_speedup"].search(text) or _RE["optimiser_speedup"].search(text))


def _speed_support(j: Judge, named: set[str], add) -> None:
    c = j.claim
    if j.measured_speed:
        return
    steps = "steps" in named
    if training_claim(j) and steps and not named & (COMPUTE | {"params", "training_cost"}):
        add("CC109", named, "wall-clock or accelerator-hours",
            "training time in accelerator-hours (with hardware) or wall-clock time, not steps")
        return
    flopsy = named & (COMPUTE | {"compute"})
    if _counted_in_steps(c.text) and training_claim(j) and not j.timed_training:
        # "converges in fewer iterations", "1.9x speedup in training loss": a speed-up counted
        # in optimisation steps (§2.1).
        add("CC109", named, "wall-clock or accelerator-hours",
            "training time in accelerator-hours (with hardware) or wall-clock time, not "
            "iterations to a loss")
        return
    if j.theoretical:
        # An estimated speed-up is derived from operation counts (§2.2, CC103); a sentence that
        # only says so ("these are theoretical estimates; real speedup depends on …") with no
        # factor of its own is the caveat, not a claim.
        if _speed_ratios(c):
            add("CC103", named, "measured throughput or latency",
                "measured throughput/latency with hardware and batch size: an estimate from "
                "operation counts ignores parallelism and memory access")
        return
    if "sparsity" in j.risks:
        add("CC105", named, "wall-clock measurement of the speed-up",
            "measured throughput/latency of the sparse model and its dense baseline on the "
            "same hardware")
        return
    if flopsy:
        add("CC103", named, "measured throughput or latency",
            "measured throughput/latency with hardware and batch size: FLOPs ignore "
            "parallelism and memory access")
    elif "params" in named:
        add("CC104", named, "FLOPs and measured speed",
            "measured throughput/latency: a parameter count says little about speed" +
            _sharing_note(j))
    elif not c.ratios and (j.doc & (COMPUTE | {"params"})):
        # FLOPs or parameters reported elsewhere in the document are not what this sentence
        # infers its speed from (CC103/CC104 need the inference in the sentence): the claim
        # is simply unmeasured.
        add("CC102", j.support, "measured throughput or latency",
            "measured throughput/latency with hardware and batch size; the document reports "
            f"{_names(j.doc & (COMPUTE | {'params'}))} but no measured speed")
    elif not c.ratios and not _groups(j.support - {"speed"}):
        add("CC102", j.support, "every cost indicator",
            "measured throughput/latency with hardware and batch size, plus parameters and FLOPs")


def _sharing_note(j: Judge) -> str:
    return " (with parameter sharing the count understates compute)" if "sharing" in j.risks \
        else ""


def _missing_groups(groups: set[str]) -> str:
    core = ["params", "compute", "speed"]
    return ", ".join(V.GROUP_LABELS[g] for g in core if g not in groups) or "none"


@check("CC101", "CC102", "CC103", "CC104", "CC105", "CC109", "CC114", "CC116", "CC117")
def claim_support(ctx: Context) -> Iterator[Finding]:
    for j in _judges(ctx):
        yield from _support_findings(ctx, j)


# ---------------------------------------------------------------------------------------------
# CC106, CC107, CC108: reporting of speed and phase figures (any sentence, claim or not)


_ILLUSTRATION = re.compile(V.ILLUSTRATION_RE, re.I)
# "A batch of 64 images processed in 0.5 s gives 128 images/s", "Processing a batch of 100 …":
# a worked example with a generic subject, about no model in particular.
_GENERIC_EXAMPLE = re.compile(r"^\W*(?:(?:A|An|Any|Such)\s|[A-Z][a-z]+ing\s+(?:a|an)\s)")
_FIRST_PERSON = re.compile(r"\b(?:we|our|ours|us)\b", re.I)


def _worked_example(text: str) -> bool:
    if _ILLUSTRATION.search(text):
        return True
    return bool(_GENERIC_EXAMPLE.match(text)) and not _FIRST_PERSON.search(text) \
        and not find_models(text)


def _figure_sentences(ctx: Context):
    """Sentences with cost figures, skipping worked illustrations ("For example, a batch of
    100 examples in 1 second …", "A batch of 64 images processed in 0.5 s …"), which report
    no measurement."""
    facts = facts_of(ctx)
    for block in ctx.document.blocks:
        figures = facts.figures.get(id(block))
        if not figures:
            continue
        for sentence in block.sentences:
            inside = [f for f in figures if sentence.start <= f.start < sentence.end]
            if inside and not _worked_example(sentence.text):
                yield sentence, inside


@check("CC106")
def speed_without_setup(ctx: Context) -> Iterator[Finding]:
    facts = facts_of(ctx)
    claimed = {id(c.sentence): c for c in ctx.claims}
    seen: set[int] = set()
    for sentence, figures in _figure_sentences(ctx):
        speed = [f for f in figures if f.indicator in SPEED and _is_timing(sentence.text, f)
                 and not _is_setting(sentence, f)]
        if not speed:
            continue
        seen.add(id(sentence))
        yield from _setup_finding(ctx, facts, sentence, ", ".join(f.raw for f in speed),
                                  claimed.get(id(sentence)),
                                  throughput=any(f.indicator == "throughput" for f in speed))
    for claim in ctx.claims:
        if id(claim.sentence) in seen or "speed" not in claim.kinds:
            continue
        ratios = [r for r in claim.ratios if r.comparative in ("faster", "speedup", "speedups")
                  or r.indicator in SPEED]
        proxy = claim.indicators & (COMPUTE | {"params", "compute"})
        # A speed-up the sentence derives from FLOPs or parameters was never measured: CC103 or
        # CC104 says so, and asking for the setup of a measurement that did not happen misleads.
        if not ratios or (proxy and _CAUSAL.search(claim.text)) or \
                _RE["unmeasured_speedup"].search(claim.text) or \
                _RE["iteration_speedup"].search(claim.block.text.text) or \
                _RE["optimiser_speedup"].search(claim.text):
            continue  # estimated, or counted in iterations (the paragraph says how)
        if not proxy or _judge_of(ctx, claim).measured_speed:
            yield from _setup_finding(ctx, facts, claim.sentence,
                                      ", ".join(r.raw for r in ratios), claim)


# A request rate as the load a server is run under ("At 6 request/s both paths are overloaded",
# "an 8 request/s run", "offered rates of 2, 4 and 6 request/s"): a setting of the experiment.
_REQUEST_PER = re.compile(V.REQUEST_PER_RE, re.I)
_LOAD_BEFORE = re.compile(V.LOAD_BEFORE_RE, re.I)
_LOAD_AFTER = re.compile(V.LOAD_AFTER_RE, re.I)


def _load_level(sentence, figure) -> bool:
    if figure.indicator != "throughput" or not _REQUEST_PER.match(figure.per or ""):
        return False
    start, end = figure.start - sentence.start, figure.end - sentence.start
    return bool(_LOAD_BEFORE.search(sentence.text[max(0, start - 20):start])
                or _LOAD_AFTER.match(sentence.text[end:end + 20]))


def _is_timing(text: str, figure) -> bool:
    """A rate ("850 img/s") is a speed figure; a bare duration only with a timing word in its
    sentence ("inference takes 12 ms"), not as a setting ("a 10 ms hop", "a 60 s timeout")."""
    if figure.indicator != "latency" or figure.per or "/" in figure.raw or figure.unit != "s":
        return True
    return _RE["timing_context"].search(text) is not None


def _is_setting(sentence, figure) -> bool:
    """A speed configured, not measured ("a timeout of 60 s", "a 60 s decision interval", "we
    implement an observation latency of 10 ms", "offered rates of 6 request/s", "an SLO of
    2000 ms"), or a decade ("the 1980s")."""
    if figure.indicator == "latency" and re.fullmatch(r"1[89]\d0s|20[0-9]0s", figure.raw.strip()):
        return True
    if _load_level(sentence, figure):
        return True
    if figure.indicator == "latency" and figure.unit == "s" and not figure.per and \
            _RE["physical_duration"].search(sentence.text) and \
            not _RE["compute_duration"].search(sentence.text):
        return True  # the world's time (a controller adapting in flight), not a model's
    start, end = figure.start - sentence.start, figure.end - sentence.start  # block → sentence
    return _RE["setting_duration"].search(
        sentence.text[max(0, start - 45):end + 20]) is not None


def _setup_finding(ctx, facts, sentence, figure: str, claim: Claim | None,
                   throughput: bool = False):
    """CC106 when the figure's setup lacks an item. Only a missing hardware model is reported at
    the rule's severity, and then the missing items named are the hardware and the batch size
    (precision or framework in the advice): on real documents a per-query or on-device figure
    with its hardware named was nearly always judged complete, and reviewers asked for the
    hardware and batch of one without it. With the hardware named, a throughput figure missing
    its batch size or precision is reported as info; a latency or a speed-up factor with its
    hardware named draws nothing (a per-query, on-device or single-run figure: judged complete
    38 times in 43 on real documents; benchmarks/realworld/)."""
    setup = find_setup(sentence.text).merge(facts.setup_for(sentence))
    missing = setup.missing()
    if not missing or (setup.named_hardware and not throughput):
        return
    related = sentence.section is not None and sentence.section.kind == "related"
    also = ""
    if not setup.named_hardware and "precision or framework" in missing:
        missing = [m for m in missing if m != "precision or framework"]
        also = " (and the precision or framework)"
    have = [f"hardware {', '.join(setup.hardware)}" if setup.hardware else None,
            "batch size" if setup.batch else None,
            f"precision {', '.join(setup.precision)}" if setup.precision else None,
            f"framework {', '.join(setup.framework)}" if setup.framework else None]
    have_s = "; ".join(h for h in have if h) or "no setup"
    yield ctx.finding(
        "CC106", sentence.span,
        f"speed figure {figure} is reported with {have_s}; missing: {', '.join(missing)}; "
        f"add the {', '.join(missing)} it was measured with{also}",
        severity="info" if related or setup.named_hardware else None,
        claim=claim.predicate if claim else None)


_AMORTISED_TIME = re.compile(V.AMORTISED_TIME_RE, re.I)


@check("CC107")
def latency_throughput_conflation(ctx: Context) -> Iterator[Finding]:
    for sentence, figures in _figure_sentences(ctx):
        text = sentence.text
        related = sentence.section is not None and sentence.section.kind == "related"
        for f in figures:
            if f.indicator not in SPEED:
                continue
            # Figures are found in the block: their offsets into this sentence's text.
            start, end = f.start - sentence.start, f.end - sentence.start
            # The figure is named by the nearest latency/throughput word in its own clause,
            # however far back ("the latency of X on a V100 with batch 64 in fp16 is 850 img/s"),
            # or just after it ("850 img/s latency").
            clause_start = max([m.end() for m in _RE["clause_break"].finditer(text, 0, start)],
                               default=0)
            before = text[clause_start:start]
            after = text[end:end + 12]
            lat = [m.end() for m in _RE["latency_word"].finditer(before)]
            thr = [m.end() for m in _RE["throughput_word"].finditer(before)]
            if not lat and not thr:
                lat = [len(before)] if _RE["latency_word"].match(after.lstrip()) else []
                thr = [len(before)] if _RE["throughput_word"].match(after.lstrip()) else []
            problem = None
            if f.indicator == "latency" and _AMORTISED_TIME.search(before[-25:]):
                continue  # "an amortised 0.21 ms/img" at batch 256: inverse throughput, so named
            if f.indicator == "throughput" and lat and (not thr or lat[-1] > thr[-1]):
                problem = f"'{f.raw}' is a throughput (items per second) but is called latency"
            elif f.indicator == "latency" and thr and (not lat or thr[-1] > lat[-1]):
                problem = f"'{f.raw}' is a time per item (latency) but is called throughput"
            elif f.indicator == "latency" and f.per != "example":
                # The batch of the figure's own clause ("latency at batch 1 is 4 ms, while
                # throughput at batch 64 …"), else the first one the sentence states.
                clause_end = next((m.start() for m in _RE["clause_break"].finditer(text, end)),
                                  len(text))
                sizes = find_batch_sizes(text[clause_start:clause_end]) or find_batch_sizes(text)
                batch = sizes[0] if sizes else 0
                if batch > 1 and not _RE["per_example"].search(text) and f.per in (None, "batch"):
                    problem = (f"latency '{f.raw}' is given for a batch of {batch} "
                               "with no per-example note: that is batch time, not latency")
            if problem:
                yield ctx.finding(
                    "CC107", sentence.span,
                    f"{problem}; indicators found: {indicator_label(f.indicator)}; missing: "
                    "a consistent latency/throughput distinction; add latency as seconds per "
                    "example at batch 1 and throughput as items/s at a stated batch size",
                    severity="info" if related else None)
                break


@lru_cache(maxsize=None)
def _indicator_words(indicator: str) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in V.INDICATOR_WORDS.get(indicator, [])) or "(?!)", re.I)


def _phased_in_setup(ctx: Context) -> set[str]:
    """The phase-dependent indicators a setup-section sentence names together with a phase
    ("all throughput numbers are measured at inference"), found in one pass per document."""
    if "phased_in_setup" not in ctx.shared:
        phased = [s.text for b in ctx.document.blocks
                  if b.section is not None and b.section.kind == "setup"
                  for s in b.sentences if find_phase(s.text)]
        ctx.shared["phased_in_setup"] = {i for i in PHASE_DEPENDENT
                                         if any(_indicator_words(i).search(t) for t in phased)}
    return ctx.shared["phased_in_setup"]


@check("CC108")
def phase_unspecified(ctx: Context) -> Iterator[Finding]:
    """A phase-dependent figure with no phase, where it matters: in a document whose cost
    statements name both phases, or in a comparison of models on that cost ("11 GB versus 38 GB
    for Longformer"). A lone figure in a document about one phase (VRAM lines of a serving
    benchmark, a hardware spec, a training budget) has an evident phase: on real documents 26
    such findings in 28 were judged wrong."""
    facts = facts_of(ctx)
    both_phases = len(facts.cost_phases) >= 2
    claimed = {id(c.sentence): c for c in ctx.claims}
    done: set[int] = set()
    candidates = []
    for sentence, figures in _figure_sentences(ctx):
        # A rate per optimisation step ("2.1 steps/s") is a training figure by definition; a
        # dollar figure is a cost of running models only beside compute words (not a market
        # size or a configured budget cap).
        inds = {f.indicator for f in figures if f.per != "step" and (
            f.indicator != "money" or _RE["compute_spend"].search(sentence.text))}
        if inds & PHASE_DEPENDENT:
            candidates.append((sentence, inds & PHASE_DEPENDENT))
    for claim in ctx.claims:
        # A relative figure ("40% less memory"); a bare word ("uses less memory") reports no
        # figure whose phase could be asked for.
        inds = {r.indicator for r in claim.ratios} & PHASE_DEPENDENT
        if inds and set(claim.kinds) - {"matching"}:
            candidates.append((claim.sentence, inds))
    for sentence, inds in candidates:
        if id(sentence) in done:
            continue
        done.add(id(sentence))
        if not both_phases and not _RE["compared"].search(sentence.text):
            continue
        # A setup section that states the phase for this kind of figure ("all throughput
        # numbers are measured at inference") covers it.
        if inds & _phased_in_setup(ctx):
            continue
        context = [sentence.text, sentence.block.text.text,
                   sentence.section.title if sentence.section else ""]
        context += [t.caption.text.text for t in facts.tables_cited(sentence) if t.caption]
        if any(find_phase(t) for t in context):
            continue
        related = sentence.section is not None and sentence.section.kind == "related"
        claim = claimed.get(id(sentence))
        yield ctx.finding(
            "CC108", sentence.span,
            (f"{_claimed(claim) + '; ' if claim else ''}{_names(inds)} reported with no phase; "
             f"indicators found: {_names(inds)}; missing: the phase (training, fine-tuning or "
             "inference); add which phase the figure is for — these costs differ by phase"),
            severity="info" if related else None)


# ---------------------------------------------------------------------------------------------
# CC110: almost as good, for a fraction of the training cost


@check("CC110")
def almost_as_good_cheaper(ctx: Context) -> Iterator[Finding]:
    for sentence in ctx.document.sentences():
        text = sentence.text
        near = _RE["near_quality"].search(text)
        cheap = near and _RE["cheap_training"].search(text)
        if not (cheap and _RE["training_context"].search(text)):
            continue
        if _RE["retuned"].search(sentence.block.text.text):
            continue
        related = sentence.section is not None and sentence.section.kind == "related"
        figures = {f.indicator for f in find_quantities(text)}
        yield ctx.finding(
            "CC110", sentence.span,
            f"claims '{near.group()}' quality with '{cheap.group()}' training cost; "
            f"indicators found: {_names(figures)}; missing: a baseline re-tuned for the "
            "same budget or a comparison at matched quality; add the baseline re-tuned for the "
            "reduced budget, or the cost of each method to reach the same quality",
            severity="info" if related else None)


# ---------------------------------------------------------------------------------------------
# CC111: FLOPs vs MACs


@check("CC111")
def ambiguous_flops_unit(ctx: Context) -> Iterator[Finding]:
    facts = facts_of(ctx)
    prose = facts.prose_text()
    converted = bool(_RE["conversion"].search(prose))
    # SPEC: an undefined MAC is ambiguous only where memory access cost is also plausible, i.e.
    # the document talks about memory access (on real documents every other case was read as
    # multiply-accumulates without hesitation).
    defined = bool(_RE["mac_defined"].search(prose)) or not _RE["memory_access"].search(prose)
    reported: set[int] = set()
    mac_flagged = False
    for block in ctx.document.blocks:
        for sentence in block.sentences:
            text = sentence.text
            if not converted and _RE["flops_is_muladd"].search(text):
                reported.add(id(sentence))
                yield ctx.finding(
                    "CC111", sentence.span,
                    "FLOPs are defined as multiply-adds, so the reported 'FLOPs' are MACs (half "
                    "the usual FLOP count); indicators found: FLOPs; missing: the convention; "
                    "add the convention explicitly (1 MAC = 2 FLOPs) and report the unit as MACs "
                    "or as FLOPs = 2 × MACs")
                continue
            if not defined and not mac_flagged and _RE["mac_word"].search(text):
                mac_flagged = True
                reported.add(id(sentence))
                yield ctx.finding(
                    "CC111", sentence.span,
                    "'MACs' is used without a definition: it may mean multiply-accumulate "
                    "operations or memory access cost; indicators found: MACs; missing: the "
                    "definition; add what MAC stands for and its relation to FLOPs")
                continue
            if not converted and id(sentence) not in reported:
                figs = {f.indicator for f in find_quantities(text)} if "FLOP" in text.upper() \
                    else set()
                if COMPUTE <= figs:
                    reported.add(id(sentence))
                    yield ctx.finding(
                        "CC111", sentence.span,
                        "FLOPs and MACs are mixed in one comparison without a stated conversion; "
                        "indicators found: FLOPs, MACs; missing: the conversion; add one unit "
                        "for all models (FLOPs = 2 × MACs)")
    if not converted:
        for table in ctx.document.tables:
            if COMPUTE <= facts.table_indicators.get(id(table), set()):
                span = table.caption.span if table.caption else table.span
                yield ctx.finding(
                    "CC111", span,
                    "the table reports both FLOPs and MACs without a stated conversion; "
                    "indicators found: FLOPs, MACs; missing: the conversion; add one unit for "
                    "all rows (FLOPs = 2 × MACs)")


# ---------------------------------------------------------------------------------------------
# CC112, CC113: matched comparisons


_HIGH_RISK = {"sparsity", "token_free", "encdec", "vit_seq", "sharing"}


@check("CC112")
def parameter_matched_only(ctx: Context) -> Iterator[Finding]:
    facts = facts_of(ctx)
    for j in _judges(ctx):
        c = j.claim
        if "params" not in c.matching:
            continue
        paragraph_matching = {k for k in ("flops", "speed")
                              if re.search(V.MATCHING_RE[k], j.paragraph, re.I)}
        if set(c.matching) & {"flops", "speed"} or paragraph_matching:
            continue
        # "Same parameter count, while significantly different GFLOPs and throughput": the
        # sentence itself discloses what the parameter match hides.
        if c.indicators & (COMPUTE | SPEED | {"compute"}):
            continue
        risks = (j.risks | facts.risks) & _HIGH_RISK
        severity = "info" if c.related else ("error" if risks else None)
        note = (f" — risky here ({', '.join(V.RISK_LABELS[r] for r in sorted(risks))}): "
                "equal parameters can mean very different compute") if risks else ""
        yield ctx.finding(
            "CC112", c.span,
            f"{_claimed(c)}: comparison matched on parameter count only{note}; indicators found: "
            f"{_names(j.local)}; missing: FLOPs and measured speed of the matched models; add a "
            "compute-matched comparison or report FLOPs and throughput for every matched model",
            severity=severity)


@check("CC113")
def compute_matched_only(ctx: Context) -> Iterator[Finding]:
    flagged: set[int] = set()  # one finding per paragraph: the shrunk baseline is one problem
    for j in _judges(ctx):
        c = j.claim
        if id(c.block) in flagged:
            continue
        if "flops" not in c.matching or "params" in c.matching:
            continue
        if "sparsity" in j.risks:
            continue  # compute-matching MoE/sparse vs dense is the endorsed practice (§3.2.1)
        shrunk = _RE["shrunk"].search(c.text) or _RE["shrunk"].search(j.paragraph)
        if not shrunk:
            continue
        flagged.add(id(c.block))
        yield ctx.finding(
            "CC113", c.span,
            f"{_claimed(c)}: compute-matched comparison against a baseline reduced to match "
            f"('{shrunk.group()}'); indicators found: {_names(j.local)}; missing: the baseline's "
            "parameters/depth and a speed-matched or parameter-matched alternative; add the "
            "baseline's parameter count and depth, and a second matched setup",
            severity=_severity(c))


# ---------------------------------------------------------------------------------------------
# CC115: overgeneralised efficiency


@check("CC115")
def overgeneralised(ctx: Context) -> Iterator[Finding]:
    facts = facts_of(ctx)
    claimed = {id(c.sentence) for c in ctx.claims}
    judged = [(c.sentence, c) for c in ctx.claims
              if set(c.kinds) & {"generic", "speed", "cost", "pareto", "size", "reduction"}]
    # A measured figure generalised beyond its setup, with no efficiency word for the claim
    # extractor to see: "0.7 ms against 1.4 ms for X, and this holds on any hardware", "11 ms per
    # token, so it will feel instant on any laptop".
    judged += [(s, None) for s, _ in _figure_sentences(ctx) if id(s) not in claimed]
    for sentence, claim in judged:
        m = _RE["generaliser"].search(sentence.text)
        if not m:
            continue
        before = sentence.text[max(0, m.start() - 12):m.start()].lower()
        if re.search(r"\b(?:not|n't|never)\s+(?:\w+\s+)?$", before):
            continue
        setup = facts.setup_for(sentence).merge(claim.setup if claim else find_setup(sentence.text))
        measured = ", ".join(setup.hardware) or "no stated hardware"
        what = _claimed(claim) if claim else "compares measured figures"
        found = claim.indicators if claim else {f.indicator for f in find_quantities(sentence.text)}
        yield ctx.finding(
            "CC115", sentence.span,
            f"{what} '{m.group()}'; indicators found: {_names(found)}; "
            f"missing: evidence beyond the measured setup ({measured}); add the exact setup the "
            "claim holds for (hardware, batch size, precision), or measurements on each setting "
            "claimed",
            severity=_severity(claim) if claim else None)
