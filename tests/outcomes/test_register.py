"""The register's figures against a hand count (docs/outcomes.md "The register"), on SQLite
and PostgreSQL, the page for each role that may see it, and the formula-safe CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from sqlalchemy import select

from reportsvc import db
from reportsvc.models import ConferenceOutcome
from reportsvc.queries import register
from reportsvc.services.outcomes import review_due
from tests import pages
from tests.outcomes.conftest import URL, plan_child

T = date.today()


def _put(client, tokens, conference_id, children, **extra):
    body = {"children": children, **extra}
    response = client.put(URL.format(conference_id), json=body, headers=tokens["chair"])
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def build(client, tokens, schedule):
    """Four children on plans, one not; each line says what the hand count expects."""
    one = {"keys": ("leah",)}
    # A: ICPC 30 days ago, two children on plans; reviews due, core group overdue.
    a = schedule(T - timedelta(days=30), reference="A")
    _put(
        client,
        tokens,
        a,
        [plan_child("leah"), plan_child("mia", category="emotional", secondary_concerns=[])],
    )
    # B: ICPC 600 days ago (over 18 months); reviewed on time at 80 days, then 200 days
    # later (over 6 months: held late); its next review is overdue. Core group held.
    b = schedule(T - timedelta(days=600), reference="B", **one)
    _put(client, tokens, b, [plan_child(category="physical", secondary_concerns=[])],
         core_group_held_on=(T - timedelta(days=595)).isoformat())  # fmt: skip
    b1 = schedule(T - timedelta(days=520), type="RCPC", reference="B1", previous="B", **one)
    _put(
        client,
        tokens,
        b1,
        [plan_child(decision="plan_continues", category="physical", secondary_concerns=[])],
    )
    b2 = schedule(T - timedelta(days=320), type="RCPC", reference="B2", previous="B1", **one)
    _put(
        client,
        tokens,
        b2,
        [plan_child(decision="plan_continues", category="physical", secondary_concerns=[])],
    )
    # C: a plan that ended, then a second plan 100 days ago (review overdue).
    c1 = schedule(T - timedelta(days=400), reference="C1", **one)
    _put(client, tokens, c1, [plan_child(category="sexual", secondary_concerns=[])],
         core_group_held_on=(T - timedelta(days=395)).isoformat())  # fmt: skip
    c2 = schedule(T - timedelta(days=320), type="RCPC", reference="C2", previous="C1", **one)
    _put(
        client,
        tokens,
        c2,
        [{"key": "leah", "decision": "plan_ends", "alternative": "child_in_need"}],
    )
    c3 = schedule(T - timedelta(days=100), reference="C3", previous="C2", **one)
    _put(client, tokens, c3, [plan_child()])
    # D: no plan.
    d = schedule(T - timedelta(days=20), reference="D", **one)
    _put(client, tokens, d, [{"key": "leah", "decision": "no_plan", "alternative": "nfa"}])
    return {"a": a, "b2": b2, "c3": c3}


def test_register_figures_match_a_hand_count(client, tokens, schedule, app, world):
    ids = build(client, tokens, schedule)
    with app.app_context():
        found = register.load(db.session(), T)
        db.session().rollback()
    assert len(found.plans) == 4
    assert dict(found.by_category) == {"neglect": 2, "physical": 1, "emotional": 1, "sexual": 0}
    assert dict(found.by_length) == {
        "Under 3 months": 2,
        "3 to 6 months": 1,
        "6 to 12 months": 0,
        "12 to 18 months": 0,
        "18 months to 2 years": 1,
        "2 years or more": 0,
    }
    assert len(found.reviews_due) == 2 and len(found.reviews_overdue) == 2
    assert {r.conference_id for r in found.reviews_overdue} == {ids["b2"], ids["c3"]}
    assert [r.conference_id for r in found.over_18_months] == [ids["b2"]]
    assert [(r.conference_id, r.plan_number) for r in found.repeat_plans] == [(ids["c3"], 2)]
    # Core groups: A and C3 not held, both past due; B and C1 were held.
    assert sorted((g.conference_id, g.overdue) for g in found.core_groups) == [
        (ids["a"], True),
        (ids["c3"], True),
    ]
    # One review held late: B1's next review was due 6 months after it; B2 was later.
    due = review_due(T - timedelta(days=520), "plan_continues", "ENG")
    assert [(r.due, r.held_on, r.days_late) for r in found.late_reviews] == [
        (due, T - timedelta(days=320), (T - timedelta(days=320) - due).days)
    ]
    b_row = next(r for r in found.plans if r.conference_id == ids["b2"])
    assert b_row.plan_started_on == T - timedelta(days=600)
    assert b_row.months_on_plan == register.months_between(T - timedelta(days=600), T) >= 19

    # Another chair's register is empty: the plans are all "chair"'s.
    with app.app_context():
        assert register.load(db.session(), T, chair_id=world.users["chair2"]).plans == []
        db.session().rollback()


def test_register_page_and_csv(client, tokens, schedule, sign_in_as, query):
    build(client, tokens, schedule)
    coordinator = sign_in_as("coordinator")
    page = pages.get(coordinator, "/review/register")
    assert page.text("#total-on-plans") == "4"
    assert page.text("#count-reviews-overdue") == "2"
    assert page.text("#count-core-overdue") == "2"
    assert page.text("#count-over-18") == "1"
    assert page.text("#count-repeat") == "1"
    assert page.text("#count-late-reviews") == "1"
    response = coordinator.get("/review/register.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["child_id", "conference_id", "conference_type"]
    assert len(rows) == 5
    assert "Leah" not in text and "Mia" not in text  # ids only, no names or text
    assert query(lambda s: s.scalar(select(ConferenceOutcome.id))) is not None


def test_csv_cells_cannot_start_a_formula():
    from reportsvc import csv_export

    body = csv_export.render(["a"], [["=HYPERLINK(1)"], ["+1"], ["-2"], ["@x"]]).decode("utf-8-sig")
    assert not any(line.startswith(("=", "+", "-", "@")) for line in body.splitlines()[1:])


def test_overdue_items_show_on_the_chairs_conferences(client, tokens, schedule, sign_in_as):
    build(client, tokens, schedule)
    chair = sign_in_as("chair")
    page = pages.get(chair, "/review/")
    items = [li.get_text(" ", strip=True) for li in page.select("#overdue + ul li")]
    assert sum(1 for i in items if i.startswith("Review for")) == 2
    assert sum(1 for i in items if i.startswith("Core group for")) == 2
    menu = [a.get_text(strip=True) for a in page.select(".govuk-service-navigation a")]
    assert "Register" in menu and "Dissent and appeals" in menu
