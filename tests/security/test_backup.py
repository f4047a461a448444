"""`reportsvc backup` and `reportsvc restore`: a round trip through the SQLite online backup
API keeps every row, and PostgreSQL is refused with the pg_dump and pg_restore commands."""

from __future__ import annotations

import pytest

from tests.security.support import plant_through_form, signed_in, snapshot

# The round trip is SQLite's (online backup API); PostgreSQL is tested for its refusal.
SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
POSTGRES_ONLY = pytest.mark.parametrize(
    "backend", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


@SQLITE_ONLY
def test_backup_and_restore_round_trip(app, world, runner, tmp_path):
    author = signed_in(app, world, "author_gp")
    plant_through_form(author, world.gp_report, lambda field: f"Before the backup {field}")
    before = snapshot(app)
    target = tmp_path / "backups" / "reportsvc.sqlite3"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "integrity check ok" in result.output
    assert runner.invoke(args=["backup", str(target)]).exit_code != 0  # never overwrites

    plant_through_form(author, world.gp_report, lambda field: f"After the backup {field}")
    assert snapshot(app) != before
    assert runner.invoke(args=["restore", str(target)], input="n\n").exit_code != 0
    result = runner.invoke(args=["restore", "--yes", str(target)])
    assert result.exit_code == 0, result.output
    assert snapshot(app) == before
    page = author.get(f"/author/reports/{world.gp_report}").get_data(as_text=True)
    assert "Before the backup" in page and "After the backup" not in page


@SQLITE_ONLY
def test_restore_refuses_a_file_that_is_not_a_reportsvc_database(runner, tmp_path):
    other = tmp_path / "other.sqlite3"
    import sqlite3

    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    result = runner.invoke(args=["restore", "--yes", str(other)])
    assert result.exit_code != 0
    assert "not a reportsvc database" in result.output


@POSTGRES_ONLY
def test_postgresql_is_refused_with_the_commands_to_use(runner, tmp_path):
    result = runner.invoke(args=["backup", str(tmp_path / "x")])
    assert result.exit_code != 0
    assert "pg_dump" in result.output and "pg_restore" in result.output
