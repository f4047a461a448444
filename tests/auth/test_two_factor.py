"""The second factor for password accounts: enrolment with a QR code drawn here, codes that
work once, recovery codes, the lockout, and the admin's audited reset."""

from __future__ import annotations

import re

import pyotp
import pytest
from sqlalchemy import select

from reportsvc import db
from reportsvc.models import AuditEvent, RecoveryCode, Setting, User, utcnow
from reportsvc.services import twofactor
from tests import pages
from tests.world import PASSWORD


def password_step(client, email, password=PASSWORD):
    token = pages.get(client, "/sign-in").csrf()
    return client.post("/sign-in", data={"csrf_token": token, "email": email, "password": password})


def code_step(client, code, page=None):
    token = (page or pages.get(client, "/sign-in/code")).csrf()
    return client.post("/sign-in/code", data={"csrf_token": token, "code": code})


def sign_out(client):
    token = pages.get(client, "/about").csrf()
    client.post("/sign-out", data={"csrf_token": token})


def enrol(app, user_id):
    """Enrol a user through the service (the pages are tested on their own below)."""
    with app.app_context():
        session = db.session()
        user = session.get(User, user_id)
        secret = twofactor.new_secret()
        assert twofactor.confirm_enrolment(user, secret, pyotp.TOTP(secret).now())
        # as if enrolled a minute ago: the codes of this minute have not been used yet
        user.totp_last_step = pyotp.TOTP(secret).timecode(utcnow()) - 2
        user.last_sign_in_at = utcnow()
        codes = twofactor.new_recovery_codes(user, _hashing(app))
        session.commit()
        return secret, codes


def _hashing(app):
    from reportsvc.services.accounts import Hashing

    return Hashing(
        time_cost=app.config["ARGON2_TIME_COST"],
        memory_cost=app.config["ARGON2_MEMORY_COST"],
        parallelism=app.config["ARGON2_PARALLELISM"],
    )


def now_code(secret, offset=0):
    totp = pyotp.TOTP(secret)
    return totp.generate_otp(totp.timecode(utcnow()) + offset)


def audit_actions(app, user_id):
    with app.app_context():
        rows = db.session().scalars(select(AuditEvent).where(AuditEvent.record_id == user_id))
        return [(e.action, e.outcome) for e in rows]


def test_first_sign_in_is_let_through_then_the_second_must_set_up_the_factor(app, client, world):
    email = world.emails["author_gp"]
    first = password_step(client, email)
    assert first.status_code == 302 and first.headers["Location"] == "/author/"
    banner = pages.get(client, "/author/").text()
    assert "from your next sign-in you will need it" in banner
    sign_out(client)

    setup = pages.parse(password_step(client, email))
    assert setup.h1 == "Set up your second factor"
    assert pages.get(client, "/author/", status=302)  # not signed in until it is set up
    svg = setup.select(".app-qr svg")
    assert svg, "the QR code is drawn into the page"
    assert not setup.select("img"), "no image is fetched from anywhere"
    secret = setup.text("#totp-secret").replace(" ", "")
    assert len(secret) >= 16

    wrong = pages.post_form(client, "/two-factor/set-up", {"code": "000000"}, status=200)
    assert wrong.error_summary() == ["Enter the 6-digit code your authenticator app shows now"]
    done = pages.post_form(client, "/two-factor/set-up", {"code": now_code(secret)}, status=200)
    codes = [li.get_text(strip=True) for li in done.select("#recovery-codes li")]
    assert len(codes) == 10 and len(set(codes)) == 10
    assert all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", c) for c in codes)
    assert pages.get(client, "/author/").status == 200
    assert ("enrol_two_factor", "allowed") in audit_actions(app, world.users["author_gp"])

    with app.app_context():
        stored = db.session().scalars(select(RecoveryCode.code_hash)).all()
    assert len(stored) == 10
    assert not set(codes) & set(stored)
    assert all(h.startswith("$argon2") for h in stored)


def test_setting_can_require_it_from_the_very_first_sign_in(app, client, world):
    with app.app_context():
        db.session().add(Setting(key="two_factor_from_day_one", value="yes"))
        db.session().commit()
    page = pages.parse(password_step(client, world.emails["author_gp"]))
    assert page.h1 == "Set up your second factor"
    assert pages.get(client, "/author/", status=302)


