"""Council single sign-on against real OpenID Connect provider processes on 127.0.0.1:
the maintained oidc-provider-mock for the ordinary journeys, and tests/auth/bad_provider.py
for the tokens a well-behaved provider never issues. Nothing in Authlib is mocked."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from flask import Flask
from sqlalchemy import select

from reportsvc import db
from reportsvc.models import AuditEvent, Setting, User
from tests import pages
from tests.auth import providers
from tests.auth.bad_provider import CLIENT_ID, CLIENT_SECRET
from tests.conftest import make_app
from tests.world import PASSWORD

pytestmark = pytest.mark.slow

ROLE_SETTINGS = {
    "sso_role_claim": "groups",
    "sso_role:chair": "cpc-chairs",
    "sso_role:coordinator": "cpc-coordinators",
    "sso_role:admin": "cpc-admins",
    "sso_domains": "council.example",
}


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    command, port = providers.mock_provider()
    with providers.running(command, port) as base:
        yield base


@pytest.fixture(scope="module")
def expiring_provider() -> Iterator[str]:
    """The same provider, told to issue tokens that expired ten minutes ago."""
    command, port = providers.mock_provider("--token-max-age=-600")
    with providers.running(command, port) as base:
        yield base


@pytest.fixture(scope="module")
def bad() -> Iterator[str]:
    command, port = providers.bad_provider()
    with providers.running(command, port) as base:
        yield base


def sso_app(database_url: str, world, issuer: str, client_id: str = "reportsvc") -> Flask:
    app = make_app(
        database_url,
        TWO_FACTOR_REQUIRED=True,
        OIDC_ISSUER=issuer,
        OIDC_CLIENT_ID=client_id,
        OIDC_CLIENT_SECRET=CLIENT_SECRET if client_id == CLIENT_ID else "mock-secret",
    )
    with app.app_context():
        session = db.session()
        for key, value in {**ROLE_SETTINGS, "sso_agency_id": str(world.agencies["la"])}.items():
            session.merge(Setting(key=key, value=value))
        session.commit()
    return app


@pytest.fixture
def apps(database_url, world) -> Iterator:
    """Make apps on the test database with the given issuer; their engines are disposed."""
    made: list[Flask] = []

    def make(issuer: str, client_id: str = "reportsvc") -> Flask:
        made.append(sso_app(database_url, world, issuer, client_id))
        return made[-1]

    yield make
    for app in made:
        with app.app_context():
            db.engine().dispose()


@pytest.fixture
def council(apps, provider) -> Flask:
    return apps(provider)


def start(client) -> str:
    response = client.get("/sign-in/sso")
    assert response.status_code == 302, response.status_code
    return response.headers["Location"]


def callback_path(location: str) -> str:
    parts = urlsplit(location)
    assert parts.path == "/sign-in/sso/callback"
    return f"{parts.path}?{parts.query}"


def sign_in_at_mock(client, provider: str, sub: str, claims: dict) -> tuple[str, object]:
    """The whole journey: our redirect, the provider's sign-in form, our callback."""
    requests.put(f"{provider}/users/{sub}", json=claims, timeout=5).raise_for_status()
    authorize = start(client)
    assert authorize.startswith(provider + "/oauth2/authorize?")
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert query["state"][0] and query["nonce"][0]
    answer = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text[:500]
    path = callback_path(answer.headers["Location"])
    return path, client.get(path)


def staff(groups, email="pat.jones@council.example"):
    return {"email": email, "name": "Pat Jones", "groups": groups}


def test_good_sign_in_creates_council_staff_with_the_mapped_role(council, world, provider):
    client = council.test_client()
    _, response = sign_in_at_mock(client, provider, "sub-pat", staff(["cpc-chairs", "all-staff"]))
    assert response.status_code == 302 and response.headers["Location"] == "/review/"
    assert pages.get(client, "/review/").status == 200  # no second factor asked: the council's
    with council.app_context():
        user = db.session().scalar(select(User).where(User.sso_subject == "sub-pat"))
        assert user.role == "chair" and user.agency_id == world.agencies["la"]
        assert user.email == "pat.jones@council.example"
        events = db.session().scalars(select(AuditEvent).where(AuditEvent.record_id == user.id))
        assert "sign_in" in [e.action for e in events]


