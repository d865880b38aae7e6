"""The sense decision (extract/sense.py) and the setup decisions behind CC106, on categories of
error found on real documents (benchmarks/realworld/), each in phrasings of our own."""
from __future__ import annotations

import pytest

from claimcheck.checks.engine import Selection, run_checks
from claimcheck.extract import extract_claims
from claimcheck.extract.quantities import find_setup
from claimcheck.frontend import load_document


def claims_of(sentence: str):
    return extract_claims(load_document("doc.md", f"# Notes\n\n{sentence}\n"))


def codes(sentence: str, select: str = "CC") -> list[str]:
    doc = load_document("doc.md", f"# Notes\n\n{sentence}\n")
    return [f.code for f in run_checks(doc, Selection(select=(select,), preview=True))]


@pytest.mark.parametrize("sentence", [
    # sample / learning efficiency
    "The agent is more efficient in exploration and needs fewer interactions with the simulator.",
    "Our policy learns faster than PPO on every Atari task.",
    "SAC adapts faster to the new reward than the baseline.",
    # algorithmic complexity
    "We give an efficient estimator of the gradient with a provable bound.",
    "The Woodbury identity allows fast application of the low-rank inverse.",
    "Eviction is cheap in this index because entries are sorted.",
    # physical motion
    "The reward penalises the acceleration along the body-fixed thrust axis and the angular velocity.",
    # statistics: a variable named X is no speed-up factor
    "We require that the tail of V is substantially lighter than X's tail.",
    # networks, circuits and human effort
    "The cluster uses a fast interconnect with RDMA between nodes.",
    "The generated circuit is faster than the hand-written HLS baseline.",
    "The tool makes annotation cheaper for the annotator.",
])
def test_other_senses_are_not_cost_claims(sentence):
    assert claims_of(sentence) == []


@pytest.mark.parametrize("sentence", [
    "Our model is more efficient than ResNet-50 at inference.",
    "The network is faster than MobileNetV2 on a Pixel 4 CPU.",
    "Learning-rate warm-up aside, our transformer is 2x faster at inference than BERT-base.",
    "Training is cheap: the model converges in 100 epochs.",
])
def test_a_compute_anchor_keeps_the_cost_sense(sentence):
    assert claims_of(sentence), sentence


@pytest.mark.parametrize("sentence", [
    # a duration without timing words: a setting or a property of the data
    "We use an STFT with a 10 ms hop and 25 ms windows.",
    "Each episode is capped at 60 s of simulated time.",
    "Utterances are cropped to 3 s before augmentation.",
    # a duration of the physical world
    "It takes around 2 s for our controller to detect the disturbance and keep hovering.",
    "Online estimation takes 10 s to 15 s in-flight to obtain an accurate model of the drone.",
    # a serving load: a setting, and the serving analogue of a batch size
    "Neither path sustains all 6 request/s on the RTX 5080 with vLLM; the queue keeps growing.",
    "Raw wins the five-trial 8 request/s open-loop point on the RTX 5080 with vLLM.",
    "At 4 request/s on the RTX 5080 with vLLM, the cache raises throughput by 0.275±0.010 request/s.",
])
def test_no_speed_figure_whose_setup_is_missing(sentence):
    assert "CC106" not in codes(sentence, "CC106")


@pytest.mark.parametrize("sentence", [
    "Inference takes 12 ms per image.",
    "The encoder processes a sentence in 3 s end-to-end.",
])
def test_a_timed_duration_without_hardware_is_cc106(sentence):
    assert "CC106" in codes(sentence, "CC106")


@pytest.mark.parametrize("text,named", [
    ("on a single GPU", []), ("on NVIDIA GPUs", []), ("on x86 CPUs", []),
    ("on a Cortex-M7 at 480 MHz", ["Cortex-M7"]), ("on an Intel NUC", ["Intel NUC"]),
    ("on one A100", ["A100"]), ("on an iPhone 12", ["iPhone 12"]),
])
def test_a_device_class_is_not_named_hardware(text, named):
    assert find_setup(text).named_hardware == named


def test_a_bare_gpu_is_reported_as_an_unnamed_model():
    missing = find_setup("Inference runs at 900 img/s on a GPU with batch 8 in fp16.").missing()
    assert missing == ["hardware model (only 'GPU' is named)"]


def test_only_a_missing_hardware_model_is_reported_above_info():
    doc = load_document("doc.md", "# N\n\nInference runs at 850 images/s on an A100.\n"
                                  "\nA query takes 12 ms on an A100.\n"
                                  "\n# M\n\nDecoding takes 40 ms per sentence.\n")
    found = {(f.span.line, f.severity) for f in run_checks(doc, Selection(select=("CC106",), preview=True))}
    # a throughput without its batch: info; a latency on named hardware: complete enough
    assert found == {(3, "info"), (9, "warning")}


def test_parse_lists_sentences_set_aside_for_another_sense(tmp_path):
    from claimcheck.report.dump import render_claims

    document = load_document("doc.md", "# N\n\nThe agent is more efficient in exploration than PPO.\n")
    text = render_claims(extract_claims(document))
    assert "claims: 0" in text
    assert "'efficient': sample or learning efficiency" in text


