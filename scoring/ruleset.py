"""Rules as data: one YAML file per rule under scoring/rules/, id = file name.

The loader rejects unknown keys, ids that differ from the file name, severities outside
the allowed set, lexicon references that do not exist and lexicon slots or params the
check does not use, naming the file each time.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from scoring.checks import REGISTRY, Rule
from scoring.checks import load_all as _load_all_checks
from scoring.resources import RuleDataError, lexicons, list_data_dir, load_data_file

RULE_KEYS = frozenset(
    {
        "id",
        "message",
        "severity",
        "guidance",
        "suggestion",
        "lexicons",
        "params",
        "advisory",
    }
)
REQUIRED = ("id", "message", "severity", "guidance", "suggestion")
SEVERITIES = frozenset({"error", "warning", "advice", "info"})

__all__ = ["RuleDataError", "load_rule", "rules"]


def load_rule(file_name: str, data: Any) -> Rule:
    _load_all_checks()  # a rule is checked against its check's registration
    label = f"rules/{file_name}"
    if not isinstance(data, dict):
        raise RuleDataError(f"{label}: must be a mapping")
    unknown = sorted(set(data) - RULE_KEYS)
    if unknown:
        raise RuleDataError(f"{label}: unknown key(s) {', '.join(map(str, unknown))}")
    for key in REQUIRED:
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise RuleDataError(f"{label}: {key} is required text")
    rule_id = data["id"]
    if file_name != f"{rule_id}.yaml":
        raise RuleDataError(f"{label}: id {rule_id!r} must match the file name")
    if data["severity"] not in SEVERITIES:
        raise RuleDataError(f"{label}: severity must be one of {sorted(SEVERITIES)}")
    spec = REGISTRY.get(rule_id)
    if spec is None:
        raise RuleDataError(f"{label}: no check is registered for id {rule_id!r}")
    lex = data.get("lexicons") or {}
    if not isinstance(lex, dict) or set(lex) != spec.slots:
        raise RuleDataError(f"{label}: lexicons must name exactly the slots {sorted(spec.slots)}")
    known = lexicons()
    for slot, name in lex.items():
        base, _, group = str(name).partition(":")
        if base not in known or (group and group not in (known[base].get("groups") or {})):
            raise RuleDataError(f"{label}: lexicons.{slot} refers to unknown lexicon {name!r}")
    params = data.get("params") or {}
    if not isinstance(params, dict) or not set(params) <= spec.params:
        raise RuleDataError(f"{label}: params may only be {sorted(spec.params)}")
    return Rule(
        id=rule_id,
        message=data["message"].strip(),
        severity=data["severity"],
        guidance=data["guidance"].strip(),
        suggestion=data["suggestion"].strip(),
        lexicons=dict(lex),
        params=dict(params),
        advisory=bool(data.get("advisory", False)),
    )


@cache
def rules() -> tuple[Rule, ...]:
    _load_all_checks()
    loaded = tuple(
        load_rule(name, load_data_file(f"rules/{name}")) for name in list_data_dir("rules")
    )
    missing = sorted(set(REGISTRY) - {r.id for r in loaded})
    if missing:
        raise RuleDataError(f"rules/: no rule file for check(s) {', '.join(missing)}")
    return loaded
