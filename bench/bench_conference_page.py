"""Median time to render a chair's conference page with 12 submitted reports (SQLite).

    python bench/bench_conference_page.py [runs]

Builds a throwaway migrated SQLite database, one agency of each of the 12 types, and a
conference whose 12 reports are exemplars submitted through ``reports.save`` (so their
assessments are stored once). Then signs in as the chair and times GET of the conference
page through the real app, with the chronology's date cache cleared before each request (as
on the first view in a process) and kept (later views). The page reads stored assessments;
the engine never runs per view (the script checks that too). Target: under 200 ms.
"""

from __future__ import annotations

import copy
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from unittest import mock

from bs4 import BeautifulSoup

import exemplars
from forms import AGENCY_TYPES
from reportsvc import chronology, create_app, db, migrate
from reportsvc.auth.login import hashing
from reportsvc.models import Agency, Child
from reportsvc.services import accounts, conferences, reports
from scoring.calendar import add_working_days

PASSWORD = "bench-password-2026"  # noqa: S105 - a throwaway database
RUNS = 30


def build(url: str) -> int:
    app = create_app({"DATABASE_URL": url})
    with app.app_context():
        migrate.upgrade(db.engine())
        session = db.session()
        la = Agency(name="Bench Children's Services", type="other")
        agencies = [Agency(name=f"Bench {label}", type=t) for t, label in AGENCY_TYPES.items()]
        session.add_all([la, *agencies])
        chair = accounts.create_user(
            session, email="chair@bench.test", name="Bench Chair", password=PASSWORD,
            role="chair", agency=la, hashing=hashing(),
        )  # fmt: skip
        conference = conferences.create_conference(
            session,
            child=Child(name="Leah", date_of_birth=date(2022, 5, 2)),
            type="RCPC",
            on=date.today() + timedelta(days=10),
            chair=chair,
            agencies=agencies,
        )
        session.commit()
        by_type: dict[str, exemplars.Exemplar] = {}
        for exemplar in exemplars.load_all():
            doc = exemplar.document
            if doc["conference"]["type"] == "RCPC" or doc["agency"]["type"] not in by_type:
                by_type.setdefault(doc["agency"]["type"], exemplar)
        for invitation in conference.invitations:
            assert invitation.report is not None
            document = copy.deepcopy(by_type[invitation.agency.type].document)
            document["conference"] = {"type": "RCPC", "date": conference.date.isoformat()}
            document["agency"] = {"type": invitation.agency.type, "name": invitation.agency.name}
            document["child"]["date_of_birth"] = "2022-05-02"
            document["submitted_on"] = add_working_days(invitation.due_date, -1).isoformat()
            reports.save(
                session, invitation.report, document, expected_version=0, user=chair,
                kind="submit", status="submitted",
            )  # fmt: skip
        session.commit()
        return conference.id


def bench(url: str, conference_id: int, runs: int, *, cold: bool) -> tuple[float, int]:
    app = create_app({"DATABASE_URL": url})
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = BeautifulSoup(page, "html.parser").select_one('input[name="csrf_token"]')["value"]
    signed_in = client.post(
        "/sign-in", data={"csrf_token": token, "email": "chair@bench.test", "password": PASSWORD}
    )
    assert signed_in.status_code == 302, "sign-in failed"
    target = f"/review/conferences/{conference_id}"
    first = client.get(target)  # warm templates and caches
    assert first.status_code == 200
    rows = len(BeautifulSoup(first.get_data(as_text=True), "html.parser").select("#agencies tr"))
    timings = []
    with mock.patch("scoring.assess", side_effect=AssertionError("engine ran on a page view")):
        for _ in range(runs):
            if cold:  # as on the first view of these reports in a process
                chronology._find_dates.cache_clear()
            began = time.perf_counter()
            response = client.get(target)
            timings.append(time.perf_counter() - began)
            assert response.status_code == 200
    return statistics.median(timings) * 1000, rows - 1


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else RUNS
    with tempfile.TemporaryDirectory() as directory:
        url = f"sqlite:///{Path(directory) / 'bench.sqlite3'}"
        conference_id = build(url)
        for cold in (True, False):
            median, agencies = bench(url, conference_id, runs, cold=cold)
            label = "chronology not cached" if cold else "chronology cached"
            print(
                f"sqlite: conference page, {agencies} submitted reports, {label}, "
                f"median of {runs}: {median:.0f} ms"
            )


if __name__ == "__main__":
    main()
