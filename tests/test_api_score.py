"""POST /api/v1/score and /api/v1/check: document in, assessment out, clear errors."""

from __future__ import annotations

import copy

import exemplars
from tests import pages


def token_for(runner, email):
    return runner.invoke(args=["token", "create", email]).output.strip()


def test_score_needs_credentials(client):
    response = client.post("/api/v1/score", json={})
    assert response.status_code == 401
    assert response.get_json()["error"]


def test_invalid_document_names_every_field(client, runner, world):
    auth = {"Authorization": f"Bearer {token_for(runner, world.emails['qa'])}"}
    doc = copy.deepcopy(exemplars.load_all()[0].document)
    doc["conference"]["date"] = "12/03/2026"
    doc["sections"]["feelings"] = "x"
    doc["sections"]["worries"] = "Secret words the error must not repeat"
    response = client.post("/api/v1/score", json=doc, headers=auth)
    assert response.status_code == 400
    body = response.get_json()
    paths = {d["path"] for d in body["details"]}
    assert {"conference.date", "sections.feelings"} <= paths
    assert "Secret words" not in response.get_data(as_text=True)
    assert "12/03/2026" not in response.get_data(as_text=True)


def test_oversized_and_non_json_bodies(client, runner, world):
    auth = {"Authorization": f"Bearer {token_for(runner, world.emails['qa'])}"}
    huge = "x" * (3 * 1024 * 1024)
    response = client.post(
        "/api/v1/score", data=huge, content_type="application/json", headers=auth
    )
    assert response.status_code == 413
    response = client.post("/api/v1/score", data="{", content_type="application/json", headers=auth)
    assert response.status_code == 400
    assert "not valid JSON" in response.get_json()["error"]
    response = client.post("/api/v1/score", data="a=b", headers=auth)
    assert response.status_code == 415


def test_check_returns_feedback_with_context(sign_in_as, world):
    client = sign_in_as("author_gp")
    token = pages.get(client, "/author/").csrf()
    doc = copy.deepcopy(exemplars.load_all()[0].document)
    doc["sections"]["service_actions"] = "School will continue to monitor."
    response = client.post("/api/v1/check", json=doc, headers={"X-CSRFToken": token})
    assert response.status_code == 200
    body = response.get_json()
    items = body["feedback"]["sections"]["service_actions"]
    flagged = [i for i in items if i["check"] == "vague-language"]
    assert flagged and flagged[0]["text"] == "continue to monitor"
    assert flagged[0]["before"].endswith("School will ")
    assert body["grade"] in ("good", "requires_improvement", "inadequate")


def test_session_callers_must_send_the_csrf_header(sign_in_as, world):
    client = sign_in_as("author_gp")
    response = client.post("/api/v1/check", json=exemplars.load_all()[0].document)
    assert response.status_code == 400
    assert "X-CSRFToken" in response.get_json()["error"]
