"""Security headers on every response: every GET route as every role and signed out, error
responses (400, 401, 403, 404, 405, 413, 415, 500), JSON, CSV and static files.

Pinned like GOV.UK Notify pins its headers: a change to any of them fails here first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask

from tests.conftest import BACKENDS
from tests.security.support import csrf_token, get_urls, module_app, signed_in

EXPECTED_CSP = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PINNED = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def check(response: Any, label: str, *, static: bool = False) -> None:
    headers = response.headers
    for name, value in PINNED.items():
        assert headers.get(name) == value, (label, name, headers.get(name))
    csp = headers.get("Content-Security-Policy", "")
    match = re.search(r"'nonce-([A-Za-z0-9_-]{16,})'", csp)
    assert match, (label, csp)
    nonce = match.group(1)
    assert csp == EXPECTED_CSP.format(nonce=nonce), (label, csp)
    if not static:
        assert headers.get("Cache-Control") == "no-store", (label, headers.get("Cache-Control"))
    if response.mimetype == "text/html":
        soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
        for script in soup.find_all("script"):
            if not script.get("src"):
                assert script.get("nonce") == nonce, (label, "inline script without the nonce")
    return None


@pytest.fixture(scope="module", params=BACKENDS)
def site(request: pytest.FixtureRequest) -> Iterator[tuple[Flask, Any]]:
    with module_app(request, request.param) as pair:
        yield pair


@pytest.mark.parametrize("who", ["author_gp", "chair", "qa", "admin", None])
def test_every_get_route_sends_the_headers(site, who):
    app, world = site
    client = signed_in(app, world, who) if who else app.test_client()
    nonces = set()
    for url in get_urls(app, world):
        response = client.get(url)
        check(response, f"{who} GET {url} -> {response.status_code}")
        nonces.add(response.headers["Content-Security-Policy"])
    assert len(nonces) > 10, "the CSP nonce must be new on every response"


def test_error_and_api_responses_send_the_headers(site):
    app, world = site
    client = signed_in(app, world, "author_gp")
    token = csrf_token(client)
    responses = {
        "404": client.get("/no-such-page"),
        "405": client.put("/about"),
        "400 csrf": client.post("/account/password", data={}),
        "403": client.get("/admin/"),
        "404 record": client.get(f"/author/reports/{world.other_report}"),
        "415": client.post(
            "/api/v1/score", data="x", content_type="text/plain", headers={"X-CSRFToken": token}
        ),
        "413": client.post(
            "/api/v1/score",
            data="{" + " " * (3 * 1024 * 1024) + "}",
            content_type="application/json",
            headers={"X-CSRFToken": token},
        ),
        "401 api": app.test_client().post("/api/v1/score", json={}),
        "json": client.post("/api/v1/score", json={}, headers={"X-CSRFToken": token}),
    }
    for label, response in responses.items():
        check(response, label)
    assert responses["413"].status_code == 413
    assert responses["415"].status_code == 415


def test_static_files_send_the_headers_and_may_be_cached(site):
    app, _world = site
    response = app.test_client().get("/static/app.css")
    assert response.status_code == 200
    check(response, "static", static=True)
    response.close()


def test_an_unexpected_error_sends_the_headers_and_no_details(site):
    _app, _world = site
    from tests.security.test_logs import app_with_failing_route

    app = app_with_failing_route(_app.config["DATABASE_URL"], "boom")
    response = app.test_client().get("/boom")
    assert response.status_code == 500
    check(response, "500")
    body = response.get_data(as_text=True)
    assert "Traceback" not in body and "boom" not in body
