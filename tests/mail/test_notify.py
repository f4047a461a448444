"""MAIL_URL=notify://KEY: the official GOV.UK Notify client talks HTTP to a local server that
checks its tokens and records the calls."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from reportsvc.mail.worker import Worker
from tests.mail.conftest import outbox_rows, queue_mails, set_rows
from tests.mail.notify_server import API_KEY, NotifyServer

TEMPLATE_ID = "f33517ff-2a88-4f6e-b855-c550268ce08a"


@pytest.fixture
def notify(mail_app: Flask) -> Iterator[NotifyServer]:
    server = NotifyServer()
    mail_app.config.update(
        MAIL_URL=f"notify://{API_KEY}",
        NOTIFY_BASE_URL=server.base_url,
        NOTIFY_TEMPLATE_ID=TEMPLATE_ID,
    )
    yield server
    server.close()


def test_mail_goes_through_notify_as_subject_and_body(
    mail_app: Flask, notify: NotifyServer
) -> None:
    [mail_id] = queue_mails(mail_app, 1, to="gp.author@test.example")
    assert Worker(mail_app).run_once().sent == 1
    [call] = notify.calls
    assert call.token_ok and (call.method, call.path) == ("POST", "/v2/notifications/email")
    assert call.body["email_address"] == "gp.author@test.example"
    assert call.body["template_id"] == TEMPLATE_ID
    personalisation = call.body["personalisation"]
    assert personalisation["subject"] == (
        "Report no longer needed for the conference on Monday 11 January 2027"
    )
    assert "Test Surgery" in personalisation["body"]
    assert call.body["reference"].startswith(f"outbox-{mail_id}-")
    [row] = outbox_rows(mail_app)
    assert row.sent_at is not None


def test_a_notify_outage_is_retried_and_a_refusal_is_not(
    mail_app: Flask, notify: NotifyServer
) -> None:
    notify.statuses = [500]
    queue_mails(mail_app, 1)
    worker = Worker(mail_app)
    assert worker.run_once().retried == 1
    [row] = outbox_rows(mail_app)
    assert row.last_error == "NotifyHTTPError 500" and row.failed_at is None
    set_rows(mail_app, due_at=row.created_at)
    assert worker.run_once().sent == 1
    assert len(notify.calls) == 2

    notify.statuses = [400]  # Notify refuses (a bad address): trying again will not help
    queue_mails(mail_app, 1, to="not-an-address")
    assert worker.run_once().failed == 1
    assert outbox_rows(mail_app)[-1].last_error == "NotifyHTTPError 400"


def test_a_wrong_api_key_is_refused_by_notify_and_not_retried(
    mail_app: Flask, notify: NotifyServer
) -> None:
    wrong = API_KEY[:-36] + "00000000-0000-0000-0000-000000000000"
    mail_app.config["MAIL_URL"] = f"notify://{wrong}"
    queue_mails(mail_app, 1)
    assert Worker(mail_app).run_once().failed == 1
    assert notify.calls[0].token_ok is False
    assert outbox_rows(mail_app)[0].last_error == "NotifyHTTPError 403"


def test_notify_needs_its_template_id(mail_app: Flask, notify: NotifyServer) -> None:
    mail_app.config["NOTIFY_TEMPLATE_ID"] = ""
    result = mail_app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code != 0
    assert "NOTIFY_TEMPLATE_ID must name the Notify email template" in result.output
    assert API_KEY not in result.output
