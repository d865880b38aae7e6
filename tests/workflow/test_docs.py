"""docs/rules.md is generated from rules/*.yaml and must not go stale."""
from __future__ import annotations

from claimcheck.report.rule_docs import GENERATOR, render_rule_docs
from claimcheck.rules_meta import all_rules

from .conftest import REPO, run_claimcheck


def test_rules_reference_is_up_to_date():
    expected = render_rule_docs(all_rules())
    current = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == expected, f"docs/rules.md is stale: regenerate it with `{GENERATOR}`"


def test_reference_documents_every_rule_with_its_examples():
    text = render_rule_docs(all_rules())
    for code, meta in all_rules().items():
        assert f"\n### {code}\n" in text and f"[{code}](#{code.lower()})" in text
        assert f"precision: {meta.precision}" in text
        for example in meta.examples.get("fail", []) or []:
            expected = example["text"].rstrip("\n") if isinstance(example, dict) else " ".join(example.split())
            assert expected in text


def test_rules_command_writes_the_reference(tmp_path):
    out = tmp_path / "rules.md"
    done = run_claimcheck("rules", "--format", "markdown", "--output", str(out), cwd=tmp_path)
    assert done.returncode == 0 and done.stdout == ""
    assert out.read_text(encoding="utf-8") == render_rule_docs(all_rules())


def test_configuration_reference_in_workflow_docs_is_valid(tmp_path, monkeypatch):
    """The documented [tool.claimcheck] example must load as it stands."""
    import re

    from claimcheck.config import load_config

    text = (REPO / "docs" / "workflow.md").read_text(encoding="utf-8")
    (example,) = re.findall(r"```toml\n(.*?)```", text, re.S)
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(example, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config.ignore == ("CD301",) and config.severity_for("CT204", "info") == "warning"
    assert config.severity_for("CT201", "warning") == "info"
    assert config.selection_for("paper/related_work.tex").ignore == ("CD301", "CC101", "CC102")
    assert not config.wants("drafts/intro.md", named=True)
