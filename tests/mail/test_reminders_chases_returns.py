"""Reminders before the deadline, the chair's chase and a return: each queued in the change's
own transaction, sent by the worker, and none carrying report text, a comment or a name."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import update

import exemplars
from reportsvc import db
from reportsvc.mail.worker import Worker
from reportsvc.models import Conference, Invitation, OutboxMail, Report, User, utcnow
from reportsvc.services import chases, reminders, reports, returns, settings
from scoring.calendar import add_working_days
from tests import pages
from tests.mail.conftest import PUBLIC_URL, outbox_rows
from tests.world import PASSWORD, World

COMMENT = "Please add what Leah said about her father at the last visit."
NOTE = "Leah's school has not sent anything; please send the report today."


def _invitation(app: Flask, world: World, agency: str) -> Invitation:
    with app.app_context():
        session = db.session()
        conference = session.get(Conference, world.conference)
        assert conference is not None
        [found] = [i for i in conference.invitations if i.agency_id == world.agencies[agency]]
        session.expunge_all()
        return found


def _reminder_day(app: Flask, world: World) -> tuple[date, date]:
    """The GP invitation's deadline and the day its reminder is due (2 working days before)."""
    deadline = _invitation(app, world, "gp").due_date
    return deadline, add_working_days(deadline, -2, "ENG")


def _ours(app: Flask, world: World) -> list[OutboxMail]:
    """The reminders queued for the world's first conference (the other one's may fall due
    on the same days; these tests are about the first)."""
    ids = [_invitation(app, world, agency).id for agency in ("gp", "school")]
    prefixes = tuple(f"reminder:{i}:" for i in ids)
    return [r for r in outbox_rows(app) if (r.key or "").startswith(prefixes)]


def _eml(tmp_path: Path) -> list[str]:
    return [p.read_text() for p in sorted((tmp_path / "outbox").glob("*.eml"))]


def test_a_reminder_goes_two_working_days_before_the_deadline_once(
    mail_app: Flask, world: World, tmp_path: Path
) -> None:
    deadline, day = _reminder_day(mail_app, world)
    before = add_working_days(day, -1, "ENG")
    assert Worker(mail_app, today=before).run_once().reminders == 0

    stats = Worker(mail_app, today=day).run_once()
    # The conference invites the GP surgery and the school; both have the same deadline.
    assert (stats.reminders, stats.sent) == (2, 2)
    sent = {row.to: row for row in outbox_rows(mail_app)}
    assert set(sent) == {world.emails["author_gp"], world.emails["author_school"]}
    gp = _invitation(mail_app, world, "gp")
    assert sent[world.emails["author_gp"]].key == (
        f"reminder:{gp.id}:{deadline.isoformat()}:{world.users['author_gp']}"
    )
    [first, _second] = _eml(tmp_path)
    human = f"{deadline:%A} {deadline.day} {deadline:%B %Y}"
    assert f"Subject: Reminder: report due by {human}" in first
    assert f"{PUBLIC_URL}/author/reports/" in first
    assert "Leah" not in first

    # Idempotent: the same day, the next day and a second worker queue nothing more for
    # this conference (the other conference's invitation may fall due meanwhile).
    assert Worker(mail_app, today=day).run_once().reminders == 0
    Worker(mail_app, today=day + timedelta(days=1), name="other").run_once()
    assert len(_ours(mail_app, world)) == 2


def test_no_reminder_for_a_submitted_report_a_withdrawn_invitation_or_a_cancelled_conference(
    mail_app: Flask, world: World
) -> None:
    _deadline, day = _reminder_day(mail_app, world)
    with mail_app.app_context():
        session = db.session()
        session.execute(
            update(Report).where(Report.id == world.gp_report).values(status="submitted")
        )
        session.commit()
    assert Worker(mail_app, today=day).run_once().reminders == 1  # the school only
    school = _invitation(mail_app, world, "school")
    with mail_app.app_context():
        session = db.session()
        session.execute(
            update(Invitation).where(Invitation.id == school.id).values(withdrawn_at=utcnow())
        )
        session.commit()
        # The school's reminder was queued before the withdrawal and stays sent; nothing new.
        assert reminders.queue_due(session, day) == 0
        session.rollback()
        session.execute(
            update(Invitation).where(Invitation.id == school.id).values(withdrawn_at=None)
        )
        session.execute(update(Report).where(Report.id == world.gp_report).values(status="draft"))
        session.execute(
            update(Conference).where(Conference.id == world.conference).values(status="cancelled")
        )
        session.commit()
        assert reminders.queue_due(session, day) == 0


def test_no_reminder_once_the_deadline_has_passed(mail_app: Flask, world: World) -> None:
    deadline, _day = _reminder_day(mail_app, world)
    gp = _invitation(mail_app, world, "gp")
    Worker(mail_app, today=deadline + timedelta(days=1)).run_once()
    # (the other conference's invitation may be due a reminder by then; this one is not)
    assert not [r for r in outbox_rows(mail_app) if (r.key or "").startswith(f"reminder:{gp.id}:")]


