"""CSRF on every state-changing route, and GET never changes state.

Every POST route in app.url_map, sent by a signed-in user who may use it but without the
CSRF token, is refused with 400 and leaves every row of every table as it was (audit log
included). JSON endpoints need the token in the X-CSRFToken header and a JSON content type:
a form or text/plain body (what a cross-site form can send) is refused. Every GET route, as
every role, leaves every table but the audit log untouched.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask, url_for

from tests.conftest import BACKENDS
from tests.security.support import csrf_token, get_urls, module_app, signed_in, snapshot
from tests.test_access_matrix import MATRIX, PUBLIC, ROLES, url_values
from tests.world import World

FORM = {
    **{"version": "0", "action": "save", "section_worries": "changed", "email": "a@b.c"},
    **{"password": "x" * 12, "name": "n", "comment": "c", "note": "n", "grade": "good"},
}


def post_rules(app: Flask) -> list[Any]:
    return sorted(
        (r for r in app.url_map.iter_rules() if "POST" in (r.methods or set())),
        key=lambda r: r.rule,
    )


def allowed_role(endpoint: str) -> str | None:
    """A role that may use the endpoint on its own record (None: signed out)."""
    if endpoint in PUBLIC:  # sign-in steps: signed out
        return None
    for role, expected in MATRIX[endpoint].items():
        own = expected[0] if isinstance(expected, tuple) else expected
        if own in ("allow", "login"):
            return ROLES[role]
    raise AssertionError(f"no role may use {endpoint}")


def url(app: Flask, world: World, rule: Any) -> str:
    with app.test_request_context():
        values = {k: v for k, v in url_values(world, "own", "").items() if k in rule.arguments}
        return url_for(rule.endpoint, **values)


@pytest.fixture(scope="module", params=BACKENDS)
def site(request: pytest.FixtureRequest) -> Iterator[tuple[Flask, World]]:
    with module_app(request, request.param) as pair:
        yield pair


def test_every_post_route_is_covered(site):
    app, _world = site
    endpoints = {r.endpoint for r in post_rules(app)}
    assert endpoints <= set(MATRIX) | PUBLIC
    assert {"api.autosave", "api.check_report", "auth.logout", "admin.toggle_active"} <= endpoints


def test_no_post_without_the_token_changes_anything(site):
    app, world = site
    for rule in post_rules(app):
        who = allowed_role(rule.endpoint)
        client = signed_in(app, world, who) if who else app.test_client()
        target = url(app, world, rule)
        before = snapshot(app)
        if rule.endpoint.startswith("api."):
            response = client.post(target, json={"fields": [["section_worries", "changed"]]})
        else:
            response = client.post(target, data=FORM)
        assert response.status_code == 400, (rule.endpoint, response.status_code)
        assert snapshot(app) == before, f"{rule.endpoint} changed data without a CSRF token"
        if who:  # a forged token is no better than none
            bad = (
                client.post(target, json={}, headers={"X-CSRFToken": "forged"})
                if rule.endpoint.startswith("api.")
                else client.post(target, data={**FORM, "csrf_token": "forged"})
            )
            assert bad.status_code == 400, rule.endpoint
            assert snapshot(app) == before


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded"])
def test_json_endpoints_refuse_what_a_cross_site_form_can_send(site, content_type):
    app, world = site
    for rule in post_rules(app):
        if not rule.endpoint.startswith("api."):
            continue
        client = signed_in(app, world, allowed_role(rule.endpoint) or "author_gp")
        token = csrf_token(client)
        before = snapshot(app, skip=("audit_events",))  # the attempt itself may be audited
        response = client.post(
            url(app, world, rule),
            data='{"fields": [["section_worries", "changed"], ["version", "0"]]}',
            content_type=content_type,
            headers={"X-CSRFToken": token},
        )
        assert response.status_code == 415, (rule.endpoint, response.status_code)
        assert snapshot(app, skip=("audit_events",)) == before


def test_autosave_with_the_header_and_json_does_save(site):
    """The control: the same request done properly is accepted, so the refusals mean it."""
    app, world = site
    client = signed_in(app, world, "author_school")
    token = csrf_token(client)
    before = snapshot(app)
    response = client.post(
        f"/api/v1/reports/{world.school_report}/draft",
        json={"fields": [["version", "0"], ["section_worries", "Changed by the control."]]},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200, response.get_json()
    assert snapshot(app) != before


@pytest.mark.parametrize("who", ["author_gp", "chair", "qa", "admin", None])
def test_get_never_changes_state(site, who):
    app, world = site
    client = signed_in(app, world, who) if who else app.test_client()
    before = snapshot(app, skip=("audit_events",))
    for target in get_urls(app, world):
        client.get(target)
    assert snapshot(app, skip=("audit_events",)) == before
