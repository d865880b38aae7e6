"""The efficiency vocabulary as data: predicates, indicators, setup, phase, matching and risk.

Everything the extraction stage recognises is listed here, so that widening the linter means
adding words, not code. Word lists feed one spaCy pattern per category (an `IN` list is ~50×
cheaper than one pattern per word); regular-expression fragments feed the pure-Python pre-filter,
quantity and setup scanners, which must also run on paragraphs, captions and setup sections
without spaCy.
"""
from __future__ import annotations

# ---------------------------------------------------------------------------------------------
# Efficiency predicates, by kind. Single lowercase tokens (spaCy LOWER) or multi-word phrases
# (spaCy PhraseMatcher on LOWER; hyphens are tokens of their own, so "speed-up" is 3 tokens).
PREDICATES: dict[str, list[str]] = {
    "generic": [
        "efficient", "efficiently", "lightweight", "light-weight", "lighter", "lean", "leaner", "economical",
        "frugal", "cost-effective", "cost-efficient", "compute-efficient", "resource-efficient",
        "energy-efficient", "hardware-efficient", "inference-efficient", "computationally efficient",
        "compute efficient", "more efficient", "most efficient", "efficiency gains",
        "efficiency gain", "efficiency improvements", "efficiency improvement",
        # announcement style: "<device>-friendly"
        "edge-friendly", "mobile-friendly", "laptop-friendly", "cpu-friendly", "device-friendly",
        "deployment-friendly", "hardware-friendly", "resource-friendly", "edge-ready",
    ],
    "speed": [
        "fast", "faster", "fastest", "speedup", "speedups", "speed-up", "speed-ups", "speed up",
        "speeds up", "sped up", "accelerate", "accelerates", "accelerated", "acceleration",
        "quicker", "real-time", "real time", "realtime", "low-latency", "low latency",
        "high-throughput", "high throughput", "higher throughput", "lower latency",
        # announcement style
        "snappy", "snappier", "speedy", "speedier", "zippy", "nimble", "lightning-fast",
    ],
    "size": ["smaller", "compact", "slimmer", "memory-efficient", "memory efficient",
             "small footprint", "smaller footprint", "small memory footprint",
             "low memory footprint", "smaller memory footprint", "tiny memory footprint",
             "tiny footprint", "low memory", "lower memory", "reduced memory"],
    "cost": ["cheap", "cheaper", "cheapest", "inexpensive", "affordable", "low-cost", "thrifty",
             "budget-friendly",
             "lower cost", "less expensive", "lower-cost"],
    "pareto": ["pareto", "pareto-optimal", "pareto-efficient", "pareto frontier", "pareto front",
               "frontier", "trade-off", "trade-offs", "tradeoff", "tradeoffs", "trade off",
               "trade offs"],
}

# Verbs and comparatives that make a claim when an indicator follows ("reduces FLOPs by 40%",
# "3× fewer parameters", "less compute").
REDUCTION_WORDS = [
    "reduce", "reduces", "reduced", "reducing", "reduction", "reductions", "fewer", "less",
    "lower", "lowers", "lowering", "cut", "cuts", "save", "saves", "saving", "savings",
    "decrease", "decreases", "decreased", "halve", "halves", "halved", "halving", "drop",
    "drops", "dropped", "half", "minimal", "fraction",
    "smaller", "only",
]

# Noun "efficiency" is a claim only beside a word of improvement ("improves efficiency").
EFFICIENCY_NOUN_CUES = ["improve", "improves", "improved", "improving", "boost", "boosts",
                        "better", "higher", "superior", "greater", "gain", "gains", "increase",
                        "increases", "advantage", "advantages", "outperform", "outperforms",
                        "excellent", "remarkable", "unprecedented", "state-of-the-art", "×"]

# Qualifiers that make "trade-off"/"frontier" a claim rather than a topic of discussion.
PARETO_CUES = ["better", "best", "superior", "favorable", "favourable", "improved", "optimal",
               "state-of-the-art", "excellent", "strong", "stronger", "good", "great", "new",
               "dominates", "dominate", "defines", "define", "state", "art", "push", "pushes", "advance", "advances", "establish",
               "establishes", "sets", "lies", "lie", "on", "achieve", "achieves", "offers", "offer"]

# "efficiently" is a claim only about running a model ("runs efficiently on phones"); as the
# manner of a procedure ("can be computed efficiently") it is not.
RUN_VERBS = ["run", "runs", "running", "ran", "execute", "executes", "executing", "deploy",
             "deployed", "deploys", "serve", "serves", "served", "scale", "scales", "scaling",
             "operate", "operates", "infer", "inference", "train", "trains", "process",
             "processes", "work", "works"]

# Words that are efficiency predicates in another sense: not compute claims.
NON_COMPUTE_SENSES = {
    # "<word> -" + efficient: sample-/data-/label-efficient …
    "efficient_prefix": ["sample", "data", "label", "annotation", "parameter", "query",
                         "communication", "statistically", "statistical", "token", "asymptotically",
                         "pareto"],
    # efficient + following noun → algorithmic/other efficiency, not model cost.
    "efficient_next": ["algorithm", "algorithms", "procedure", "procedures", "routine", "solver",
                       "solvers", "estimator", "estimators", "exploration", "sampling",
                       "search", "way", "ways", "data", "learning", "learners", "fine-tuning",
                       "finetuning", "tuning", "transfer", "adaptation", "api", "apis", "library",
                       "interface", "wrapper", "package", "tool", "tooling", "codebase", "format",
                       "markets", "market", "frontier", "annotation", "labeling", "labelling",
                       "use", "usage", "recursion", "representation", "encoding", "indexing",
                       # an operation of a method, not a model's cost ("efficient one-sided
                       # reads", "fast application of the inverse", "efficient aggregation")
                       "application", "aggregation", "access", "accesses", "reads", "writes",
                       "lookup", "lookups", "retrieval", "forms", "estimation", "communication",
                       "online"],
    # "has grown fast", "the field moves faster": growth or change, not compute.
    "fast_prev": ["grow", "grows", "grew", "grown", "growing", "spread", "spreads", "spreading",
                  "evolve", "evolves", "evolved", "evolving", "move", "moves", "moved", "moving",
                  "change", "changes", "changed", "changing", "expand", "expands", "expanded",
                  "expanding", "adopted", "caught", "learn", "learns", "learned", "learnt"],
    "fast_next": ["fourier", "convergence", "weights", "adaptation", "gradient", "mapping",
                  "rate", "rates", "learner", "learners", "r-cnn", "rcnn", "track", "food",
                  "forward", "marching", "factor", "multipole", "walsh", "ica", "text", "fourier-transform"],
    "light_next": ["tail", "tails", "tailed", "module", "modules", "operation", "operations", "op", "ops", "unit",
                   "units", "component", "components", "api", "apis", "library", "libraries", "interface", "wrapper", "package",
                   "tool", "tools", "codebase", "framework", "dependency", "dependencies",
                   "installation", "syntax", "cli", "script", "scripts", "supervision",
                   "annotation", "annotations"],
    "cheap_next": ["module", "modules", "operation", "operations", "op", "ops", "unit", "units",
                   "component", "components", "labels", "label", "annotation", "annotations", "supervision", "data",
                   "talk", "heuristics", "heuristic", "trick", "tricks"],
    # "low-cost 6-DoF arms", "cheap RGB cameras": the price of equipment, not a model's cost.
    "cost_equipment": ["arm", "arms", "robot", "robots", "gripper", "grippers", "manipulator",
                       "manipulators", "sensor", "sensors", "camera", "cameras", "drone", "drones",
                       "lidar", "lidars", "webcam", "webcams", "microphone", "microphones"],
    "compact_next": ["representation", "representations", "notation", "form", "formula",
                     "set", "sets", "support", "space", "spaces", "description", "summary"],
    # accelerate/speed up + object that is not compute.
    "speed_object": ["convergence", "research", "progress", "discovery", "adoption",
                     "development", "learning", "innovation", "iteration", "experimentation"],
}

