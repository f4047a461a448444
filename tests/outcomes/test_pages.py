"""The chair's outcome page, dissent and appeals awaiting a response, and the register, as a
chair and a coordinator use them (real forms, real engine, SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from reportsvc.models import Appeal, ChildOutcome, ConferenceOutcome, PlanAction
from tests import pages
from tests.outcomes.conftest import URL, action, plan_child
from tests.world import PASSWORD

ICPC_DAY = date.today() - timedelta(days=3)


def page_url(conference_id: int) -> str:
    return f"/review/conferences/{conference_id}/outcome"


def form(**extra: Any) -> dict[str, Any]:
    data = {
        "c-leah-decision": "plan",
        "c-leah-category": "neglect",
        "c-leah-primary_concern": "Parental substance misuse",
        "c-leah-secondary": ["emotional"],
        "c-leah-lead_social_worker": "Sam Patel",
        "c-leah-core_group": "Sam Patel\nDr Okafor",
        "c-mia-decision": "no_plan",
        "c-mia-alternative": "early_help",
        "a-0-agency": "Test Surgery",
        "a-0-who": "Dr Okafor, GP",
        "a-0-what": "Weigh Leah every four weeks and send the weights to the health visitor",
        "a-0-by_when": (ICPC_DAY + timedelta(days=60)).isoformat(),
        "a-0-how_we_will_know": "Leah's weight stays at or above the 9th centile",
        "a-1-agency": "Test School",
        "a-1-who": "School",
        "a-1-what": "continue to monitor",
        "a-1-by_when": "",
        "a-1-how_we_will_know": "",
        "d-0-by": "Mother",
        "d-0-reason": "She does not agree with the category",
    }
    data.update(extra)
    return data


def test_the_chair_records_a_two_child_outcome(sign_in_as, schedule, query):
    icpc = schedule(ICPC_DAY)
    client = sign_in_as("chair")
    page = pages.get(client, page_url(icpc))
    assert page.h1 == "Conference outcome"
    assert "Leah" in page.text("#outcome-form") and "Mia" in page.text("#outcome-form")

    # "Check actions" without JavaScript: the vague action is flagged, nothing is stored.
    checked = pages.post_form(client, page_url(icpc), form(check="1"), status=200)
    advice_1 = checked.text("#a-1-advice")
    assert "Vague" in advice_1 and "continue to monitor" in advice_1
    assert "No problems found" in checked.text("#a-0-advice")
    assert query(lambda s: s.scalar(select(func.count()).select_from(ConferenceOutcome))) == 0
    # What was typed is kept on the page.
    assert checked.soup.select_one("#a-1-what").get_text() == "continue to monitor"

    # Saving with the incomplete action: refused, every problem named against its field.
    refused = pages.post_form(client, page_url(icpc), form(), status=400)
    summary = refused.error_summary()
    assert "Action 2: by when: is required (a date like 2026-03-12)" in summary
    assert "Action 2: how we will know: is required" in summary
    assert refused.select("#a-1-by_when-error")
    assert query(lambda s: s.scalar(select(func.count()).select_from(ConferenceOutcome))) == 0

    fixed = form(
        **{
            "a-1-who": "Ms Reid, designated safeguarding lead",
            "a-1-what": "Meet Mia each Monday and record her attendance",
            "a-1-by_when": (ICPC_DAY + timedelta(days=90)).isoformat(),
            "a-1-how_we_will_know": "Attendance above 95% each half term",
        }
    )
    token = pages.get(client, page_url(icpc)).csrf()
    response = client.post(page_url(icpc), data={"csrf_token": token, **fixed})
    assert response.status_code == 302
    saved = pages.get(client, response.headers["Location"])
    dates = saved.text("#dates")
    assert "Core group due by" in dates and "Next review for Leah" in dates
    rows = query(
        lambda s: [
            (c.key, c.decision, c.category, c.secondary_concerns, c.alternative)
            for c in s.scalars(select(ChildOutcome).order_by(ChildOutcome.position))
        ]
    )
    assert rows == [
        ("leah", "plan", "neglect", ["emotional"], None),
        ("mia", "no_plan", None, [], "early_help"),
    ]
    assert query(lambda s: s.scalar(select(func.count()).select_from(PlanAction))) == 2
    # The saved outcome fills the form again.
    assert saved.soup.select_one("#c-leah-decision").has_attr("checked")
    assert saved.soup.select_one("#c-leah-lead_social_worker")["value"] == "Sam Patel"


def test_live_check_answers_json_and_needs_the_csrf_header(sign_in_as, schedule):
    icpc = schedule(ICPC_DAY)
    client = sign_in_as("chair")
    token = pages.get(client, page_url(icpc)).csrf()
    url = page_url(icpc) + "/check"
    body = {"who": "School", "what": "keep an eye on Mia", "by_when": "", "how_we_will_know": ""}
    assert client.post(url, json=body).status_code == 400  # no CSRF token
    answer = client.post(url, json=body, headers={"X-CSRFToken": token}).get_json()
    checks = {(a["check"], a["field"]) for a in answer["advice"]}
    assert ("vague-language", "what") in checks
    assert any(a["check"] == "smart-actions" for a in answer["advice"])
    other = client.post(
        "/review/conferences/999999/outcome/check", json=body, headers={"X-CSRFToken": token}
    )
    assert other.status_code == 404


def signed_in(app, world, who):
    fresh = app.test_client()
    assert pages.sign_in(fresh, world.emails[who], PASSWORD).status_code == 302
    return fresh


def test_dissent_and_appeals_show_with_days_left_until_answered(
    app, client, sign_in_as, schedule, tokens, world
):
    icpc = schedule(ICPC_DAY)
    body = {
        "children": [plan_child("leah"), plan_child("mia")],
        "actions": [action(by_when=(ICPC_DAY + timedelta(days=30)).isoformat())],
        "dissent": [{"by": "Father", "reason": "Disagrees with the plan"}],
        "appeals": [{"by": "Mother", "by_role": "parent", "received_on": date.today().isoformat()}],
    }
    assert client.put(URL.format(icpc), json=body, headers=tokens["chair"]).status_code == 200
    chair = sign_in_as("chair")
    listed = pages.get(chair, "/review/responses")
    rows = [r.get_text(" ", strip=True) for r in listed.select("#awaiting tbody tr")]
    dissent_left = (ICPC_DAY + timedelta(days=28) - date.today()).days
    assert any("Dissent" in r and "Father" in r and f"{dissent_left} days left" in r for r in rows)
    assert any("Appeal" in r and "Mother" in r and "28 days left" in r for r in rows)

    # The chair records the response to the appeal; it leaves the list.
    outcome_page = pages.get(chair, page_url(icpc))
    link = next(
        a["href"] for a in outcome_page.select("#dates a") if "appeal-response" in a["href"]
    )
    empty = pages.post_form(chair, link, {"response": " "}, status=400)
    assert empty.error_summary() == ["Enter the response"]
    pages.post_form(chair, link, {"response": "Upheld after review"}, status=302)
    rows = [
        r.get_text(" ", strip=True)
        for r in pages.get(chair, "/review/responses").select("#awaiting tbody tr")
    ]
    assert not any("Appeal" in r for r in rows) and any("Dissent" in r for r in rows)

    # Another chair sees none of it; the coordinator sees it all.
    other = signed_in(app, world, "chair2")
    assert "Nothing is awaiting a response" in pages.get(other, "/review/responses").text()
    assert pages.get(other, page_url(icpc), status=404)
    coordinator = signed_in(app, world, "coordinator")
    rows = [
        r.get_text(" ", strip=True)
        for r in pages.get(coordinator, "/review/responses").select("#awaiting tbody tr")
    ]
    assert len(rows) == 1 and "Father" in rows[0]


def test_appeal_response_page_checks_its_conference(sign_in_as, schedule, client, tokens, query):
    icpc = schedule(ICPC_DAY)
    other = schedule(ICPC_DAY, reference="OTHER")
    body = {
        "children": [plan_child("leah"), plan_child("mia")],
        "appeals": [{"by": "Mother", "by_role": "parent", "received_on": date.today().isoformat()}],
    }
    client.put(URL.format(icpc), json=body, headers=tokens["chair"])
    appeal_id = query(lambda s: s.scalar(select(Appeal.id)))
    chair = sign_in_as("chair")
    pages.get(chair, f"/review/conferences/{other}/appeal-response?appeal={appeal_id}", status=404)
    pages.get(chair, f"/review/conferences/{icpc}/appeal-response", status=400)
    pages.get(chair, f"/review/conferences/{icpc}/appeal-response?appeal={appeal_id}")


def test_other_secondary_concerns_and_core_group_round_trip(sign_in_as, schedule, query):
    icpc = schedule(ICPC_DAY)
    client = sign_in_as("chair")
    data = form(**{"c-leah-secondary_other": "Domestic abuse, Housing", "a-1-agency": ""})
    for name in ("who", "what", "by_when", "how_we_will_know"):
        data[f"a-1-{name}"] = ""  # a blank row is left out, not refused
    token = pages.get(client, page_url(icpc)).csrf()
    response = client.post(page_url(icpc), data={"csrf_token": token, **data})
    assert response.status_code == 302
    stored = query(
        lambda s: [
            (c.secondary_concerns, c.core_group)
            for c in s.scalars(select(ChildOutcome).where(ChildOutcome.key == "leah"))
        ]
    )
    assert stored == [(["emotional", "Domestic abuse", "Housing"], ["Sam Patel", "Dr Okafor"])]
    page = pages.get(client, page_url(icpc))
    assert page.soup.select_one("#c-leah-secondary_other")["value"] == "Domestic abuse, Housing"
    assert page.soup.select_one("#c-leah-secondary-emotional").has_attr("checked")
    assert page.soup.select_one("#c-leah-core_group").get_text() == "Sam Patel\nDr Okafor"
