"""Median time of the author's live check and autosave endpoints for a 500-word section.

    python bench/bench_check_endpoint.py [runs]

Builds a throwaway migrated SQLite database with one GP author and one conference, signs
in through the real app, opens the report page, then times POST /api/v1/reports/<id>/check
and POST /api/v1/reports/<id>/draft with a 500-word "worries" section taken from the model
reports. Targets: check under 50 ms; autosave p95 under 100 ms.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from bs4 import BeautifulSoup

import exemplars
from reportsvc import create_app, db, migrate
from reportsvc.auth.login import hashing
from reportsvc.models import Agency, Child
from reportsvc.services import accounts, conferences

PASSWORD = "bench-password-2026"  # noqa: S105 - a throwaway database


def words(n: int) -> str:
    text = " ".join(e.document["sections"].get("worries", "") for e in exemplars.load_all()).split()
    return " ".join(text[:n])


def main(runs: int = 40) -> None:
    directory = Path(tempfile.mkdtemp())
    app = create_app({"DATABASE_URL": f"sqlite:///{directory / 'bench.sqlite3'}"})
    with app.app_context():
        migrate.upgrade(db.engine())
        session = db.session()
        gp, la = Agency(name="Surgery", type="gp"), Agency(name="LA", type="other")
        author = accounts.create_user(
            session,
            email="gp@bench.test",
            name="GP",
            password=PASSWORD,
            role="author",
            agency=gp,
            hashing=hashing(),
        )
        chair = accounts.create_user(
            session,
            email="chair@bench.test",
            name="Chair",
            password=PASSWORD,
            role="chair",
            agency=la,
            hashing=hashing(),
        )
        child = Child(name="Leah", date_of_birth=date(2023, 5, 2))
        conference = conferences.create_conference(
            session,
            child=child,
            type="ICPC",
            on=date.today() + timedelta(days=20),
            chair=chair,
            agencies=[gp],
        )
        session.commit()
        report_id = conference.invitations[0].report.id  # type: ignore[union-attr]
        del author
    client = app.test_client()
    page = client.get("/sign-in")
    token = BeautifulSoup(page.data, "html.parser").select_one('input[name="csrf_token"]')
    client.post(
        "/sign-in",
        data={"csrf_token": token["value"], "email": "gp@bench.test", "password": PASSWORD},
    )
    soup = BeautifulSoup(client.get(f"/author/reports/{report_id}").data, "html.parser")
    csrf = soup.select_one('meta[name="csrf-token"]')["content"]
    fields = [
        [n["name"], n.get("value", "")]
        for n in soup.select("#report-form input[name]")
        if n.get("type") not in ("radio", "submit")
    ]
    section = words(500)
    body = {"fields": [*fields, ["section_worries", section]]}
    headers = {"X-CSRFToken": csrf}
    for _ in range(3):  # warm the pipeline and caches
        client.post(f"/api/v1/reports/{report_id}/check", json=body, headers=headers)
    checks = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.post(f"/api/v1/reports/{report_id}/check", json=body, headers=headers)
        checks.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    saves = []
    version = 0
    for n in range(runs):
        pairs = [[k, str(version) if k == "version" else v] for k, v in body["fields"]]
        pairs.append(["section_working_well", f"Save {n}"])
        start = time.perf_counter()
        response = client.post(
            f"/api/v1/reports/{report_id}/draft", json={"fields": pairs}, headers=headers
        )
        saves.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.get_json()
        version = response.get_json()["version"]
    p95 = sorted(saves)[int(0.95 * (len(saves) - 1))]
    print(f"section: {len(section.split())} words")
    print(f"check:    median {statistics.median(checks):.1f} ms over {runs} (target < 50 ms)")
    median = statistics.median(saves)
    print(f"autosave: median {median:.1f} ms, p95 {p95:.1f} ms (target p95 < 100 ms)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
