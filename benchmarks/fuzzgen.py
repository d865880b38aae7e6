"""Generators of LaTeX and Markdown documents for fuzzing claimcheck (issue 10).

Every document mixes ordinary prose, efficiency sentences and tables (tabular, GFM, HTML
`<table>`) with zero or more *hostile classes*: inputs written to make a naive reader recurse,
loop, allocate without bound or crash. Each class named in the reliability issue's table has a
generator here (deep nesting, YAML aliases, `\\def` chains, huge `\\multicolumn`, a trailing
`\\def\\`, long paragraphs, huge tables, broken braces, math and environments, odd encodings),
plus a few more of the same families.

A generator is a plain function of a `random.Random`, so the same seed always gives the same
document: `tests/test_fuzz.py` draws seeds and class sets with hypothesis, and
`benchmarks/fuzz.py` draws them from `random.Random(seed)` for long runs. Sizes grow with
`scale` (1: every document is linted in well under a second; the long runs use more).

    case = latex_case(random.Random(7), hostile=["def_chain", "huge_multicolumn"])
    case.write(folder)  # -> the root file's path; case.files holds every file's bytes
"""
from __future__ import annotations

import os
import random
from dataclasses import dataclass, field
from typing import Callable

# -- the pieces of ordinary documents --------------------------------------------------------

MODELS = ["ResNet-50", "ViT-B/16", "BERT-large", "EfficientNet-B3", "GPT-2", "T5-small",
          "MobileNetV3", "DeiT-S", "Swin-T", "LLaMA-7B", "our model", "the baseline"]
HARDWARE = ["an A100", "a V100", "one RTX 3090", "a TPU v3", "a single CPU core", "a Pixel 6",
            "8 H100 GPUs"]
PROSE = [
    "We study the problem of learning representations from unlabelled data.",
    "The dataset has 50,000 images in 10 classes.",
    "Related work is discussed in Section 2.",
    "This section describes the experimental setup in detail.",
    "Each experiment is repeated with three random seeds.",
    "We thank the anonymous reviewers for their comments.",
    "The learning rate follows a cosine schedule with warm-up.",
    "Results on the validation split are shown below.",
    "Ablations isolate the contribution of each component.",
    "Code and checkpoints are released under the MIT license.",
]
CLAIMS = [
    "Our model is {n}x faster than {m} because it needs {k}x fewer FLOPs.",
    "{M} needs {f} GFLOPs and {p}M parameters.",
    "Inference takes {ms} ms per image on {h} with batch size {b}.",
    "Training takes {g} GPU hours on {h}.",
    "Our method is more efficient than {m}.",
    "It reduces memory by {pct}% and latency by {pct2}% compared to {m}.",
    "We achieve a {n}x speed-up with only {p}M parameters.",
    "The model is lightweight and runs in real time on {h}.",
    "Compared with {m}, ours uses {k}x fewer parameters at the same accuracy.",
    "Throughput reaches {t} images per second in fp16 on {h}.",
    "Pruning removes {pct}% of the weights, making the network {n}x smaller.",
    "Energy use drops to {e} kWh per training run.",
]
COLUMNS = ["Model", "Params (M)", "GFLOPs", "Latency (ms)", "Throughput (img/s)", "Top-1 (%)",
           "Memory (GB)", "BLEU", "Speed-up", "Energy (kWh)"]


def _number(rng: random.Random) -> str:
    return rng.choice([f"{rng.randint(1, 999)}", f"{rng.uniform(0, 100):.1f}",
                       f"{rng.uniform(0, 10):.2f}", f"{rng.randint(1, 9)},{rng.randint(0, 999):03d}",
                       "--", "N/A", f"{rng.uniform(0, 100):.1f} $\\pm$ 0.{rng.randint(1, 9)}"])


def claim(rng: random.Random) -> str:
    return rng.choice(CLAIMS).format(
        n=rng.choice(["2", "3.5", "10", "1.7", "100"]), k=rng.choice(["2", "4", "1.5"]),
        m=rng.choice(MODELS), M=rng.choice(MODELS).capitalize(), f=rng.choice(["4.1", "17.6", "0.3"]),
        p=rng.choice(["22", "86.6", "1.3", "340"]), ms=rng.choice(["3.2", "12", "0.8"]),
        h=rng.choice(HARDWARE), b=rng.choice(["1", "8", "256"]), g=rng.choice(["12", "400", "3"]),
        pct=rng.randint(5, 90), pct2=rng.randint(5, 90), t=rng.choice(["1,250", "90", "32k"]),
        e=rng.choice(["3.1", "120"]))


