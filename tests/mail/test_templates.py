"""The mail templates: every mail the service sends, what each needs, and what none may
carry."""

from __future__ import annotations

from datetime import date

import pytest

from reportsvc.mail import TEMPLATES, MailTemplateError, render, validate

PUBLIC = "https://reports.council.example"

# The values each template needs, as the services that queue them pass them.
EXAMPLES: dict[str, dict[str, object]] = {
    "invitation": {
        "agency": "Well Street Surgery",
        "conference_type": "ICPC",
        "conference_date": date(2027, 1, 11),
        "deadline": date(2027, 1, 6),
        "link": "/author/reports/7",
    },
    "invitation_new_account": {
        "agency": "Well Street Surgery",
        "conference_type": "ICPC",
        "conference_date": "2027-01-11",
        "deadline": "2027-01-06",
        "sign_in_link": "/sign-in/link/abc123",
    },
    "reminder": {
        "agency": "Well Street Surgery",
        "conference_date": "2027-01-11",
        "deadline": "2027-01-06",
        "link": "/author/reports/7",
    },
    "chase": {
        "agency": "Well Street Surgery",
        "conference_date": "2027-01-11",
        "deadline": "2027-01-06",
        "link": "/author/reports/7",
    },
    "return": {
        "agency": "Well Street Surgery",
        "conference_date": "2027-01-11",
        "link": "/author/reports/7",
    },
    "reschedule": {
        "agency": "Well Street Surgery",
        "old_date": "2027-01-11",
        "conference_date": "2027-01-18",
        "deadline": "2027-01-13",
        "link": "/author/reports/7",
    },
    "cancellation": {"agency": "Well Street Surgery", "conference_date": "2027-01-11"},
    "withdrawn": {"agency": "Well Street Surgery", "conference_date": "2027-01-11"},
    "author_changed": {"agency": "Well Street Surgery", "conference_date": "2027-01-11"},
    "plan_ended": {
        "agency": "Well Street Surgery",
        "conference_date": "2027-01-11",
        "link": "/author/",
    },
    "dissent_response_due": {
        "conference_date": "2027-01-11",
        "due_date": "2027-01-25",
        "link": "/review/conferences/3",
    },
    "appeal_response_due": {
        "conference_date": "2027-01-11",
        "due_date": "2027-02-08",
        "link": "/review/conferences/3",
    },
}


def test_every_mail_the_issue_names_exists() -> None:
    assert set(TEMPLATES) == set(EXAMPLES)


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_each_template_renders_dates_for_people_and_absolute_links(name: str) -> None:
    subject, body = render(name, EXAMPLES[name], public_url=PUBLIC + "/")
    assert "\n" not in subject and subject
    assert "{" not in subject + body, "a value was left unfilled"
    assert "Monday 11 January 2027" in " ".join((subject + " " + body).split())
    assert "2027-01-11" not in body
    for key in ("link", "sign_in_link"):
        if key in EXAMPLES[name]:
            assert PUBLIC + str(EXAMPLES[name][key]) in body
    flat = " ".join(body.split())
    assert "never contains report text or a child's name" in flat  # the footer says so
    assert max(len(line) for line in body.splitlines()) <= 72 or "://" in body


def test_invitation_for_a_new_account_says_the_link_lasts_7_days() -> None:
    _subject, body = render(
        "invitation_new_account", EXAMPLES["invitation_new_account"], public_url=PUBLIC
    )
    flat = " ".join(body.split())
    assert "7 days" in flat and PUBLIC + "/sign-in/link/abc123" in body.splitlines()
    assert "Wednesday 6 January 2027" in flat


def test_the_return_mail_says_there_is_a_comment() -> None:
    _subject, body = render("return", EXAMPLES["return"], public_url=PUBLIC)
    flat = " ".join(body.split())
    assert "with a comment" in flat and "Sign in to read the comment" in flat


@pytest.mark.parametrize("name", sorted(EXAMPLES))
def test_a_missing_value_is_refused_by_name(name: str) -> None:
    required = sorted(TEMPLATES[name].required)
    values = dict(EXAMPLES[name])
    del values[required[0]]
    with pytest.raises(MailTemplateError, match=f"needs the value.*{required[0]}"):
        validate(name, values)


def test_a_childs_name_or_report_text_cannot_be_put_in_a_mail() -> None:
    values = {**EXAMPLES["chase"], "child_name": "Leah", "note": "Please add the GP's view"}
    with pytest.raises(MailTemplateError) as error:
        validate("chase", values)
    assert "child_name" in str(error.value) and "note" in str(error.value)
    assert "Leah" not in str(error.value) and "GP's view" not in str(error.value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"deadline": "next Tuesday"}, "'deadline' must be a date"),
        ({"link": "author/reports/7"}, "'link' must be a path starting with /"),
        ({"link": "javascript:alert(1)"}, "'link' must be a path"),
        ({"agency": "Surgery\nBcc: someone@example.com"}, "'agency' must be a single line"),
        ({"agency": "  "}, "'agency' is empty"),
        ({"agency": 12}, "'agency' must be text"),
    ],
)
def test_bad_values_are_refused_naming_the_value_not_its_content(
    value: dict[str, object], message: str
) -> None:
    with pytest.raises(MailTemplateError, match=message) as error:
        validate("chase", {**EXAMPLES["chase"], **value})
    assert "someone@example.com" not in str(error.value)


def test_an_unknown_template_is_refused() -> None:
    with pytest.raises(MailTemplateError, match="no mail template called 'invitaton'"):
        validate("invitaton", {})


def test_dates_are_stored_as_iso_text() -> None:
    assert validate("withdrawn", EXAMPLES["withdrawn"]) == {
        "agency": "Well Street Surgery",
        "conference_date": "2027-01-11",
    }
    assert validate("invitation", EXAMPLES["invitation"])["deadline"] == "2027-01-06"


def test_the_invitation_services_values_are_taken_as_they_pass_them() -> None:
    # reportsvc/services/invitations.py passes dates for people, a time (or "") and an
    # absolute link, to every invitation mail.
    values = {
        "conference_type": "ICPC",
        "conference_date": "11 January 2027",
        "conference_time": "10:30",
        "agency": "Test Surgery",
        "deadline": "6 January 2027",
        "link": "https://reports.council.example/author/reports/3",
    }
    for name in ("invitation", "withdrawn", "cancellation", "author_changed"):
        subject, body = render(name, values, public_url=PUBLIC)
        assert "Monday 11 January 2027 at 10:30" in " ".join((subject + body).split())
    assert validate("withdrawn", {**values, "conference_time": ""})["conference_date"] == (
        "2027-01-11"
    )
    with pytest.raises(MailTemplateError, match="'conference_time' must be a time"):
        validate("withdrawn", {**values, "conference_time": "half ten"})