# The other senses of efficiency words, by the words that name them near the predicate
# (extract/sense.py); a compute anchor in the same neighbourhood wins.
OTHER_SENSE_ANCHORS = {
    "sample or learning efficiency": [
        "sample", "episode", "interaction", "demonstration", "trajectory", "trajectories",
        "learning", "learn", "learns", "learned", "learnt", "learner", "regret", "exploration", "explore", "adaptation", "adapt",
        "adapts", "reward", "curve", "rl", "policy-gradient", "shot", "label", "supervision"],
    "algorithmic complexity": [
        "algorithm", "complexity", "estimator", "proof", "lemma", "theorem", "bound", "asymptotic",
        "asymptotically", "polynomial", "sorting", "eviction", "solver", "heuristic", "pram",
        "work-efficient", "recursion", "clipping", "momentum", "woodbury", "low-rank", "matrix",
        "inverse", "closed-form", "hessian", "curvature", "eigenvalue", "eigenvector",
        # statistics: "a lighter tail", "heavy-tailed"
        "tail", "tails", "heavy-tailed", "light-tailed"],
    "physical motion": [
        "velocity", "thrust", "angular", "torque", "gravity", "inertia", "inertial", "accelerometer",
        "imu", "body-fixed", "mass-normalized", "mass-normalised", "vehicle", "quadcopter", "quadrotor",
        "drone", "hover", "payload", "locomotion", "joint", "joints", "motor", "motors", "controller",
        "damping", "damper", "spring-mass-damper"],
    "networks and circuits": [
        "interconnect", "rdma", "bandwidth", "nic", "ethernet", "infiniband", "networking",
        "circuit", "fpga", "hls", "cycle"],
    "human effort": ["effort", "manual", "annotator", "developer", "engineer", "installation"],
}
# Words that keep a predicate in the compute sense whatever else is near it.
COMPUTE_SENSE_ANCHORS = [
    "inference", "latency", "throughput", "flop", "flops", "gflop", "gflops", "macs",
    "parameter", "params", "memory", "footprint", "gpu", "cpu", "tpu", "hardware", "device",
    "on-device", "deployment", "deploy", "serving", "model", "network", "architecture",
    "transformer", "backbone", "runtime", "wall-clock", "speedup", "speed-up", "x", "×"]

# Negation and hedging: "not necessarily faster", "may not be efficient".
NEGATIONS = ["not", "n't", "no", "never", "neither", "nor", "hardly", "cannot"]
HEDGES = ["may", "might", "could", "can", "would", "often", "usually", "typically",
          "generally", "tend", "tends", "sometimes", "seemingly", "necessarily", "if", "whether"]
FIRST_PERSON = ["we", "our", "ours", "us", "proposed", "this", "here"]
GENERIC_DETERMINERS = ["a", "an", "any", "such", "many", "some", "most", "models", "methods",
                       "approaches", "architectures", "networks", "two", "three", "several"]

# Sentences that talk *about* claims rather than make one (the paper's own prose is full of them):
# worked illustrations, meta-discourse about comparisons, and beliefs attributed to others.
ILLUSTRATION_RE = (r"^\W*(?:for (?:example|instance)|as an (?:example|illustration)|another example|"
                   r"e\.g\.|consider|suppose|imagine|take)\b")
META_DISCOURSE_RE = (r"\b(?:issues?|pitfalls?|problems?|concerns?|caveats?|dangers?) (?:with|of|in|"
                     r"around)\b|\bgo wrong\b|\braise concerns?\b|\b(?:this|the following|the next) "
                     r"(?:section|subsection|paragraph|part) (?:discuss|present|describ|examin|show)\w*"
                     r"|\bwe (?:delve|discuss|examine|revisit|review|illustrate)\b"
                     r"|\b(?:sentence|claim|statement|phrase|wording|headline)s? (?:such as|like)\b")
ATTRIBUTED_BELIEF_RE = (r"\b(?:commonly|widely|often|generally|usually|frequently) (?:assumed|believed|"
                        r"thought|considered|claimed|reported)\b|\b(?:are|is) (?:considered|deemed|"
                        r"regarded as|perceived as)\b|\bit is (?:a )?(?:common|popular) "
                        r"(?:belief|assumption|practice)\b")

# A statement of what a speed depends on, or that it was not measured ("Actual inference
# speedup depends on hardware characteristics", "We do not provide hardware measurements"):
# the caveat, not a claim.
DEPENDENCE_RE = (r"^\W*(?:the\s+)?(?:actual|real|achieved|practical|realised|realized|overall|end-to-end|final)\s+"
                 r"(?:[\w-]+\s+){0,2}(?:speed-?ups?|latency|throughput|speed|gains?)\b[^.;]{0,80}?"
                 r"\bdepends?\b|\bwe (?:do not|don't|did not) (?:provide|report|measure|include)\b")
# A definition or a requirement, not a result: "Metrics. Runtime (wall-clock, ms), speedup ratio
# and Pareto front correctness", "KWS demands models with minimal compute (<5M MACs)".
DEFINITION_RE = (r"^\W*(?:evaluation |performance )?metrics?\s*[.:]|"
                 r"\b(?:demands?|requires?|calls? for|needs?)\s+(?:(?:small|tiny|compact|efficient)\s+)?"
                 r"(?:models?|networks?|architectures?|methods?|solutions?)\s+(?:with|that)\b")
