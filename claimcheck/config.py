"""Project configuration: `[tool.claimcheck]` in pyproject.toml, or a `.claimcheck.toml`.

Looked for from the current folder upward, stopping at the repository root (a folder holding
`.git`) so that a project never picks up a stray file from above it. In one folder
`.claimcheck.toml` wins over `pyproject.toml`; a pyproject.toml without a `[tool.claimcheck]`
table is passed over. Command-line flags replace the configured value of the same name.

Every key is checked when the file is read, and a bad one stops the run with one line naming
the file and the key: a typo in `ignore` that silently ignored nothing would be worse.
"""
from __future__ import annotations

import difflib
import fnmatch
import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from claimcheck.errors import InputError
from claimcheck.findings import SEVERITIES
from claimcheck.limits import MAX_CONFIG_BYTES
from claimcheck.safeio import read_regular

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10 has no tomllib; tomli is the same parser, released on its own
    import tomli as tomllib

CONFIG_FILE = ".claimcheck.toml"
PYPROJECT = "pyproject.toml"
ALL = "ALL"  # selects every rule, as in ruff
FIXED_SEVERITY = ("CP001",)  # a file that could not be read fully stays an error whatever the config
FAIL_ON_DEFAULT = "warning"

# key → what a valid value is, for the error message
_KEYS = {
    "select": "a list of rule codes or prefixes",
    "extend-select": "a list of rule codes or prefixes",
    "ignore": "a list of rule codes or prefixes",
    "per-file-ignores": "a table of glob = [rule codes]",
    "severity": "a table of rule code = \"error\" | \"warning\" | \"info\"",
    "preview": "true or false (run the rules whose measured precision is below the warning floor)",
    "fail-on": "one of \"error\", \"warning\", \"info\"",
    "include": "a list of glob patterns",
    "exclude": "a list of glob patterns",
    "models": "a table of model name = \"path/to/model.onnx\"",
    "hardware": "a table of alias = \"hardware description\"",
}


@dataclass(frozen=True)
class Config:
    """The effective configuration. `root` is the folder globs and model paths are relative to."""

    root: Path
    source: Path | None = None  # the file read; None when defaults only
    select: tuple[str, ...] = (ALL,)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: dict[str, tuple[str, ...]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    preview: bool = False
    fail_on: str = FAIL_ON_DEFAULT
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    models: dict[str, str] = field(default_factory=dict)
    hardware: dict[str, str] = field(default_factory=dict)

    def with_overrides(self, **overrides) -> "Config":
        """Command-line values (those given, i.e. not None) replace configured ones."""
        given = {k: v for k, v in overrides.items() if v is not None}
        for key in ("select", "extend_select", "ignore"):
            if key in given:
                given[key] = validate_codes(tuple(given[key]), f"--{key.replace('_', '-')}", None)
        return replace(self, **given)

    def selection_for(self, path: str):
        """The rule selection for one file: select + extend-select, minus ignore and the
        per-file-ignores whose glob matches the file."""
        from claimcheck.checks.engine import Selection

        select = tuple("" if c == ALL else c for c in (*self.select, *self.extend_select))
        ignore = list(self.ignore)
        relative = self.relative(path)
        for pattern, codes in self.per_file_ignores.items():
            if glob_match(pattern, relative):
                ignore.extend(codes)
        return Selection(select=select, ignore=tuple("" if c == ALL else c for c in ignore),
                         preview=self.preview)

    def severity_for(self, code: str, default: str) -> str:
        """The configured severity of a code: the longest matching code or prefix wins."""
        matches = [p for p in self.severity if p == ALL or code.startswith(p)]
        if not matches or code in FIXED_SEVERITY:
            return default
        return self.severity[max(matches, key=lambda p: 0 if p == ALL else len(p))]

    def wants(self, path: str, named: bool) -> bool:
        """Whether to lint a file: `exclude` applies to every file (also those pre-commit names),
        `include` narrows only the files found inside folders named on the command line."""
        relative = self.relative(path)
        if any(glob_match(p, relative) for p in self.exclude):
            return False
        return named or not self.include or any(glob_match(p, relative) for p in self.include)

    def relative(self, path: str) -> str:
        """`path` relative to the configuration's root, with forward slashes."""
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            return absolute.as_posix()

    def model_paths(self) -> dict[str, Path]:
        """Model aliases resolved against the configuration file's folder."""
        return {name: (self.root / path) for name, path in self.models.items()}


def glob_match(pattern: str, relative: str) -> bool:
    """gitignore-like: a pattern without a slash matches the file name at any depth;
    `*` also crosses folders, and a leading `**/` may match nothing."""
    pattern = pattern.removeprefix("./")
    candidates = [pattern]
    if pattern.startswith("**/"):
        candidates.append(pattern[3:])
    if pattern.endswith("/"):
        candidates = [c + "*" for c in candidates]
    name = PurePosixPath(relative).name
    return any(fnmatch.fnmatchcase(relative, c) or ("/" not in c and fnmatch.fnmatchcase(name, c))
               for c in candidates)


def repository_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` holding `.git`, else `start` itself. SARIF URIs,
    GitHub annotations and baseline fingerprints use paths relative to it, so that they do not
    depend on the folder claimcheck was run from."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def find_config(start: Path | None = None) -> tuple[Path, dict] | None:
    """(file, its claimcheck table) of the nearest configuration, or None."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        dedicated = folder / CONFIG_FILE
        if os.path.lexists(dedicated):  # a FIFO or a device there is refused, not skipped
            return dedicated, _read_toml(dedicated)
        pyproject = folder / PYPROJECT
        if os.path.lexists(pyproject):
            table = _read_toml(pyproject).get("tool", {}).get("claimcheck")
            if table is not None:
                if not isinstance(table, dict):
                    raise InputError(str(pyproject), "[tool.claimcheck] must be a table")
                return pyproject, table
        if (folder / ".git").exists():
            return None
    return None


def load_config(path: str | Path | None = None, start: Path | None = None) -> Config:
    """The configuration from `path` (a .claimcheck.toml or pyproject.toml), or found upward
    from `start` (the current folder); defaults when there is none."""
    if path is not None:
        path = Path(path)
        if not os.path.lexists(path):
            raise InputError(str(path), "configuration file not found")
        data = _read_toml(path)
        if path.name == PYPROJECT:
            data = data.get("tool", {}).get("claimcheck", {})
        found = (path.resolve(), data)
    else:
        found = find_config(start)
    if found is None:
        return Config(root=repository_root(start))
    source, table = found
    return parse_config(table, source)


def _read_toml(path: Path) -> dict:
    """A configuration file's TOML: a regular file only (not a FIFO or a device), bounded."""
    data = read_regular(str(path), MAX_CONFIG_BYTES, "configuration file")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise InputError(str(path), f"invalid TOML: {exc}") from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"cannot read: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    except RecursionError:
        raise InputError(str(path), "invalid TOML: arrays or tables nested too deeply") from None


def parse_config(table: dict, source: Path) -> Config:
    """Validate a claimcheck table; the first bad key raises InputError naming the file and key."""
    prefix = "[tool.claimcheck] " if source.name == PYPROJECT else ""

    def fail(key: str, detail: str | None = None) -> InputError:
        return InputError(str(source), f"{prefix}{key}: {detail or 'expected ' + _KEYS[key]}")

    for key in table:
        if key not in _KEYS:
            close = difflib.get_close_matches(key.replace("_", "-"), list(_KEYS), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise InputError(str(source), f"{prefix}{key}: unknown key{hint}")

    def strings(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key)
        return tuple(value)

    def string_table(key: str) -> dict[str, str]:
        value = table.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise fail(key)
        return dict(value)

    def codes(key: str, values) -> tuple[str, ...]:
        try:
            return validate_codes(tuple(values), key, None)
        except InputError as exc:
            raise fail(key, exc.cause) from None

    values: dict = {}
    for key in ("select", "extend-select", "ignore"):
        if key in table:
            values[key.replace("-", "_")] = codes(key, strings(key))
    for key in ("include", "exclude"):
        values[key] = strings(key)

    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise fail("per-file-ignores")
    values["per_file_ignores"] = {}
    for pattern, listed in per_file.items():
        if isinstance(listed, str):
            listed = [listed]
        if not isinstance(listed, list) or not all(isinstance(c, str) for c in listed):
            raise fail("per-file-ignores", f"{pattern!r}: expected a list of rule codes")
        values["per_file_ignores"][pattern] = codes("per-file-ignores", listed)

    severity = string_table("severity")
    for code, level in severity.items():
        codes("severity", [code])
        if level not in SEVERITIES:
            raise fail("severity", f"{code}: {level!r} is not one of error, warning, info")
    values["severity"] = {c.upper(): level for c, level in severity.items()}

    preview = table.get("preview", False)
    if not isinstance(preview, bool):
        raise fail("preview")
    values["preview"] = preview
    fail_on = table.get("fail-on", FAIL_ON_DEFAULT)
    if fail_on not in SEVERITIES:
        raise fail("fail-on", f"{fail_on!r} is not one of error, warning, info")
    values["fail_on"] = fail_on
    values["models"] = string_table("models")
    values["hardware"] = string_table("hardware")
    return Config(root=source.parent, source=source, **values)


def validate_codes(values: tuple[str, ...], where: str, path: str | None) -> tuple[str, ...]:
    """Upper-case codes split on commas; each must be ALL or the prefix of a known rule."""
    from claimcheck.rules_meta import all_rules

    known = all_rules()
    out: list[str] = []
    for value in values:
        for code in (c.strip().upper() for c in value.split(",")):
            if not code:
                continue
            if code != ALL and not any(k.startswith(code) for k in known):
                raise InputError(path, f"unknown rule code {code!r} in {where} (see 'claimcheck rules')")
            out.append(code)
    return tuple(out)


def render_config(config: Config) -> str:
    """The effective configuration as TOML that could be pasted into `.claimcheck.toml`."""
    source = f"{config.source}" if config.source else "none found (defaults)"
    lines = [f"# configuration file: {source}", f"# paths are relative to: {config.root}"]
    scalars = {
        "select": list(config.select),
        "extend-select": list(config.extend_select),
        "ignore": list(config.ignore),
        "preview": config.preview,
        "fail-on": config.fail_on,
        "include": list(config.include),
        "exclude": list(config.exclude),
    }
    lines += [f"{key} = {_toml_value(value)}" for key, value in scalars.items()]
    tables = {
        "per-file-ignores": {k: list(v) for k, v in config.per_file_ignores.items()},
        "severity": config.severity,
        "models": config.models,
        "hardware": config.hardware,
    }
    for name, table in tables.items():
        lines += ["", f"[{name}]"] + [f"{_toml_value(k)} = {_toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'
