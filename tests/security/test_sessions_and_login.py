"""Sessions and sign-in, as ASVS level 2 asks: cookie flags in production, a new session at
sign-in, server-side revocation on sign-out, password change and disable, idle and absolute
timeouts with a warning, a lockout that holds across workers, one answer for unknown users
and wrong passwords, and no open redirect."""

from __future__ import annotations

import re
import threading
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from reportsvc import create_app, db
from reportsvc.models import User
from tests import pages
from tests.conftest import make_app
from tests.world import PASSWORD

HTTPS = "https://localhost"
PRODUCTION_SECRET = "x9" * 24
COOKIE = "__Host-reportsvc_session"


def production_app(url: str) -> Flask:
    return create_app(
        {
            "ENV_NAME": "production",
            "SECRET_KEY": PRODUCTION_SECRET,
            "DATABASE_URL": url,
            "ARGON2_TIME_COST": 1,
            "ARGON2_MEMORY_COST": 1024,
        }
    )


def https_sign_in(client: FlaskClient, email: str, password: str = PASSWORD):
    page = pages.parse(client.get("/sign-in", base_url=HTTPS))
    return client.post(
        "/sign-in",
        base_url=HTTPS,
        data={"csrf_token": page.csrf(), "email": email, "password": password},
    )


def test_production_refuses_a_short_or_development_secret(database_url):
    with pytest.raises(RuntimeError, match="32 characters"):
        create_app({"ENV_NAME": "production", "SECRET_KEY": "short", "DATABASE_URL": database_url})


def test_production_cookie_is_secure_httponly_lax_and_host_prefixed(database_url, world):
    app = production_app(database_url)
    client = app.test_client()
    before = client.get("/sign-in", base_url=HTTPS).headers.get("Set-Cookie", "")
    response = https_sign_in(client, world.emails["author_gp"])
    assert response.status_code == 302
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(COOKIE + "=")
    flags = {part.strip().split("=")[0].lower(): part for part in cookie.split(";")[1:]}
    assert {"secure", "httponly", "samesite", "path"} <= set(flags)
    assert flags["samesite"].strip() == "SameSite=Lax"
    assert flags["path"].strip() == "Path=/"
    assert "domain" not in flags  # a __Host- cookie must not name a domain
    assert before and before.split(";")[0] != cookie.split(";")[0]  # a new session at sign-in
    assert client.get("/author/", base_url=HTTPS).status_code == 200
    with app.app_context():
        db.engine().dispose()


def _cookie(client: FlaskClient, app: Flask) -> str:
    found = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    assert found is not None
    return found.value


def _replay(app: Flask, value: str) -> FlaskClient:
    other = app.test_client()
    other.set_cookie(app.config["SESSION_COOKIE_NAME"], value)
    return other


def test_sign_in_starts_a_new_session(app, client, world):
    pages.get(client, "/sign-in")
    with client.session_transaction() as session:
        anonymous_token = session.get("csrf_token")
    anonymous_cookie = _cookie(client, app)
    assert pages.sign_in(client, world.emails["author_gp"], PASSWORD).status_code == 302
    with client.session_transaction() as session:
        assert session.get("csrf_token") != anonymous_token
        assert "login_at" in session and "_user_id" in session
    # the cookie the attacker planted before sign-in does not become a signed-in one
    assert _replay(app, anonymous_cookie).get("/author/").status_code == 302


@pytest.mark.parametrize("how", ["sign_out", "password_change", "disabled_by_admin"])
def test_revocation_is_server_side(app, world, how):
    victim = app.test_client()
    assert pages.sign_in(victim, world.emails["author_gp"], PASSWORD).status_code == 302
    stolen = _cookie(victim, app)
    assert _replay(app, stolen).get("/author/").status_code == 200
    if how == "sign_out":
        token = pages.get(victim, "/author/").csrf()
        assert victim.post("/sign-out", data={"csrf_token": token}).status_code == 302
    elif how == "password_change":
        token = pages.get(victim, "/account/password").csrf()
        response = victim.post(
            "/account/password",
            data={"csrf_token": token, "current": PASSWORD, "new": "another long password 2026",
                  "confirm": "another long password 2026"},
        )  # fmt: skip
        assert response.status_code == 302, pages.parse(response).error_summary()
    else:
        admin = app.test_client()
        pages.sign_in(admin, world.emails["admin"], PASSWORD)
        token = pages.get(admin, "/admin/").csrf()
        url = f"/admin/users/{world.users['author_gp']}/active"
        assert admin.post(url, data={"csrf_token": token}).status_code == 302
    replay = _replay(app, stolen)
    assert replay.get("/author/").status_code == 302
    assert replay.get("/session").status_code in (302, 401)
    assert replay.post("/api/v1/score", json={}).status_code == 401


def _age(client: FlaskClient, *, idle: float = 0, since_login: float = 0) -> None:
    with client.session_transaction() as session:
        now = time.time()
        session["seen_at"] = now - idle
        session["login_at"] = now - since_login


def test_idle_timeout_after_thirty_minutes(sign_in_as):
    client = sign_in_as("author_gp")
    _age(client, idle=29 * 60)
    assert client.get("/author/").status_code == 200
    _age(client, idle=31 * 60)
    response = client.get("/author/")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert client.get("/author/").status_code == 302  # really signed out, not just redirected


def test_absolute_timeout_after_twelve_hours_even_when_active(sign_in_as):
    client = sign_in_as("author_gp")
    _age(client, idle=10, since_login=11.9 * 3600)
    assert client.get("/author/").status_code == 200
    _age(client, idle=10, since_login=12 * 3600 + 60)
    assert client.get("/author/").status_code == 302


