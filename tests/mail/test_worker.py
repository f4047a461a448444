"""The worker sends queued mail through a real SMTP server and a folder outbox; retries
with back-off; gives up; and two workers never send one mail twice."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import select

from reportsvc import db
from reportsvc.mail import MailTemplateError
from reportsvc.mail.worker import Worker, backoff
from reportsvc.models import OutboxMail, WorkerHeartbeat, utcnow
from reportsvc.services import outbox
from tests.mail.conftest import PUBLIC_URL, WITHDRAWN, outbox_rows, queue_mails, set_rows
from tests.mail.smtp import SmtpServer, body, free_port, self_signed_certificate


def test_mail_reaches_a_real_smtp_server(mail_app: Flask, smtp: SmtpServer) -> None:
    mail_app.config["MAIL_URL"] = smtp.url
    [mail_id] = queue_mails(mail_app, 1, to="gp.author@test.example")
    stats = Worker(mail_app).run_once()
    assert stats.sent == 1
    [message] = smtp.wait_for(1)
    assert message["To"] == "gp.author@test.example"
    assert message["From"] == "CPC reports <no-reply@reports.council.example>"
    assert (
        message["Subject"] == "Report no longer needed for the conference on Monday 11 January 2027"
    )
    assert message["Message-ID"].startswith(f"<outbox-{mail_id}-")
    assert "Test Surgery" in body(message)
    [row] = outbox_rows(mail_app)
    assert row.sent_at is not None and row.attempts == 1 and row.claimed_until is None


def test_the_folder_outbox_writes_one_eml_file_a_mail(mail_app: Flask, tmp_path: Path) -> None:
    queue_mails(mail_app, 3)
    runner = mail_app.test_cli_runner()
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert "Sent 3" in result.output
    files = sorted((tmp_path / "outbox").glob("*.eml"))
    assert len(files) == 3
    text = files[0].read_text()
    assert "To: author0@test.example" in text and "Subject: Report no longer needed" in text
    # Nothing left to do: a second run sends nothing and writes no file.
    assert "Sent 0" in runner.invoke(args=["worker", "--once"]).output
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 3


def test_a_rolled_back_change_sends_no_mail(mail_app: Flask, smtp: SmtpServer) -> None:
    mail_app.config["MAIL_URL"] = smtp.url
    with mail_app.app_context():
        session = db.session()
        outbox.queue(session, to="a@test.example", template="withdrawn", values=WITHDRAWN)
        session.rollback()
    assert Worker(mail_app).run_once().sent == 0
    assert outbox_rows(mail_app) == [] and smtp.count() == 0


def test_a_mail_with_a_missing_value_is_refused_when_queued(mail_app: Flask) -> None:
    with mail_app.app_context():
        session = db.session()
        with pytest.raises(MailTemplateError, match=r"needs the value.*conference_date"):
            outbox.queue(session, to="a@test.example", template="withdrawn", values={"agency": "X"})
        session.rollback()
    assert outbox_rows(mail_app) == []


def test_a_refused_send_is_retried_with_growing_back_off(mail_app: Flask, tmp_path: Path) -> None:
    with SmtpServer(tmp_path / "smtp", fail_first=2) as smtp:
        mail_app.config["MAIL_URL"] = smtp.url
        queue_mails(mail_app, 1)
        worker = Worker(mail_app)

        before = utcnow()
        stats = worker.run_once()
        assert (stats.sent, stats.retried) == (0, 1)
        [row] = outbox_rows(mail_app)
        assert row.attempts == 1 and row.last_error == "SMTPDataError 451"
        assert row.sent_at is None and row.failed_at is None and row.claimed_until is None
        assert timedelta(seconds=59) <= row.due_at - before <= timedelta(seconds=62)
        # Not due yet: a run now sends nothing.
        assert worker.run_once().retried == 0 and smtp.count() == 0

        set_rows(mail_app, due_at=utcnow())
        before = utcnow()
        assert worker.run_once().retried == 1
        [row] = outbox_rows(mail_app)
        assert row.attempts == 2
        assert timedelta(seconds=119) <= row.due_at - before <= timedelta(seconds=122)

        set_rows(mail_app, due_at=utcnow())
        assert worker.run_once().sent == 1
        assert len(smtp.wait_for(1)) == 1
        [row] = outbox_rows(mail_app)
        assert row.sent_at is not None and row.attempts == 3 and row.last_error == ""


def test_back_off_doubles_up_to_its_cap() -> None:
    assert [backoff(n, 60, 3600).total_seconds() for n in (1, 2, 3, 6, 7, 20)] == [
        60,
        120,
        240,
        1920,
        3600,
        3600,
    ]


def test_the_worker_gives_up_after_the_last_attempt(mail_app: Flask) -> None:
    mail_app.config.update(MAIL_URL=f"smtp://127.0.0.1:{free_port()}", MAIL_MAX_ATTEMPTS="3")
    queue_mails(mail_app, 1, to="gp.author@test.example")
    worker = Worker(mail_app)
    for attempt in (1, 2, 3):
        set_rows(mail_app, due_at=utcnow())
        stats = worker.run_once()
        assert (stats.retried, stats.failed) == ((1, 0) if attempt < 3 else (0, 1))
    [row] = outbox_rows(mail_app)
    assert row.failed_at is not None and row.sent_at is None and row.attempts == 3
    assert row.last_error == "ConnectionRefusedError"  # the kind of error only
    set_rows(mail_app, due_at=utcnow())
    assert worker.run_once().failed == 0  # a failed mail is left alone


def test_an_address_the_server_refuses_fails_at_once_without_the_address(
    mail_app: Flask, smtp: SmtpServer
) -> None:
    mail_app.config["MAIL_URL"] = smtp.url
    queue_mails(mail_app, 1, to="rejected.person@test.example")
    assert Worker(mail_app).run_once().failed == 1
    [row] = outbox_rows(mail_app)
    assert row.failed_at is not None and row.attempts == 1
    assert row.last_error == "SMTPRecipientsRefused 550"


def test_a_leased_mail_is_left_to_its_worker_until_the_lease_runs_out(
    mail_app: Flask, smtp: SmtpServer
) -> None:
    mail_app.config["MAIL_URL"] = smtp.url
    queue_mails(mail_app, 1)
    # Another worker holds the lease (it may be sending right now).
    set_rows(mail_app, claimed_by="other:1", claimed_until=utcnow() + timedelta(seconds=30))
    assert Worker(mail_app).run_once().sent == 0
    # It died: its lease ran out, and this worker sends the mail.
    set_rows(mail_app, claimed_until=utcnow() - timedelta(seconds=1))
    assert Worker(mail_app).run_once().sent == 1
    assert len(smtp.wait_for(1)) == 1


def test_two_workers_never_send_the_same_mail(mail_app: Flask, smtp: SmtpServer) -> None:
    mail_app.config["MAIL_URL"] = smtp.url
    ids = queue_mails(mail_app, 120)
    workers = [Worker(mail_app, name=f"w{i}") for i in range(2)]
    results = {}

    def run(worker: Worker) -> None:
        results[worker.name] = worker.run_once().sent

    threads = [threading.Thread(target=run, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sum(results.values()) == 120
    assert all(results.values()), f"one worker did everything: {results}"
    received = Counter(m["Message-ID"] for m in smtp.wait_for(120))
    assert len(received) == 120 and max(received.values()) == 1
    assert {int(mid.split("-")[1]) for mid in received} == set(ids)
    claimed_by = Counter(row.claimed_by for row in outbox_rows(mail_app))
    assert set(claimed_by) == {"w0", "w1"}


def test_each_pass_writes_the_workers_heartbeat(mail_app: Flask) -> None:
    worker = Worker(mail_app, name="host-a:42")
    worker.run_once()
    with mail_app.app_context():
        first = db.session().scalars(select(WorkerHeartbeat)).one()
        assert first.name == "host-a:42"
        seen = first.seen_at
    worker.run_once()
    with mail_app.app_context():
        assert db.session().get(WorkerHeartbeat, "host-a:42").seen_at >= seen  # type: ignore[union-attr]


def test_links_in_mail_are_made_absolute_with_public_url(mail_app: Flask, tmp_path: Path) -> None:
    with mail_app.app_context():
        session = db.session()
        outbox.queue(
            session,
            to="a@test.example",
            template="chase",
            values={**WITHDRAWN, "deadline": "2027-01-06", "link": "/author/reports/9"},
        )
        session.commit()
    Worker(mail_app).run_once()
    [file] = (tmp_path / "outbox").glob("*.eml")
    assert f"{PUBLIC_URL}/author/reports/9" in file.read_text()


def test_a_stored_mail_that_no_longer_fits_its_template_fails_without_retrying(
    mail_app: Flask,
) -> None:
    with mail_app.app_context():
        session = db.session()
        session.add(OutboxMail(to="a@test.example", template="gone", values={}, due_at=utcnow()))
        session.commit()
    assert Worker(mail_app).run_once().failed == 1
    assert outbox_rows(mail_app)[0].last_error == "MailTemplateError"


def test_smtps_with_a_login_reaches_a_tls_server(
    mail_app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = self_signed_certificate(tmp_path / "tls")
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # trust the test's own certificate
    with SmtpServer(tmp_path / "smtp", tls=(cert, key), auth="mailer:p@ss word") as smtp:
        assert smtp.url.startswith("smtps://mailer:p%40ss%20word@127.0.0.1:")
        mail_app.config["MAIL_URL"] = smtp.url
        queue_mails(mail_app, 1)
        assert Worker(mail_app).run_once().sent == 1
        assert len(smtp.wait_for(1)) == 1

        # A wrong password: the server refuses the login (535); trying again will not help.
        mail_app.config["MAIL_URL"] = smtp.url.replace("p%40ss", "wrong")
        queue_mails(mail_app, 1)
        assert Worker(mail_app).run_once().failed == 1
        assert outbox_rows(mail_app)[-1].last_error == "SMTPAuthenticationError 535"