# Prior work as the subject ("Recent model-side efficiency work ... has made LLMs cheaper", "the
# efficient projection method proposed in [cite]"): another paper's claim, as in related work.
PRIOR_WORK_RE = (r"^\W*(?:recent|prior|previous|existing|earlier|past)\s+(?:[\w-]+\s+){0,3}?(?:work|works|"
                 r"methods|approaches|studies|systems|efforts|research)\b|"
                 # a pointer to the literature: "We recommend [cite] for more details about the
                 # efficient projection method", "see [cite] for a fast variant"
                 r"\b(?:see|refer to|we refer (?:the reader|readers) to|we recommend|as in|following)"
                 r"\s+\[cite\]")
# ... or the predicate's own noun phrase is a cited one (read after the predicate word).
CITED_AFTER_PREDICATE_RE = (r"^(?:\s+[\w-]+){0,4}\s+(?:proposed|introduced|presented|developed|"
                            r"described) (?:in|by) \[cite\]")

# A frontier that moves, shifts or depends on the indicator: the §3.1 pitfall discussed, not a
# claim that a model lies on a frontier.
FRONTIER_CHANGE_RE = (r"\b(?:frontiers?|fronts?|trade-?offs?)\b[^.;:]{0,50}?\b(?:move[sd]?|moving|"
                      r"shift\w*|change[sd]?|changing|depend\w*|differ\w*|flip\w*|revers\w*|"
                      r"reorder\w*|rearrang\w*|look[s]? different|is not unique)\b")

# "Runs on a laptop": a model claimed to fit modest hardware (an unquantified efficiency claim).
# "runs on a single consumer GPU", "fits on a phone": cheap enough for a modest device. A bare
# "run on GPU" or "running on CPU" is an instruction or a demo, not a claim (real documents).
RUNS_ON_DEVICE_RE = (
    r"\b(?:runs?|running|fits?|works?|deploys?|deployable|runnable) (?:\w+ ){0,2}?(?:on|in) "
    r"(?:a |an |your |any |one |our |the )?(?:"
    r"(?:single |ordinary |modest |consumer |commodity |cheap |standard |old |regular |even )+"
    r"(?:laptops?|phones?|smartphones?|CPUs?|Raspberry Pi|edge devices?|mobile devices?|GPUs?|"
    r"microcontrollers?|MCUs?|browsers?|desktops?|notebooks?)|"
    r"(?:laptops?|phones?|smartphones?|Raspberry Pi|edge devices?|mobile devices?|"
    r"microcontrollers?|MCUs?))\b")

# A figure that points back at a setup stated earlier ("in the same inference setup").
SAME_SETUP_RE = (r"\b(?:same|identical|this|that|above|previous|aforementioned|earlier)\s+"
                 r"(?:\w+\s+)?(?:setup|set-up|setting|conditions?|hardware|configuration|environment)\b"
                 r"|\bas above\b")

# Equipment whose figures are specifications, not model costs ("a 1.2 kWh battery", "a camera at
# 30 fps", "a lidar spinning at 10 Hz").
DEVICE_SPEC_RE = (r"\b(?:batter(?:y|ies)|cameras?|sensors?|lidars?|microphones?|displays?|screens?|"
                  r"monitors?|motors?|actuators?|grippers?|end-effectors?|drones?|robot arms?|"
                  r"webcams?|speakers?)\b")

# Comparison target cues ("than BERT-large", "over the baseline").
TARGET_CUES = ["than", "over", "vs", "vs.", "versus", "against"]
TARGET_PHRASES = ["compared to", "compared with", "relative to", "in comparison to",
                  "in comparison with", "with respect to"]
TARGET_STOP = ["on", "in", "at", "with", "while", "when", "and", "but", "for", "by", "using",
               "under", "across", "without", "which", "that", "as", "to", "during", "of",
               "both", "or", "because", "since", "so", "thanks", "due", "given", "if", "where",
               "(", ",", ";", ":", ".", ")"]

# ---------------------------------------------------------------------------------------------
# Cost indicators named in words (with or without a figure). Phrases on LOWER tokens.
INDICATOR_WORDS: dict[str, list[str]] = {
    "params": ["parameters", "parameter", "params", "param", "parameter count",
               "parameter counts", "#params"],
    "flops": ["flops", "flop", "gflops", "tflops", "mflops", "pflops", "floating-point operations",
              "floating point operations"],
    # Compute named in general ("less compute"): the FLOPs/MACs view, no unit stated.
    "compute": ["compute", "computation", "computations", "computational cost",
                "computational costs", "computational budget", "compute cost", "compute budget",
                "computational complexity", "computational requirements", "computationally"],
    "macs": ["macs", "mac", "gmacs", "mmacs", "multiply-adds", "multiply-add", "mult-adds",
             "multiply-accumulate", "multiply-accumulates", "multiply-accumulate operations",
             "madds", "multiply adds", "multiply-and-accumulate"],
    "throughput": ["throughput", "throughputs", "img/s", "images/s", "images per second",
                   "tokens per second", "tokens/s", "examples per second", "samples per second",
                   "qps", "fps", "frames per second", "queries per second"],
    "latency": ["latency", "latencies", "inference time", "runtime", "run time", "run-time",
                "wall-clock", "wall clock", "wallclock",
                "time per image", "time per example", "msec/example", "ms/img", "running time",
                "real-time factor", "rtf"],
    # Speed named in general ("inference speed"): what a speed claim is about, not a measurement.
    "speed": ["speed", "speeds"],
    "memory": ["memory", "memory footprint", "peak memory", "vram", "gpu memory", "hbm",
               "memory usage", "memory consumption", "activation memory", "ram"],
    "activations": ["activations", "activation count", "activation size"],
    "model_size": ["model size", "disk size", "checkpoint size", "file size", "storage",
                   "footprint", "on-disk size", "size on disk"],
    "training_cost": ["training time", "training cost", "training costs", "training budget",
                      "gpu hours", "gpu-hours", "tpu hours", "tpu-hours", "gpu days", "gpu-days",
                      "tpu days", "tpu-days", "core-hours", "core hours", "accelerator hours",
                      "accelerator-hours", "chip-hours", "pretraining cost", "pre-training cost",
                      "training compute", "time to train", "time-to-train", "training wall-clock"],
    "steps": ["steps", "epochs", "iterations", "updates", "training steps", "gradient steps"],
    "energy": ["energy", "kwh", "power consumption", "energy consumption", "joules"],
    "co2": ["co2", "co₂", "carbon", "emissions", "co2e", "carbon footprint"],
    "money": ["$", "usd", "dollars", "dollar cost", "cloud cost"],
}

