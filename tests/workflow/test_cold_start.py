"""The pre-commit hook must be fast on documents that say nothing about efficiency: linting such
a file imports no NLP or numeric stack at all (measured with `python -X importtime`)."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from .conftest import write

HEAVY = ("spacy", "thinc", "pandas", "matplotlib", "onnx", "onnxruntime", "torch", "numpy")
CLAIM_FREE_README = """# Bird classifier

This repository classifies photographs of birds into 200 species.
Install it with pip and run the script on a folder of images.

## Usage

```bash
birds classify photos/
```

## License

MIT.
"""
CLAIM_FREE_LATEX = r"""\documentclass{article}
\begin{document}
\section{Introduction}
We study how birds sing at dawn, following \citet{smith2020}.
\end{document}
"""


def top_level_imports(stderr: str) -> set[str]:
    names = set()
    for line in stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", line)
        if match:
            names.add(match[1].split(".")[0])
    return names


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("rule", "CP001")])
def test_help_and_version_stay_light(tmp_path, args):
    done = run_claimcheck_importtime(*args, cwd=tmp_path)
    assert done.returncode == 0
    assert not top_level_imports(done.stderr) & set(HEAVY)


@pytest.mark.parametrize("name, text", [("README.md", CLAIM_FREE_README), ("notes.tex", CLAIM_FREE_LATEX)],
                         ids=["markdown", "latex"])
def test_claim_free_document_imports_no_heavy_module(tmp_path, name, text):
    write(tmp_path / name, text)
    done = run_claimcheck_importtime(name, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings" in done.stdout
    heavy = top_level_imports(done.stderr) & set(HEAVY)
    assert not heavy, f"linting a claim-free {name} imported {sorted(heavy)}"


def test_linting_tables_imports_no_pandas(tmp_path):
    """The table rules read plain columns; pandas is for the tables export and plots only."""
    write(tmp_path / "README.md", "# Net\n\n| Model | Params (M) | Top-1 |\n| --- | --- | --- |\n"
                                  "| A | 25.6 | 76.1 |\n| B | 22.0 | 79.8 |\n")
    done = run_claimcheck_importtime("README.md", "--preview", cwd=tmp_path)
    assert "CT201" in done.stdout, done.stdout + done.stderr
    assert "pandas" not in top_level_imports(done.stderr)


def run_claimcheck_importtime(*args, cwd):
    return subprocess.run([sys.executable, "-X", "importtime", "-m", "claimcheck", *args], cwd=cwd,
                          capture_output=True, text=True)
