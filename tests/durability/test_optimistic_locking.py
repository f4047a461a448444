"""Optimistic locking under load: 1,000 autosave attempts from 8 threads at one report, on
PostgreSQL, through the real endpoint. Every attempt gets 200 or 409; nothing is lost: the
report ends with exactly as many versions as there were 200s, numbered without a gap."""

from __future__ import annotations

import threading
import time
from collections import Counter

import pytest

from reportsvc import db
from reportsvc.models import User
from reportsvc.services import accounts
from tests.versions import assert_versions_are_the_saves

THREADS = 8
ATTEMPTS = 1000


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_thousand_concurrent_saves_lose_nothing(app, world):
    with app.app_context():
        session = db.session()
        user = session.get(User, world.users["author_gp"])
        assert user is not None
        token = accounts.create_token(session, user)
        session.commit()
    url = f"/api/v1/reports/{world.gp_report}/draft"
    headers = {"Authorization": f"Bearer {token}"}
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    start = threading.Barrier(THREADS)
    remaining = iter(range(ATTEMPTS))

    def work(worker: int) -> None:
        client = app.test_client()
        version = 0
        start.wait()
        while True:
            with lock:
                n = next(remaining, None)
            if n is None:
                return
            fields = [["version", str(version)], ["section_worries", f"Save {n} by {worker}."]]
            response = client.post(url, json={"fields": fields}, headers=headers)
            body = response.get_json()
            with lock:
                statuses[response.status_code] += 1
            if response.status_code == 200:
                version = body["version"]
            elif response.status_code == 409:
                version = body["current_version"]

    began = time.monotonic()
    threads = [threading.Thread(target=work, args=(w,)) for w in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    took = time.monotonic() - began
    print(f"\n{ATTEMPTS} attempts in {took:.1f}s: {dict(statuses)}")
    assert set(statuses) <= {200, 409}, statuses
    assert sum(statuses.values()) == ATTEMPTS
    saved = statuses[200]
    assert saved > THREADS
    assert_versions_are_the_saves(app, world.gp_report, saved)
