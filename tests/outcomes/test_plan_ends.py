"""A plan that ends tells every agency invited to the ICPC that led to it (seeds/001), by a
mail queued in the same transaction; a review report starts from the last plan's actions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from reportsvc import db
from reportsvc.models import Invitation, OutboxMail, User
from reportsvc.services import authoring
from tests.outcomes.conftest import URL, action, plan_child

ICPC_DAY = date(2026, 3, 2)
RCPC_DAY = date(2026, 6, 1)


def _plan_then_review(client, tokens, schedule):
    icpc = schedule(ICPC_DAY, reference="F-ICPC")
    body = {
        "children": [
            plan_child("leah"),
            plan_child("mia", category="emotional", secondary_concerns=[]),
        ],
        "actions": [
            action(),
            action(
                what="Offer Mia a weekly session with the learning mentor",
                agency="Test School",
                who="Ms Reid, DSL",
                by_when="2026-04-30",
                how_we_will_know="Mia's attendance is above 95% each half term",
            ),
            action(
                agency="Children's social care",
                who="Sam Patel",
                what="Visit weekly",
                by_when="2026-05-01",
                how_we_will_know="Visits recorded",
            ),
        ],
    }
    assert client.put(URL.format(icpc), json=body, headers=tokens["chair"]).status_code == 200
    # The review invites only the school: the GP was invited to the ICPC.
    rcpc = schedule(
        RCPC_DAY,
        type="RCPC",
        reference="F-RCPC",
        previous="F-ICPC",
        agencies=(("school", "Test School", "author_school@test.example"),),
    )
    return icpc, rcpc


def _plan_ended_mails(query):
    return query(
        lambda s: sorted(
            (m.to, m.values["agency"], m.values["conference_date"])
            for m in s.scalars(select(OutboxMail).where(OutboxMail.template == "plan_ended"))
        )
    )


def test_ending_the_plan_mails_every_agency_invited_to_the_icpc(client, tokens, schedule, query):
    _, rcpc = _plan_then_review(client, tokens, schedule)
    body = {
        "children": [
            {"key": "leah", "decision": "plan_ends", "alternative": "child_in_need"},
            plan_child(
                "mia", decision="plan_continues", category="emotional", secondary_concerns=[]
            ),
        ]
    }
    response = client.put(URL.format(rcpc), json=body, headers=tokens["chair"])
    assert response.status_code == 200, response.get_json()
    leah = response.get_json()["children"][0]
    assert leah["plan_started_on"] == "2026-03-02" and leah["next_review_due"] is None
    assert _plan_ended_mails(query) == [
        ("author_gp@test.example", "Test Surgery", "2026-06-01"),
        ("author_school@test.example", "Test School", "2026-06-01"),
    ]
    # No child's name in any mail value.
    values = query(lambda s: [m.values for m in s.scalars(select(OutboxMail))])
    assert not any("Leah" in str(v) or "Mia" in str(v) for v in values)
    # Sending the same outcome again does not mail again.
    client.put(URL.format(rcpc), json=body, headers=tokens["chair"])
    assert len(_plan_ended_mails(query)) == 2


def test_a_plan_that_continues_mails_no_one(client, tokens, schedule, query):
    _, rcpc = _plan_then_review(client, tokens, schedule)
    body = {"children": [plan_child("leah", decision="plan_continues"),
                         plan_child("mia", decision="plan_continues", category="emotional",
                                    secondary_concerns=[])]}  # fmt: skip
    assert client.put(URL.format(rcpc), json=body, headers=tokens["chair"]).status_code == 200
    assert _plan_ended_mails(query) == []


def test_the_review_report_opens_with_the_last_plans_actions(client, tokens, schedule, app, world):
    _, rcpc = _plan_then_review(client, tokens, schedule)
    with app.app_context():
        session = db.session()
        invitation = session.scalar(select(Invitation).where(Invitation.conference_id == rcpc))
        author = session.get(User, world.users["author_school"])
        document = authoring.base_document(invitation, author)
    text = document["sections"]["previous_actions"]
    from forms import previous_actions

    entries = previous_actions.parse(text)
    assert len(entries) == 1  # only the school's action, not the GP's or social care's
    assert entries[0].action.startswith("Ms Reid, DSL: Offer Mia a weekly session")
    assert "By 30 April 2026" in entries[0].action
    assert "How we will know: Mia's attendance is above 95% each half term" in entries[0].action
    assert (entries[0].status, entries[0].barrier, entries[0].next_step) == (None, "", "")
    # The previous-actions check knows the action needs an update, until it has one.
    import scoring

    flagged = [f for f in scoring.assess(document).findings if f.check == "previous-actions"]
    assert flagged and "no status" in flagged[0].message
    updated = text.replace("Status:", "Status: done", 1)
    document["sections"]["previous_actions"] = updated
    assert not [f for f in scoring.assess(document).findings if f.check == "previous-actions"]


def test_retention_deletes_outcomes_with_their_conferences(client, tokens, schedule, app, query):
    from sqlalchemy import func

    from reportsvc.models import Appeal, ChildOutcome, ConferenceOutcome, Dissent, PlanAction
    from reportsvc.services import retention

    icpc, _ = _plan_then_review(client, tokens, schedule)
    body = {
        "children": [plan_child("leah"), plan_child("mia")],
        "actions": [action()],
        "dissent": [{"by": "mother", "reason": "Disagrees"}],
        "appeals": [{"by": "mother", "by_role": "parent", "received_on": "2026-03-04"}],
    }
    assert client.put(URL.format(icpc), json=body, headers=tokens["chair"]).status_code == 200
    with app.app_context():
        retention.run(db.session(), today=date(2100, 1, 1))
    for model in (ConferenceOutcome, ChildOutcome, PlanAction, Appeal, Dissent):
        assert query(lambda s, m=model: s.scalar(select(func.count()).select_from(m))) == 0
