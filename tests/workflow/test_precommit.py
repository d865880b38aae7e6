"""The pre-commit hook, run by pre-commit itself against a snapshot of this working tree.

`pre-commit try-repo` installs the hook repository into a fresh virtualenv the way users get it.
The snapshot (tracked and untracked, not ignored, files committed in a temporary repository) lets
the test see the working tree rather than the last commit. The virtualenv is allowed to see the
packages of the environment running the test (PYTHONPATH) and pip may not use the index, so the test needs no network
(about 5 s per run instead of minutes of downloads); the hook still runs from its own install.
"""
from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys

import pytest
import yaml

from .conftest import REPO, write

BAD = """# Tiny-Net

Tiny-Net is 3x faster than ResNet-50 because it needs half the FLOPs.
"""
CLEAN = """# Tiny-Net

Tiny-Net classifies photographs of birds into 200 species.
"""


def test_hook_manifest():
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "claimcheck" and hook["entry"] == "claimcheck"
    assert hook["language"] == "python" and hook["types_or"] == ["tex", "markdown"]
    assert hook["require_serial"] is False and hook["name"]


@pytest.fixture
def git_env(tmp_path):
    env = dict(os.environ, GIT_AUTHOR_NAME="claimcheck test", GIT_AUTHOR_EMAIL="test@example.org",
               GIT_COMMITTER_NAME="claimcheck test", GIT_COMMITTER_EMAIL="test@example.org",
               PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"), PRE_COMMIT_COLOR="never",
               # the hook's virtualenv resolves claimcheck's dependencies (and builds it with
               # hatchling) from the environment running this test, not from the index
               PYTHONPATH=os.pathsep.join(site.getsitepackages()), PIP_NO_INDEX="1",
               PIP_NO_BUILD_ISOLATION="0")  # pip's inverted spelling: 0 turns isolation off
    env.pop("NO_COLOR", None)
    return env


def snapshot(destination, env):
    """Commit this working tree's files (tracked and untracked, not ignored) into a new repository."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=REPO,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    subprocess.run(["git", "init", "-q"], cwd=destination, check=True, env=env)
    subprocess.run(["git", "add", "-A"], cwd=destination, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "snapshot"], cwd=destination, check=True, env=env)


def test_precommit_try_repo_fails_bad_claim_and_passes_clean_document(tmp_path, git_env):
    pytest.importorskip("pre_commit")
    if not (REPO / ".git").exists() or shutil.which("git") is None:
        pytest.skip("needs a git checkout of claimcheck")
    hook_repo, project = tmp_path / "hook", tmp_path / "project"
    hook_repo.mkdir()
    snapshot(hook_repo, git_env)
    project.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=project, check=True, env=git_env)
    write(project / "docs" / "bad.md", BAD)
    write(project / "clean.md", CLEAN)
    write(project / "notes.txt", BAD)  # not a hook file type: never linted
    write(project / ".claimcheck.toml", "preview = true\n")  # BAD's rule is a preview rule

    def hook(*files):
        return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "claimcheck",
                               "--verbose", "--files", *files], cwd=project, env=git_env,
                              capture_output=True, text=True, timeout=300)

    clean = hook("clean.md", "notes.txt")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "claimcheck" in clean.stdout and "Passed" in clean.stdout

    bad = hook("docs/bad.md", "clean.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "docs/bad.md:3:" in bad.stdout  # the finding itself, as text output


def test_the_readme_pre_commit_snippet_runs_as_written(tmp_path, git_env):
    """The README's `.pre-commit-config.yaml` (a local hook using the installed claimcheck) is
    the one run here, unchanged: it fails a bad claim and passes a clean file."""
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("needs git")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    snippet = next(block for block in readme.split("```yaml")[1:] if "repo: local" in block)
    config = "\n".join(line[2:] for line in snippet.split("```")[0].splitlines())
    project = tmp_path / "project"
    project.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=project, check=True, env=git_env)
    write(project / ".pre-commit-config.yaml", config)
    write(project / ".claimcheck.toml", "preview = true\n")
    write(project / "bad.md", BAD)
    write(project / "clean.md", CLEAN)
    env = dict(git_env, PATH=os.pathsep.join([os.path.dirname(sys.executable), git_env.get("PATH", "")]))

    def run(*files):
        return subprocess.run([sys.executable, "-m", "pre_commit", "run", "--files", *files],
                              cwd=project, env=env, capture_output=True, text=True, timeout=120)

    assert run("clean.md").returncode == 0
    bad = run("bad.md", "clean.md")
    assert bad.returncode == 1 and "bad.md:3:" in bad.stdout, bad.stdout + bad.stderr