# Indicators that belong together when counting "how many indicators support a claim" (§4:
# parameters, compute, speed, memory and training cost are the distinct views).
INDICATOR_GROUPS: dict[str, str] = {
    "params": "params", "model_size": "model_size", "flops": "compute", "macs": "compute",
    "compute": "compute", "speed": "speed",
    "throughput": "speed", "latency": "speed", "memory": "memory", "activations": "memory",
    "training_cost": "training_cost", "money": "training_cost", "steps": "steps",
    "energy": "energy", "co2": "energy",
}
GROUP_LABELS = {"params": "parameter count", "compute": "FLOPs/MACs",
                "speed": "measured speed (throughput/latency)", "memory": "memory",
                "model_size": "model size",
                "training_cost": "training cost", "steps": "steps/epochs", "energy": "energy/CO2"}

# ---------------------------------------------------------------------------------------------
# Setup: regular-expression fragments (case-insensitive) so that the same scanner reads a
# sentence, its paragraph, a caption or a setup section.
HARDWARE_RE = (
    r"\b(?:[VAHKTL]\d{2,3}[A-Za-z]?|P100|P40|P6000|A10G?|T4|L4|K80|P4|GH200|B200|MI\d{2,3}X?|"
    r"(?:RTX|GTX|Titan)[ -]?[A-Za-z]?\d{0,4}\w*|\d{3,4} ?Ti|TPU[- ]?v?\d[a-z]?|TPUs?|"
    r"Cloud TPU|Edge ?TPU|IPUs?|Gaudi\d?|Trainium|Inferentia|"
    r"GPUs?|CPUs?|(?:Intel )?Xeon\b[\w -]*?|Intel ?\d{4}\w*|Core i[3579]|i[3579]-\d{4,5}\w*|EPYC|Ryzen|"
    r"Apple M[1-4]\w*|(?-i:ARM(?:v\d)?)|(?:Mac|Intel) i[3579]\b|Cortex-[AM]\d+\w*|STM32\w*|ESP32\w*|(?:Intel )?NUC\w*|"
    r"Apple A1\d\w*|Coral(?: Dev Board)?|x86(?:-64)?|Snapdragon ?\d*|Pixel ?\d\w*|iPhone ?\d*\w*|"
    r"Jetson(?: \w+)?|Raspberry Pi ?\d?|Galaxy S\d+|mobile phones?|smartphones?|"
    r"DGX(?:-\d)?|NVIDIA \w+|A\d{4}|Tesla \w+|Quadro \w+|MacBook(?: Pro| Air)?|"
    r"M[1-4](?: Pro| Max| Ultra)?(?= chip)|Graviton\d?|vCPUs?|"
    r"[a-z]\d[a-z]{0,3}\.(?:\d{0,2}x)?large|[a-z]\d-(?:standard|highgpu|highmem|megagpu)-\d+\w*)\b"
)
# A duration of the physical world ("it takes around 2 s for our controller to detect the
# disturbance and keep hovering", "10 s to 15 s in-flight"): a robot's or vehicle's response
# time, not a model's compute, unless a compute word is in the sentence too.
PHYSICAL_DURATION_RE = (
    r"\b(?:in-?flight|hover\w*|disturbances?|payloads?|quad-?(?:copter|rotor)s?|drones?|UAVs?|"
    r"vehicles?|robots?|actuators?|grippers?|wind|gusts?|settl\w* time|physical\w*|real world|"
    r"walking|locomotion|manipulat\w+|trajector\w+)\b"
)
COMPUTE_DURATION_RE = (
    r"\b(?:inference|forward pass\w*|latenc\w*|per (?:frame|image|token|query|sample)|FLOPs?|GPUs?|"
    r"CPUs?|throughput|onboard (?:computer|compute)|network evaluation|model runs?)\b"
)

# Words that make a bare duration ("12 ms", "3 s") a timing of a model or system: without one
# the duration is a setting or a property of the data (a 10 ms hop, a 60 s timeout, 3 s clips).
# A dollar figure is a cost of running models only beside these (CC108): not a market size, a
# grant or a configured spending cap.
COMPUTE_SPEND_RE = (
    r"\b(?:GPUs?|TPUs?|cloud|compute|API|tokens?|quer(?:y|ies)|inference|training|instances?|"
    r"per (?:hour|run|image|request|million)|GPU-hours?|hours? of)\b"
)

# Nouns a size comparative can describe that are no model ("a smaller corpus", "smaller objects").
NON_MODEL_HEADS = {"dataset", "datasets", "corpus", "corpora", "data", "collection", "subset",
                   "samples", "sample", "values", "value", "objects", "instances", "images",
                   "pixels", "regions", "neighbourhood", "neighborhood", "gap", "gaps", "error",
                   "errors", "loss", "losses", "learning", "rate", "steps", "vocabulary"}

# A claim stated as an aim, a question or a requirement, not as a result: "to enable efficient
# application", "asks whether serving can be cheaper", "the evaluation must show that it becomes
# cheaper", "would benefit from a faster", "we wanted to understand why … cheaper".
PLAN_BEFORE_RE = (
    r"\b(?:whether|to enable|to allow|in order to|so as to|aims? (?:to|at|for)|goal (?:is|was)|"
    r"must show|should (?:be|become|make)|would benefit|wanted to|want to|seek(?:s|ing)? to|"
    r"designing|towards?|asks?|to use|you can|if you|can choose|choose)\b"
)

# Steps that are not optimisation steps of training (CC109): agent or trajectory steps,
# sampling/denoising steps at inference, search steps, or environment steps counted as samples
# (sample efficiency, a different sense: §2.1 concerns compute).
NON_TRAINING_STEPS_RE = (
    r"\b(?:agent|trajectory|trajectories|sampling|denoising|diffusion|decoding|inference|search|"
    r"action|LSD|reasoning|tool|environment|env|simulat\w*|interaction\w*)[- ]steps?\b|"
    r"\bsample[- ]efficien\w*|\bsamples? (?:needed|required)\b|\benvironment interactions\b|"
    r"\bsteps (?:of|in) the (?:agent|trajectory|episode|search)\b|"
    # "best-first search converges in fewer steps", "the sampler needs 8 denoising steps"
    r"\b(?:search|sampl(?:ing|er)|decod(?:ing|er)|denois(?:ing|er)|solver)\b[^.;]{0,40}?\bsteps?\b"
)