def sentences(rng: random.Random, n: int, claim_share: float = 0.4) -> str:
    return " ".join(claim(rng) if rng.random() < claim_share else rng.choice(PROSE) for _ in range(n))


# -- the case: one root file, maybe includes -------------------------------------------------

@dataclass
class Case:
    """One generated document: a root file (and the files it includes), as bytes."""

    root: str  # the root file's name, e.g. "main.tex"
    pieces: list[str]  # the root file's text, in the pieces it was built from
    encoding: str = "utf-8"  # how the root file's text becomes bytes (see encode())
    extra: dict[str, bytes] = field(default_factory=dict)  # included files: relative path → bytes
    hostile: list[str] = field(default_factory=list)  # the hostile classes in this document

    @property
    def text(self) -> str:
        return "".join(self.pieces)

    @property
    def files(self) -> dict[str, bytes]:
        return {self.root: encode(self.text, self.encoding), **self.extra}

    def write(self, folder: str) -> str:
        """Write every file below `folder`; return the root file's path."""
        for rel, data in self.files.items():
            path = os.path.join(folder, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as fh:
                fh.write(data)
        return os.path.join(folder, self.root)

    def with_pieces(self, pieces: list[str], extra: dict[str, bytes] | None = None) -> "Case":
        return Case(self.root, list(pieces), self.encoding, dict(self.extra if extra is None else extra),
                    list(self.hostile))


ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "utf-32", "latin-1", "crlf", "cr",
             "invalid-utf8", "nul", "surrogates", "utf-16-broken", "utf-16-nobom"]


