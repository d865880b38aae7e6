"""Configuration: discovery, every key's effect, CLI precedence, and one-line errors."""
from __future__ import annotations

import json
import os

import pytest

from claimcheck.config import glob_match, load_config, tomllib

from .conftest import write

BLAZING = "The model is blazing.\n"
BOTH = "The model is blazing.\n\nThe field is verdant.\n"


def codes(out: str) -> list[tuple[str, str, str]]:
    """(path, code, severity) of each finding in json output."""
    return [(f["path"], f["code"], f["severity"]) for f in json.loads(out)["findings"]]


def test_found_from_a_subfolder_upward(repo, cli, toy_rules):
    write(repo / "pyproject.toml", '[project]\nname = "x"\n\n[tool.claimcheck]\nselect = ["ZZ902"]\n')
    write(repo / "docs" / "a.md", BOTH)
    os.chdir(repo / "docs")
    code, out, _ = cli("a.md", "--format", "json")
    assert codes(out) == [("a.md", "ZZ902", "info")]
    assert code == 0  # info is below the default fail-on (warning)


def test_search_stops_at_the_repository_root(tmp_path, monkeypatch, toy_rules):
    write(tmp_path / ".claimcheck.toml", 'select = ["ZZ902"]\n')  # above the repository: not used
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    monkeypatch.chdir(project)
    config = load_config()
    assert config.source is None and config.select == ("ALL",) and config.root == project.resolve()


def test_dedicated_file_wins_and_pyproject_without_table_is_skipped(repo, toy_rules):
    write(repo / ".claimcheck.toml", 'fail-on = "error"\n')
    write(repo / "pyproject.toml", '[tool.claimcheck]\nfail-on = "info"\n')
    assert load_config().fail_on == "error"
    (repo / ".claimcheck.toml").unlink()
    assert load_config().fail_on == "info"
    sub = repo / "sub"
    write(sub / "pyproject.toml", '[project]\nname = "sub"\n')  # no [tool.claimcheck]
    os.chdir(sub)
    assert load_config().source == (repo / "pyproject.toml").resolve()


def test_every_selection_key(repo, cli, toy_rules):
    write(repo / "docs" / "a.md", BOTH)
    write(repo / "docs" / "legacy" / "old.md", BOTH)
    write(repo / "notes" / "b.md", BOTH)
    write(repo / ".claimcheck.toml", """
select = ["ZZ901"]
extend-select = ["ZZ902"]
ignore = []
fail-on = "info"
exclude = ["docs/legacy/"]
include = ["docs/*"]

[per-file-ignores]
"a.md" = ["ZZ902"]

[severity]
ZZ9 = "warning"
ZZ901 = "error"
""")
    code, out, _ = cli(".", "--format", "json")
    # notes/ is not included, legacy/ is excluded, a.md ignores ZZ902 by name
    assert codes(out) == [("docs/a.md", "ZZ901", "error")]
    assert code == 1
    # a file named on the command line bypasses include, never exclude
    _, out, _ = cli("notes/b.md", "docs/legacy/old.md", "--format", "json")
    assert codes(out) == [("notes/b.md", "ZZ901", "error"), ("notes/b.md", "ZZ902", "warning")]


def test_command_line_overrides_configuration(repo, cli, toy_rules):
    write(repo / "a.md", BOTH)
    write(repo / ".claimcheck.toml", 'select = ["ZZ901"]\nignore = ["ZZ902"]\nfail-on = "error"\n')
    code, out, _ = cli("a.md", "--format", "json")
    assert codes(out) == [("a.md", "ZZ901", "warning")] and code == 0  # warning < fail-on error
    code, out, _ = cli("a.md", "--format", "json", "--select", "ZZ9", "--ignore", "ZZ901", "--fail-on", "info")
    assert codes(out) == [("a.md", "ZZ902", "info")] and code == 1
    _, out, _ = cli("a.md", "--format", "json", "--extend-select", "ZZ902", "--ignore", "")
    assert [c for _, c, _ in codes(out)] == ["ZZ901", "ZZ902"]
    code, out, _ = cli("a.md", "--format", "json", "--config", str(repo / "none.toml"))
    assert code == 2


def test_parse_diagnostics_keep_their_severity(repo, cli):
    write(repo / "empty.md", "<!-- only a comment -->\n")
    write(repo / ".claimcheck.toml", '[severity]\nCP = "info"\n')
    code, out, _ = cli("empty.md", "--format", "json")
    assert ("empty.md", "CP001", "error") in codes(out) and code == 1


