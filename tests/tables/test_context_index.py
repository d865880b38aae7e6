"""The per-document index of table contexts gives what the old per-table scans gave.

`reference` is the code the index replaced (every paragraph and every setup block scanned per
table, one regex search over the joined context); the documents are built to hit its corners:
tables inside the setup section and the appendix (their own caption is left out of their
context), a batch size split over two blocks ("bs" / "= 32"), tables with no paragraph before
or after them, several files, a file included twice."""
from __future__ import annotations

import pytest

from claimcheck.frontend import load_document
from claimcheck.tables.frame import (BATCH, GENERIC_HARDWARE, HARDWARE, _batch_in, _DocumentContext,
                                     build_frames)


def reference(frame, document):
    """(hardware, batch, neighbour blocks, context) as computed before the index."""
    table = frame.table
    paragraphs = [(b, b.span) for b in document.blocks if b.kind == "paragraph"]
    same_file = [(b, s) for b, s in paragraphs if s.path == table.span.path]
    before = [b for b, s in same_file if s.end_line < table.span.line]
    after = [b for b, s in same_file if s.line > table.span.end_line]
    citing_blocks = []
    for sentence in document.sentences():
        if any(document.table_by_ref(r) is table for r in sentence.refs) and sentence.block not in citing_blocks:
            citing_blocks.append(sentence.block)
    nearby = [b for b in before[-1:] + after[:1] if b not in citing_blocks]
    setup = [b for b in document.blocks if b.section is not None and b.section.kind in ("setup", "appendix")
             and b is not table.caption]
    header = " ".join(c.name for c in frame.columns)
    cells = " ".join(c.text for row in table.rows for c in row)
    parts = [frame.caption, header, cells] + [b.text.text for b in citing_blocks + nearby + setup]
    context = "\n".join(p for p in parts if p)
    devices = [m.group(0) for m in HARDWARE.finditer(context)]
    hardware = next((d for d in devices if not GENERIC_HARDWARE.match(d)), devices[0] if devices else None)
    batch = BATCH.search(context)
    return hardware, batch.group(0) if batch else None, before[-1:] + after[:1], context


SETUP_TABLE = r"""\begin{table}[h]\caption{Latency of %(name)s on a %(device)s}\label{tab:%(n)d}
\begin{tabular}{lcc}\toprule Model & Params (M) & Latency (ms) \\ \midrule
A & 10 & 5.0 \\ B & 20 & 9.0 \\ \bottomrule\end{tabular}\end{table}
"""


def latex_paper(tables_in_setup: bool) -> str:
    out = ["\\documentclass{article}\\begin{document}\n\\section{Introduction}\n"]
    for n in range(1, 5):
        out.append(f"Our model is faster than the baseline (Table~\\ref{{tab:{n}}}).\n\n")
        out.append(SETUP_TABLE % {"name": "ours", "device": "GPU", "n": n})
    if tables_in_setup:  # for the second table alone (its caption left out), the first's "bs"
        # runs on into "= 32"
        out.append("\\section{Experimental setup}\nWe time everything carefully.\n\n")
        out.append(SETUP_TABLE % {"name": "setup", "device": "V100 GPU with bs", "n": 10})
        out.append(SETUP_TABLE % {"name": "setup", "device": "V100 GPU", "n": 12})
    else:
        out.append("\\section{Experimental setup}\nWe time everything with bs\n\n")
    out.append("= 32 on one machine.\n\n")
    out.append("All runs use an Intel Xeon CPU.\n\n\\appendix\n\\section{More}\n")
    out.append(SETUP_TABLE % {"name": "more", "device": "TPU-v3 at batch size 8", "n": 11})
    out.append("\\end{document}\n")
    return "".join(out)


MARKDOWN = """# Model

Intro paragraph.

| Model | Params (M) | Latency (ms) |
|---|---|---|
| A | 10 | 5.0 |
| B | 20 | 9.0 |

| Model | Params (M) | Latency (ms) |
|---|---|---|
| A | 10 | 5.0 |
| B | 20 | 9.0 |

## Experimental setup

Measured on an A100 GPU.

| Model | Params (M) | Latency (ms) |
|---|---|---|
| A | 10 | 5.0 |
| B | 20 | 9.0 |

Trailing paragraph with batch size 1.
"""


def documents(tmp_path):
    (tmp_path / "a.tex").write_text(latex_paper(True))
    (tmp_path / "b.tex").write_text(latex_paper(False))
    (tmp_path / "README.md").write_text(MARKDOWN)
    (tmp_path / "part.tex").write_text("A paragraph in the part.\n\n" + SETUP_TABLE % {
        "name": "part", "device": "CPU", "n": 20} + "\nAfter the part's table.\n")
    (tmp_path / "twice.tex").write_text("\\documentclass{article}\\begin{document}\n\\section{Setup}\n"
                                        "First.\n\n\\input{part}\n\nMiddle.\n\n\\input{part}\n\\end{document}\n")
    return [tmp_path / n for n in ("a.tex", "b.tex", "README.md", "twice.tex")]


def test_index_gives_what_the_per_table_scan_gave(tmp_path):
    checked = 0
    for path in documents(tmp_path):
        document = load_document(str(path))
        context = _DocumentContext(document)
        for frame in build_frames(document):
            hardware, batch, neighbours, text = reference(frame, document)
            assert (frame.setup["hardware"], frame.setup["batch_size"]) == (hardware, batch), path.name
            assert context.neighbours(frame.table) == neighbours, path.name
            assert frame.context == text, path.name
            checked += 1
    assert checked >= 12


@pytest.mark.parametrize("text, following, found", [
    ("we use bs", ["= 32 here"], "bs\n= 32"),  # a match runs on into the next block
    ("we use bs", ["  ", "32"], "bs\n  \n32"),  # through a block of white space
    ("we use bs", ["x 32"], None),
    ("no batch here", ["batch size 4"], None),  # a match must start in `text`
    ("batch size 4 and bs=2", [], "batch size"),
])
def test_batch_in_reads_only_what_a_match_can_reach(text, following, found):
    assert _batch_in(text, following) == found
    joined = BATCH.search("\n".join([text, *following]))
    assert (joined.group(0) if joined and joined.start() < len(text) else None) == found
