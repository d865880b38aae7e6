"""The README's promises stay true: its quick-start output is what the tool prints today."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quickstart_output_in_readme_is_current():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- quickstart-output:start -->\n```text\n(.*?)```\n<!-- quickstart-output:end -->",
                      readme, re.S)
    assert block, "README.md lacks the quick-start output block"
    proc = subprocess.run([sys.executable, "-m", "claimcheck", "--no-color", "--preview", "corpora/examples/paper.tex"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
    assert block.group(1) == proc.stdout, (
        "README.md's quick-start output is stale; replace the block with the output of\n"
        "  python -m claimcheck --no-color --preview corpora/examples/paper.tex\n" + proc.stdout)


def test_readme_commands_are_the_ones_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install = re.search(r"```sh\n(python3 -m venv .*?)\n```", readme).group(1)
    test = re.search(r"Run the tests:\n\n```sh\n(.*?)\n```", readme).group(1)
    assert install in ci and test in ci