def test_enrolled_user_is_signed_in_only_after_the_code(app, client, world):
    secret, _ = enrol(app, world.users["author_gp"])
    asked = pages.parse(password_step(client, world.emails["author_gp"], PASSWORD))
    assert asked.h1 == "Enter the code from your authenticator app"
    assert world.emails["author_gp"] not in asked.text()
    assert pages.get(client, "/author/", status=302)
    response = code_step(client, now_code(secret))
    assert response.status_code == 302 and response.headers["Location"] == "/author/"
    assert pages.get(client, "/author/").status == 200
    assert ("sign_in", "allowed") in audit_actions(app, world.users["author_gp"])


def test_wrong_password_never_reaches_the_code_step(app, client, world):
    enrol(app, world.users["author_gp"])
    page = pages.parse(password_step(client, world.emails["author_gp"], "not the password"))
    assert page.error_summary() == ["Enter a correct email address and password"]
    assert pages.get(client, "/sign-in/code", status=302)


def test_a_code_cannot_be_used_twice_within_its_window(app, client, world):
    secret, _ = enrol(app, world.users["author_gp"])
    code = now_code(secret)
    password_step(client, world.emails["author_gp"])
    assert code_step(client, code).status_code == 302
    sign_out(client)

    password_step(client, world.emails["author_gp"])
    again = pages.parse(code_step(client, code))
    assert again.error_summary() == [
        "Enter the 6-digit code your authenticator app shows now, or a recovery code"
    ]
    assert pages.get(client, "/author/", status=302)
    # the next code from the app works (one step of clock drift is allowed)
    assert code_step(client, now_code(secret, +1)).status_code == 302


def test_an_older_code_is_refused_once_a_newer_one_was_used(app, client, world):
    secret, _ = enrol(app, world.users["author_gp"])
    password_step(client, world.emails["author_gp"])
    assert code_step(client, now_code(secret, +1)).status_code == 302
    sign_out(client)
    password_step(client, world.emails["author_gp"])
    assert code_step(client, now_code(secret, 0)).status_code == 200  # still "valid", but older


def test_recovery_code_works_once(app, client, world):
    _, codes = enrol(app, world.users["author_gp"])
    password_step(client, world.emails["author_gp"])
    response = code_step(client, codes[3].upper().replace("-", " "))  # as typed from paper
    assert response.status_code == 302
    assert "You have 9 left" in pages.get(client, "/author/").text()
    sign_out(client)
    password_step(client, world.emails["author_gp"])
    assert code_step(client, codes[3]).status_code == 200


def test_wrong_codes_count_towards_the_lockout(app, client, world):
    enrol(app, world.users["author_gp"])
    password_step(client, world.emails["author_gp"])
    for _ in range(9):
        assert code_step(client, "123456").status_code == 200
    locked = code_step(client, "654321")
    assert locked.status_code == 302 and locked.headers["Location"] == "/sign-in"
    assert "Too many wrong codes" in pages.get(client, "/sign-in").text()
    # while locked, even the right password is refused with the usual message
    page = pages.parse(password_step(client, world.emails["author_gp"]))
    assert page.error_summary() == ["Enter a correct email address and password"]
    with app.app_context():
        user = db.session().get(User, world.users["author_gp"])
        assert user.locked_until is not None and user.locked_until > utcnow()


def test_password_failures_and_code_failures_add_up(app, client, world):
    enrol(app, world.users["author_gp"])
    for _ in range(5):
        password_step(client, world.emails["author_gp"], "wrong password here")
    password_step(client, world.emails["author_gp"])
    for _ in range(4):
        code_step(client, "111111")
    assert code_step(client, "222222").headers["Location"] == "/sign-in"  # the 10th failure


def test_the_code_step_expires(app, client, world):
    secret, _ = enrol(app, world.users["author_gp"])
    password_step(client, world.emails["author_gp"])
    with client.session_transaction() as flask_session:
        mark = dict(flask_session["pending_sign_in"])
        mark["at"] -= 3600
        flask_session["pending_sign_in"] = mark
    response = code_step(client, now_code(secret), page=pages.get(client, "/about"))
    assert response.headers["Location"] == "/sign-in"
    assert "time to enter your code ran out" in pages.get(client, "/sign-in").text()


