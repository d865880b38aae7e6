"""Baselines: fingerprints survive edits that shift lines; only new findings are reported."""
from __future__ import annotations

import json

from .conftest import write

DOC = """# Model

The encoder is blazing.

Some unrelated text.
"""
SHIFTED = """# Model

A new introduction paragraph
that spans two lines.

The encoder
is   blazing.

Some unrelated text.
"""


def fingerprints(out: str) -> list[tuple[int, str]]:
    results = json.loads(out)["runs"][0]["results"]
    return [(r["locations"][0]["physicalLocation"]["region"]["startLine"],
             r["partialFingerprints"]["claimcheck/v1"]) for r in results]


def test_fingerprint_ignores_line_shifts_and_rewrapping(repo, cli, toy_rules):
    doc = write(repo / "README.md", DOC)
    _, before, _ = cli("README.md", "--select", "ZZ", "--format", "sarif")
    write(doc, SHIFTED)
    _, after, _ = cli("README.md", "--select", "ZZ", "--format", "sarif")
    (line_before, fp_before), = fingerprints(before)
    (line_after, fp_after), = fingerprints(after)
    assert (line_before, line_after) == (3, 7)
    assert fp_before == fp_after
    write(doc, DOC.replace("The encoder", "The decoder"))  # the claim itself changed
    _, reworded, _ = cli("README.md", "--select", "ZZ", "--format", "sarif")
    assert fingerprints(reworded)[0][1] != fp_before


def test_fingerprint_does_not_depend_on_the_working_folder(repo, cli, toy_rules):
    write(repo / "docs" / "README.md", DOC)
    _, from_root, _ = cli("docs/README.md", "--select", "ZZ", "--format", "sarif")
    import os

    os.chdir(repo / "docs")
    _, from_docs, _ = cli("README.md", "--select", "ZZ", "--format", "sarif")
    assert fingerprints(from_root) == fingerprints(from_docs)


def test_baseline_reports_only_new_findings(repo, cli, toy_rules):
    doc = write(repo / "README.md", DOC)
    code, out, err = cli("README.md", "--select", "ZZ", "--write-baseline", "baseline.json")
    assert code == 0 and out == ""
    assert err.strip() == "claimcheck: recorded 1 finding in baseline.json"
    recorded = json.loads((repo / "baseline.json").read_text())
    assert recorded["version"] == 1
    assert [(f["code"], f["path"], f["line"]) for f in recorded["findings"]] == [("ZZ901", "README.md", 3)]

    write(doc, SHIFTED)  # the known finding moved: still known
    code, out, err = cli("README.md", "--select", "ZZ", "--baseline", "baseline.json", "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == []
    assert "1 finding already in baseline.json not shown" in err

    write(doc, SHIFTED + "\nThe decoder is blazing too.\n\nThe encoder\nis blazing.\n")
    code, out, _ = cli("README.md", "--select", "ZZ", "--baseline", "baseline.json", "--format", "json")
    new = [(f["line"], f["code"]) for f in json.loads(out)["findings"]]
    # the decoder sentence is new, and so is a second copy of the known sentence
    assert new == [(11, "ZZ901"), (14, "ZZ901")] and code == 1


def test_bad_baseline_is_one_line_error(repo, cli, toy_rules):
    write(repo / "README.md", DOC)
    write(repo / "baseline.json", '{"version": 7, "findings": []}')
    code, _, err = cli("README.md", "--baseline", "baseline.json")
    assert code == 2 and err.strip() == ("claimcheck: error: baseline.json: not a claimcheck baseline "
                                         "(version 1 expected)")
    code, _, err = cli("README.md", "--baseline", "missing.json")
    assert code == 2 and "missing.json: baseline file not found" in err
    code, _, err = cli("README.md", "--baseline", "baseline.json", "--write-baseline", "b2.json")
    assert code == 2 and "cannot be used together" in err