# A duration that is a setting, not a measurement: "a wall-clock timeout of 60 seconds", "a
# decision interval of 60 s", "we implement an observation latency of 10 ms" (simulated).
SETTING_DURATION_RE = (
    r"\b(?:time-?outs?|time limits?|limit(?:ed)? (?:of|to)|caps? (?:of|at)|capped at|intervals?|"
    r"deadlines?|budgets? of|periods? of|every|hops?|windows? of|delays? of|simulat\w*|"
    r"inject\w*|artificial|implement\w* (?:an? )?(?:\w+ )?latency|observation latency|"
    r"sensor latency|network latency|communication latency|round[- ]trip|thresholds?|SLOs?|"
    r"offered (?:rates?|loads?)|arrival rates?|targets?)\b"
)

# A speed-up that no clock measured: estimated from arithmetic, or counted in iterations to a
# loss (§2.1: steps are not time; CC103/CC109 judge these, CC106 has no setup to ask for).
UNMEASURED_SPEEDUP_RE = (
    r"\b(?:theoretical(?:ly)?|in theory|ideal(?:ly)?|estimated|projected|analytical(?:ly)?|"
    r"would (?:yield|give|achieve|reach)|could (?:yield|give|achieve|reach))\b|"
)
ITERATION_SPEEDUP_RE = (
    r"\b(?:iterations?|fewer (?:steps|epochs|updates)|steps to|in (?:training )?loss(?:es)?|"
    r"to reach (?:the )?(?:same |target )?(?:loss|accuracy|perplexity))\b"
)
UNMEASURED_SPEEDUP_RE = UNMEASURED_SPEEDUP_RE + ITERATION_SPEEDUP_RE
# A request rate as the load a server is run under: the figure's unit, and the words before
# ("At 6 request/s", "sustains all 6 request/s") or after it ("an 8 request/s run", "the 8
# request/s open-loop point") that make it a setting of the experiment.
REQUEST_PER_RE = r"^(?:requests?|reqs?|quer(?:y|ie|ies)|qp)$"
LOAD_BEFORE_RE = r"(?:\b(?:at|under|an?|the|of|with|sustains?(?: all)?)|,)\s*$"
LOAD_AFTER_RE = (r"^\s*(?:[\w-]+\s+)?(?:runs?|loads?|workloads?|traces?|settings?|experiments?|"
                 r"arrivals?|offered|levels?|points?|protocols?|conditions?|regimes?)\b")
# A per-item time named as inverse throughput, just before the figure: "an amortised 0.21 ms/img"
AMORTISED_TIME_RE = r"\b(?:amorti[sz]ed|effective(?:ly)?|equivalent(?: to)?|i\.e\.,?)\s*(?:of\s*)?$"

# Optimisers compared with each other ("1.9x speedup over tuned Adam", "momentum can speed up
# vanilla SGD by 2.7x"): progress per step on a loss curve, a speed-up counted in iterations.
OPTIMISER_SPEEDUP_RE = r"(?-i:\b(?:Adam(?:W|ax)?|SGD|AdaGrad|Adadelta|RMSProp|Adafactor)\b)"

