"""The QA figures after the conference (issue 15): reviews and core groups held in time,
new plans by category, second or subsequent plans, dissent and appeals answered in time,
against hand counts, on SQLite and PostgreSQL, and in agreement with the register.

Built through the real scheduling service and the outcome API (T is today; due dates are
the service's: a review 3 calendar months after an ICPC, moved back to a working day; a
core group 10 working days after an ICPC; a response 28 days after the conference or the
appeal). Every conference is chaired by "chair".

    family  conference           decision              what follows
    P       ICPC  T-150          plan, neglect         review due ~T-59, held by P1 at T-70: IN TIME
                                                       core group due ~T-136, never held (overdue)
    P1      RCPC  T-70           plan continues        next review due ~T+112 (not yet)
    Q       ICPC  T-120          plan, physical        review due ~T-30, held by Q1 at T-20: LATE
                                                       core group due ~T-106, never held (overdue)
    Q1      RCPC  T-20           plan continues
    R       ICPC  T-95           plan, emotional       review due ~T-4, not held: OVERDUE
                                                       core group due ~T-81, held T-85: IN TIME
                                                       appeal received T-93, due T-65, answered
                                                       T-60: LATE
    S       ICPC  T-60           leah plan, neglect;   core group due ~T-46, not held: OVERDUE
                                 mia no plan           dissent due T-32, answered T-40: IN TIME
                                                       appeal received T-58, due T-30, answered
                                                       T-35: IN TIME
    U       ICPC  T-400          plan, sexual          review due ~T-309, held by U1 at T-300: LATE
                                                       core group due ~T-386, never held
    U1      RCPC  T-300          plan ends
    U2      ICPC  T-30           plan, neglect         SECOND PLAN for the same child
                                                       core group due ~T-16, held T-10: LATE
                                                       dissent due T-2, not answered: OVERDUE
                                                       appeal received T-28, due T, not answered:
                                                       not asked yet (due today)
    V       ICPC  T-10           plan, physical        core group due ~T+4 (not yet);
                                                       dissent due T+18 (not yet)

Default period (the last 3 months, about T-91 to T):
    reviews held in time        1 of 3   (P yes; Q late, R overdue)
    core groups held in time    1 of 3   (R yes; S overdue, U2 late)
    new plans                   S/leah, U2, V: neglect 2 of 3, physical 1 of 3,
                                emotional 0 of 3, sexual 0 of 3; second plans 1 of 3 (U2)
    dissent answered in time    1 of 2   (S yes; U2 overdue)
    appeals answered in time    1 of 2   (S yes; R late; U2 not asked)
Over a year (T-365 to T):
    reviews 1 of 4 (+ U late); core groups 1 of 5 (+ P, Q overdue);
    new plans 6: neglect 3, physical 2, emotional 1, sexual 0, second plans 1.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from reportsvc import db
from reportsvc.models import Appeal, AuditEvent, Dissent
from reportsvc.queries import qa, register
from reportsvc.services import dissent as dissent_service
from reportsvc.services import outcomes as outcome_service
from tests import pages
from tests.outcomes.conftest import URL, plan_child, schedule, tokens  # noqa: F401


def _today() -> date:
    # Read at each use, not at import: a run that crosses midnight keeps the dates the
    # service computes (its own today) and the ones the test expects in step.
    return date.today()


DEFAULT = {
    "review_in_time": (1, 3, "33%"),
    "core_group_in_time": (1, 3, "33%"),
    "plan_neglect": (2, 3, "67%"),
    "plan_physical": (1, 3, "33%"),
    "plan_emotional": (0, 3, "0%"),
    "plan_sexual": (0, 3, "0%"),
    "repeat_plan": (1, 3, "33%"),
    "dissent_in_time": (1, 2, "50%"),
    "appeal_in_time": (1, 2, "50%"),
}


def ago(days: int) -> str:
    return (_today() - timedelta(days=days)).isoformat()


def _put(client: Any, tokens: Any, conference_id: int, children: list[Any], **extra: Any) -> None:  # noqa: F811
    response = client.put(
        URL.format(conference_id), json={"children": children, **extra}, headers=tokens["chair"]
    )
    assert response.status_code == 200, response.get_json()


def _plan(category: str, decision: str = "plan", key: str = "leah") -> dict[str, Any]:
    return plan_child(key, decision=decision, category=category, secondary_concerns=[])


@pytest.fixture
def after(app, client, tokens, schedule) -> dict[str, int]:  # noqa: F811
    one = {"keys": ("leah",)}
    ids: dict[str, int] = {}

    def conference(name: str, days: int, **kwargs: Any) -> int:
        ids[name] = schedule(_today() - timedelta(days=days), reference=name, **kwargs)
        return ids[name]

    _put(client, tokens, conference("P", 150, **one), [_plan("neglect")])
    p1 = conference("P1", 70, type="RCPC", previous="P", **one)
    _put(client, tokens, p1, [_plan("neglect", "plan_continues")])
    _put(client, tokens, conference("Q", 120, **one), [_plan("physical")])
    q1 = conference("Q1", 20, type="RCPC", previous="Q", **one)
    _put(client, tokens, q1, [_plan("physical", "plan_continues")])
    _put(
        client,
        tokens,
        conference("R", 95, **one),
        [_plan("emotional")],
        core_group_held_on=ago(85),
        appeals=[{"by": "mother", "by_role": "parent", "received_on": ago(93)}],
    )
    _put(
        client,
        tokens,
        conference("S", 60),
        [_plan("neglect"), {"key": "mia", "decision": "no_plan", "alternative": "early_help"}],
        dissent=[{"by": "father", "reason": "Disagrees with the category"}],
        appeals=[{"by": "father", "by_role": "parent", "received_on": ago(58)}],
    )
    _put(client, tokens, conference("U", 400, **one), [_plan("sexual")])
    u1 = conference("U1", 300, type="RCPC", previous="U", **one)
    _put(client, tokens, u1, [{"key": "leah", "decision": "plan_ends"}])
    _put(
        client,
        tokens,
        conference("U2", 30, previous="U1", **one),
        [_plan("neglect")],
        core_group_held_on=ago(10),
        dissent=[{"by": "mother", "reason": "Wants early help instead"}],
        appeals=[{"by": "mother", "by_role": "parent", "received_on": ago(28)}],
    )
    _put(
        client,
        tokens,
        conference("V", 10, **one),
        [_plan("physical")],
        dissent=[{"by": "grandmother", "reason": "Thinks the plan is too much"}],
    )
    with app.app_context():
        session = db.session()
        answered = {"S": ago(40)}
        for row in session.scalars(select(Dissent)):
            name = next(k for k, v in ids.items() if v == row.conference_id)
            if name in answered:
                dissent_service.respond(
                    session, row, response="Written answer", on=date.fromisoformat(answered[name])
                )
        answered = {"S": ago(35), "R": ago(60)}
        for appeal in session.scalars(select(Appeal)):
            name = next(k for k, v in ids.items() if v == appeal.conference_id)
            if name in answered:
                outcome_service.respond_to_appeal(
                    session,
                    appeal,
                    response="Written answer",
                    on=date.fromisoformat(answered[name]),
                )
        session.commit()
    return ids


def outcome_figures(page: pages.Page) -> dict[str, tuple[int, int, str]]:
    out = {}
    for row in page.select("tr[data-outcome-figure]"):
        links = row.select("td a")
        out[row["data-outcome-figure"]] = (
            int(links[0].contents[0]),
            int(links[1].contents[0]),
            row.select_one(".app-percent").get_text(strip=True),
        )
    return out


def drilled(client: Any, url: str) -> set[int]:
    page = pages.get(client, url)
    return {int(r["data-conference-id"]) for r in page.select("tr[data-conference-id]")}


def test_summary_matches_the_hand_count(sign_in_as, after):
    client = sign_in_as("qa")
    page = pages.get(client, "/qa/")
    assert outcome_figures(page) == DEFAULT
    assert "Reviews held in time" in page.text('tr[data-outcome-figure="review_in_time"]')
    assert "review due date" in page.text('tr[data-outcome-figure="review_in_time"]')
    year = outcome_figures(pages.get(client, f"/qa/?start={ago(365)}&end={_today().isoformat()}"))
    assert year == {
        "review_in_time": (1, 4, "25%"),
        "core_group_in_time": (1, 5, "20%"),
        "plan_neglect": (3, 6, "50%"),
        "plan_physical": (2, 6, "33%"),
        "plan_emotional": (1, 6, "17%"),
        "plan_sexual": (0, 6, "0%"),
        "repeat_plan": (1, 6, "17%"),
        "dissent_in_time": (1, 2, "50%"),
        "appeal_in_time": (1, 2, "50%"),
    }
    # the existing audit figures are unchanged by the outcome rows
    assert page.select("tr[data-figure]")[0]["data-figure"] == "attended"


def test_filters_apply_to_the_conference_and_agency_filters_do_not(sign_in_as, world, after):
    client = sign_in_as("qa")
    icpc = outcome_figures(pages.get(client, "/qa/?conference_type=ICPC"))
    assert icpc == DEFAULT  # every item belongs to an ICPC
    rcpc = outcome_figures(pages.get(client, "/qa/?conference_type=RCPC"))
    assert {k: v[:2] for k, v in rcpc.items()} == {k: (0, 0) for k in DEFAULT}
    assert rcpc["review_in_time"][2] == "no reviews due"
    chair2 = outcome_figures(pages.get(client, f"/qa/?chair_id={world.users['chair2']}"))
    assert {k: v[:2] for k, v in chair2.items()} == {k: (0, 0) for k in DEFAULT}
    page = pages.get(client, "/qa/?agency_type=gp")
    assert outcome_figures(page) == DEFAULT
    assert "the agency filters do not apply and are ignored here" in page.text("#outcome-note")


def test_drill_down_lists_the_items_behind_each_count(sign_in_as, after):
    client = sign_in_as("qa")
    home = pages.get(client, "/qa/")
    yes, total = home.select('tr[data-outcome-figure="review_in_time"] td a')[:2]
    assert drilled(client, yes["href"]) == {after["P"]}
    assert drilled(client, total["href"]) == {after["P"], after["Q"], after["R"]}
    page = pages.get(client, "/qa/outcomes?figure=review_in_time&answer=no")
    assert {int(r["data-conference-id"]) for r in page.select("tr[data-item-id]")} == {
        after["Q"],
        after["R"],
    }
    assert "Not yet" in page.text(f'tr[data-conference-id="{after["R"]}"]')  # overdue
    assert drilled(client, "/qa/outcomes?figure=core_group_in_time&answer=no") == {
        after["S"],
        after["U2"],
    }
    assert drilled(client, "/qa/outcomes?figure=repeat_plan&answer=yes") == {after["U2"]}
    repeat = pages.get(client, "/qa/outcomes?figure=repeat_plan&answer=yes")
    assert "Neglect" in repeat.text("#items") and ">2<" in str(repeat.soup.select_one("#items"))
    assert drilled(client, "/qa/outcomes?figure=plan_neglect") == {
        after["S"],
        after["U2"],
        after["V"],
    }
    assert drilled(client, "/qa/outcomes?figure=dissent_in_time&answer=no") == {after["U2"]}
    assert drilled(client, "/qa/outcomes?figure=appeal_in_time&answer=no") == {after["R"]}
    assert drilled(client, "/qa/outcomes?figure=appeal_in_time&answer=yes") == {after["S"]}
    # ids and dates only: no child's name, no dissent or appeal text
    for figure in DEFAULT:
        body = client.get(f"/qa/outcomes?figure={figure}").get_data(as_text=True)
        for secret in ("Leah", "Mia", "Disagrees with the category", "Written answer"):
            assert secret not in body


def test_trends_by_month_add_up_to_the_summary(sign_in_as, after):
    client = sign_in_as("qa")
    page = pages.get(client, "/qa/trends")
    for key, (numerator, denominator, _percent) in DEFAULT.items():
        section: Any = page.soup.select_one(f"#trend-{key}-section")
        assert section is not None and section.select_one("svg[role=img] title"), key
        counts = [
            tuple(int(n) for n in r.select("td")[1].get_text(strip=True).split(" of "))
            for r in section.select("tbody tr")
        ]
        assert (sum(c[0] for c in counts), sum(c[1] for c in counts)) == (
            numerator,
            denominator,
        ), key
    # the month of the new plan at V (T-10) holds V's physical-abuse plan
    section = page.soup.select_one("#trend-plan_physical-section")
    month = (_today() - timedelta(days=10)).strftime("%b %Y")
    row = next(r for r in section.select("tbody tr") if r.select_one("th").get_text() == month)
    assert int(row.select("td")[1].get_text(strip=True).split(" of ")[0]) >= 1
    by_agency = pages.get(client, "/qa/by-agency")
    assert "not shown by agency type" in by_agency.text("#outcome-not-by-agency")


def read_csv(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def test_csv_exports_carry_the_figures_and_their_items(app, sign_in_as, after):
    client = sign_in_as("qa")
    summary = {r[0]: r for r in read_csv(client.get("/qa/export/summary.csv"))[1:]}
    assert summary["review_in_time"][1:6] == [
        "Reviews held in time",
        "1",
        "3",
        "reviews due",
        "33.3",
    ]
    assert summary["repeat_plan"][2:4] == ["1", "3"]
    assert summary["attended"][1] == "Attended the conference"  # the old rows stay
    with app.app_context():
        before = db.session().query(AuditEvent).count()
    rows = read_csv(client.get("/qa/export/outcomes.csv"))
    header, body = rows[0], [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert header[:3] == ["figure", "item", "item_id"] and header[-1] == "answer"
    for key, (numerator, denominator, _percent) in DEFAULT.items():
        mine = [r for r in body if r["figure"] == key]
        assert len(mine) == denominator, key
        assert sum(r["answer"] == "yes" for r in mine) == numerator, key
    late = next(
        r for r in body if r["figure"] == "review_in_time" and r["conference_id"] == str(after["Q"])
    )
    assert late["answer"] == "no" and late["done_on"] == ago(20) and late["due"] < ago(20)
    text = "\n".join(",".join(r) for r in rows)
    for secret in ("Leah", "father", "Disagrees", "Written answer"):
        assert secret not in text
    with app.app_context():
        events = db.session().query(AuditEvent).order_by(AuditEvent.id).all()
    assert len(events) == before + 1
    assert (events[-1].action, events[-1].record_type) == ("export", "qa_outcomes")


def test_the_register_and_the_figures_agree(app, after):
    """Over all time, the reviews that are "no" are the register's reviews held late and
    overdue; the core groups never held are the register's; the second plans are its."""
    today = _today()
    everything = qa.Filters(start=today - timedelta(days=3000), end=today)
    with app.app_context():
        session = db.session()
        items = qa.outcome_items(session, everything, today)
        found = register.load(session, today)
        session.rollback()
    reviews = items["review_in_time"]
    late = {(i.conference_id, i.due, i.done_on) for i in reviews if not i.answer and i.done_on}
    assert late == {(r.conference_id, r.due, r.held_on) for r in found.late_reviews}
    assert {c for c, _d, _h in late} == {after["Q"], after["U"]}
    overdue = {i.conference_id for i in reviews if not i.answer and i.done_on is None}
    assert overdue == {r.conference_id for r in found.reviews_overdue} == {after["R"]}
    never_held = {
        i.conference_id for i in items["core_group_in_time"] if not i.answer and i.done_on is None
    }
    assert never_held == {g.conference_id for g in found.core_groups if g.overdue}
    assert never_held == {after["P"], after["Q"], after["S"], after["U"]}
    assert {i.conference_id for i in items["repeat_plan"] if i.answer} == {
        r.conference_id for r in found.repeat_plans
    }
    assert [i.plan_number for i in items["repeat_plan"] if i.answer] == [
        r.plan_number for r in found.repeat_plans
    ]


def test_a_response_written_now_counts_at_once(app, sign_in_as, after):
    client = sign_in_as("qa")
    assert outcome_figures(pages.get(client, "/qa/"))["dissent_in_time"][:2] == (1, 2)
    with app.app_context():
        session = db.session()
        row = session.scalar(select(Dissent).where(Dissent.conference_id == after["U2"]))
        assert row is not None
        dissent_service.respond(session, row, response="Late answer", on=_today())
        session.commit()
    # answered after its due date: still "no", now with the date it was answered
    assert outcome_figures(pages.get(client, "/qa/"))["dissent_in_time"][:2] == (1, 2)
    page = pages.get(client, "/qa/outcomes?figure=dissent_in_time&answer=no")
    assert "Not yet" not in page.text("#items")