def encode(text: str, encoding: str) -> bytes:
    """Bytes of `text` in one of ENCODINGS, some of them deliberately broken."""
    if encoding == "utf-8":
        return text.encode("utf-8", "surrogatepass")
    if encoding == "utf-8-sig":
        return b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    if encoding == "utf-16":
        return text.encode("utf-16", "surrogatepass")  # with a byte-order mark
    if encoding == "utf-16-be-bom":
        return b"\xfe\xff" + text.encode("utf-16-be", "surrogatepass")
    if encoding == "utf-32":
        return text.encode("utf-32", "surrogatepass")
    if encoding == "latin-1":
        return text.encode("latin-1", "replace")
    if encoding == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8", "surrogatepass")
    if encoding == "cr":  # old Mac line ends: one line for a reader splitting on \n
        return text.replace("\n", "\r").encode("utf-8", "surrogatepass")
    if encoding == "invalid-utf8":
        data = text.encode("utf-8", "surrogatepass")
        cut = len(data) // 2
        return data[:cut] + b"\xff\xfe\xc3(\x80" + data[cut:]
    if encoding == "nul":
        data = text.encode("utf-8", "surrogatepass")
        return data[: len(data) // 3] + b"\x00" + data[len(data) // 3:]
    if encoding == "surrogates":
        return text.encode("utf-8", "surrogatepass") + "\ud800 lone surrogate\n".encode("utf-8", "surrogatepass")
    if encoding == "utf-16-broken":  # a BOM, then an odd number of bytes
        return text.encode("utf-16", "surrogatepass") + b"\x00"
    if encoding == "utf-16-nobom":
        return text.encode("utf-16-le", "surrogatepass")
    raise ValueError(encoding)


# -- LaTeX -----------------------------------------------------------------------------------

def _tex_table(rng: random.Random, rows: int | None = None, cols: int | None = None) -> str:
    cols = cols or rng.randint(2, 6)
    rows = rows if rows is not None else rng.randint(1, 8)
    names = rng.sample(COLUMNS, min(cols, len(COLUMNS))) + [f"C{i}" for i in range(cols - len(COLUMNS))]
    head = " & ".join(names[:cols])
    if rng.random() < 0.3:
        head = f"\\multirow{{2}}{{*}}{{Model}} & \\multicolumn{{{cols - 1}}}{{c}}{{Cost}} \\\\\n" \
               f"\\cmidrule(lr){{2-{cols}}}\n & " + " & ".join(names[1:cols])
    body = []
    for r in range(rows):
        cells = [rng.choice(MODELS)] + [_number(rng) for _ in range(cols - 1)]
        if rng.random() < 0.2:
            cells[rng.randrange(cols)] = f"\\textbf{{{cells[0]}}}"
        body.append(" & ".join(cells) + " \\\\")
        if rng.random() < 0.15:
            body.append("\\midrule")
    env = rng.choice(["tabular", "tabular", "tabularx", "longtable", "tabular*"])
    spec = "{" + "l" + "c" * (cols - 1) + "}"
    arg = "{\\linewidth}" if env in ("tabularx", "tabular*") else ""
    table = (f"\\begin{{{env}}}{arg}{spec}\n\\toprule\n{head} \\\\\n\\midrule\n" + "\n".join(body)
             + f"\n\\bottomrule\n\\end{{{env}}}\n")
    if env != "longtable" and rng.random() < 0.7:
        table = (f"\\begin{{table}}[t]\n\\centering\n\\caption{{Comparison on ImageNet on "
                 f"{rng.choice(HARDWARE)}.}}\\label{{tab:t{rng.randint(0, 99)}}}\n" + table + "\\end{table}\n")
    return table


def _blocks(rng: random.Random, count: int, makers: list[tuple[float, Callable[[], str]]]) -> list[str]:
    """`count` blocks, each made by a maker drawn with the weights given (weight, function of no
    arguments returning text)."""
    weights, functions = zip(*makers)
    return [rng.choices(functions, weights)[0]() for _ in range(count)]


def _tex_section(rng: random.Random) -> str:
    title = rng.choice(["Introduction", "Related Work", "Method", "Experiments", "Results",
                        "Efficiency", "Conclusion", "Limitations"])
    heading = f"\\{rng.choice(['section', 'subsection', 'section*', 'paragraph'])}{{{title}}}\n"
    return heading + "".join(_blocks(rng, rng.randint(1, 3), [
        (55, lambda: sentences(rng, rng.randint(1, 5)) + "\n\n"),
        (15, lambda: _tex_table(rng)),
        (10, lambda: "We minimise $\\mathcal{L} = \\sum_i \\ell(x_i)$ where\n\\begin{equation}\n"
                     "y = Wx + b \\label{eq:1}\n\\end{equation}\nas in \\citet{vit}.\n\n"),
        (10, lambda: "\\begin{itemize}\n\\item " + claim(rng) + "\n\\item " + rng.choice(PROSE)
                     + "\n\\end{itemize}\n"),
        (10, lambda: "% " + claim(rng) + "\n" + "See Table~\\ref{tab:t1} and \\cite{a,b}."
                     + "\\footnote{" + claim(rng) + "}\n\n"),
    ]))


def _laughs(rng: random.Random, levels: int, fanout: int) -> str:
    command = rng.choice(["\\def\\{name}{{{body}}}", "\\newcommand{{\\{name}}}{{{body}}}",
                          "\\renewcommand\\{name}{{{body}}}", "\\providecommand{{\\{name}}}{{{body}}}"])
    names = ["lol" + "abcdefghijklmnopqrstuvwxyz"[i] for i in range(levels + 1)]
    out = [command.format(name=names[0], body="lol " * fanout)]
    for i in range(1, levels + 1):
        out.append(command.format(name=names[i], body=("\\" + names[i - 1] + " ") * fanout))
    return "\n".join(out) + f"\nOur model is fast: \\{names[-1]}.\n"


def tex_hostile(rng: random.Random, kind: str, scale: float = 1.0) -> str:
    """One hostile piece of LaTeX (see LATEX_HOSTILE)."""
    big = lambda lo, hi: rng.randint(lo, max(lo, int(hi * scale)))
    if kind == "deep_braces":
        n = big(50, 3000)
        return "Text " + "{" * n + "Our model is 3x faster." + "}" * n + ".\n\n"
    if kind == "deep_environments":
        n = big(20, 400)
        return "\\begin{itemize}\n\\item x " * n + claim(rng) + "\n" + "\\end{itemize}\n" * n
    if kind == "deep_includes":  # handled by latex_case (files); here the first \input
        return "\\input{inc/d0}\n"
    if kind == "def_chain":
        return _laughs(rng, rng.randint(3, 9), rng.randint(2, 10))
    if kind == "def_recursive":
        return rng.choice(["\\def\\a{\\a}\n\\a and more.\n", "\\def\\a{\\b x}\\def\\b{\\a y}\nThe \\a.\n",
                           "\\newcommand{\\x}[1]{\\x{#1#1}}\n\\x{ab} is fast.\n",
                           "\\def\\a#1{#1#1#1}\\a{\\a{\\a{\\a{\\a{\\a{\\a{zz}}}}}}}\n",
                           "\\let\\a\\b\\let\\b\\a\\a\n"])
    if kind == "def_args":
        return "\\newcommand{\\m}[9]{#1#2#3#4#5#6#7#8#9#9#9}\n" + "\\m" * big(2, 40) + "{x}" * 9 + "\n\n"
    if kind == "huge_multicolumn":
        n = rng.choice([999999, 10**9, 50001, 2**31, 10**40])
        t = f"\\begin{{tabular}}{{ll}}\n\\multicolumn{{{n}}}{{l}}{{x}} \\\\\n1 & 2 \\\\\n\\end{{tabular}}\n"
        return t * rng.randint(1, max(1, int(12 * scale)))
    if kind == "huge_multirow":
        n = rng.choice([999999, 10**9, -999999])
        return (f"\\begin{{tabular}}{{ll}}\n\\multirow{{{n}}}{{*}}{{x}} & "
                f"\\multicolumn{{{rng.choice([3, 99999])}}}{{c}}{{y}} \\\\\n" + "a & b \\\\\n" * big(1, 50)
                + "\\end{tabular}\n")
    if kind == "trailing_def":
        return rng.choice(["\\def\\", "\\newcommand\\", "\\newcommand{", "\\def", "\\renewcommand",
                           "\\def\\x", "\\newcommand{\\x}[", "\\def\\x#", "\\newcommand{\\x}[2][",
                           "\\let\\", "\\begin{", "\\input", "\\input{", "\\", "$", "\\verb|"])
    if kind == "long_paragraph":
        return sentences(rng, big(50, 400), claim_share=0.9) + "\n\n"
    if kind == "long_line":  # no sentence boundary at all
        return "word" * big(2000, 12000) + "\n\n"
    if kind == "huge_table":
        return _tex_table(rng, rows=big(100, 1500), cols=rng.randint(2, 5))
    if kind == "wide_table":
        cols = big(60, 3000)
        return ("\\begin{tabular}{ll}\n" + " & ".join(f"c{i}" for i in range(cols)) + " \\\\\n"
                + " & ".join("1" for _ in range(cols)) + " \\\\\n\\end{tabular}\n")
    if kind == "broken_braces":
        return rng.choice(["Our model is \\textbf{efficient.\n\n", "Closing } without opening }} here.\n\n",
                           "\\section{Unclosed\n" + claim(rng) + "\n", "\\footnote{" * 5 + "x\n\n",
                           "\\caption{A table {with \\label{x}\n"])
    if kind == "broken_math":
        return rng.choice(["The cost $O(n^2$ is " + claim(rng) + "\n\n", "$$ x = y\n" + claim(rng) + "\n",
                           "\\[ a + b\n" + claim(rng) + "\n", "\\begin{equation} x\n" + claim(rng) + "\n",
                           "$\\frac{1}{2$ and $", "\\(" * 20 + "x" + "\\)" * 3 + "\n"])
    if kind == "broken_env":
        return rng.choice(["\\begin{table}\n\\begin{tabular}{ll}\na & b \\\\\n",
                           "\\end{itemize}\n" + claim(rng) + "\n", "\\begin{tabular}{ll}\n1 & 2\n",
                           "\\begin{verbatim}\n" + claim(rng) + "\n",
                           "\\begin{lstlisting}\ncode\n", "\\begin{document}\n\\begin{document}\n",
                           "\\end{document}\n" + claim(rng) + "\n",
                           "\\begin{tabular}{ll}\n\\begin{tabular}{ll}\na & b\n\\end{tabular}\n",
                           "\\begin{comment}\n" + claim(rng) + "\n"])
    if kind == "bad_includes":
        return rng.choice(["\\input{../../../etc/passwd}\n", "\\input{/dev/zero}\n", "\\input{main}\n",
                           "\\include{missing}\n", "\\input{inc/loop}\n", "\\input{\\jobname}\n",
                           "\\input{" + "a/" * 200 + "x}\n", "\\input{inc/bin}\n",
                           "\\subfile{inc/u16}\n", "\\input{inc/huge-name" + "x" * 300 + "}\n"])
    if kind == "odd_characters":
        return ("Zero\u200bwidth, RTL \u202eevil\u202c, NBSP\u00a0x, emoji \U0001F680, "
                "combining e\u0301, tab\there, form\x0cfeed, bell\x07, DEL\x7f. " + claim(rng) + "\n\n")
    if kind == "special_tokens":
        return rng.choice(["\\\\" * 200 + "\n", "&" * 300 + "\n", "%" * 100 + "\n" + claim(rng) + "\n",
                           "~" * 500 + "\n", "\\item" * 300 + "\n", "#1#2##3\n", "^^M^^J^^@\n",
                           "\\verb" + "|x" * 50 + "\n", "\\url{" + "%20" * 100 + "}\n"])
    if kind == "many_tables":
        return "".join(_tex_table(rng) for _ in range(big(5, 40)))
    if kind == "long_options":
        return "\\section[" + "o" * big(100, 20000) + "]{Title}\n" + claim(rng) + "\n\n"
    if kind == "suppressions":
        return rng.choice(["% claimcheck: ignore[CC103] reason\n", "% claimcheck: ignore CC103\n",
                           "% claimcheck: ignore[ALL]\n", "% claimcheck: ignore[]\n",
                           "% claimcheck: ignore[" + "CC1," * 200 + "]\n"]) + claim(rng) + "\n\n"
    raise ValueError(kind)


LATEX_HOSTILE = ["deep_braces", "deep_environments", "deep_includes", "def_chain", "def_recursive",
                 "def_args", "huge_multicolumn", "huge_multirow", "trailing_def", "long_paragraph",
                 "long_line", "huge_table", "wide_table", "broken_braces", "broken_math", "broken_env",
                 "bad_includes", "odd_characters", "special_tokens", "many_tables", "long_options",
                 "suppressions", "encoding"]


def latex_case(rng: random.Random, hostile: list[str] | None = None, scale: float = 1.0) -> Case:
    """A paper: preamble, abstract, sections with prose, claims and tables, and the hostile
    pieces named (drawn at random when `hostile` is None) at random places."""
    if hostile is None:
        hostile = rng.sample(LATEX_HOSTILE, rng.choice([0, 1, 1, 2, 3]))
    pieces = []
    if rng.random() < 0.8:
        pieces.append("\\documentclass{article}\n\\usepackage{booktabs}\n"
                      "\\newcommand{\\ours}{OurNet}\n\\newcommand{\\gpu}[1][A100]{#1 GPU}\n")
        if rng.random() < 0.3:
            pieces.append("\\begin{abstract}\n" + sentences(rng, 3) + "\n\\end{abstract}\n")
        pieces.append("\\begin{document}\n")
    pieces.extend(_tex_section(rng) for _ in range(rng.randint(1, 4)))
    if rng.random() < 0.8:
        pieces.append("\\end{document}\n")
    extra: dict[str, bytes] = {}
    for kind in hostile:
        if kind == "encoding":
            continue
        piece = tex_hostile(rng, kind, scale)
        if kind == "trailing_def":
            pieces.append(piece)  # at the very end of the file
            continue
        pieces.insert(rng.randint(0, len(pieces)), piece)
        if kind == "deep_includes":
            depth = rng.randint(5, 40)
            for d in range(depth):
                extra[f"inc/d{d}.tex"] = (claim(rng) + f"\n\\input{{inc/d{d + 1}}}\n").encode()
        if kind == "bad_includes":
            extra["inc/loop.tex"] = b"Loop.\n\\input{inc/loop}\n\\input{main}\n"
            extra["inc/bin.tex"] = b"\x00\x01\x02binary"
            extra["inc/u16.tex"] = (claim(rng) + "\n").encode("utf-16")
    if rng.random() < 0.3:
        extra["sec/intro.tex"] = _tex_section(rng).encode()
        pieces.insert(rng.randint(0, len(pieces)), "\\input{sec/intro}\n")
    encoding = rng.choice(ENCODINGS) if "encoding" in hostile else "utf-8"
    return Case("main.tex", pieces, encoding, extra, list(hostile))


# -- Markdown ---------------------------------------------------------------------------------

def _gfm_table(rng: random.Random, rows: int | None = None, cols: int | None = None) -> str:
    cols = cols or rng.randint(2, 6)
    rows = rows if rows is not None else rng.randint(1, 8)
    names = (rng.sample(COLUMNS, min(cols, len(COLUMNS))) + [f"C{i}" for i in range(cols)])[:cols]
    lines = ["| " + " | ".join(names) + " |", "|" + "|".join(rng.choice(["---", ":--", "--:", ":-:"])
                                                             for _ in range(cols)) + "|"]
    for _ in range(rows):
        cells = [rng.choice(MODELS)] + [_number(rng).replace("$\\pm$", "±") for _ in range(cols - 1)]
        if rng.random() < 0.2:
            cells[rng.randrange(cols)] = f"**{cells[0]}**"
        if rng.random() < 0.1:
            cells = cells[: rng.randint(1, cols)]  # a short row
        lines.append("| " + " | ".join(cells) + " |")
    caption = f"Table {rng.randint(1, 5)}: results on {rng.choice(HARDWARE)}.\n\n" if rng.random() < 0.3 else ""
    return caption + "\n".join(lines) + "\n\n"


def _html_table(rng: random.Random, rows: int | None = None) -> str:
    cols = rng.randint(2, 5)
    rows = rows if rows is not None else rng.randint(1, 6)
    names = rng.sample(COLUMNS, cols)
    out = ["<table>", "<thead><tr>" + "".join(f"<th>{n}</th>" for n in names) + "</tr></thead>"]
    for r in range(rows):
        cells = [rng.choice(MODELS)] + [_number(rng).replace("$\\pm$", "&plusmn;") for _ in range(cols - 1)]
        tds = []
        for c, cell in enumerate(cells):
            attrs = ""
            if rng.random() < 0.1:
                attrs = f' colspan="{rng.randint(1, 3)}"'
            if rng.random() < 0.1:
                attrs += f" rowspan={rng.randint(1, 3)}"
            tds.append(f"<td{attrs}>{'<b>' + cell + '</b>' if rng.random() < 0.1 else cell}</td>")
        out.append("<tr>" + "".join(tds) + "</tr>")
        if rng.random() < 0.1:
            out.append("")  # a blank line inside the table
    out.append("</table>")
    return "\n".join(out) + "\n\n"


def _md_section(rng: random.Random) -> str:
    heading = rng.choice(["#", "##", "###"]) + " " + rng.choice(["Usage", "Results", "Model", "Efficiency",
                                                                 "Benchmarks", "Citation"]) + "\n\n"
    return heading + "".join(_blocks(rng, rng.randint(1, 4), [
        (45, lambda: sentences(rng, rng.randint(1, 5)) + "\n\n"),
        (15, lambda: _gfm_table(rng)),
        (8, lambda: _html_table(rng)),
        (10, lambda: "- " + claim(rng) + "\n- " + rng.choice(PROSE) + "\n  - nested *item*\n\n"),
        (8, lambda: "```python\nmodel = load('ours')  # " + claim(rng) + "\n```\n\n"),
        (7, lambda: "> " + claim(rng) + " See [the paper](https://arxiv.org/abs/1) and "
                    "![fig](fig.png) and `models/vit.onnx`.\n\n"),
        (7, lambda: "<!-- claimcheck: ignore[CC103] measured elsewhere -->\n" + claim(rng) + "\n\n"),
    ]))


def _front_matter(rng: random.Random) -> str:
    return rng.choice([
        "---\nlicense: mit\ntags:\n- vision\n- efficient\n---\n",
        "---\nlanguage: en\nmodel-index:\n- name: Net\n  results:\n  - task: {type: image-classification}\n"
        "    dataset: {name: ImageNet, type: imagenet}\n    metrics:\n    - {type: accuracy, value: 81.2}\n"
        "    - {type: latency, value: 3.1, name: Latency (ms)}\n---\n",
        "---\ndescription: " + claim(rng) + "\n---\n",
    ])


def md_hostile(rng: random.Random, kind: str, scale: float = 1.0) -> tuple[str, str]:
    """One hostile piece of Markdown: (where: 'front' or 'body', text)."""
    big = lambda lo, hi: rng.randint(lo, max(lo, int(hi * scale)))
    if kind == "yaml_deep":
        n = big(60, 2000)
        body = rng.choice(["[" * n + "]" * n, "{a: " * n + "1" + "}" * n,
                           "".join(" " * i + "- \n" for i in range(min(n, 300))) + "x"])
        return "front", "---\nx: " + body + "\n---\n"
    if kind == "yaml_alias_bomb":
        levels, fan = rng.randint(5, 10), rng.randint(5, 10)
        lines = [f'a0: &a0 [{",".join(["lol"] * fan)}]']
        lines += [f"a{i}: &a{i} [{','.join([f'*a{i - 1}'] * fan)}]" for i in range(1, levels)]
        return "front", "---\n" + "\n".join(lines) + "\n---\n"
    if kind == "yaml_recursive":
        return "front", rng.choice(["---\na: &a [*a]\n---\n", "---\n&a a: *a\n---\n",
                                    "---\na: &x {b: *x}\n---\n"])
    if kind == "yaml_broken":
        return "front", rng.choice(["---\na: [1, 2\n---\n", "---\n\tkey: tab\n---\n", "---\n- a list\n---\n",
                                    "---\n: :\n---\n", "---\na: !!python/object:os.system x\n---\n",
                                    "---\na: 1\n", "---\n" + "x: y\n" * big(10, 3000) + "---\n",
                                    "---\nmodel-index: 7\n---\n", "---\nmodel-index:\n- results: [1, {metrics: x}]\n---\n"])
    if kind == "model_index_huge":
        n = big(50, 3000)
        return "front", ("---\nmodel-index:\n- name: Net\n  results:\n  - task: {type: t}\n    dataset: {name: d}\n"
                         "    metrics:\n      - &m {type: accuracy, value: 76.5}\n" + "      - *m\n" * n + "---\n")
    if kind == "deep_nesting":
        n = big(50, 3000)
        return "body", rng.choice([">" * n + " quoted " + claim(rng) + "\n\n",
                                   "".join("  " * i + "- item\n" for i in range(min(n, 400))) + "\n",
                                   "*" * n + claim(rng) + "*" * n + "\n\n",
                                   "[" * n + "link" + "](x)" * n + "\n\n",
                                   "<div>" * n + claim(rng) + "</div>" * n + "\n\n",
                                   "`" * n + " code " + "`" * (n - 1) + "\n\n"])
    if kind == "long_paragraph":
        return "body", sentences(rng, big(50, 400), claim_share=0.9) + "\n\n"
    if kind == "long_line":
        return "body", "word" * big(2000, 12000) + "\n\n"
    if kind == "huge_table":
        return "body", _gfm_table(rng, rows=big(100, 2000), cols=rng.randint(2, 5))
    if kind == "wide_table":
        cols = big(60, 3000)
        return "body", ("|" + "|".join(f"c{i}" for i in range(cols)) + "|\n|" + "-|" * cols + "\n"
                        + ("|" + "1|" * cols + "\n") * rng.randint(1, 5) + "\n")
    if kind == "huge_html_table":
        n = rng.choice([64, 999999, 10**9])
        wide = "<tr>" + f'<td colspan="{n}">x</td>' * big(2, 200) + "</tr>\n"
        rows = "<tr><td>1</td></tr>" * big(2, 400)
        return "body", rng.choice(["<table>" + wide + rows + "</table>\n\n",
                                   f'<table><tr><td rowspan="{n}" colspan="{n}">x</td></tr>' + rows + "</table>\n\n",
                                   ("<table><tr><td colspan=64>a</td></tr><tr><td>1</td><td>2</td></tr></table>\n\n")
                                   * big(2, 100)])
    if kind == "broken_html":
        return "body", rng.choice(["<table><tr><td>unclosed\n\n" + claim(rng) + "\n\n",
                                   "<table>\n<tr><td>a</td>\n\n<tr><td>b</td></tr>\n",
                                   "<!-- never closed\n" + claim(rng) + "\n",
                                   "<table><table><table><td>x</td></table>\n\n",
                                   "<td colspan='x' rowspan=-3>x</td>\n\n",
                                   "<table><tr><th>A<th>B<tr><td>1<td>2</table>\n\n",
                                   "<table>" + "<tr>" * 300 + "</table>\n\n"])
    if kind == "broken_markdown":
        return "body", rng.choice(["```\nunclosed fence\n" + claim(rng) + "\n",
                                   "~~~~\n" + claim(rng) + "\n", "**bold never closed " + claim(rng) + "\n\n",
                                   "[link](never closed " + claim(rng) + "\n\n",
                                   "| a | b |\n|---|\n| 1 | 2 |\n\n", "|---|---|\n| 1 | 2 |\n\n",
                                   "| a \\| b | c |\n|---|---|\n| 1 \\| 2 | 3 |\n\n",
                                   "Setext\n===\n" + claim(rng) + "\n---\n", "&#xFFFFFFFF; &#0; &bogus;\n\n",
                                   "$$\n" + claim(rng) + "\n", "\\" * 101 + "\n\n"])
    if kind == "odd_characters":
        return "body", ("Zero\u200bwidth, RTL \u202eevil\u202c, NBSP\u00a0x, emoji \U0001F680, "
                        "combining e\u0301, tab\there, form\x0cfeed, bell\x07, DEL\x7f, NEL\x85x, "
                        "LS\u2028PS\u2029. " + claim(rng) + "\n\n")
    if kind == "many_tables":
        return "body", "".join(_gfm_table(rng) if rng.random() < 0.6 else _html_table(rng)
                               for _ in range(big(5, 40)))
    if kind == "suppressions":
        return "body", rng.choice(["<!-- claimcheck: ignore[CC103] r -->\n", "<!-- claimcheck: ignore CC103 -->\n",
                                   "<!-- claimcheck: ignore[ALL] -->\n", "<!-- claimcheck: ignore[ -->\n",
                                   "<!-- claimcheck: ignore[" + "X," * 300 + "] -->\n"]) + claim(rng) + "\n\n"
    if kind == "latex_in_markdown":
        return "body", tex_hostile(rng, rng.choice(["def_chain", "huge_multicolumn", "trailing_def",
                                                    "broken_math"]), scale) + "\n\n"
    raise ValueError(kind)


MARKDOWN_HOSTILE = ["yaml_deep", "yaml_alias_bomb", "yaml_recursive", "yaml_broken", "model_index_huge",
                    "deep_nesting", "long_paragraph", "long_line", "huge_table", "wide_table",
                    "huge_html_table", "broken_html", "broken_markdown", "odd_characters",
                    "many_tables", "suppressions", "latex_in_markdown", "encoding"]


def markdown_case(rng: random.Random, hostile: list[str] | None = None, scale: float = 1.0) -> Case:
    """A README or model card: front matter, headings, prose, claims, GFM and HTML tables, code,
    and the hostile pieces named (drawn at random when `hostile` is None)."""
    if hostile is None:
        hostile = rng.sample(MARKDOWN_HOSTILE, rng.choice([0, 1, 1, 2, 3]))
    front = _front_matter(rng) if rng.random() < 0.4 else ""
    pieces = ["# " + rng.choice(MODELS) + "\n\n"] + [_md_section(rng) for _ in range(rng.randint(1, 4))]
    for kind in hostile:
        if kind == "encoding":
            continue
        where, piece = md_hostile(rng, kind, scale)
        if where == "front":
            front = piece  # only one front matter: the last hostile one wins
        else:
            pieces.insert(rng.randint(0, len(pieces)), piece)
    encoding = rng.choice(ENCODINGS) if "encoding" in hostile else "utf-8"
    name = rng.choice(["README.md", "card.markdown", "docs.md"])
    return Case(name, ([front] if front else []) + pieces, encoding, {}, list(hostile))


def any_case(rng: random.Random, scale: float = 1.0) -> Case:
    return (latex_case if rng.random() < 0.5 else markdown_case)(rng, None, scale)
