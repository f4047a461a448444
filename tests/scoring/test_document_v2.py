"""cpc-report/2: families of children and unborn babies, and cpc-report/1 read as version 2."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from exemplars import load_all
from scoring import DocumentError, assess, parse_report
from scoring.document import upgrade
from tests.scoring.conftest import make_report

FAMILY: dict[str, Any] = make_report(
    children=[
        {
            "key": "kai",
            "name": "Kai",
            "date_of_birth": "2016-04-01",
            "ethnicity": "White British",
            "sections": {"voice_of_child": "Kai told me he likes school."},
        },
        {
            "key": "unborn",
            "name": "Unborn baby of Janelle",
            "date_of_birth": None,
            "expected_date_of_delivery": "2026-06-20",
            "sections": {},
        },
    ],
    household=[
        {"name": "Janelle", "relationship": "mother", "lives_with_child": True},
        {"name": "Dean", "relationship": "father", "lives_with_child": False, "children": ["kai"]},
    ],
)


def _paths(document: Any) -> list[str]:
    with pytest.raises(DocumentError) as caught:
        parse_report(document)
    return [d["path"] for d in caught.value.details]


def test_a_family_with_an_unborn_baby_is_valid() -> None:
    report = parse_report(FAMILY)
    assert [c.key for c in report.children] == ["kai", "unborn"]
    assert report.children[1].unborn and not report.children[0].unborn
    assert report.children[1].expected_date_of_delivery is not None
    assert report.household[1].children == ("kai",)
    assert "voice_of_child" not in report.sections


def test_version_1_is_read_as_one_child_keyed_child() -> None:
    doc = make_report(sections={"voice_of_child": "Leah said hi.", "worries": "Late."})
    report = parse_report(doc)
    assert [c.key for c in report.children] == ["child"]
    assert report.child.sections == {"voice_of_child": "Leah said hi."}
    assert report.sections == {"worries": "Late."}


def test_upgrade_gives_the_same_assessment_for_every_exemplar() -> None:
    for exemplar in load_all():
        if exemplar.document["format"] != "cpc-report/1":
            continue
        upgraded = upgrade(exemplar.document)
        assert upgraded["format"] == "cpc-report/2" and "child" not in upgraded
        assert assess(upgraded).to_dict() == assess(exemplar.document).to_dict(), exemplar.id


@pytest.mark.parametrize(
    ("change", "path"),
    [
        (lambda d: d.pop("children"), "children"),
        (lambda d: d.update(children=[]), "children"),
        (lambda d: d["children"][1].update(key="kai"), "children[1].key"),
        (lambda d: d["children"][0].update(key="Kai Smith"), "children[0].key"),
        (lambda d: d["children"][0].pop("key"), "children[0].key"),
        (lambda d: d.update(child={"name": "x"}), "child"),
        (lambda d: d["sections"].update(voice_of_child="x"), "sections.voice_of_child"),
        (
            lambda d: d["children"][0]["sections"].update(worries="x"),
            "children[0].sections.worries",
        ),
        (lambda d: d["household"][1].update(children=["nobody"]), "household[1].children"),
        (
            lambda d: d["children"][0].update(date_of_birth="2027-01-01"),
            "children[0].date_of_birth",
        ),
        (
            lambda d: d["children"][1].update(expected_date_of_delivery="soon"),
            "children[1].expected_date_of_delivery",
        ),
    ],
)
def test_version_2_errors_name_the_path(change: Any, path: str) -> None:
    doc = copy.deepcopy(FAMILY)
    change(doc)
    assert path in _paths(doc)


def test_children_key_is_not_allowed_in_version_1() -> None:
    assert "children" in _paths(make_report(children=FAMILY["children"], format="cpc-report/1"))


def test_empty_dates_are_read_as_not_recorded() -> None:
    doc = make_report(
        child={"name": "Baby", "date_of_birth": ""},
        shared_with_family={"date": "", "method": "post", "feedback": ""},
    )
    report = parse_report(doc)
    assert report.child.date_of_birth is None
    assert report.shared_with_family is not None and report.shared_with_family.date is None
    assert assess(doc).flagged("shared-with-family")


def test_an_empty_conference_date_is_still_an_error() -> None:
    assert "conference.date" in _paths(make_report(conference={"type": "ICPC", "date": ""}))


def test_findings_about_one_child_carry_its_key_and_family_findings_none() -> None:
    findings = assess(FAMILY).findings
    voice = [f for f in findings if f.check == "voice-of-child"]
    assert [(f.child, f.section) for f in voice] == [("unborn", "voice_of_child")]
    assert "Unborn baby of Janelle" in voice[0].message
    assert all(f.child is None for f in findings if f.check == "threshold-rationale")
