"""Run by tests/ops/test_rolling_upgrade.py with the PREVIOUS release's code first on the
path (PYTHONPATH=<extracted release>): that release's app on the new schema walks the main
journeys and prints what happened as JSON. Imports nothing from the new tree.

    python previous_release_journeys.py DATABASE_URL INPUT_JSON
    python previous_release_journeys.py DATABASE_URL INPUT_JSON --baseline

With ``--baseline`` the database is empty: the old code migrates it to ITS OWN schema and
builds its own test world first, so the test can tell what the old release could do on its
own schema from what it can do on the new one. Each step is recorded, never raised.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Any

TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"|name="csrf_token"[^>]*value="([^"]+)"')


def csrf(body: str) -> str:
    match = TOKEN.search(body)
    assert match, "no CSRF token"
    return match.group(1) or match.group(2)


def main() -> int:
    import reportsvc
    from reportsvc import create_app

    url, given = sys.argv[1], json.loads(sys.argv[2])
    from tests import pages  # the previous release's own test helpers

    app = create_app({"ENV_NAME": "testing", "DATABASE_URL": url})
    if "--baseline" in sys.argv:
        from reportsvc import db, migrate
        from tests.world import build

        with app.app_context():
            migrate.upgrade(db.engine())
        world = build(app)
        given.update(
            report=world.gp_report, conference=world.conference,
            author=world.emails["author_gp"], chair=world.emails["chair"],
            qa=world.emails["qa"], admin=world.emails["admin"],
        )  # fmt: skip
    out: dict[str, Any] = {"code": reportsvc.__file__}
    report = given["report"]

    def sign_in(email: str) -> Any:
        client = app.test_client()
        form = client.get("/sign-in")
        done = client.post(
            "/sign-in",
            data={"csrf_token": csrf(form.get_data(as_text=True)), "email": email,
                  "password": given["password"]},
        )  # fmt: skip
        out.setdefault("sign_in", []).append(done.status_code)
        return client

    try:
        journeys(app, pages, given, out, sign_in, report)
    except Exception as error:  # a step that crashed the client: record where
        out["crashed"] = f"{type(error).__name__}: {str(error)[:300]}"
    print(json.dumps(out))
    return 0


def journeys(app: Any, pages: Any, given: dict[str, Any], out: dict[str, Any], sign_in: Any,
             report: int) -> None:  # fmt: skip
    author = sign_in(given["author"])
    page = pages.get(author, f"/author/reports/{report}")
    out["report_page"] = page.status
    version = page.form_fields("#report-form").get("version", "0")
    saved = author.post(
        f"/api/v1/reports/{report}/draft",
        json={"fields": [["version", str(version)], ["section_worries", given["autosave_text"]]]},
        headers={"X-CSRFToken": page.csrf()},
    )
    out["autosave"] = saved.status_code
    page = pages.get(author, f"/author/reports/{report}")
    data = {**page.form_fields("#report-form"), **given["complete"], "action": "save"}
    out["save_draft"] = author.post(f"/author/reports/{report}", data=data).status_code
    page = pages.get(author, f"/author/reports/{report}")
    data = {**page.form_fields("#report-form"), "action": "submit"}
    out["submit"] = author.post(f"/author/reports/{report}", data=data).status_code
    out["after_submit"] = pages.get(author, f"/author/reports/{report}").text("main")[:4000]
    out["export"] = author.get(f"/author/reports/{report}/report.json").status_code

    chair = sign_in(given["chair"])
    out["conference_page"] = chair.get(f"/review/conferences/{given['conference']}").status_code
    chair_report = chair.get(f"/review/reports/{report}")
    out["chair_report"] = chair_report.status_code
    out["chair_sees_text"] = given["complete_marker"] in chair_report.get_data(as_text=True)
    qa = sign_in(given["qa"])
    out["qa_summary"] = qa.get("/qa/").status_code
    admin = sign_in(given["admin"])
    out["admin_users"] = admin.get("/admin/").status_code


if __name__ == "__main__":
    sys.exit(main())
