"""PUT /api/v1/conferences/{id}/outcome and the outcome in GET /api/v1/conferences/{id}, as
the case-management system uses them (DESIGN.md "Conference outcome"), on SQLite and
PostgreSQL: the decision per child, the computed dates, who may record it, and every bad
field refused with its path and nothing stored anywhere."""

from __future__ import annotations

import copy
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from reportsvc.models import Appeal, Dissent, OutboxMail
from tests.outcomes.conftest import URL, action, plan_child

ICPC_DAY = date(2025, 12, 19)  # a Friday before Christmas


def good() -> dict[str, Any]:
    return {
        "children": [
            plan_child("leah"),
            {"key": "mia", "decision": "no_plan", "alternative": "child_in_need"},
        ],
        "actions": [action(by_when="2026-02-27")],
        "dissent": [{"by": "mother", "reason": "She does not agree that Leah is neglected"}],
    }


@pytest.fixture
def icpc(schedule) -> int:
    return schedule(ICPC_DAY)


def test_chair_records_a_two_child_outcome_and_gets_the_dates_back(client, tokens, icpc, query):
    response = client.put(URL.format(icpc), json=good(), headers=tokens["chair"])
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    leah, mia = body["children"]
    assert (leah["decision"], leah["category"], leah["secondary_concerns"]) == (
        "plan",
        "neglect",
        ["emotional"],
    )
    # 10 working days after Friday 19 December 2025: Christmas Day, Boxing Day and New Year's
    # Day are not working days (22, 23, 24, 29, 30, 31 Dec, 2, 5, 6, 7 Jan).
    assert body["core_group_due"] == "2026-01-07"
    # First review 3 calendar months after the ICPC (19 March 2026, a Thursday).
    assert leah["next_review_due"] == "2026-03-19"
    assert leah["plan_started_on"] == "2025-12-19"
    assert mia["next_review_due"] is None and mia["alternative"] == "child_in_need"
    assert body["reconvene_by"] is None
    # Appeals within 5 working days: 22, 23, 24, 29, 30 December.
    assert body["appeal_by"] == "2025-12-30"
    assert body["dissent"][0]["response_due"] == "2026-01-16"  # 28 days
    assert body["actions"][0]["agency"] == "Test Surgery"

    got = client.get(f"/api/v1/conferences/{icpc}", headers=tokens["coordinator"]).get_json()
    outcomes = {c["key"]: c["outcome"] for c in got["children"]}
    assert outcomes["leah"]["decision"] == "plan"
    assert outcomes["leah"]["core_group_due"] == "2026-01-07"
    assert outcomes["mia"]["decision"] == "no_plan"

    # The chair is mailed about the dissent's response, a week before it is due.
    mails = query(
        lambda s: [
            (m.to, m.template, m.due_at.date())
            for m in s.scalars(select(OutboxMail).where(OutboxMail.key.like("dissent-due:%")))
        ]
    )
    assert mails == [("chair@test.example", "dissent_response_due", date(2026, 1, 9))] or (
        mails[0][:2] == ("chair@test.example", "dissent_response_due")
        and mails[0][2] >= date.today()
    )


def test_a_second_put_replaces_the_outcome_and_keeps_answered_dissent(client, tokens, icpc, query):
    assert client.put(URL.format(icpc), json=good(), headers=tokens["chair"]).status_code == 200
    changed = good()
    changed["children"][1] = plan_child("mia", category="emotional", secondary_concerns=[])
    changed["dissent"] = []
    response = client.put(URL.format(icpc), json=changed, headers=tokens["coordinator"])
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [c["decision"] for c in body["children"]] == ["plan", "plan"]
    assert body["dissent"] == []
    assert query(lambda s: s.scalar(select(Dissent.id))) is None
    # Its reminder mail went with it.
    assert (
        query(lambda s: s.scalar(select(OutboxMail.id).where(OutboxMail.key.like("dissent%"))))
        is None
    )
    # Leaving "dissent" out keeps what is stored.
    changed["dissent"] = [{"by": "father", "reason": "Disagrees"}]
    client.put(URL.format(icpc), json=changed, headers=tokens["chair"])
    del changed["dissent"]
    body = client.put(URL.format(icpc), json=changed, headers=tokens["chair"]).get_json()
    assert [d["by"] for d in body["dissent"]] == ["father"]


def test_deferred_decision_reconvenes_within_ten_working_days(client, tokens, icpc):
    body = {
        "children": [
            {"key": "leah", "decision": "deferred"},
            {"key": "mia", "decision": "deferred"},
        ],
        "actions": [action(by_when="2026-01-05")],  # the interim plan
    }
    answer = client.put(URL.format(icpc), json=body, headers=tokens["chair"]).get_json()
    assert answer["reconvene_by"] == "2026-01-07"
    assert answer["core_group_due"] is None
    assert [c["next_review_due"] for c in answer["children"]] == [None, None]