def test_the_partnership_sets_how_many_working_days_before(mail_app: Flask, world: World) -> None:
    deadline, _day = _reminder_day(mail_app, world)
    five_before = add_working_days(deadline, -5, "ENG")
    Worker(mail_app, today=five_before).run_once()
    assert _ours(mail_app, world) == []
    # The admin sets it on the partnership settings page; 21 is refused beside the field.
    admin = mail_app.test_client()
    assert pages.sign_in(admin, world.emails["admin"], PASSWORD).status_code == 302
    fields = pages.get(admin, "/admin/settings").form_fields()
    assert fields["reminder_days"] == "2"
    refused = pages.post_form(admin, "/admin/settings", {**fields, "reminder_days": "21"})
    assert "Enter a number from 0 to 20" in " ".join(refused.error_summary())
    saved = pages.post_form(
        admin, "/admin/settings", {**fields, "reminder_days": "5"}, follow_redirects=True
    )
    assert "Settings saved" in saved.text()
    with mail_app.app_context(), pytest.raises(settings.SettingsError, match="0 and 20"):
        settings.update_reminder_days(db.session(), 21)
    Worker(mail_app, today=five_before).run_once()
    assert len(_ours(mail_app, world)) == 2


def test_a_moved_deadline_earns_a_new_reminder_for_the_named_author_only(
    mail_app: Flask, world: World
) -> None:
    deadline, day = _reminder_day(mail_app, world)
    gp = _invitation(mail_app, world, "gp")
    Worker(mail_app, today=day).run_once()
    later = add_working_days(deadline, 5, "ENG")
    with mail_app.app_context():
        session = db.session()
        session.execute(
            update(Conference)
            .where(Conference.id == world.conference)
            .values(date=add_working_days(later, 3, "ENG"))
        )
        session.execute(
            update(Invitation)
            .where(Invitation.id == gp.id)
            .values(due_date=later, author_id=world.users["author_gp"])
        )
        session.commit()
    stats = Worker(mail_app, today=add_working_days(later, -2, "ENG")).run_once()
    assert stats.reminders == 1
    newest = outbox_rows(mail_app)[-1]
    assert newest.key == f"reminder:{gp.id}:{later.isoformat()}:{world.users['author_gp']}"


def test_a_chase_mails_the_author_without_the_chairs_note(
    mail_app: Flask, world: World, tmp_path: Path
) -> None:
    gp = _invitation(mail_app, world, "gp")
    with mail_app.app_context():
        session = db.session()
        chair = session.get(User, world.users["chair"])
        invitation = session.get(Invitation, gp.id)
        assert chair is not None and invitation is not None
        chases.chase(session, invitation, chair=chair, note=NOTE)
        session.commit()
    assert Worker(mail_app).run_once().sent == 1
    [mail] = _eml(tmp_path)
    assert f"To: {world.emails['author_gp']}" in mail
    assert "Subject: The conference chair is asking for your report" in mail
    assert "Test Surgery" in mail
    assert "Leah" not in mail and "send the report today" not in mail


def test_a_chase_that_is_rolled_back_sends_nothing(mail_app: Flask, world: World) -> None:
    gp = _invitation(mail_app, world, "gp")
    with mail_app.app_context():
        session = db.session()
        chair = session.get(User, world.users["chair"])
        invitation = session.get(Invitation, gp.id)
        assert chair is not None and invitation is not None
        chases.chase(session, invitation, chair=chair, note=NOTE)
        session.rollback()
    assert Worker(mail_app).run_once().sent == 0
    assert outbox_rows(mail_app) == []


def test_a_return_says_there_is_a_comment_but_not_what_it_says(
    mail_app: Flask, world: World, tmp_path: Path
) -> None:
    with mail_app.app_context():
        session = db.session()
        report = session.get(Report, world.gp_report)
        author = session.get(User, world.users["author_gp"])
        chair = session.get(User, world.users["chair"])
        assert report is not None and author is not None and chair is not None
        document = exemplars.load("gp-icpc-01").document
        reports.save(
            session, report, document, expected_version=0, user=author, kind="submit",
            status="submitted",
        )  # fmt: skip
        session.commit()
        returns.return_report(
            session, report, chair=chair, comment=COMMENT, expected_version=report.version
        )
        session.commit()
    assert Worker(mail_app).run_once().sent == 1
    [mail] = _eml(tmp_path)
    assert f"To: {world.emails['author_gp']}" in mail
    assert "Subject: Your report has been returned with a comment" in mail
    assert f"{PUBLIC_URL}/author/reports/{world.gp_report}" in mail
    assert "Leah" not in mail and "father" not in mail
    for text in _strings(document):
        if len(text) > 40:
            assert text[:40] not in mail


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []
