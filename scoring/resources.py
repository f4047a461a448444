"""Loading the engine's data files (rules, lexicons, rubric) with importlib.resources.

Every file is validated against the keys it may hold, so a typo in a rule file fails at
load time with the file and key named instead of silently switching a rule off.
RULESET_VERSION is a short hash of all data files, stored with every assessment so old
scores can be told from new ones.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from typing import Any

import yaml

LEXICON_KEYS = frozenset(
    {
        "description",
        "terms",
        "groups",
        "regexes",
        "expansions",
        "classes",
        "terminators",
        "modifiers",
    }
)
MODIFIER_KEYS = frozenset({"category", "direction", "max_tokens", "terms"})
MODIFIER_CATEGORIES = frozenset({"negated", "hypothetical", "historical"})
DIRECTIONS = frozenset({"forward", "backward"})


class RuleDataError(ValueError):
    """A data file under scoring/ is malformed; the message names the file and key."""


def _root() -> Traversable:
    return resources.files("scoring")


# libyaml's C loader parses the data files about ten times faster than the pure-Python one,
# which matters for cold start; both are safe loaders.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _load_yaml(resource: Traversable, label: str) -> Any:
    try:
        return yaml.load(resource.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except yaml.YAMLError as exc:
        raise RuleDataError(f"{label}: not valid YAML ({exc})") from exc


def _check_keys(data: Any, allowed: frozenset[str], label: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise RuleDataError(f"{label}: must be a mapping")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise RuleDataError(f"{label}: unknown key(s) {', '.join(map(str, unknown))}")
    return data


def _str_list(value: Any, label: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RuleDataError(f"{label}: must be a list of non-empty strings")
    return value


def validate_lexicon(name: str, data: Any) -> dict[str, Any]:
    label = f"lexicons/{name}.yaml"
    lex = _check_keys(data, LEXICON_KEYS, label)
    if "terms" in lex:
        _str_list(lex["terms"], f"{label}: terms")
    for key in ("groups", "classes"):
        for group, terms in (lex.get(key) or {}).items():
            _str_list(terms, f"{label}: {key}.{group}")
    if "terminators" in lex:
        _str_list(lex["terminators"], f"{label}: terminators")
    for i, mod in enumerate(lex.get("modifiers") or []):
        mlabel = f"{label}: modifiers[{i}]"
        _check_keys(mod, MODIFIER_KEYS, mlabel)
        if mod.get("category") not in MODIFIER_CATEGORIES:
            raise RuleDataError(f"{mlabel}: category must be one of {sorted(MODIFIER_CATEGORIES)}")
        if mod.get("direction") not in DIRECTIONS:
            raise RuleDataError(f"{mlabel}: direction must be one of {sorted(DIRECTIONS)}")
        if not isinstance(mod.get("max_tokens"), int):
            raise RuleDataError(f"{mlabel}: max_tokens must be an integer")
        _str_list(mod.get("terms"), f"{mlabel}: terms")
    for i, pattern in enumerate(lex.get("regexes") or []):
        try:
            re.compile(pattern)
        except (re.error, TypeError) as exc:
            raise RuleDataError(f"{label}: regexes[{i}] is not a valid regex ({exc})") from exc
    expansions = lex.get("expansions") or {}
    if not isinstance(expansions, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in expansions.items()
    ):
        raise RuleDataError(f"{label}: expansions must map strings to strings")
    return lex


@cache
def lexicons() -> dict[str, dict[str, Any]]:
    """All shared word lists, by file name without .yaml."""
    out: dict[str, dict[str, Any]] = {}
    for entry in sorted(_root().joinpath("lexicons").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            name = entry.name[: -len(".yaml")]
            out[name] = validate_lexicon(name, _load_yaml(entry, f"lexicons/{entry.name}"))
    return out


def lexicon_terms(name: str, group: str | None = None) -> list[str]:
    lex = lexicons()[name]
    if group is None:
        return list(lex.get("terms") or [])
    return list((lex.get("groups") or {})[group])


@cache
def data_files() -> tuple[tuple[str, bytes], ...]:
    """(relative path, bytes) of every data file that changes what the engine says."""
    files: list[tuple[str, bytes]] = []

    def walk(node: Traversable, prefix: str) -> None:
        for entry in sorted(node.iterdir(), key=lambda e: e.name):
            path = f"{prefix}{entry.name}"
            if entry.is_dir():
                if entry.name != "__pycache__":
                    walk(entry, path + "/")
            elif entry.name.endswith(".yaml") and not path.startswith("rules/fixtures/"):
                files.append((path, entry.read_bytes()))

    walk(_root(), "")
    return tuple(files)


@cache
def ruleset_version() -> str:
    digest = hashlib.sha256()
    for path, content in data_files():
        digest.update(path.encode())
        digest.update(b"\0")
        digest.update(content)
    return digest.hexdigest()[:12]


def load_data_file(relative: str) -> Any:
    return _load_yaml(_root().joinpath(relative), relative)


def list_data_dir(relative: str) -> list[str]:
    node = _root().joinpath(relative)
    return sorted(e.name for e in node.iterdir() if e.name.endswith(".yaml"))