TIMING_CONTEXT_RE = (
    r"\b(?:latenc\w*|inference|run[- ]?times?|wall[- ]?clock|takes?|took|taking|execution|"
    r"per (?:image|query|queries|sample|example|token|request|frame|batch|step|iteration|"
    r"utterance|sentence|epoch|input|item)|to (?:process|run|generate|infer|decode|transcribe|"
    r"encode|train|compute|answer|respond)|speed\w*|faster|slower|throughput|response time|"
    r"training time|end-to-end|time to first token|TTFT|TPOT|elapsed|benchmark\w*|timings?|"
    r"measured|inference time|processing time|compute time|forward pass|completes?|finish\w*)\b"
)
# Hardware words that name a class of device, not a model of it: "on a GPU" does not say which
# GPU, so a speed figure measured "on GPU" still lacks its hardware (the message says so).
GENERIC_HARDWARE_RE = (
    r"^(?:(?:a |an |the |one |single |\d+ )?(?:NVIDIA |Intel |AMD |Arm |ARM )?"
    r"(?:GPUs?|CPUs?|vCPUs?|TPUs?|NPUs?|ARM(?:v\d)?|x86(?:-64)?|mobile phones?|smartphones?))$"
)
# Which class of device a named model belongs to: a figure on "a GPU" is not covered by a
# "Mac i5 CPU" named elsewhere in its section, only by a GPU model.
HARDWARE_CLASS_RE = {
    "gpu": r"\b(?:GPUs?|[VAHKTL]\d{2,3}[A-Za-z]?|P100|P40|A10G?|T4|L4|K80|GH200|B200|MI\d{2,3}X?|RTX|GTX|"
           r"Titan|Tesla|Quadro|DGX|Jetson|Radeon|NVIDIA|A\d{4})",
    "cpu": r"\b(?:CPUs?|vCPUs?|Xeon|EPYC|Ryzen|Core i[3579]|i[3579]\b|Intel|Apple M[1-4]|M[1-4](?: Pro| Max| Ultra)?|"
           r"ARM|Cortex|Graviton|x86|NUC|Raspberry Pi)",
    "tpu": r"\b(?:TPU|Edge ?TPU|Coral)",
}
BATCH_RE = (
    r"\bbatch(?:[- ]?sizes?)?\s*(?:of|=|:|is|was|set to|equal to)?\s*~?\d|"
    r"\bbatch[- ]sizes? (?:is|are|was|were) (?:set|fixed|chosen)|"
    r"\b(?:bs|b)\s*=\s*\d|\bbatch[- ]1\b|\bunbatched\b|\bper[- ]batch\b|"
    r"\b(?:single|one)[- ](?:image|example|sample|sequence|input|query|request|instance)s?\b|"
    r"\b\d+\s*(?:images|examples|samples|sequences|tokens|inputs) per batch\b|"
    r"\b(?:largest|maximum|max|maximal) batch[- ]?size|\bbatches of \d|"
    # serving: the concurrency is the batch ("at concurrency eight", "c=16", "256 streams")
    r"\bconcurrency (?:of |level )?(?:\d+|one|two|four|eight|sixteen|thirty-two)\b|"
    r"\bc\s*=\s*\d+|\b\d+ concurrent (?:streams|requests|users|clients|queries)\b|"
    # an engine's batch profile: "bs8", "bs64"
    r"\bbs\d+\b|"
    # a serving load level, the serving analogue of a batch: "At 4 request/s", "under 8 QPS"
    r"\b(?:at|under) (?:an? )?(?:(?:offered|arrival) )?(?:(?:load|rate) (?:of )?)?\d+(?:\.\d+)? ?"
    r"(?:requests?|reqs?|queries|qps)\b"
)
# A batch size with its figure: group n1/k1 after the word ("batch size per GPU of 4,096",
# "global batch of 4k", "bs=64"), n2/k2 before it ("256 images per batch", "a 1,024-example batch").
_BATCH_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
BATCH_SIZE_RE = (
    r"\b(?:batch(?:[- ]?sizes?)?|bs|b)(?:\s*\((?:per[- ]\w+|global|total|effective)\))?"
    r"(?:\s+(?:per|on each|for each|of each)\s+(?:GPU|TPU|device|core|chip|replica|worker|node)s?)?"
    r"\s*(?:of|=|:|is|was|set to|equal to)?\s*~?(?P<n1>" + _BATCH_NUM + r")(?P<k1>[kK])?(?![\d.])|"
    r"\b(?P<n2>" + _BATCH_NUM + r")(?P<k2>[kK])?[- ]?(?:images?|examples?|samples?|sequences?|"
    r"tokens?|inputs?|sentences?|queries|requests?)?\s*(?:per|a|each) (?:(?:mini-?|micro-?)?batch)\b"
)
# A block opening with a setup label and a colon, markup aside: "**Hardware:** NVIDIA H100",
# "Test machine: 2x Xeon Gold", "GPU: RTX 4090", "Benchmarked on: M2 Max".
SETUP_STATEMENT_RE = (
    r"^\W{0,4}(?:(?:test(?:ing)?|benchmark(?:ing)?|evaluation|measurement|inference|training)\s+)?"
    r"(?:hardware|gpus?|cpus?|devices?|platform|machine|system|environment|set-?up|testbed|"
    r"benchmarked on|measured on|tested on)\W{0,4}\s*[:：]|"
    # ... or a sentence saying so for everything: "All benchmarks reported here were performed on"
    r"^\W{0,4}all (?:the )?(?:benchmarks|experiments|timings|measurements|numbers|results|runs)\b"
    r"[^.]{0,40}?\b(?:were|are|was|is) (?:performed|run|measured|done|conducted|obtained|"
    r"collected|taken|executed|carried out)\b"
)
PRECISION_RE = (
    r"\b(?:fp|FP)(?:32|16|8|64)\b|\bbf16\b|\bbfloat16\b|\bfloat(?:16|32|64)\b|\bint[48]\b|"
    r"\bINT[48]\b|\b(?:half|full|single|double|mixed)[- ]precision\b|\b(?:8|4|16|32)[- ]bit\b|"
    r"\bTF32\b|\bquantized\b|\bAMP\b"
)
FRAMEWORK_RE = (
    r"\b(?:PyTorch|TensorFlow(?: Lite)?|TF ?Lite|TFLite|JAX|Flax|MXNet|ONNX ?Runtime|onnxruntime|"
    r"TensorRT|TVM|OpenVINO|XLA|Core ?ML|DeepSpeed|Megatron(?:-LM)?|fairseq|Hugging ?Face|"
    r"vLLM|Triton|cuDNN|CUDA(?: \d+(?:\.\d+)?)?|Mesh TensorFlow|timm|ncnn|MNN|llama\.cpp|"
    r"TorchScript|torch\.compile|Caffe2?|PaddlePaddle|Scenic|JIT|ONNX)\b"
)
SEQLEN_RE = (
    r"\b(?:sequence|input|context|max(?:imum)?) length (?:of )?\d+|\b\d+ (?:input )?tokens\b|"
    r"\bresolution (?:of )?\d+|\b\d{2,4}\s*[×x]\s*\d{2,4}\b|\b\d{2,4} ?px\b|\bpatch size"
)

# Phase words: training, pre-training, fine-tuning, inference, serving.
PHASE_RE = {
    "training": r"\b(?:pre-?train\w*|train(?:ing|ed|s)?|fine-?tun\w*|finetun\w*|backward pass|"
                r"optimi[sz]ation steps?|converg\w*)\b",
    "inference": r"\b(?:inference|serving|served|deploy\w*|test[- ]time|forward pass(?:es)?|"
                 r"decoding|generation|at runtime|prediction time|real[- ]?time|"
                 r"on[- ]device|production)\b",
}

# Matching basis: comparisons presented as matched on one indicator.
MATCHING_RE = {
    "params": (
        r"\bparam(?:eter)?s?[- ]match(?:ed|ing)\b|\bparam(?:eter)?[- ]count[- ]match(?:ed|ing)\b|"
        r"\b(?:similar|same|comparable|equal|matched|identical|equivalent|matching|roughly the same|"
        r"approximately the same|the same)\s+(?:total\s+)?(?:number|count|amount)\s+of\s+"
        r"(?:trainable\s+|learnable\s+|model\s+)?param(?:eter)?s\b|"
        # not "the same parameters" / "fixed parameters" (the same weights, a fixed kernel) nor a
        # "fixed capacity" (a design limit): those compare nothing
        r"\b(?:similar|same|comparable|equal|matched|identical|equivalent|matching)\s+"
        r"(?:total\s+|overall\s+|trainable\s+)?(?:param(?:eter)?s?\s+(?:count|budget|size)s?|"
        r"model\s+sizes?|capacity(?![- ]factor))|"
        r"\bfixed\s+(?:total\s+)?param(?:eter)?s?\s+(?:count|budget)s?|"
        r"\b(?:param(?:eter)?[- ]equivalent|(?:model[- ])?size[- ]matched(?![- ](?:forget|data|sets?|"
        r"control|samples?))|equal[- ]param(?:eter)?s?|"
        r"param(?:eter)?\s+counts?\s+(?:are|is)\s+(?:matched|equal|identical|the same))\b|"
        r"\b(?:of|at|with)\s+(?:a\s+)?(?:similar|comparable|equal|the same|matched)\s+size\b|"
        r"\bsimilarly[- ]sized\b|\bcomparably[- ]sized\b|\bequally[- ]sized\b|\bsame[- ]sized?\b|"
        r"\bboth\b[^.;]{0,60}\b(?:have|has|with|use)\s+(?:~|about |around |roughly |approximately )?"
        r"\d[\d.]*\s*[MBK]?\s*param\w*\b(?=[^.]*\b(?:fair\w*|matched|comparable)\b)|"
        r"\biso-?param(?:eter)?s?\b|\bmatched (?:in|for|on) (?:the )?(?:number of )?param(?:eter)?s?"
        r"(?: count)?\b|\bmatch(?:ing)? (?:the )?(?:number of )?param(?:eter)?s?(?: count)?\b"
    ),
    "flops": (
        r"\b(?:flops?|compute|computation|mac)s?[- ]match(?:ed|ing)\b|\biso-?flops?\b|"
        r"\biso-?compute\b|\b(?:similar|same|comparable|equal|matched|identical|equivalent|"
        r"matching|fixed)\s+(?:number\s+of\s+)?(?:flops|macs|compute|computational\s+(?:cost|budget)|"
        r"compute\s+budget|training\s+compute|inference\s+compute|budget\s+of\s+flops)\b|"
        r"\bmatched (?:in|for|on) (?:flops|compute)\b|\bmatch(?:ing)? (?:the )?(?:flops|compute)\b|"
        r"\bmatch(?:es|ed|ing)?\b[^.;]{0,40}\b\d[\d.]*\s*[GMT]?(?:FLOPs|MACs)\b"
    ),
    "speed": (
        r"\b(?:speed|latency|throughput)[- ]match(?:ed|ing)\b|\b(?:similar|same|comparable|equal|"
        r"matched)\s+(?:speed|latency|throughput|runtime|wall-?clock)\b|\biso-?(?:latency|speed)\b"
    ),
}

