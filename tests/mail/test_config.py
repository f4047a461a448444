"""A wrong MAIL_URL or worker setting stops the start with a message naming the setting, and
never repeating a password or an API key; the demo default is a folder under instance/."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from reportsvc import create_app
from reportsvc.mail import transports
from reportsvc.mail.worker import Worker
from tests.mail.conftest import queue_mails


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("smtp://mailer:Secret-Pass@relay.example", "needs a host and a port"),
        ("smtp://relay.example:twenty-five", "port must be a number"),
        ("smtps://mailer:Secret-Pass@:465", "needs a host and a port"),
        ("notify://Secret-Pass", "needs a GOV.UK Notify API key"),
        ("file://relative/outbox", "file:///absolute/path"),
        ("http://mailer:Secret-Pass@relay.example", "must start with smtp://"),
    ],
)
def test_a_wrong_mail_url_is_refused_at_start_without_its_secret(url: str, message: str) -> None:
    with pytest.raises(RuntimeError, match=message) as error:
        create_app({"ENV_NAME": "testing", "MAIL_URL": url})
    assert "Secret-Pass" not in str(error.value)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"MAIL_MAX_ATTEMPTS": "many"}, "MAIL_MAX_ATTEMPTS must be a number greater than 0"),
        ({"WORKER_POLL_SECONDS": "0"}, "WORKER_POLL_SECONDS must be a number greater than 0"),
        (
            {"MAIL_LEASE_SECONDS": "20", "MAIL_SEND_TIMEOUT_SECONDS": "30"},
            "MAIL_LEASE_SECONDS must be longer than MAIL_SEND_TIMEOUT_SECONDS",
        ),
    ],
)
def test_worker_numbers_are_checked(overrides: dict[str, str], message: str) -> None:
    with pytest.raises(RuntimeError, match=message):
        create_app({"ENV_NAME": "testing", **overrides})


def test_describe_never_shows_a_password_or_key() -> None:
    assert transports.describe("smtps://mailer:Secret@relay.example:465") == (
        "smtps://relay.example:465"
    )
    assert transports.describe("notify://key-1-2") == "GOV.UK Notify"
    assert transports.describe("file:///var/outbox") == "the folder /var/outbox"


def test_without_mail_url_mail_goes_to_instance_outbox(app: Flask, tmp_path: Path) -> None:
    app.config["MAIL_URL"] = ""
    app.instance_path = str(tmp_path / "instance")
    queue_mails(app, 2)
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    assert f"the folder {tmp_path / 'instance' / 'outbox'}" in result.output
    assert len(list((tmp_path / "instance" / "outbox").glob("*-withdrawn.eml"))) == 2
    assert Worker(app).run_once().sent == 0