def test_scotland_counts_its_own_bank_holidays(client, tokens, icpc, app):
    from reportsvc import db
    from reportsvc.services import settings

    with app.app_context():
        settings.update(db.session(), icpc_days=3, rcpc_days=5, region="SCT")
        db.session().commit()
    answer = client.put(URL.format(icpc), json=good(), headers=tokens["chair"]).get_json()
    # 2 January is a bank holiday in Scotland too.
    assert answer["core_group_due"] == "2026-01-08"


def test_appeals_within_five_working_days_and_late_ones_with_a_reason(client, tokens, icpc):
    body = good()
    body["appeals"] = [
        {"by": "mother", "by_role": "parent", "received_on": "2025-12-30"},
        {
            "by": "Leah",
            "by_role": "child",
            "received_on": "2025-12-31",
            "late_reason": "Her advocate was on leave",
        },
    ]
    answer = client.put(URL.format(icpc), json=body, headers=tokens["chair"]).get_json()
    on_time, late = answer["appeals"]
    assert (on_time["late"], on_time["response_due"]) == (False, "2026-01-27")
    assert (late["late"], late["late_reason"], late["response_due"]) == (
        True,
        "Her advocate was on leave",
        "2026-01-28",
    )
    body["appeals"][1]["late_reason"] = ""
    refused = client.put(URL.format(icpc), json=body, headers=tokens["chair"])
    assert refused.status_code == 400
    assert [d["path"] for d in refused.get_json()["details"]] == ["appeals[1].late_reason"]


def test_who_may_record(client, tokens, icpc):
    assert client.put(URL.format(icpc), json=good(), headers=tokens["chair2"]).status_code == 404
    assert client.put(URL.format(icpc), json=good(), headers=tokens["qa"]).status_code == 403
    assert client.put(URL.format(icpc), json=good(), headers=tokens["author_gp"]).status_code == 403
    assert client.put(URL.format(icpc), json=good()).status_code == 401
    assert client.put(URL.format(99999), json=good(), headers=tokens["chair"]).status_code == 404


def test_a_future_or_cancelled_conference_has_no_outcome(client, tokens, schedule):
    future = schedule(date.today() + timedelta(days=3), reference="LCS-F")
    response = client.put(URL.format(future), json=good(), headers=tokens["chair"])
    assert response.status_code == 400
    assert response.get_json()["details"][0]["path"] == ""


BAD: list[tuple[str, Any, str]] = [
    # (path to change, new value, the path the error must name)
    ("extra", 1, "extra"),
    ("children", None, "children"),
    ("children", "x", "children"),
    ("children", [], "children"),
    ("children.0", "x", "children[0]"),
    ("children.0.key", None, "children[0].key"),
    ("children.0.key", "nobody", "children[0].key"),
    ("children.1.key", "leah", "children[1].key"),
    ("children.0.decision", None, "children[0].decision"),
    ("children.0.decision", "plan_continues", "children[0].decision"),  # not at an ICPC
    ("children.0.decision", "maybe", "children[0].decision"),
    ("children.0.category", None, "children[0].category"),
    ("children.0.category", "poverty", "children[0].category"),
    ("children.0.primary_concern", 3, "children[0].primary_concern"),
    ("children.0.primary_concern", "x" * 201, "children[0].primary_concern"),
    ("children.0.secondary_concerns", "emotional", "children[0].secondary_concerns"),
    ("children.0.secondary_concerns", [""], "children[0].secondary_concerns[0]"),
    ("children.0.secondary_concerns", ["neglect"], "children[0].secondary_concerns"),
    ("children.0.lead_social_worker", "", "children[0].lead_social_worker"),
    ("children.0.lead_social_worker", "a\nb", "children[0].lead_social_worker"),
    ("children.0.core_group", [7], "children[0].core_group[0]"),
    ("children.0.alternative", "early_help", "children[0].alternative"),
    ("children.0.colour", "red", "children[0].colour"),
    ("children.1.alternative", None, "children[1].alternative"),
    ("children.1.alternative", "adoption", "children[1].alternative"),
    ("children.1.category", "neglect", "children[1].category"),
    ("children.1.core_group", ["x"], "children[1].core_group"),
    ("actions", {}, "actions"),
    ("actions.0", 5, "actions[0]"),
    ("actions.0.agency", "", "actions[0].agency"),
    ("actions.0.who", None, "actions[0].who"),
    ("actions.0.what", "", "actions[0].what"),
    ("actions.0.what", "x" * 2001, "actions[0].what"),
    ("actions.0.by_when", "", "actions[0].by_when"),
    ("actions.0.by_when", "31/03/2026", "actions[0].by_when"),
    ("actions.0.by_when", "2026-02-30", "actions[0].by_when"),
    ("actions.0.by_when", "2025-12-18", "actions[0].by_when"),
    ("actions.0.how_we_will_know", "", "actions[0].how_we_will_know"),
    ("actions.0.child", "nobody", "actions[0].child"),
    ("actions.0.when", "soon", "actions[0].when"),
    ("dissent", "no", "dissent"),
    ("dissent.0.by", "", "dissent[0].by"),
    ("dissent.0.reason", None, "dissent[0].reason"),
    ("dissent.0.extra", "x", "dissent[0].extra"),
    ("appeals", [{"by": "", "by_role": "parent", "received_on": "2025-12-22"}], "appeals[0].by"),
    (
        "appeals",
        [{"by": "m", "by_role": "uncle", "received_on": "2025-12-22"}],
        "appeals[0].by_role",
    ),
    (
        "appeals",
        [{"by": "m", "by_role": "parent", "received_on": "2025-12-01"}],
        "appeals[0].received_on",
    ),
    (
        "appeals",
        [{"by": "m", "by_role": "parent", "received_on": "2099-01-01"}],
        "appeals[0].received_on",
    ),
    ("appeals", [{"by": "m", "by_role": "parent"}], "appeals[0].received_on"),
    (
        "appeals",
        [{"by": "m", "by_role": "parent", "received_on": "2025-12-22", "x": 1}],
        "appeals[0].x",
    ),
    ("core_group_held_on", "2025-12-01", "core_group_held_on"),
    ("core_group_held_on", "tomorrow", "core_group_held_on"),
]


