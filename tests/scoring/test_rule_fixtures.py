"""Every rule's fixtures: cases that must fire and must stay quiet, with exact findings.

Collected automatically from scoring/rules/fixtures/<rule-id>.yaml, so a new rule's
fixtures are tested without touching this file; a rule without fixtures fails.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import pytest
import yaml

from scoring import assess
from scoring.ruleset import rules
from tests.scoring.conftest import make_report, section_text

_CASE_KEYS = {"name", "expect"}


def _fixture_files() -> dict[str, dict[str, Any]]:
    root = resources.files("scoring").joinpath("rules/fixtures")
    out = {}
    for entry in root.iterdir():
        if entry.name.endswith(".yaml"):
            out[entry.name[:-5]] = yaml.safe_load(entry.read_text(encoding="utf-8"))
    return out


FIXTURES = _fixture_files()
CASES = [
    pytest.param(rule_id, case, id=f"{rule_id}: {case['name']}")
    for rule_id, data in sorted(FIXTURES.items())
    for case in data["cases"]
]


def test_every_rule_has_fixtures_that_fire_and_stay_quiet() -> None:
    for rule in rules():
        assert rule.id in FIXTURES, f"no fixtures for {rule.id}"
        assert FIXTURES[rule.id]["rule"] == rule.id
        cases = FIXTURES[rule.id]["cases"]
        assert any(not c["expect"] for c in cases), f"{rule.id}: no must-stay-quiet case"
        if rule.id != "section-too-long":  # its firing case is the 1 MB test elsewhere
            assert any(c["expect"] for c in cases), f"{rule.id}: no must-fire case"


@pytest.mark.parametrize(("rule_id", "case"), CASES)
def test_rule_fixture(rule_id: str, case: dict[str, Any]) -> None:
    overrides = {k: v for k, v in case.items() if k not in _CASE_KEYS}
    document = make_report(**overrides)
    assessment = assess(document)
    found = [f for f in assessment.findings if f.check == rule_id]
    # A case about a family names the child each finding is for.
    by_child = any("child" in e for e in case["expect"])
    actual = sorted(
        (f.section or "", f.text or "", (f.child or "") if by_child else "") for f in found
    )
    expected = sorted(
        (e.get("section") or "", e.get("text") or "", e.get("child") or "") for e in case["expect"]
    )
    assert actual == expected
    for f in found:
        if f.start is not None:
            assert f.end is not None and f.section is not None
            assert section_text(document, f.section, f.child)[f.start : f.end] == f.text
