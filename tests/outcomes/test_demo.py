"""The demo (`reportsvc demo`) has children on plans with overdue and upcoming reviews, an
overdue core group, a dissent awaiting its response and an appeal."""

from __future__ import annotations

from datetime import date

from reportsvc import db
from reportsvc.queries import register


def test_the_demo_has_plans_due_and_overdue_a_dissent_and_an_appeal(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        session = db.session()
        found = register.load(session, date.today())
        awaiting = register.awaiting_response(session, date.today())
        session.rollback()
    names = {r.child_name: r for r in found.plans}
    assert {"Ruby", "Tayo", "Lily"} <= set(names)
    assert names["Ruby"].review_status == "due" and names["Ruby"].decision == "plan_continues"
    assert names["Tayo"].review_status == "overdue"
    assert any(g.overdue for g in found.core_groups)
    kinds = {(a.kind, a.by) for a in awaiting if a.days_left >= 0}
    assert ("dissent", "Father") in kinds and ("appeal", "Mother") in kinds
