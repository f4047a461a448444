"""Every route x every role x own / other record: the allowed status for each.

Adding a route without a role decorator, or without a row here, fails this test.
"allow" means the request was served (2xx, 3xx other than to sign-in, or a 400 for a form
posted empty); 403 and 404 are denials; LOGIN is a redirect to sign-in (401 for the API).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

import exemplars
from reportsvc import db
from tests import pages
from tests.conftest import BACKENDS, fresh_database, make_app
from tests.world import PASSWORD, World, build

A, F, N, LOGIN = "allow", 403, 404, "login"
ROLES = {
    "author": "author_gp",
    "chair": "chair",
    "qa_lead": "qa",
    "admin": "admin",
    "coordinator": "coordinator",
}
PUBLIC = {"main.index", "main.about", "auth.login", "api.openapi", "static"}
# reportsvc/ops: /health and /ready show no data; /metrics checks its own address list or token.
PUBLIC |= {"ops.health", "ops.ready", "ops.metrics_page"}
# The page a mailed sign-in link opens (the token is the credential; tests/coordinator).
PUBLIC |= {"welcome.page", "welcome.new_link"}
# The second-factor steps of a password sign-in (they need the password step's mark) and
# the council single sign-on redirect and callback (tests/auth).
PUBLIC |= {"auth.two_factor_code", "auth.two_factor_setup", "auth.sso_start", "auth.sso_callback"}


def everyone(status: Any) -> dict[str, Any]:
    return dict.fromkeys(ROLES, status)


def only(role: str, status: Any = A) -> dict[str, Any]:
    return {**everyone(F), role: status}


# endpoint -> role -> status, or (status for own record, status for other record)
MATRIX: dict[str, dict[str, Any]] = {
    "auth.logout": everyone(LOGIN),  # signing out sends you to sign in (tested on its own)
    "auth.change_password": everyone(A),
    "auth.session_status": everyone(A),
    "auth.extend_session": everyone(A),
    "author.home": only("author"),
    "author.report": {**everyone(F), "author": (A, N), "chair": F, "qa_lead": F},
    "author.gallery": only("author"),
    "author.model_report": only("author"),
    "author.export_json": {**everyone(F), "author": (A, N)},
    "author.import_json": {**everyone(F), "author": (A, N)},
    "author.print_view": {**everyone(F), "author": (A, N)},
    "documents.report_pdf": {**everyone(F), "author": (A, N)},
    "documents.family_page": {**everyone(F), "author": (A, N)},
    "documents.family_pdf": {**everyone(F), "author": (A, N)},
    "documents.pack_pdf": {**everyone(F), "chair": (A, N), "qa_lead": A},
    "review.home": only("chair"),
    "review.conference": {**everyone(F), "chair": (A, N), "qa_lead": A},
    "review.pack": {**everyone(F), "chair": (A, N), "qa_lead": A},
    "review.report": {**everyone(F), "chair": (A, N), "qa_lead": A},
    "review.return_report": {**everyone(F), "chair": (A, N)},
    "review.chase": {**everyone(F), "chair": (A, N)},
    "review.override": {**everyone(F), "chair": (A, N)},
    "review.record_dissent": {**everyone(F), "chair": (A, N)},
    "review.dissent_response": {**everyone(F), "chair": (A, N)},  # 400 without ?dissent=
    "review.record_attendance": {**everyone(F), "chair": (A, N)},
    # The conference outcome, dissent and appeals, and the register (tests/outcomes).
    "review.outcome": {**everyone(F), "chair": (A, N)},
    "review.outcome_check": {**everyone(F), "chair": (A, N)},
    "review.appeal_response": {**everyone(F), "chair": (A, N)},  # 400 without ?appeal=
    "review.responses": {**everyone(F), "chair": A, "coordinator": A},
    "review.register": {**everyone(F), "chair": A, "coordinator": A, "qa_lead": A},
    "review.register_csv": {**everyone(F), "chair": A, "coordinator": A, "qa_lead": A},
    "api.put_outcome": {**everyone(F), "chair": (A, N), "coordinator": A},
    "qa.home": only("qa_lead"),
    "qa.trends": only("qa_lead"),
    "qa.by_agency": only("qa_lead"),
    "qa.reports": only("qa_lead"),
    "qa.export_summary": only("qa_lead"),
    "qa.export_reports": only("qa_lead"),
    "qa.outcomes": only("qa_lead"),
    "qa.export_outcomes": only("qa_lead"),
    "qa.samples": only("qa_lead"),
    "qa.sample": only("qa_lead"),
    "qa.grade": only("qa_lead"),
    "qa.calibration": only("qa_lead"),
    "admin.home": only("admin"),
    "admin.toggle_active": only("admin"),
    "admin.move_agency": only("admin"),
    "admin.agencies": only("admin"),
    "admin.settings_page": only("admin"),
    "admin.audit_log": only("admin"),
    "admin.reset_two_factor": only("admin"),
    "admin.sign_in_settings": only("admin"),
    "admin.retention_settings": only("admin"),
    # Data protection: coordinators only (an export is full of report text; tests/auth).
    "admin.data_protection": only("coordinator"),
    "admin.legal_hold": only("coordinator"),
    "admin.subject_access_export": only("coordinator"),
    "auth.two_factor_account": everyone(A),
    "api.score": {**everyone(A), "coordinator": F},  # api.views.ALL_ROLES
    "api.check": {**everyone(A), "coordinator": F},
    "api.check_report": {**everyone(F), "author": (A, N)},
    "api.autosave": {**everyone(F), "author": (A, N)},
    # The coordinator's pages; a chair only when the partnership setting allows it
    # (off here; tests/coordinator/test_access.py covers it on).
    "coordinator.home": only("coordinator"),
    "coordinator.schedule": only("coordinator"),
    "coordinator.conference": only("coordinator"),
    "coordinator.resend": only("coordinator"),
    "coordinator.change_author": only("coordinator"),
    "coordinator.withdraw": only("coordinator"),
    "coordinator.invite": only("coordinator"),
    "coordinator.reschedule": only("coordinator"),
    "coordinator.cancel": only("coordinator"),
    # Conferences from the case-management system: API and CSV upload (tests/conferences).
    "api.create_conference": {**everyone(F), "coordinator": A, "admin": A},
    "api.get_conference": {**everyone(F), "coordinator": A, "admin": A},
    "coordinator.upload": {**everyone(F), "coordinator": A, "admin": A},
    "coordinator.upload_check": {**everyone(F), "coordinator": A, "admin": A},
    "coordinator.upload_apply": {**everyone(F), "coordinator": A, "admin": A},
    "coordinator.upload_example": {**everyone(F), "coordinator": A, "admin": A},
}


def url_values(world: World, relation: str, role: str) -> dict[str, int]:
    own = relation == "own"
    return {
        "report_id": world.gp_report if own else world.other_report,
        "conference_id": world.conference if own else world.other_conference,
        "user_id": world.users["author_school"],
        "invitation_id": world.gp_invitation if own else world.other_invitation,
        "child_id": world.child,
        "token": "not-a-real-token",  # /welcome/<token>: tests/coordinator/test_welcome.py
        "exemplar_id": next(e.id for e in exemplars.load_all() if e.gold["grade"] == "good"),
    }


@pytest.fixture(scope="module", params=BACKENDS)
def matrix(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Flask, World]]:
    directory: Path = tmp_path_factory.mktemp("matrix")
    with fresh_database(request.param, request, directory) as url:
        app = make_app(url)
        yield app, build(app)
        with app.app_context():
            db.engine().dispose()


def test_every_view_declares_who_may_use_it(matrix):
    app, _world = matrix
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if rule.endpoint == "static":
            continue
        assert hasattr(view, "required_roles"), f"{rule.endpoint} has no role decorator"
        if view.required_roles is None:
            assert rule.endpoint in PUBLIC, f"{rule.endpoint} is public but not listed"
        else:
            assert rule.endpoint in MATRIX, f"{rule.endpoint} is missing from the access matrix"


def test_matrix_lists_only_real_routes(matrix):
    app, _world = matrix
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert set(MATRIX) <= endpoints


def cases() -> Iterator[Any]:
    for endpoint, by_role in MATRIX.items():
        for role, expected in by_role.items():
            for relation in ("own", "other"):
                status = (
                    expected[0 if relation == "own" else 1]
                    if isinstance(expected, tuple)
                    else expected
                )
                yield pytest.param(
                    endpoint, role, relation, status, id=f"{endpoint}-{role}-{relation}"
                )


def request_as(
    app: Flask, world: World, role: str | None, endpoint: str, relation: str
) -> list[Any]:
    client = app.test_client()
    if role is not None:
        assert pages.sign_in(client, world.emails[ROLES[role]], PASSWORD).status_code == 302
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    with app.test_request_context():
        values = {
            k: v for k, v in url_values(world, relation, role or "").items() if k in rule.arguments
        }
        from flask import url_for

        url = url_for(endpoint, **values)
    responses = []
    for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
        if method == "GET":
            responses.append(client.get(url))
        else:
            token = pages.parse(client.get("/sign-in")).csrf() if role is None else _token(client)
            if endpoint.startswith("api."):
                responses.append(
                    client.open(url, method=method, json={}, headers={"X-CSRFToken": token})
                )
            else:
                responses.append(client.post(url, data={"csrf_token": token}))
    return responses


def _token(client: Any) -> str:
    response = client.get("/about")
    return pages.parse(response).csrf()


def outcome(response: Any) -> Any:
    location = response.headers.get("Location", "")
    if response.status_code == 401 or (response.status_code == 302 and "/sign-in" in location):
        return LOGIN
    if response.status_code in (403, 404):
        return response.status_code
    assert response.status_code < 500, response.status_code
    return A


@pytest.mark.parametrize(("endpoint", "role", "relation", "expected"), list(cases()))
def test_access(matrix, endpoint, role, relation, expected):
    app, world = matrix
    for response in request_as(app, world, role, endpoint, relation):
        assert outcome(response) == expected, (response.request.method, response.status_code)


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_anonymous_is_sent_to_sign_in(matrix, endpoint):
    app, world = matrix
    for response in request_as(app, world, None, endpoint, "own"):
        assert outcome(response) == LOGIN