# Context that raises the risk that one indicator misleads (§2.2, §3.2.1).
RISK_RE = {
    "sharing": r"\b(?:param(?:eter)?[- ]shar\w*|shar(?:es|ed|ing) (?:the )?(?:param(?:eter)?s|"
               r"weights|layers)|weight[- ]shar\w*|tied weights|weight tying|ALBERT|"
               r"Universal Transformers?|recurrent depth|cross-layer sharing|"
               r"ti(?:e|es|ed|ing) (?:the |its |all )?(?:weights|param(?:eter)?s|layers)|"
               r"reus(?:e|es|ed|ing) (?:one|the same|a single|each|its) (?:\w+ )?(?:block|layer|"
               r"weights)|(?:layers|weights|param(?:eter)?s|blocks) (?:are|is) (?:shared|tied|"
               r"reused)|(?:layer|weight|block) reuse|looped|weight-tied)\b",
    "sparsity": r"\b(?:sparse|sparsity|sparsified|prun(?:e|ed|ing)|MoE|mixture[- ]of[- ]experts|"
                r"experts?|Switch(?: Transformers?)?|GShard|GLaM|routing|top-[12] gating)\b",
    "token_free": r"\b(?:token[- ]free|byte[- ]level|character[- ]level|ByT5|CANINE|Charformer|"
                  r"tokeni[sz]er[- ]free)\b",
    "encdec": r"\b(?:encoder[- ]decoder|decoder[- ]only|T5|UL2)\b",
    "vit_seq": r"\b(?:patch[- ]size|patch sizes|ViT[- ]?\w*/\d+|ViT|sequence length|"
               r"input resolution|image resolution|number of (?:input )?tokens)\b",
    "nas": r"\b(?:architecture search|NAS|neural architecture|searched|search space|"
           r"found by search|evolutionary search|AutoML|the search|search (?:loss|objective|"
           r"reward|algorithm|procedure|cost|penal\w+|is constrained)|constrained search|"
           r"discovered (?:cells?|architectures?|networks?|models?|blocks?)|DARTS|"
           r"differentiable search)\b",
}
RISK_LABELS = {
    "sharing": "parameter sharing", "sparsity": "sparsity / MoE", "token_free": "token-free models",
    "encdec": "encoder-decoder vs decoder-only", "vit_seq": "ViT patch size / sequence length",
    "nas": "architecture search",
}

# Overgeneralisation (§4: narrow the claim to the setup measured).
GENERALISER_RE = (
    r"\b(?:on (?:any|all|every) (?:hardware|device|platform|gpu|accelerator|machine|laptop|phone|"
    r"smartphone|cpu|computer|server|chip|browser|edge device)s?|"
    r"(?:across|on|for) all (?:hardware|devices|platforms|settings|batch sizes|accelerators|"
    r"workloads|scenarios|configurations|setups)|regardless of (?:the )?(?:hardware|device|platform|"
    r"batch size|setting|setup|sequence length|input size)|(?:in|under) (?:all|any|every) "
    r"(?:settings?|conditions?|scenarios?|setups?|configurations?)|universally|always(?!-)|"
    r"hardware[- ](?:agnostic|independent)(?:ly)? (?:faster|efficient|speed\w*)|"
    r"whatever the hardware|(?:for|with) any batch size|in every setting|everywhere|"
    r"on every (?:hardware|device|platform)|(?:to|for|at|with) any (?:sequence length|input (?:size|"
    r"length)|resolution|batch size|scale|model size|context length))\b"
)

# CC110: almost as good, for a fraction of the (training) cost.
NEAR_QUALITY_RE = (
    r"\b(?:comparable|competitive|on par|similar (?:accuracy|quality|performance|results?|scores?)|"
    r"almost as (?:good|accurate|well)|nearly as (?:good|accurate|well)|nearly (?:matches|match|"
    r"matching)|close to|roughly matches|within \d+(?:\.\d+)? ?(?:%|points?|pp|BLEU|accuracy)|"
    r"only \d+(?:\.\d+)? ?(?:%|points?|pp) (?:lower|worse|behind|below)|(?:a )?(?:slight|small|"
    r"minor|negligible|marginal) (?:drop|loss|degradation|decrease)|retains?|"
    r"retaining|preserv(?:es|ing)|without (?:sacrificing|losing|hurting)|little (?:loss|drop)|"
    r"within (?:a|one|half a|a single|a few|two) (?:\w+ )?(?:points?|pp|percentage points?)|"
    r"within ~?\d+(?:\.\d+)? ?(?:AUC|F1|BLEU|ROUGE\S*|mAP|top-1|WER|CER|EM|perplexity|PPL|nDCG\S*|MRR\S*|"
    r"PESQ|FID|accuracy|acc\.?)|"
    r"on[- ]par)\b"
)
CHEAP_TRAINING_RE = (
    r"\b(?:(?:a |at )?(?:small |tiny )?fraction of(?: the| its| their)?|"
    r"(?:a|one) (?:tenth|quarter|third|fifth|half) of(?: the| its| their)?|\d+/\d+ of (?:the|its|their)|\d+(?:\.\d+)?\s*[×x]\s*(?:less|fewer|"
    r"cheaper|faster|lower|smaller)|\d+(?:\.\d+)? ?% of the|(?:less|fewer|lower|reduced|"
    r"cheaper|shorter)|(?:dramatically|drastically|significantly|substantially) (?:reduced|"
    r"lower|less|cheaper))\b"
)
TRAINING_COST_CONTEXT_RE = (
    r"\b(?:train\w*|pre-?train\w*|GPU[- ]?(?:hours|days)|TPU[- ]?(?:hours|days)|epochs?|"
    r"steps?|budget|compute|convergence|wall-?clock)\b"
)
RETUNED_RE = (
    r"\b(?:re-?tun(?:ed|e|ing)|tuned (?:for|to|with) (?:the )?(?:same|equal|matched|its own|a "
    r"similar) (?:budget|cost|compute|schedule)|same (?:training )?budget|equal (?:training )?budget|"
    r"matched (?:quality|accuracy)|(?:same|fixed|target) (?:accuracy|quality) (?:target|level)|"
    r"time[- ]to[- ](?:accuracy|quality)|to reach the same (?:accuracy|quality)|"
    r"budget-matched|budget-aware|optimi[sz]ed for (?:the same|a matched|a short) (?:budget|schedule))\b"
)

