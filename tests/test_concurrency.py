"""Concurrent saves of one report from 4 processes: no error, no lost version.

Every save reads the report's current version and saves against it, as a browser tab does.
Saves that lose the race are refused with StaleVersion (a 409 on the web); every save that
succeeded is a version row, numbered without gaps.
"""

from __future__ import annotations

import multiprocessing

import pytest
from sqlalchemy import func, select

from reportsvc import db
from reportsvc.models import ReportVersion
from tests.concurrent_saver import save_many
from tests.versions import assert_versions_are_the_saves

PROCESSES = 4
SAVES = 50


@pytest.mark.slow
def test_four_processes_saving_one_report_lose_nothing(app, world, database_url):
    context = multiprocessing.get_context("spawn")
    user_id = world.users["author_gp"]
    with context.Pool(PROCESSES) as pool:
        results = pool.starmap(
            save_many,
            [(database_url, world.gp_report, user_id, SAVES, w) for w in range(PROCESSES)],
        )
    errors = [e for r in results for e in r["errors"]]
    done = sum(r["done"] for r in results)
    conflicts = sum(r["conflicts"] for r in results)
    print(f"\nconcurrency: {done} saved, {conflicts} refused as stale, {len(errors)} errors")
    assert errors == []
    assert done + conflicts == PROCESSES * SAVES
    assert done > 0
    assert_versions_are_the_saves(app, world.gp_report, done)
    with app.app_context():  # and no version went to any other report
        total = db.session().scalar(select(func.count()).select_from(ReportVersion))
        assert total == done
