"""Sharing, submitting, conflicts and every kind of bad input on the author's report page."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import BytesIO

import pytest

import exemplars
from reportsvc import db
from reportsvc.models import Report
from tests import pages

COMPLETE = {
    "section_reason_for_involvement": "Leah is registered with the practice; I saw her on 2 March.",
    "section_worries": "Leah has missed three immunisation appointments since January.",
    "section_working_well": "Her mother brought her to every acute appointment.",
    "children-0-voice_of_child": "Leah smiled and reached for her mother when I examined her.",
    "children-0-identity": "Leah is of Black British Caribbean heritage; her family attend church.",
    "section_family_and_network": "Marcus, Leah's father, lives nearby; I spoke to him on 3 March.",
    "section_threshold_view": (
        "In my view Leah is likely to suffer significant harm through neglect because her "
        "immunisations and weight checks have been missed for six months."
    ),
    "section_reduce_worries": "Leah attending every appointment for three months.",
    "section_service_actions": (
        "I will see Leah every two weeks until 30 April and tell the social worker the same "
        "day if she is not brought."
    ),
    "household-0-name": "Janelle",
    "household-0-relationship": "mother",
    "household-0-lives_with_child": "yes",
}


def url(world):
    return f"/author/reports/{world.gp_report}"


def edit_page(client, world):
    return pages.get(client, url(world))


def post(client, world, changes, action="save", page=None):
    page = page or edit_page(client, world)
    data = {**page.form_fields("#report-form"), **changes, "action": action}
    return client.post(url(world), data=data)


def shared_on(day: date) -> dict[str, str]:
    return {
        "sharing-date": [str(day.day), str(day.month), str(day.year)],
        "sharing-method": "face to face at the surgery",
        "sharing-with_whom": "Janelle (mother)",
        "sharing-feedback": "Janelle agreed with the report and asked for a copy.",
    }


def test_record_sharing_then_submit_and_see_the_result(sign_in_as, world, app):
    client = sign_in_as("author_gp")
    yesterday = date.today() - timedelta(days=1)
    assert post(client, world, {**COMPLETE, **shared_on(yesterday)}).status_code == 302
    response = post(client, world, {}, action="submit")
    assert response.status_code == 302
    page = pages.get(client, url(world))
    assert "Your report was submitted on time." in page.text(".govuk-notification-banner")
    assert "Submitted" in page.text("main")
    assert not page.select("#report-form")  # read-only now
    assert "Janelle agreed with the report" in page.text("main")
    with app.app_context():
        report = db.session().get(Report, world.gp_report)
        assert report.status == "submitted"
        assert report.versions[-1].document["submitted_on"] == date.today().isoformat()
        assert report.versions[-1].document["shared_with_family"]["date"] == yesterday.isoformat()
    # A submitted report cannot be changed by its author.
    token = page.csrf()
    response = client.post(url(world), data={"csrf_token": token, **COMPLETE, "version": "2"})
    assert response.status_code == 302
    assert "can only be changed if the chair returns it" in pages.get(client, url(world)).text()


def test_submit_with_blank_required_sections_saves_but_does_not_submit(sign_in_as, world, app):
    client = sign_in_as("author_gp")
    response = post(client, world, {"section_worries": "Only this is written."}, action="submit")
    assert response.status_code == 400
    page = pages.parse(response)
    summary = page.error_summary()
    assert any("What is working well" in e for e in summary)
    assert "Your draft has been saved" in page.text("main")
    assert page.soup.select_one("#section_worries").get_text() == "Only this is written."
    with app.app_context():
        report = db.session().get(Report, world.gp_report)
        assert report.status == "draft" and report.version == 1


def test_a_stale_save_gets_the_conflict_page_and_loses_nothing(sign_in_as, world, app):
    client = sign_in_as("author_gp")
    tab_one = edit_page(client, world)
    tab_two = edit_page(client, world)
    assert (
        post(client, world, {"section_worries": "Saved from tab two."}, page=tab_two).status_code
        == 302
    )
    response = post(client, world, {"section_worries": "Typed in tab one."}, page=tab_one)
    assert response.status_code == 409
    page = pages.parse(response)
    assert "changed since you opened it" in page.h1
    assert "Typed in tab one." in page.text(".app-compare__mine")
    assert "Saved from tab two." in page.text(".app-compare__theirs")
    carried = page.form_fields("#conflict-form")
    assert carried["section_worries"] == "Typed in tab one."
    # "Save my version" saves it on top, and the other version stays in the history.
    response = client.post(url(world), data=carried)
    assert response.status_code == 302
    with app.app_context():
        report = db.session().get(Report, world.gp_report)
        texts = [v.document["sections"].get("worries") for v in report.versions]
        assert texts == ["Saved from tab two.", "Typed in tab one."]


def test_a_two_megabyte_section_is_refused_but_kept_on_the_page(sign_in_as, world, app):
    client = sign_in_as("author_gp")
    huge = "Leah " * (2 * 1024 * 1024 // 5)
    response = post(client, world, {"section_worries": huge, "section_working_well": "Kept."})
    assert response.status_code == 400
    page = pages.parse(response)
    assert any("100,000 characters or fewer" in e for e in page.error_summary())
    assert page.soup.select_one("#section_worries").get_text() == huge
    assert page.soup.select_one("#section_working_well").get_text() == "Kept."
    with app.app_context():
        assert db.session().get(Report, world.gp_report).version == 0


def test_a_sharing_date_before_the_child_was_born_is_refused(sign_in_as, world):
    client = sign_in_as("author_gp")
    response = post(client, world, {**shared_on(date(2020, 1, 6)), "section_worries": "Typed."})
    assert response.status_code == 400
    page = pages.parse(response)
    assert "Date shared must be on or after the child's date of birth" in page.error_summary()
    assert page.soup.select_one("#section_worries").get_text() == "Typed."


@pytest.mark.parametrize(
    ("parts", "message"),
    [(["31", "2", "2026"], "must be a real date"), (["", "3", "2026"], "must include a day")],
)
def test_impossible_dates_get_a_clear_message(sign_in_as, world, parts, message):
    client = sign_in_as("author_gp")
    response = post(client, world, {"sharing-date": parts})
    assert response.status_code == 400
    assert any(message in e for e in pages.parse(response).error_summary())


def test_an_expired_form_token_keeps_the_text_and_offers_to_save(sign_in_as, world, app):
    client = sign_in_as("author_gp")
    page = edit_page(client, world)
    data = {
        **page.form_fields("#report-form"),
        "section_worries": "Three hours of typing.",
        "action": "save",
        "csrf_token": "expired-token",
    }
    response = client.post(url(world), data=data)
    assert response.status_code == 400
    resume = pages.parse(response)
    assert "Nothing you typed has been lost" in resume.text("main")
    carried = resume.form_fields("#resume-form")
    assert carried["section_worries"] == "Three hours of typing."
    assert client.post(url(world), data=carried).status_code == 302
    with app.app_context():
        report = db.session().get(Report, world.gp_report)
        assert report.versions[-1].document["sections"]["worries"] == "Three hours of typing."


def test_an_ended_session_keeps_the_text_through_signing_in_again(app, client, world):
    pages.sign_in(client, world.emails["author_gp"], "correct horse battery staple")
    page = edit_page(client, world)
    with client.session_transaction() as session:
        session["seen_at"] = session["seen_at"] - 31 * 60  # idle for 31 minutes
    data = {
        **page.form_fields("#report-form"),
        "section_worries": "Typed before timeout.",
        "action": "save",
    }
    response = client.post(url(world), data=data)
    resume = pages.parse(response)
    assert "signed out" in resume.text("main")
    carried = resume.form_fields("#resume-form")
    carried.update(email=world.emails["author_gp"], password="correct horse battery staple")
    carried.pop("csrf_token")
    carried["csrf_token"] = resume.csrf()
    signed_in = pages.parse(client.post("/sign-in", data=carried))
    assert "Save my report" in signed_in.text("main")
    assert client.post(url(world), data=signed_in.form_fields("#resume-form")).status_code == 302
    with app.app_context():
        report = db.session().get(Report, world.gp_report)
        assert report.versions[-1].document["sections"]["worries"] == "Typed before timeout."


def upload(client, world, document, page=None):
    page = page or pages.get(client, f"{url(world)}/import")
    body = document if isinstance(document, bytes) else json.dumps(document).encode()
    return client.post(
        f"{url(world)}/import",
        data={
            "csrf_token": page.csrf(),
            "version": page.form_fields("form")["version"],
            "file": (BytesIO(body), "report.json"),
        },
        content_type="multipart/form-data",
    )


def test_export_then_import_round_trips(sign_in_as, world, app):
    client = sign_in_as("author_gp")
    assert post(client, world, COMPLETE).status_code == 302
    exported = client.get(f"{url(world)}/report.json")
    assert exported.headers["Content-Disposition"].startswith("attachment")
    document = exported.get_json()
    assert document["format"] == "cpc-report/2"
    assert [c["key"] for c in document["children"]] == ["child"]
    document["sections"]["worries"] = "Edited offline: <he hits me> she said."
    document["children"][0]["sections"]["voice_of_child"] = "Leah told me she likes nursery."
    assert upload(client, world, document).status_code == 302
    with app.app_context():
        report = db.session().get(Report, world.gp_report)
        assert report.versions[-1].kind == "import"
        stored = report.versions[-1].document
        assert stored["format"] == "cpc-report/2"
        assert stored["sections"]["worries"] == "Edited offline: <he hits me> she said."
        voice = stored["children"][0]["sections"]["voice_of_child"]
        assert voice == "Leah told me she likes nursery."
    # The same report as a version 1 file is accepted too.
    document = client.get(f"{url(world)}/report.json").get_json()
    child = document.pop("children")[0]
    version_1 = {
        **document,
        "format": "cpc-report/1",
        "child": {k: v for k, v in child.items() if k not in ("key", "sections")},
        "sections": {**document["sections"], **child["sections"], "worries": "Written in v1."},
    }
    assert upload(client, world, version_1).status_code == 302
    with app.app_context():
        report = db.session().get(Report, world.gp_report)
        assert report.versions[-1].document["sections"]["worries"] == "Written in v1."
        voice = report.versions[-1].document["children"][0]["sections"]["voice_of_child"]
        assert voice == "Leah told me she likes nursery."


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["children"].append({**d["children"][0], "key": "sibling"}),
            "children[1].key: this conference has no child with this key",
        ),
        (
            lambda d: d["children"][0].update(date_of_birth=None),
            "children[0].date_of_birth: the file is about a child with a different date",
        ),
        (
            # A version 1 file may leave the child out; it cannot be matched to this one.
            lambda d: d.update(format="cpc-report/1", children=None) or d.pop("children"),
            "child.date_of_birth: the file is about a child with a different date of birth",
        ),
    ],
)
def test_a_family_file_for_a_one_child_conference_is_refused(
    sign_in_as, world, app, change, expected
):
    client = sign_in_as("author_gp")
    assert post(client, world, {"section_worries": "Draft text stays."}).status_code == 302
    document = client.get(f"{url(world)}/report.json").get_json()
    change(document)
    assert_refused_and_draft_kept(app, world, upload(client, world, document), expected)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (b"{not json", "not valid JSON"),
        ({"format": "cpc-report/0"}, "format"),
        ("unknown-key", "sections.mood: unknown field"),
        ("wrong-conference", "conference.date: this report is for the conference on"),
    ],
)
def test_bad_files_are_refused_with_the_field_named(sign_in_as, world, app, body, expected):
    client = sign_in_as("author_gp")
    assert post(client, world, {"section_worries": "Draft text stays."}).status_code == 302
    document = client.get(f"{url(world)}/report.json").get_json()
    if body == "unknown-key":
        document["sections"]["mood"] = "x"
        body = document
    elif body == "wrong-conference":
        document["conference"]["date"] = (date.today() + timedelta(days=60)).isoformat()
        body = document
    assert_refused_and_draft_kept(app, world, upload(client, world, body), expected)


def assert_refused_and_draft_kept(app, world, response, expected):
    """400 with the problem in the error summary, and the saved draft untouched."""
    assert response.status_code == 400
    assert any(expected in e for e in pages.parse(response).error_summary())
    with app.app_context():
        report = db.session().get(Report, world.gp_report)
        assert report.version == 1
        assert report.versions[-1].document["sections"]["worries"] == "Draft text stays."


def test_importing_into_a_new_report_for_a_past_conference_is_refused(sign_in_as, world, app):
    client = sign_in_as("author_gp")
    document = client.get(f"{url(world)}/report.json").get_json()
    past = date.today() - timedelta(days=3)
    with app.app_context():
        report = db.session().get(Report, world.gp_report)
        report.invitation.conference.date = past
        db.session().commit()
    document["conference"]["date"] = past.isoformat()
    response = upload(client, world, document)
    assert response.status_code == 400
    assert any("in the past" in e for e in pages.parse(response).error_summary())


def test_printable_copy_and_model_reports(sign_in_as, world):
    client = sign_in_as("author_gp")
    assert post(client, world, COMPLETE).status_code == 302
    printed = pages.get(client, f"{url(world)}/print")
    assert "OFFICIAL-SENSITIVE" in printed.text("main")
    assert "Leah has missed three immunisation appointments" in printed.text("main")
    gallery = pages.get(client, "/author/model-reports")
    links = gallery.select(".app-gallery a")
    assert links, "the gallery lists model reports"
    model = pages.get(client, links[0]["href"])
    assert model.h1 == "What makes this report good"


def test_every_model_report_shows_each_child_and_their_own_sections(sign_in_as, world):
    client = sign_in_as("author_gp")
    families = 0
    for exemplar in exemplars.load_all():
        if exemplar.gold.get("grade") != "good":
            continue
        page = pages.get(client, f"/author/model-reports/{exemplar.id}")
        text = page.text("main")
        children = exemplar.document.get("children") or [exemplar.document["child"]]
        for child in children:
            assert child["name"] in text, exemplar.id
            voice = (child.get("sections") or exemplar.document["sections"]).get("voice_of_child")
            if voice:
                assert voice.split("\n")[0].strip()[:60] in text, exemplar.id
        families += len(children) > 1
    assert families >= 1, "the gallery holds at least one model report about a family"