def test_role_change_at_the_provider_applies_at_next_sign_in(council, world, provider):
    client = council.test_client()
    sign_in_at_mock(client, provider, "sub-sam", staff(["cpc-chairs"], "sam@council.example"))
    assert client.get("/admin/").status_code == 403
    token = pages.get(client, "/review/").csrf()
    client.post("/sign-out", data={"csrf_token": token})
    _, response = sign_in_at_mock(
        client, provider, "sub-sam", staff(["cpc-admins"], "sam@council.example")
    )
    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200
    with council.app_context():
        user = db.session().scalar(select(User).where(User.sso_subject == "sub-sam"))
        actions = db.session().scalars(
            select(AuditEvent.action).where(AuditEvent.record_id == user.id)
        )
        assert "role_changed_by_sso" in list(actions)


def test_unknown_role_is_refused_with_a_clear_page(council, provider):
    client = council.test_client()
    _, response = sign_in_at_mock(client, provider, "sub-fin", staff(["finance", "all-staff"]))
    assert response.status_code == 403
    page = pages.parse(response)
    assert page.h1 == "Your council account has no role in this service"
    assert "Ask your administrator to add you to the right group" in page.text()
    assert client.get("/review/").status_code == 302  # not signed in
    with council.app_context():
        assert db.session().scalar(select(User).where(User.sso_subject == "sub-fin")) is None


def test_replayed_state_is_refused(council, provider):
    client = council.test_client()
    path, first = sign_in_at_mock(
        client, provider, "sub-rep", staff(["cpc-chairs"], "r@council.example")
    )
    assert first.status_code == 302
    again = client.get(path)  # the same callback, state already used
    assert again.status_code == 400
    assert pages.parse(again).h1 == "Sign-in with your council account did not work"
    stranger = council.test_client()  # someone else's browser, given the callback link
    assert stranger.get(path).status_code == 400
    assert stranger.get("/review/").status_code == 302


def test_expired_id_token_is_refused(apps, expiring_provider):
    app = apps(expiring_provider)
    client = app.test_client()
    _, response = sign_in_at_mock(client, expiring_provider, "sub-old", staff(["cpc-chairs"]))
    assert response.status_code == 400
    assert pages.parse(response).h1 == "Sign-in with your council account did not work"
    assert client.get("/review/").status_code == 302


def run_bad(app: Flask, bad: str, mode: str, claims: dict | None = None):
    requests.post(f"{bad}/mode", json={"mode": mode, "claims": claims or {}}, timeout=5)
    client = app.test_client()
    authorize = start(client)
    answer = requests.get(authorize, allow_redirects=False, timeout=5)
    assert answer.status_code == 302, answer.text[:300]
    return client, client.get(callback_path(answer.headers["Location"]))


@pytest.fixture
def bad_app(apps, bad) -> Flask:
    return apps(bad, client_id=CLIENT_ID)


def test_bad_provider_good_token_signs_in(bad_app, bad):
    """The second provider checks PKCE (S256) itself: our verifier must match."""
    _client, response = run_bad(bad_app, bad, "good")
    assert response.status_code == 302 and response.headers["Location"] == "/review/"


@pytest.mark.parametrize(
    "mode",
    [
        "wrong_audience",
        "wrong_audience_with_azp",
        "tampered",
        "wrong_key",
        "expired",
        "wrong_issuer",
        "wrong_nonce",
    ],
)
def test_untrustworthy_id_tokens_are_refused(bad_app, bad, mode):
    client, response = run_bad(bad_app, bad, mode)
    assert response.status_code == 400, mode
    assert pages.parse(response).h1 == "Sign-in with your council account did not work"
    assert client.get("/review/").status_code == 302
    assert client.get("/admin/").status_code == 302
    with bad_app.app_context():
        assert db.session().scalar(select(User).where(User.sso_subject.is_not(None))) is None