def test_warning_endpoint_counts_down_without_extending(sign_in_as):
    client = sign_in_as("author_gp")
    _age(client, idle=26 * 60)
    status = client.get("/session").get_json()
    assert 200 <= status["seconds_left"] <= 4 * 60
    assert status["warn_at"] == 5 * 60
    assert client.get("/session").get_json()["seconds_left"] <= 4 * 60  # reading is not activity
    token = pages.parse(client.get("/about")).csrf()
    assert client.post("/session/extend", headers={"X-CSRFToken": token}).status_code == 200
    assert client.get("/session").get_json()["seconds_left"] > 29 * 60


def test_idle_timeout_loses_no_typed_text(sign_in_as, world):
    client = sign_in_as("author_gp")
    token = pages.get(client, f"/author/reports/{world.gp_report}").csrf()
    _age(client, idle=45 * 60)
    typed = "Mum said the baby had been crying all night."
    response = client.post(
        f"/author/reports/{world.gp_report}",
        data={"csrf_token": token, "version": "0", "section_worries": typed, "action": "save"},
    )
    page = pages.parse(response)
    assert typed in response.get_data(as_text=True)
    assert "sign" in page.text().lower()


# ---- sign-in ----------------------------------------------------------------------------


def attempt(client: FlaskClient, email: str, password: str, **extra: str):
    token = pages.get(client, "/sign-in").csrf()
    return client.post(
        "/sign-in", data={"csrf_token": token, "email": email, "password": password, **extra}
    )


def _normalised(body: str) -> str:
    body = re.sub(r'(value|content|nonce)="[^"]*"', r'\1=""', body)
    return body


def test_unknown_user_and_wrong_password_get_identical_pages(client, world):
    unknown = attempt(client, "nobody@test.example", "some password 123")
    wrong = attempt(client, world.emails["author_gp"], "some password 123")
    assert unknown.status_code == wrong.status_code == 200
    assert _normalised(unknown.get_data(as_text=True)) == _normalised(wrong.get_data(as_text=True))
    assert sorted(unknown.headers.keys()) == sorted(wrong.headers.keys())


def test_lockout_holds_across_two_workers(database_url, world):
    first, second = make_app(database_url), make_app(database_url)
    clients = [first.test_client(), second.test_client()]
    email = world.emails["author_gp"]
    for n in range(10):
        assert attempt(clients[n % 2], email, "wrong password number").status_code == 200
    for client in clients:
        response = attempt(client, email, PASSWORD)
        assert response.status_code == 200, "a locked account must not sign in on any worker"
    for application in (first, second):
        with application.app_context():
            db.engine().dispose()


def test_concurrent_failures_are_all_counted(database_url, world):
    """Ten wrong passwords at once over two workers lock the account: no failure is lost."""
    workers = [make_app(database_url), make_app(database_url)]
    email = world.emails["author_gp"]
    clients = [workers[n % 2].test_client() for n in range(10)]
    tokens = [pages.get(c, "/sign-in").csrf() for c in clients]
    barrier = threading.Barrier(len(clients))

    def fail(n: int) -> None:
        barrier.wait()
        clients[n].post(
            "/sign-in", data={"csrf_token": tokens[n], "email": email, "password": "wrong one!"}
        )

    threads = [threading.Thread(target=fail, args=(n,)) for n in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with workers[0].app_context():
        user = db.session().scalar(select(User).where(User.email == email))
        assert user is not None
        assert user.locked_until is not None, f"only {user.failed_logins} failures counted"
    assert attempt(workers[1].test_client(), email, PASSWORD).status_code == 200
    for application in workers:
        with application.app_context():
            db.engine().dispose()


BAD_TARGETS = [
    "//e.com",
    "/\t/e.com",
    "\\\\e.com",
    "/\\e.com",
    "https:e.com",
    "https://e.com",
    "javascript:alert(1)",
    "/author/\nLocation: https://e.com",
    "/author/\r\n//e.com",
    "%2F%2Fe.com",
]


@pytest.mark.parametrize("target", BAD_TARGETS)
def test_no_open_redirect_through_next(app, world, target):
    # the way a browser arrives: a link to /sign-in?next=..., and the hidden field it renders
    client = app.test_client()
    page = pages.get(client, "/sign-in", query_string={"next": target})
    hidden = page.soup.select_one('input[name="next"]')
    carried = str(hidden["value"]) if hidden is not None else ""
    response = client.post(
        "/sign-in",
        data={"csrf_token": page.csrf(), "email": world.emails["author_gp"],
              "password": PASSWORD, "next": carried},
    )  # fmt: skip
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location == "/author/", (target, location)
    # and a form posted with the target directly, as an attacker would
    other = app.test_client()
    response = attempt(other, world.emails["author_gp"], PASSWORD, next=target)
    assert response.headers["Location"] == "/author/"


def test_a_password_hashed_with_older_settings_is_rehashed_at_sign_in(app, client, world):
    """Stored hashes follow the configured argon2id settings (OWASP's, in production)."""
    from argon2 import PasswordHasher

    old = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash(PASSWORD)
    with app.app_context():
        user = db.session().get(User, world.users["author_gp"])
        assert user is not None
        user.password_hash = old
        db.session().commit()
    assert pages.sign_in(client, world.emails["author_gp"], PASSWORD).status_code == 302
    with app.app_context():
        stored = db.session().get(User, world.users["author_gp"]).password_hash
    config = app.config
    expected = f"m={config['ARGON2_MEMORY_COST']},t={config['ARGON2_TIME_COST']},p=1"
    assert stored != old and expected in stored
