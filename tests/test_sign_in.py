"""Signing in: same answer for unknown user and wrong password, no open redirect, CSRF."""

from __future__ import annotations

import pytest

from reportsvc import db
from reportsvc.models import AuditEvent
from tests import pages
from tests.world import PASSWORD


def attempt(client, email, password, **extra):
    token = pages.get(client, "/sign-in").csrf()
    return client.post(
        "/sign-in", data={"csrf_token": token, "email": email, "password": password, **extra}
    )


def test_unknown_user_and_wrong_password_look_the_same(client, world):
    unknown = attempt(client, "nobody@test.example", PASSWORD)
    wrong = attempt(client, world.emails["author_gp"], "not the password at all")
    assert unknown.status_code == wrong.status_code == 200
    unknown_page, wrong_page = pages.parse(unknown), pages.parse(wrong)
    assert unknown_page.error_summary() == wrong_page.error_summary()
    assert unknown_page.error_summary() == ["Enter a correct email address and password"]


def test_right_password_signs_in_and_records_it(app, client, world):
    response = attempt(client, world.emails["author_gp"], PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/author/"
    with app.app_context():
        actions = [e.action for e in db.session().query(AuditEvent)]
    assert "sign_in" in actions


@pytest.mark.parametrize(
    "target",
    [
        "//evil.com",
        "/\t/evil.com",
        "https:evil.com",
        "\\\\evil.com",
        "/\\evil.com",
        "javascript:alert(1)",
        "/author/\r\nLocation: https://evil.com",
        "https://evil.com/",
    ],
)
def test_next_never_leaves_the_site(client, world, target):
    response = attempt(client, world.emails["author_gp"], PASSWORD, next=target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/author/"


def test_next_returns_to_a_local_page(client, world):
    response = attempt(client, world.emails["author_gp"], PASSWORD, next="/author/model-reports")
    assert response.headers["Location"] == "/author/model-reports"


def test_sign_in_without_csrf_token_changes_nothing(client, world):
    response = client.post(
        "/sign-in", data={"email": world.emails["author_gp"], "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "nothing was changed" in pages.parse(response).text()
    assert pages.get(client, "/author/", status=302)


def test_sign_in_with_wrong_csrf_token_is_refused(client, world):
    pages.get(client, "/sign-in")
    response = client.post(
        "/sign-in",
        data={"csrf_token": "forged", "email": world.emails["author_gp"], "password": PASSWORD},
    )
    assert response.status_code == 400


def test_sign_out_needs_csrf_and_revokes_the_old_cookie(app, sign_in_as):
    client = sign_in_as("author_gp")
    assert client.post("/sign-out").status_code == 400  # no token: still signed in
    assert client.get("/author/").status_code == 200
    stolen = client.get_cookie("reportsvc_session").value
    token = pages.get(client, "/author/").csrf()
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 302
    replay = app.test_client()
    replay.set_cookie("reportsvc_session", stolen)
    assert replay.get("/author/").status_code == 302  # the old cookie no longer works


def test_ten_failures_lock_the_account(client, world):
    for _ in range(10):
        attempt(client, world.emails["author_gp"], "wrong password here")
    response = attempt(client, world.emails["author_gp"], PASSWORD)
    assert response.status_code == 200
    assert pages.parse(response).error_summary() == ["Enter a correct email address and password"]


def test_pages_send_security_headers(client):
    response = client.get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "'nonce-" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"
    assert "max-age" in response.headers["Strict-Transport-Security"]
