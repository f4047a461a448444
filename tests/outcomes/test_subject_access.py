"""Subject access holds what the conference decided: the child's outcome and the appeals,
and, with siblings left out on request, not a sibling's decision (issue 16 with issue 15)."""

from __future__ import annotations

import io
import json
import zipfile

from reportsvc import db
from reportsvc.models import Conference
from tests import pages
from tests.outcomes.test_api import ICPC_DAY, URL, good
from tests.world import PASSWORD


def _export(app, world, conference_id, key, leave_out):
    client = app.test_client()
    assert pages.sign_in(client, world.emails["coordinator"], PASSWORD).status_code == 302
    with app.app_context():
        conference = db.session().get(Conference, conference_id)
        child_id = next(c.child_id for c in conference.child_links if c.key == key)
    url = f"/admin/data-protection/children/{child_id}/export"
    data = {"csrf_token": pages.get(client, url).csrf()}
    if leave_out:
        data["leave_out_siblings"] = "y"
    response = client.post(url, data=data)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    return json.loads(archive.read(f"conferences/{conference_id}/conference.json"))


def test_the_export_holds_the_decision_and_the_appeals(app, world, client, tokens, schedule):
    icpc = schedule(ICPC_DAY)
    body = good()
    body["appeals"] = [{"by": "mother", "by_role": "parent", "received_on": "2025-12-30"}]
    assert client.put(URL.format(icpc), json=body, headers=tokens["chair"]).status_code == 200
    everything = _export(app, world, icpc, "leah", leave_out=False)
    assert everything["outcome"]["leah"]["decision"] == "plan"
    assert everything["outcome"]["mia"]["decision"] == "no_plan"
    assert [a["by"] for a in everything["appeals"]] == ["mother"]
    assert everything["dissent_and_appeals"], "the dissent is there too"
    own = _export(app, world, icpc, "leah", leave_out=True)
    assert list(own["outcome"]) == ["leah"]