# Third round (real-world dev categories): titles, aims, non-model comparisons, speed-ups.

@pytest.mark.parametrize("sentence", [
    # a title of a linked paper or product, in Title Case
    "See our report, Fast and Lossless Ternary Inference on Commodity CPUs, for details.",
    "- **Energy Efficient**: the kernels draw less power on laptops.",
    # an aim, a question, a requirement
    "To enable efficient application, we factor each generator into two low-rank terms.",
    "Systems work asks whether serving can be made cheaper through caching.",
    "To use a smaller model, you can choose a smaller hidden size in the config.",
    "The audit tool Make Agents Cheaper reads the local configuration.",
    "The evaluation must show that the workflow becomes cheaper without hurting quality.",
    # "smaller" comparing values, objects or data, not models
    "The tuned momentum ranges from smaller than 0.03 to 0.9 across objectives.",
    "Most instances in the benchmark are smaller than 16 pixels.",
    "The encoder was pre-trained on a much smaller and less diverse corpus.",
])
def test_not_a_claim_about_a_models_cost(sentence):
    assert list(claims_of(sentence)) == []


def test_a_model_compared_as_smaller_is_still_a_claim():
    assert list(claims_of("Our model is smaller than BERT-base and just as accurate."))


def test_a_theoretical_speedup_is_flops_as_speed_and_needs_no_setup():
    got = codes("Ternary layers give a theoretical 64x speedup over FP32 layers.")
    assert "CC103" in got and "CC106" not in got and "CC104" not in got
    assert "CC103" not in codes("These are theoretical estimates; real speedup depends on the kernels.")


def test_a_stated_speedup_elsewhere_backs_a_speed_claim():
    text = ("TernLM is a 0.6B-parameter model with fast CPU inference.\n\n"
            "- 2.1x speedup over F16 on prefill (8 threads, Intel i7-12700H)")
    assert not {"CC102", "CC104"} & set(codes(text))


def test_speed_claim_in_a_document_reporting_only_parameters_is_unmeasured_not_params_as_speed():
    text = "TernLM has 0.6B parameters.\n\nThe GPU kernel enables accelerated deployment."
    got = codes(text)
    assert "CC102" in got and "CC104" not in got


@pytest.mark.parametrize("sentence", [
    "The tail of V is sufficiently lighter than the tail of X.",
    "We propose an efficient ADMM method to update the dual variables.",
    "Using the efficient projection method proposed in [3], the problem is solved.",
    "You can also run on GPU by passing the device flag.",
    "A demo of the model running on CPU is open online.",
])
def test_other_senses_from_the_third_round(sentence):
    assert list(claims_of(sentence)) == []


def test_running_on_a_modest_device_is_still_a_claim():
    assert list(claims_of("Our model runs on a single consumer GPU in real time."))
    assert list(claims_of("The detector runs on phones without a server."))


def test_no_single_indicator_finding_in_related_work():
    doc = load_document("doc.md", "# Related work\n\nPrior detectors are efficient: 5M parameters.\n")
    assert "CC101" not in [f.code for f in run_checks(doc, Selection(select=("CC",), preview=True))]


def test_steps_that_are_not_training_steps_draw_no_cc109():
    for text in ("Training uses fewer agent steps per episode than ReAct.",
                 "Our training needs 77% fewer environment steps: sample efficiency matters here."):
        assert "CC109" not in codes(text)


def test_a_speedup_counted_in_iterations_is_cc109():
    got = codes("Our optimizer converges in 2x fewer iterations than Adam during training.")
    assert "CC109" in got and "CC106" not in got


@pytest.mark.parametrize("sentence", [
    "Noise propagates through these same parameters and degrades accuracy.",
    "For an LTI model with fixed parameters the kernel is constant.",
    "Each mini-index has a fixed capacity, and eviction keeps memory bounded.",
    "Other-request motion uses a size-matched forget set.",
])
def test_not_a_parameter_matched_comparison(sentence):
    assert "CC112" not in codes(sentence)


def test_a_trade_off_of_convergence_against_communication_is_not_a_cost_front():
    assert "CC114" not in codes("Our method finds a good tradeoff between convergence and communication.")


def test_hardware_named_once_in_a_section_covers_its_figures():
    text = ("## Benchmark on one H100\n\nAll runs use the serving container.\n\n"
            "- Mean latency is 119 ms at c=1.\n")
    assert "CC106" not in codes(text)


def test_a_target_is_no_measurement():
    assert "CC106" not in codes("- Target: TTFT < 500ms for conversational quality")


@pytest.mark.parametrize("sentence", [
    "Actual inference speedup, latency and throughput depend on the hardware and the kernels.",
    "Real speedup depends on kernel optimisation and memory bandwidth.",
    "We do not provide hardware measurements of the faster kernels in this work.",
])
def test_a_caveat_about_what_speed_depends_on_is_not_a_claim(sentence):
    assert not claims_of(sentence)


