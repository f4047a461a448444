"""Median time to render the QA audit summary for a year, through the real app.

    python bench/bench_qa_summary.py sqlite:////tmp/bench.sqlite3 postgresql+psycopg://...

Run bench/generate_reports.py into each database first. Signs in as qa@bench.test.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date, timedelta

from bs4 import BeautifulSoup

from reportsvc import create_app
from reportsvc.queries.qa import months_before

RUNS = 15


def bench(url: str) -> float:
    app = create_app({"DATABASE_URL": url})
    client = app.test_client()
    page = client.get("/sign-in").get_data(as_text=True)
    token = BeautifulSoup(page, "html.parser").select_one('input[name="csrf_token"]')["value"]
    signed_in = client.post(
        "/sign-in",
        data={"csrf_token": token, "email": "qa@bench.test", "password": "bench-password-2026"},
    )
    assert signed_in.status_code == 302, "sign-in failed: run generate_reports.py first"
    today = date.today()
    start = months_before(today, 12) + timedelta(days=1)
    target = f"/qa/?start={start.isoformat()}&end={today.isoformat()}"
    client.get(target)  # warm caches and templates
    timings = []
    for _ in range(RUNS):
        began = time.perf_counter()
        response = client.get(target)
        timings.append(time.perf_counter() - began)
        assert response.status_code == 200
    return statistics.median(timings) * 1000


def main() -> None:
    for url in sys.argv[1:]:
        backend = url.split(":", 1)[0]
        print(f"{backend}: audit summary for a year, median of {RUNS}: {bench(url):.0f} ms")


if __name__ == "__main__":
    main()