def test_provider_down_gives_a_clear_message_and_partners_still_sign_in(apps, world):
    closed = f"http://127.0.0.1:{providers.free_port()}"  # nothing listens there
    app = apps(closed)
    client = app.test_client()
    response = client.get("/sign-in/sso")
    assert response.status_code == 503
    page = pages.parse(response)
    assert page.h1 == "The council sign-in service is not answering"
    assert "Partners who sign in with an email address and password are not affected" in page.text()
    app.config["TWO_FACTOR_REQUIRED"] = False  # this partner's factor is tested elsewhere
    partner = pages.sign_in(app.test_client(), world.emails["author_gp"], PASSWORD)
    assert partner.status_code == 302 and partner.headers["Location"] == "/author/"


def test_sso_domains_cannot_use_a_password(council, world):
    client = council.test_client()
    with council.app_context():
        user = db.session().get(User, world.users["chair"])
        user.email = "chair@council.example"
        db.session().commit()
    page = pages.parse(pages.sign_in(client, "Chair@Council.example", PASSWORD))
    assert page.error_summary() == [
        "Staff with a council email address sign in with their council account"
    ]
    assert client.get("/review/").status_code == 302
    assert "Sign in with your council account" in pages.get(client, "/sign-in").text()


def test_sso_is_off_without_an_issuer(client):
    assert client.get("/sign-in/sso").status_code == 404
    assert "council account" not in pages.get(client, "/sign-in").text()


def test_admin_sets_domains_and_role_mapping(app, client, world):
    pages.sign_in(client, world.emails["admin"], PASSWORD)
    page = pages.get(client, "/admin/sign-in-settings")
    assert "OIDC_ISSUER is not set" in page.text()
    fields = page.form_fields("main form")
    fields.update(
        {
            "from_day_one": "yes",
            "domains": "Council.example, @county.example",
            "role_claim": "roles",
            "agency_id": str(world.agencies["la"]),
            "role_chair": "cpc-chairs, chairs-2",
            "role_admin": "cpc-admins",
        }
    )
    pages.post_form(client, "/admin/sign-in-settings", fields, status=302)
    with app.app_context():
        from reportsvc.services import settings

        session = db.session()
        assert settings.sso_domains(session) == ["council.example", "county.example"]
        assert settings.sso_role_map(session) == {
            "cpc-chairs": "chair",
            "chairs-2": "chair",
            "cpc-admins": "admin",
        }
        assert settings.two_factor_from_day_one(session)
        actions = db.session().scalars(select(AuditEvent.action)).all()
        assert "update_sign_in_settings" in actions
    fields.update({"role_admin": "cpc-chairs"})  # one group, two roles: refused, nothing saved
    page = pages.post_form(client, "/admin/sign-in-settings", fields, status=200)
    assert page.error_summary() == ["A group name can map to one role only"]
    fields.update({"role_admin": "", "domains": "not a domain"})
    page = pages.post_form(client, "/admin/sign-in-settings", fields, status=200)
    assert page.error_summary() == ["Enter email domains like council.gov.uk, separated by commas"]


def test_provider_going_down_during_sign_in_gives_the_same_clear_message(apps):
    command, port = providers.bad_provider()
    with providers.running(command, port) as base:
        app = apps(base, client_id=CLIENT_ID)
        client = app.test_client()
        authorize = start(client)
        answer = requests.get(authorize, allow_redirects=False, timeout=5)
        callback = callback_path(answer.headers["Location"])
    response = client.get(callback)  # the provider has stopped: the code cannot be redeemed
    assert response.status_code == 503
    assert pages.parse(response).h1 == "The council sign-in service is not answering"
    assert client.get("/review/").status_code == 302
