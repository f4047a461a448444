"""Retention: what is past its period goes, in batches, with an audit event per record
(ids only); a legal hold keeps a family's records; the audit log's own period; the CLI."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select, text

from reportsvc import db
from reportsvc.models import (
    AuditEvent,
    Child,
    Conference,
    ConferenceChild,
    Invitation,
    Report,
    ReportVersion,
    User,
)
from reportsvc.services import retention

# Sam (the other conference's child) was born 2015-01-09: 25 on 2040-01-09.
AFTER_SAM = date(2040, 1, 10)
BEFORE_SAM = date(2040, 1, 8)


def add_version(app, report_id, author_key, world):
    with app.app_context():
        session = db.session()
        session.add(
            ReportVersion(
                report_id=report_id,
                number=1,
                kind="save",
                document={"format": "cpc-report/1", "sections": {}},
                created_by_id=world.users[author_key],
            )
        )
        session.commit()


def count(app, model, *where):
    with app.app_context():
        return db.session().scalar(select(func.count()).select_from(model).where(*where))


def test_nothing_is_due_before_the_childs_25th_birthday(app, world):
    with app.app_context():
        the_plan = retention.plan(db.session(), BEFORE_SAM)
    assert the_plan.conferences == []


def test_dry_run_lists_ids_and_reasons_and_deletes_nothing(app, world, runner):
    add_version(app, world.other_report, "author_school", world)
    result = runner.invoke(args=["retention", "--dry-run", "--today", AFTER_SAM.isoformat()])
    assert result.exit_code == 0, result.output
    assert f"conference {world.other_conference}:" in result.output
    assert "25th birthday 2040-01-09" in result.output
    assert "report_versions 1" in result.output and "reports 1" in result.output
    assert f"conference {world.conference}:" not in result.output
    assert "Sam" not in result.output and "Leah" not in result.output  # ids only
    assert "Dry run: nothing was deleted." in result.output
    assert count(app, Report, Report.id == world.other_report) == 1


def test_run_deletes_the_family_records_and_audits_each(app, world, runner):
    add_version(app, world.other_report, "author_school", world)
    with app.app_context():
        sam = db.session().scalar(
            select(ConferenceChild.child_id).where(
                ConferenceChild.conference_id == world.other_conference
            )
        )
    result = runner.invoke(args=["retention", "--today", AFTER_SAM.isoformat()])
    assert result.exit_code == 0, result.output
    assert count(app, Conference, Conference.id == world.other_conference) == 0
    assert count(app, Report, Report.id == world.other_report) == 0
    assert count(app, ReportVersion, ReportVersion.report_id == world.other_report) == 0
    assert count(app, Child, Child.id == sam) == 0
    # the other family is untouched
    assert count(app, Conference, Conference.id == world.conference) == 1
    assert count(app, Report, Report.id == world.gp_report) == 1
    with app.app_context():
        events = {
            (e.record_type, e.record_id)
            for e in db.session().scalars(
                select(AuditEvent).where(AuditEvent.action == "retention_delete")
            )
        }
    assert ("conferences", world.other_conference) in events
    assert ("reports", world.other_report) in events
    assert ("children", sam) in events
    # users are never deleted by retention
    assert count(app, User, User.id == world.users["author_school"]) == 1
    again = runner.invoke(args=["retention", "--today", AFTER_SAM.isoformat()])
    assert "No conference is due for deletion." in again.output


def test_legal_hold_keeps_the_family(app, world, runner):
    with app.app_context():
        conference = db.session().get(Conference, world.other_conference)
        retention.set_legal_hold(db.session(), conference, True)
        db.session().commit()
    result = runner.invoke(args=["retention", "--today", AFTER_SAM.isoformat()])
    assert result.exit_code == 0, result.output
    assert f"kept under a legal hold: conference {world.other_conference}" in result.output
    assert count(app, Conference, Conference.id == world.other_conference) == 1
    assert count(app, Report, Report.id == world.other_report) == 1


def test_unborn_baby_kept_years_after_the_last_conference(app, world):
    with app.app_context():
        session = db.session()
        conference = session.get(Conference, world.other_conference)
        conference.children[0].date_of_birth = None
        last = conference.date
        session.commit()
        kept_until = retention.add_years(last, 6)
        assert retention.plan(session, kept_until).conferences == []
        due = retention.plan(session, date.fromordinal(kept_until.toordinal() + 1)).conferences
    assert [d.conference_id for d in due] == [world.other_conference]
    assert "unborn" in due[0].reason


def test_old_audit_events_go_and_the_database_guards_young_ones(app, world, database_url):
    with app.app_context():
        session = db.session()
        session.add(
            AuditEvent(
                at=datetime(2015, 3, 1, tzinfo=UTC),
                action="read",
                record_type="report",
                record_id=world.gp_report,
                role="chair",
            )
        )
        session.add(AuditEvent(action="read", record_type="report", record_id=world.gp_report))
        session.commit()
        total = session.scalar(select(func.count()).select_from(AuditEvent))
        the_plan, removed = retention.run(session, date(2026, 1, 1))
        assert the_plan.audit_events == 1 and removed == 1
        assert session.scalar(select(func.count()).select_from(AuditEvent)) == total  # -1 +1
        assert session.scalar(
            select(AuditEvent.id).where(AuditEvent.action == "retention_delete_audit")
        )
    from reportsvc.db import build_engine

    engine = build_engine(database_url)
    with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_events"))  # young events: refused
    with pytest.raises(Exception, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE audit_events SET action = 'changed'"))
    engine.dispose()


def test_invitations_and_versions_go_with_their_conference(app, world):
    add_version(app, world.other_report, "author_school", world)
    with app.app_context():
        session = db.session()
        invitation_ids = session.scalars(
            select(Invitation.id).where(Invitation.conference_id == world.other_conference)
        ).all()
        retention.run(session, AFTER_SAM)
    assert invitation_ids
    assert count(app, Invitation, Invitation.id.in_(invitation_ids)) == 0