@pytest.mark.parametrize("text, message", [
    ('selct = ["CC"]\n', "selct: unknown key (did you mean 'select'?)"),
    ('select = "CC1O3"\n', "select: unknown rule code 'CC1O3' in select"),
    ('select = [1]\n', "select: expected a list of rule codes or prefixes"),
    ('fail-on = "fatal"\n', "fail-on: 'fatal' is not one of error, warning, info"),
    ('severity = { ZZ901 = "loud" }\n', "severity: ZZ901: 'loud' is not one of error, warning, info"),
    ('per-file-ignores = { "*.md" = "QQ1" }\n', "per-file-ignores: unknown rule code 'QQ1'"),
    ('models = { vit = 3 }\n', "models: expected a table of model name"),
    ('select = [\n', "invalid TOML"),
])
def test_invalid_configuration_is_one_line_naming_file_and_key(repo, cli, toy_rules, text, message):
    write(repo / "a.md", BLAZING)
    write(repo / "pyproject.toml", "[tool.claimcheck]\n" + text)
    code, out, err = cli("a.md")
    assert code == 2 and out == ""
    (line,) = err.strip().splitlines()
    assert line.startswith(f"claimcheck: error: {repo.resolve() / 'pyproject.toml'}: ")
    assert message in line
    if "TOML" not in message:
        assert "[tool.claimcheck] " in line


def test_unknown_code_on_the_command_line(repo, cli, toy_rules):
    write(repo / "a.md", BLAZING)
    code, _, err = cli("a.md", "--select", "CC1O3")
    assert code == 2 and err.strip() == "claimcheck: error: unknown rule code 'CC1O3' in --select " \
                                        "(see 'claimcheck rules')"


def test_config_command_prints_effective_configuration_as_toml(repo, cli, toy_rules):
    write(repo / "pyproject.toml", """[tool.claimcheck]
extend-select = ["ZZ902"]
fail-on = "error"
preview = true
exclude = ["drafts/**"]
per-file-ignores = { "docs/*.md" = ["ZZ901"] }
severity = { ZZ902 = "warning" }
models = { "ViT-B/16" = "models/vit_b16.onnx" }
hardware = { a100 = "NVIDIA A100 40GB SXM" }
""")
    code, out, _ = cli("config")
    assert code == 0
    assert out.splitlines()[0] == f"# configuration file: {(repo / 'pyproject.toml').resolve()}"
    effective = tomllib.loads(out)
    assert effective == {
        "select": ["ALL"], "extend-select": ["ZZ902"], "ignore": [], "preview": True, "fail-on": "error",
        "include": [], "exclude": ["drafts/**"],
        "per-file-ignores": {"docs/*.md": ["ZZ901"]}, "severity": {"ZZ902": "warning"},
        "models": {"ViT-B/16": "models/vit_b16.onnx"}, "hardware": {"a100": "NVIDIA A100 40GB SXM"},
    }
    assert load_config().model_paths() == {"ViT-B/16": repo.resolve() / "models/vit_b16.onnx"}


@pytest.mark.parametrize("pattern, path, expected", [
    ("*.md", "docs/deep/a.md", True),
    ("docs/*.md", "docs/deep/a.md", True),
    ("docs/", "docs/a.md", True),
    ("docs/", "other/docs.md", False),
    ("**/legacy/*", "legacy/a.md", True),
    ("README.md", "sub/README.md", True),
    ("/abs.md", "abs.md", False),
])
def test_glob_matching(pattern, path, expected):
    assert glob_match(pattern, path) is expected


def test_preview_key_and_flag_switch_the_preview_rules_on(repo, cli):
    import claimcheck.rules_meta as rules_meta

    preview = sorted(rules_meta.preview_codes())
    if not preview:
        pytest.skip("no preview rule")
    write(repo / "a.md", "# T\n\nOur model is 3x faster than BERT because it needs 3x fewer FLOPs.\n")
    assert load_config().selection_for("a.md").preview is False
    write(repo / ".claimcheck.toml", "preview = true\n")
    assert load_config().selection_for("a.md").preview is True
    write(repo / ".claimcheck.toml", "preview = 1\n")
    code, _, err = cli("a.md")
    assert code == 2 and "preview" in err