def test_no_remembered_devices(app, client, world):
    secret, _ = enrol(app, world.users["author_gp"])
    password_step(client, world.emails["author_gp"])
    assert "remember" not in pages.get(client, "/sign-in/code").text().lower()
    code_step(client, now_code(secret))
    sign_out(client)
    assert pages.parse(password_step(client, world.emails["author_gp"])).h1.startswith("Enter")


def test_admin_reset_is_audited_and_forces_a_new_set_up(app, client, world):
    secret, _ = enrol(app, world.users["author_gp"])
    other = app.test_client()
    password_step(other, world.emails["author_gp"])
    code_step(other, now_code(secret))
    assert other.get("/author/").status_code == 200

    enrol(app, world.users["admin"])
    with app.app_context():
        admin = db.session().get(User, world.users["admin"])
        admin_secret = admin.totp_secret
    password_step(client, world.emails["admin"])
    code_step(client, now_code(admin_secret))
    users = pages.get(client, "/admin/")
    assert "Reset second factor of author_gp@test.example" in users.text()
    pages.post_form(
        client,
        f"/admin/users/{world.users['author_gp']}/two-factor/reset",
        {},
        csrf_from="/admin/",
        status=302,
    )
    assert ("reset_two_factor", "allowed") in audit_actions(app, world.users["author_gp"])
    assert other.get("/author/").status_code == 302  # the user's sessions ended
    with app.app_context():
        user = db.session().get(User, world.users["author_gp"])
        assert user.totp_secret is None and user.recovery_codes == []
    page = pages.parse(password_step(app.test_client(), world.emails["author_gp"]))
    assert page.h1 == "Set up your second factor"


def test_only_an_admin_can_reset(app, client, world):
    client.application.config["TWO_FACTOR_REQUIRED"] = False
    pages.sign_in(client, world.emails["chair"], PASSWORD)
    token = pages.get(client, "/review/").csrf()
    response = client.post(
        f"/admin/users/{world.users['author_gp']}/two-factor/reset", data={"csrf_token": token}
    )
    assert response.status_code == 403


def test_new_recovery_codes_need_a_current_code(app, client, world):
    secret, old = enrol(app, world.users["author_gp"])
    password_step(client, world.emails["author_gp"])
    code_step(client, now_code(secret))
    account = pages.get(client, "/account/two-factor")
    assert "10 of 10" in account.text()
    page = pages.post_form(
        client, "/account/two-factor", {"code": now_code(secret, +1)}, status=200
    )
    new = [li.get_text(strip=True) for li in page.select("#recovery-codes li")]
    assert len(new) == 10 and not set(new) & set(old)
    sign_out(client)
    password_step(client, world.emails["author_gp"])
    assert code_step(client, old[0]).status_code == 200  # the old codes no longer work


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef", "x" * 41])
def test_malformed_codes_get_a_clear_error(app, client, world, code):
    enrol(app, world.users["author_gp"])
    password_step(client, world.emails["author_gp"])
    page = pages.parse(code_step(client, code))
    assert page.status == 200
    assert page.error_summary()[0].startswith("Enter the 6-digit code")


def test_opening_the_set_up_page_changes_nothing_stored(app, client, world):
    with app.app_context():
        db.session().add(Setting(key="two_factor_from_day_one", value="yes"))
        db.session().commit()
    first = pages.parse(password_step(client, world.emails["author_gp"]))
    again = pages.get(client, "/two-factor/set-up")
    # the same key until it is confirmed, kept in this browser's session only
    assert first.text("#totp-secret") == again.text("#totp-secret")
    with app.app_context():
        user = db.session().get(User, world.users["author_gp"])
        assert user.totp_secret is None and user.totp_enrolled_at is None
    elsewhere = app.test_client()  # a second browser gets a key of its own
    other = pages.parse(password_step(elsewhere, world.emails["author_gp"]))
    assert other.text("#totp-secret") != first.text("#totp-secret")
