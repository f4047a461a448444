"""Signing in as people do: a partner with a password and an authenticator app, and council
staff through the council's identity provider (a real provider process on 127.0.0.1).
Every page of ours on the way is checked with axe."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pyotp
import pytest
from sqlalchemy import select

from reportsvc import db
from reportsvc.models import Agency, Setting, utcnow
from tests.auth import providers
from tests.browser import axe
from tests.browser.helpers import DEMO_PASSWORD, author_email

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def settings(app: Any, values: dict[str, str]) -> None:
    with app.app_context():
        session = db.session()
        for key, value in values.items():
            session.merge(Setting(key=key, value=value))
        session.commit()


def code_for(secret: str, offset: int = 0) -> str:
    totp = pyotp.TOTP(secret)
    return totp.generate_otp(totp.timecode(utcnow()) + offset)


def test_partner_sets_up_and_uses_a_second_factor(serve, new_context):
    server = serve(TWO_FACTOR_REQUIRED=True)
    settings(server.app, {"two_factor_from_day_one": "yes"})
    page = new_context(server.url).new_page()
    page.goto("/sign-in")
    axe.assert_accessible(page, "the sign-in page")
    page.fill("#email", author_email("gp"))
    page.fill("#password", DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()

    page.get_by_role("heading", name="Set up your second factor").wait_for()
    assert page.locator(".app-qr svg").count() == 1
    page.get_by_text("I cannot scan the QR code").click()
    axe.assert_accessible(page, "the set-up page")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.fill("#code", "000000")
    page.get_by_role("button", name="Set up second factor").click()
    page.get_by_role(
        "link", name="Enter the 6-digit code your authenticator app shows now"
    ).wait_for()
    axe.assert_accessible(page, "the set-up page with an error")
    page.fill("#code", code_for(secret))
    page.get_by_role("button", name="Set up second factor").click()

    page.get_by_role("heading", name="Your second factor is set up").wait_for()
    assert page.locator("#recovery-codes li").count() == 10
    axe.assert_accessible(page, "the recovery codes")
    page.get_by_role("button", name="I have kept my codes: continue").click()
    page.wait_for_url("**/author/")
    axe.assert_accessible(page, "the author's home page")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/sign-in")
    page.fill("#email", author_email("gp"))
    page.fill("#password", DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.get_by_role("heading", name="Enter the code from your authenticator app").wait_for()
    axe.assert_accessible(page, "the code page")
    page.fill("#code", code_for(secret, +1))  # the next code: the first was used
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/author/")


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    command, port = providers.mock_provider()
    with providers.running(command, port) as base:
        yield base


def test_council_staff_sign_in_through_the_identity_provider(serve, new_context, provider):
    import requests

    server = serve(
        TWO_FACTOR_REQUIRED=True,
        OIDC_ISSUER=provider,
        OIDC_CLIENT_ID="reportsvc",
        OIDC_CLIENT_SECRET="browser-test-secret",
    )
    with server.app.app_context():
        la = db.session().scalar(select(Agency.id).order_by(Agency.id))
    settings(
        server.app,
        {"sso_role_claim": "groups", "sso_role:chair": "cpc-chairs", "sso_agency_id": str(la)},
    )
    claims = {"email": "kim.lee@council.example", "name": "Kim Lee", "groups": ["cpc-chairs"]}
    requests.put(f"{provider}/users/kim", json=claims, timeout=5).raise_for_status()
    page = new_context(server.url).new_page()
    page.goto("/sign-in")
    axe.assert_accessible(page, "the sign-in page with council sign-in")
    page.get_by_role("button", name="Sign in with your council account").click()
    page.wait_for_url(f"{provider}/oauth2/authorize*")
    # The provider's own page: not part of this service, so not ours to check with axe.
    axe.checked.add("/oauth2/authorize")
    page.fill("input[name=sub]", "kim")
    page.locator("button[type=submit]").first.click()
    page.wait_for_url("**/review/")
    axe.assert_accessible(page, "the chair's home page")
    assert "Kim Lee" in page.locator(".app-account-bar").inner_text()

    requests.put(
        f"{provider}/users/kim", json={**claims, "groups": ["finance"]}, timeout=5
    ).raise_for_status()
    other = new_context(server.url).new_page()
    other.goto("/sign-in/sso")
    other.wait_for_url(f"{provider}/oauth2/authorize*")
    other.fill("input[name=sub]", "kim")
    other.locator("button[type=submit]").first.click()
    other.get_by_role("heading", name="Your council account has no role in this service").wait_for()
    axe.assert_accessible(other, "the refusal page")


def test_data_protection_and_settings_pages_are_accessible(live_server, new_context):
    from tests.browser.helpers import sign_in

    coordinator = new_context(live_server.url).new_page()
    sign_in(coordinator, "coordinator@demo.test")
    coordinator.goto("/admin/data-protection")
    axe.assert_accessible(coordinator, "legal holds and subject access")
    coordinator.get_by_role("link", name="Export everything about").first.click()
    coordinator.get_by_role("heading", name="Subject access export").wait_for()
    axe.assert_accessible(coordinator, "the subject access export page")

    admin = new_context(live_server.url).new_page()
    sign_in(admin, "admin@demo.test")
    for path, heading in (
        ("/admin/sign-in-settings", "Sign-in settings"),
        ("/admin/retention-settings", "Retention"),
        ("/account/two-factor", "Set up your second factor"),
    ):
        admin.goto(path)
        admin.get_by_role("heading", name=heading).wait_for()
        axe.assert_accessible(admin, path)