@pytest.mark.parametrize("sentence", [
    "Metrics. Runtime (wall-clock, ms), speedup ratio and Pareto front correctness.",
    "Keyword spotting on earbuds demands models with minimal compute (<5M MACs) and memory.",
])
def test_a_definition_or_a_requirement_is_not_a_claim(sentence):
    assert not claims_of(sentence)


def test_a_dependence_clause_does_not_hide_the_claim_before_it():
    (claim,) = claims_of("Ternary kernels give a theoretical 64x speedup, though practical speedup "
                         "depends on the first layer.")
    assert not claim.related


@pytest.mark.parametrize("sentence", [
    "Recent model-side efficiency work has made large language models much cheaper to serve.",
    "We adopt the lightweight encoder introduced in \\cite{duchi} for the first stage.",
    "We recommend \\cite{duchi} for more details about the efficient projection method.",
])
def test_prior_work_as_the_subject_is_another_papers_claim(sentence):
    doc = load_document("doc.tex", "\\documentclass{article}\n\\begin{document}\n\\section{Method}\n"
                        f"{sentence}\n\\end{{document}}\n")
    claims = extract_claims(doc)
    assert claims and all(c.related for c in claims), [(c.predicate, c.related) for c in claims]
    found = [f.code for f in run_checks(doc, Selection(select=("CC10",), preview=True))]
    assert "CC101" not in found and "CC102" not in found


def test_an_own_claim_beside_a_cited_method_stays_the_authors():
    doc = load_document("doc.tex", "\\documentclass{article}\n\\begin{document}\n\\section{Method}\n"
                        "Using the kernel proposed in \\cite{duchi}, our model is 2x faster.\n\\end{document}\n")
    (claim,) = extract_claims(doc)
    assert not claim.related


def test_a_venue_checklist_after_the_appendix_is_template_text():
    text = ("\\documentclass{article}\n\\begin{document}\n\\section{Results}\nOur model is "
            "efficient.\n\\appendix\n\\section*{NeurIPS Paper Checklist}\nAuthors could discuss "
            "improving the efficiency and accessibility of their models.\n\\end{document}\n")
    doc = load_document("doc.tex", text)
    assert [s.kind for s in {id(b.section): b.section for b in doc.blocks if b.section}.values()] == \
        ["results", "references"]
    assert [c.sentence.span.line for c in extract_claims(doc)] == [4]


def test_the_title_of_a_linked_resource_is_not_a_claim():
    text = ("# Notes\n\nFurther reading:\n\n* [Speculative decoding for 2x faster Whisper inference]"
            "(https://example.org/blog) blog post.\n* [Our model is 2x faster](#benchmarks) below.\n")
    claims = extract_claims(load_document("doc.md", text))
    assert [c.sentence.span.line for c in claims] == [6]  # the link inside the document stays
    assert [why for _, _, why in claims.other_senses] == ["the title of a linked resource"]



def test_a_robots_compute_timing_is_still_a_speed_figure():
    assert codes("The policy network takes 1.2 s at inference on the drone.", "CC106") == ["CC106"]


@pytest.mark.parametrize("text, named", [
    ("the robot arm moves the gripper", []),
    ("On our own Mac i5 CPU, it takes 3 s.", ["Mac i5"]),
    ("an Intel8163 server", ["Intel8163"]),
])
def test_hardware_names(text, named):
    assert find_setup(text).named_hardware == named


def test_a_device_named_elsewhere_covers_a_figure_only_for_its_own_class():
    """A figure "on a GPU" is not measured on the laptop CPU another paragraph names."""
    text = ("# Model\n\nOn our Mac i5 CPU the demo takes about 3 s per image.\n\nOn a single GPU "
            "the model runs in 12 ms per image with batch size 1 in PyTorch.\n")
    found = [f for f in run_checks(load_document("doc.md", text), Selection(select=("CC106",), preview=True))]
    assert [f.span.line for f in found] == [5] and "only 'GPU' is named" in found[0].message


def test_a_sentence_stating_the_setup_of_all_benchmarks_covers_the_document():
    text = ("# Benchmarks\n\nAll benchmarks reported here were performed on an Intel i7-7820x CPU.\n\n"
            "## Results\n\nOn the CPU, implicit takes 2.3 s per iteration with batch size 1 in NumPy.\n")
    found = [f for f in run_checks(load_document("doc.md", text), Selection(select=("CC106",), preview=True))]
    assert not found


def test_search_steps_are_not_training_steps():
    """Steps of a search or a sampler are no training cost (CC109 asks for training time)."""
    text = ("Cache hits are faster because the cache constrains the search space, allowing "
            "best-first search to converge in fewer steps during training-free serving.")
    assert "CC109" not in codes(text, "CC109")
    assert "CC109" in codes("Our optimiser trains the model in 40% fewer steps than SGD.", "CC109")


def test_a_mean_and_its_spread_are_one_figure():
    from claimcheck.extract.quantities import find_quantities

    (f,) = [f for f in find_quantities("It raises throughput by 0.275±0.010 request/s.")]
    assert f.raw == "0.275±0.010 request/s" and f.value == 0.275