def _set(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    parts = path.split(".")
    target: Any = data
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = parts[-1]
    if last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return data


def test_every_bad_field_is_refused_with_its_path_and_nothing_is_stored(
    client, tokens, icpc, count_rows
):
    before = count_rows()
    for path, value, named in BAD:
        response = client.put(
            URL.format(icpc), json=_set(good(), path, value), headers=tokens["chair"]
        )
        assert response.status_code == 400, (path, response.get_json())
        paths = [d["path"] for d in response.get_json()["details"]]
        assert named in paths, (path, paths)
        assert all(d["message"] for d in response.get_json()["details"])
    after = count_rows()
    after.pop("audit_events", None), before.pop("audit_events", None)
    assert after == before


def test_not_json_and_not_an_object(client, tokens, icpc):
    headers = {**tokens["chair"], "Content-Type": "text/plain"}
    assert client.put(URL.format(icpc), data="{}", headers=headers).status_code == 415
    response = client.put(URL.format(icpc), json=[1], headers=tokens["chair"])
    assert response.status_code == 400


def test_an_appeal_row_keeps_its_response_when_the_outcome_is_sent_again(
    client, tokens, icpc, query, app
):
    body = good()
    body["appeals"] = [{"by": "mother", "by_role": "parent", "received_on": "2025-12-22"}]
    client.put(URL.format(icpc), json=body, headers=tokens["chair"])
    from reportsvc import db
    from reportsvc.services import outcomes

    with app.app_context():
        session = db.session()
        appeal = session.scalar(select(Appeal))
        outcomes.respond_to_appeal(session, appeal, response="Upheld", on=date(2026, 1, 5))
        session.commit()
    body["appeals"] = []
    answer = client.put(URL.format(icpc), json=body, headers=tokens["chair"]).get_json()
    assert [(a["by"], a["responded_on"]) for a in answer["appeals"]] == [("mother", "2026-01-05")]
    # Its reminder mail is gone once answered.
    assert (
        query(lambda s: s.scalar(select(OutboxMail.id).where(OutboxMail.key.like("appeal%"))))
        is None
    )


def test_outcomes_sent_at_the_same_time_leave_one_outcome(app, tokens, icpc, query):
    import threading

    from reportsvc.models import ConferenceOutcome

    results: list[int] = []
    barrier = threading.Barrier(3)

    def put() -> None:
        client = app.test_client()
        barrier.wait()
        results.append(
            client.put(URL.format(icpc), json=good(), headers=tokens["chair"]).status_code
        )

    threads = [threading.Thread(target=put) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert results and all(code in (200, 409) for code in results), results
    assert 200 in results
    count = query(lambda s: s.scalar(select(func.count()).select_from(ConferenceOutcome)))
    assert count == 1
    # The dissent was recorded once, not once a request.
    assert query(lambda s: s.scalar(select(func.count()).select_from(Dissent))) == 1