# CC113: a baseline shrunk to match compute.
SHRUNK_RE = (
    r"\b(?:shr[iu]nk\w*|fewer layers|halv\w+ (?:the )?(?:hidden|width|depth|number of layers|"
    r"layers|channels)|narrow(?:ed|er|ing|s)?|from \d+ to \d+ layers|(?:reduc|shrink|cut|trim)\w* "
    r"(?:the )?(?:\w+ )?baseline|reduc\w+ (?:the )?(?:number of layers|depth|width|hidden "
    r"(?:size|dimension)s?)|remov\w+ (?:\w+ )?layers|narrower|shallower|smaller hidden|truncat\w+|"
    r"only \d+ layers|\d+ layers (?:vs\.?|versus|instead of|compared to) \d+|cut down|"
    r"scaled[- ]down|down[- ]?scaled|downsized)\b"
)

# CC111: FLOPs counted as multiply-adds, and a stated conversion.
MULADD_RE = (r"\b(?:multiply[- ]adds?|mult[- ]adds?|multiply[- ](?:and[- ])?accumulates?|"
             r"multiply[- ]accumulate operations|MAdds|fused multiply[- ]adds?|FMAs?)\b")
MAC_WORD_RE = r"\b(?:[GMT]?MACs?)\b"
MAC_DEFINED_RE = (r"\b(?:multiply[- ](?:and[- ])?accumulates?|multiply[- ]adds?|"
                  r"memory access cost)\b")
FLOPS_MAC_CONVERSION_RE = (
    r"(?:(?:1|one) (?:MAC|multiply[- ]add|multiply[- ]accumulate)\w* (?:=|equals|is|counts as|"
    r"corresponds to) (?:2|two) (?:FLOPs?|operations)|(?:2|two) FLOPs? (?:per|for each|for every) "
    r"(?:MAC|multiply[- ]add|multiply[- ]accumulate)|FLOPs?\s*(?:=|≈)\s*2\s*[×x*]?\s*(?:MACs?|"
    r"multiply)|twice the (?:number of )?MACs|2\s*[×x]\s*(?:the )?MACs|counts? (?:each )?"
    r"(?:MAC|multiply[- ]add|multiply[- ]accumulate)\w* as (?:2|two) FLOPs?)"
)

# CC117: search constrained on one proxy.
SEARCH_PROXY_RE = {
    "flops": r"constrain\w* (?:to|at|by|under|with) (?:a |an )?~?\d[\d.]* ?[GMT]? ?(?:flops?|macs?)|"
             r"penali[sz]\w* (?:the )?(?:number of )?(?:flops|macs)|"
             r"\b(?:flops?|macs?|multiply[- ]adds)[- ](?:constrain\w*|budget\w*|target\w*|"
             r"limit\w*|aware|regulari[sz]\w*)|(?:constraint|budget|target|limit|cap|penalty) "
             r"(?:on|of) (?:the )?(?:~?\d[\d.,]* ?[GMT]? ?)?(?:flops|macs|compute)|under (?:a )?\d*\.?\d* ?[GMT]?(?:flops?|macs?)"
             r"|\b\d+(?:\.\d+)? ?[GMT]?(?:flops?|macs?) (?:budget|constraint|target|regime)",
    "params": r"constrain\w* (?:to|at|by|under|with) (?:a |an )?~?\d[\d.]* ?[MBK]? ?param|"
              r"penali[sz]\w* (?:the )?(?:expected )?(?:number of )?param\w*|"
              r"\b(?:param(?:eter)?s?(?: count)?)[- ](?:constrain\w*|budget\w*|target\w*|limit\w*|"
              r"aware)|(?:constraint|budget|target|limit|cap|penalty) (?:on|of) (?:the )?(?:number of )?"
              r"(?:~?\d[\d.,]* ?[MBKk]? ?)?param(?:eter)?s|under (?:a )?\d*\.?\d* ?[MBK]? ?param(?:eter)?s?",
}

# CC107: a latency figure for a large batch needs a per-example note.
PER_EXAMPLE_RE = (r"\b(?:per[- ](?:example|image|sample|token|sequence|input|item|query|"
                  r"instance|img)|/(?:img|image|example|sample|token|seq)|amortized|"
                  r"each (?:example|image|sample|input))\b")

# Memory *traffic* (accesses, bandwidth, transfers) is a speed concern, not a memory footprint.
MEMORY_TRAFFIC_RE = (r"\b(?:memory|DRAM|HBM)[- ](?:access(?:es)?|bandwidth|traffic|bound|transfers?|"
                     r"reads?|writes?|movement|I/?O|round[- ]trips?|hierarchy)\b|"
                     r"\b(?:access(?:es)?|trips?|transfers?) (?:to|from) (?:\w+ )?memory\b")
_NOT_TRAFFIC = r"(?![- ](?:access|bandwidth|traffic|bound|transfer|read|write|movement|I/?O))"

# CC116: memory claims.
MEMORY_CLAIM_RE = (r"\b(?:memory[- ](?:efficient|footprint|savings?|usage|consumption|"
                   r"requirements?|cost)|(?:less|lower|reduced|smaller|fraction of the|saves?|little|"
                   r"reduces?) (?:\w+ )?(?:memory|RAM|VRAM)" + _NOT_TRAFFIC + r"|fits? (?:in|into|on) (?:\w+ )?(?:memory|a single|one|"
                   r"\w+ GB)|memory-light)\b")
