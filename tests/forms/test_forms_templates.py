"""Every packaged template resolves and carries what audit 004 asked for."""

from __future__ import annotations

import pytest

import forms
from forms import AGENCY_TYPES, CHECK_IDS, CONFERENCE_TYPES, SECTION_KEYS

PAIRS = [(agency, conference) for agency in AGENCY_TYPES for conference in CONFERENCE_TYPES]


def test_constants_match_the_report_format() -> None:
    assert list(AGENCY_TYPES) == [
        "gp", "school", "health_visitor", "school_nurse", "midwife", "police", "camhs",
        "adult_mental_health", "substance_misuse", "housing", "early_years", "other",
    ]  # fmt: skip
    assert dict(CONFERENCE_TYPES) == {
        "ICPC": "Initial child protection conference",
        "RCPC": "Review child protection conference",
    }
    assert len(SECTION_KEYS) == 11
    assert len(CHECK_IDS) == 10
    assert AGENCY_TYPES["gp"] == "GP practice"
    assert AGENCY_TYPES["health_visitor"] == "Health visiting"


@pytest.mark.parametrize(("agency", "conference"), PAIRS)
def test_every_agency_and_conference_type_resolves(agency: str, conference: str) -> None:
    template = forms.load_template(agency, conference)
    assert template.id == f"{agency}-{conference.lower()}"
    assert template.agency_type == agency
    assert template.conference_type == conference
    assert AGENCY_TYPES[agency] in template.title
    assert CONFERENCE_TYPES[conference].lower() in template.title
    assert template.intro
    assert "{" not in template.title and all("{" not in p for p in template.intro)
    for section in template.sections:
        assert section.key in SECTION_KEYS
        assert section.title and section.title.endswith("?")
        assert section.guidance, f"{template.id}: {section.key} has no guidance"
        assert set(section.checks) <= set(CHECK_IDS)


def test_all_templates_lists_each_pair_once_in_a_stable_order() -> None:
    templates = forms.all_templates()
    assert [(t.agency_type, t.conference_type) for t in templates] == PAIRS
    assert forms.load_template("gp", "ICPC") is forms.load_template("gp", "ICPC")  # cached


def test_conference_type_is_accepted_in_either_case() -> None:
    assert forms.load_template("gp", "icpc") is forms.load_template("gp", "ICPC")


@pytest.mark.parametrize(
    ("agency", "conference", "named"),
    [("dentist", "ICPC", "'dentist'"), ("gp", "CIN", "'CIN'"), ("GP", "ICPC", "'GP'")],
)
def test_unknown_template_is_a_key_error_with_a_clear_message(
    agency: str, conference: str, named: str
) -> None:
    with pytest.raises(forms.UnknownTemplate) as caught:
        forms.load_template(agency, conference)
    assert isinstance(caught.value, KeyError)
    message = str(caught.value)
    assert named in message and "expected one of" in message
    assert not message.startswith('"')  # not KeyError's repr of the message


@pytest.mark.parametrize("template", forms.all_templates(), ids=lambda t: t.id)
def test_sections_audit_004_asked_for_are_everywhere(template: forms.Template) -> None:
    for key in ("identity", "voice_of_child", "threshold_view", "family_and_network"):
        assert template.section(key).required
    assert ("previous_actions" in template.section_keys) == (template.conference_type == "RCPC")
    assert len(template.section_keys) == len(set(template.section_keys))
    assert set(template.section_keys) | {"previous_actions"} == set(SECTION_KEYS)


@pytest.mark.parametrize("template", forms.all_templates(), ids=lambda t: t.id)
def test_every_check_applies_somewhere(template: forms.Template) -> None:
    covered = set(template.checks) | {c for s in template.sections for c in s.checks}
    expected = set(CHECK_IDS)
    if template.conference_type == "ICPC":
        expected.discard("previous-actions")
    assert covered == expected


def test_identity_asks_for_reflection_including_previous_assessments() -> None:
    for template in forms.all_templates():
        identity = template.section("identity")
        text = " ".join(identity.guidance).lower()
        for word in ("ethnic", "cultural", "religious", "linguistic", "previous assessments"):
            assert word in text, (template.id, word)
        assert {f.name for f in identity.fieldset.fields} >= {  # type: ignore[union-attr]
            "ethnicity", "religion", "first_language", "interpreter_needed",
        }  # fmt: skip


def test_voice_of_child_has_pre_verbal_prompts_and_seen_alone() -> None:
    for template in forms.all_templates():
        voice = template.section("voice_of_child")
        headings = [group.heading.lower() for group in voice.prompts]
        assert any("does not talk yet" in h for h in headings)
        prompts = " ".join(item.lower() for group in voice.prompts for item in group.items)
        assert "observed interaction" in prompts and "day-to-day experience" in prompts
        assert voice.fieldset is not None
        assert voice.fieldset.field("seen_alone").kind == "yes_no"


def test_threshold_view_tells_rare_attenders_their_judgement_counts() -> None:
    for template in forms.all_templates():
        intro = " ".join(template.intro)
        assert "professional judgement" in intro and "rarely attend" in intro
        threshold = template.section("threshold_view")
        assert threshold.checks == ("threshold-rationale", "step-down-evidence")
        assert "evidence" in threshold.hint


def test_household_fields_treat_each_person_separately() -> None:
    household = forms.load_template("gp", "ICPC").section("family_and_network").fieldset
    assert household is not None
    assert household.document == "household" and household.repeatable
    assert [f.name for f in household.fields] == [
        "name", "relationship", "lives_with_child", "seen", "views_sought", "report_shared",
    ]  # fmt: skip
    assert all(f.label for f in household.fields)
    assert 'never "parents"' in forms.load_template("gp", "ICPC").section("family_and_network").hint


def test_previous_actions_entries_describe_status_barrier_and_next_step() -> None:
    entries = forms.load_template("school", "RCPC").section("previous_actions").fieldset
    assert entries is not None and entries.repeatable
    assert [f.name for f in entries.fields] == ["action", "status", "barrier", "next_step"]
    status = entries.field("status")
    assert status.kind == "choice"
    assert [c.value for c in status.choices] == list(forms.previous_actions.STATUSES)


def test_sharing_records_date_method_whom_feedback_or_reason() -> None:
    for template in forms.all_templates():
        sharing = template.sharing
        assert sharing.document == "shared_with_family"
        assert [f.name for f in sharing.fields] == [
            "date", "method", "with_whom", "feedback", "reason_not_shared",
        ]  # fmt: skip
        assert "shared-with-family" in template.checks


def test_agency_guidance_comes_first_and_common_guidance_is_shared() -> None:
    gp = forms.load_template("gp", "ICPC").section("worries").guidance
    school = forms.load_template("school", "ICPC").section("worries").guidance
    assert "missed" in gp[0] and "immunisations" in gp[0] and "A&E" in gp[0]
    assert "attendance" in school[0] and "punctuality" in school[0] and "DSL" in school[0]
    assert gp[1:] == school[1:]  # the common paragraphs, from _common.yaml only
    father = forms.load_template("gp", "ICPC").section("family_and_network").guidance[0]
    assert "father" in father
    police = forms.load_template("police", "RCPC").sharing.guidance[0]
    assert "investigation" in police


def test_rcpc_variant_guidance_applies_only_to_rcpc() -> None:
    midwife = forms.load_template("midwife", "RCPC").section("previous_actions").guidance
    assert "birth plan" in midwife[0]
    assert forms.load_template("midwife", "RCPC").sources == (
        "forms/templates/_common.yaml",
        "forms/templates/midwife.yaml",
    )
