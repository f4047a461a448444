"""The JSON endpoints behind live feedback and autosave, as the page's script calls them."""

from __future__ import annotations

from reportsvc import db
from reportsvc.models import Report
from tests import pages


def fields_of(page, **changes):
    data = page.form_fields("#report-form")
    data.update(changes)
    pairs = []
    for name, value in data.items():
        for v in value if isinstance(value, list) else [value]:
            pairs.append([name, v])
    return pairs


def post_json(client, url, body, token):
    return client.post(url, json=body, headers={"X-CSRFToken": token})


def test_live_check_flags_vague_words_and_clears_when_fixed(sign_in_as, world):
    client = sign_in_as("author_gp")
    page = pages.get(client, f"/author/reports/{world.gp_report}")
    url = f"/api/v1/reports/{world.gp_report}/check"
    vague = post_json(
        client,
        url,
        {"fields": fields_of(page, section_service_actions="We will continue to monitor.")},
        page.csrf(),
    )
    assert vague.status_code == 200
    items = vague.get_json()["sections"]["service_actions"]
    assert any(i["text"] == "continue to monitor" and i["suggestion"] for i in items)
    fixed = post_json(
        client,
        url,
        {
            "fields": fields_of(
                page,
                section_service_actions=(
                    "I will weigh Leah at the surgery every two weeks until 30 April and tell the "
                    "social worker the same day if she is not brought."
                ),
            )
        },
        page.csrf(),
    )
    texts = [i["text"] for i in fixed.get_json()["sections"].get("service_actions", [])]
    assert "continue to monitor" not in texts


def test_autosave_stores_a_version_and_refuses_a_stale_one(sign_in_as, world, app):
    client = sign_in_as("author_gp")
    page = pages.get(client, f"/author/reports/{world.gp_report}")
    url = f"/api/v1/reports/{world.gp_report}/draft"
    first = post_json(
        client, url, {"fields": fields_of(page, section_worries="First.")}, page.csrf()
    )
    assert first.status_code == 200
    assert first.get_json()["version"] == 1
    assert first.get_json()["saved_at_label"]
    stale = post_json(
        client, url, {"fields": fields_of(page, section_worries="Stale.")}, page.csrf()
    )
    assert stale.status_code == 409
    assert stale.get_json()["current_version"] == 1
    with app.app_context():
        report = db.session().get(Report, world.gp_report)
        assert [v.document["sections"]["worries"] for v in report.versions] == ["First."]
        assert report.versions[0].kind == "autosave"


def test_autosave_needs_the_csrf_header_and_json(sign_in_as, world):
    client = sign_in_as("author_gp")
    page = pages.get(client, f"/author/reports/{world.gp_report}")
    url = f"/api/v1/reports/{world.gp_report}/draft"
    assert client.post(url, json={"fields": fields_of(page)}).status_code == 400
    form_encoded = client.post(url, data={"fields": "x"}, headers={"X-CSRFToken": page.csrf()})
    assert form_encoded.status_code == 415


def test_autosave_rejects_malformed_bodies_clearly(sign_in_as, world):
    client = sign_in_as("author_gp")
    page = pages.get(client, f"/author/reports/{world.gp_report}")
    url = f"/api/v1/reports/{world.gp_report}/draft"
    response = client.post(
        url, data="{not json", content_type="application/json", headers={"X-CSRFToken": page.csrf()}
    )
    assert response.status_code == 400
    assert "not valid JSON" in response.get_json()["error"]
    response = post_json(client, url, {"fields": "nope"}, page.csrf())
    assert response.status_code == 400
    assert response.get_json()["details"][0]["path"] == "fields"


def test_other_agency_cannot_autosave(sign_in_as, world):
    client = sign_in_as("author_gp")
    page = pages.get(client, "/author/")
    response = post_json(
        client, f"/api/v1/reports/{world.other_report}/draft", {"fields": []}, page.csrf()
    )
    assert response.status_code == 404
