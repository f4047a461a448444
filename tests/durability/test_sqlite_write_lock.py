"""SQLite has one write lock for the whole database. Pages and the engine must not hold it:
a GET reads in deferred transactions and takes the lock only for its audit event; an
autosave assesses the report while reading and takes the lock only for its inserts.
Watched through the statements the app sends, on a real SQLite database."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from reportsvc import db
from reportsvc.models import AuditEvent
from tests import pages
from tests.author.test_autosave_and_check import fields_of, post_json

SQLITE_ONLY = pytest.mark.parametrize("backend", ["sqlite"], indirect=True)


class Transactions:
    """The statements of each transaction, with how it began ("BEGIN" or "BEGIN IMMEDIATE")."""

    def __init__(self, app) -> None:
        self.all: list[tuple[str, list[str]]] = []
        with app.app_context():
            self.engine = db.engine()
        event.listen(self.engine, "before_cursor_execute", self._statement)

    def _statement(self, _conn, _cursor, statement, *_args) -> None:
        words = statement.strip().split()
        if statement.strip().upper() in ("BEGIN", "BEGIN IMMEDIATE"):
            self.all.append((statement.strip().upper(), []))
        elif self.all and words:
            self.all[-1][1].append(" ".join(words[:3]).upper())

    def clear(self) -> None:
        self.all.clear()

    def immediate(self) -> list[list[str]]:
        return [statements for kind, statements in self.all if kind == "BEGIN IMMEDIATE"]

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._statement)


@pytest.fixture
def transactions(app):
    watching = Transactions(app)
    yield watching
    watching.close()


@SQLITE_ONLY
@pytest.mark.parametrize("who, path", [("author_gp", "/author/reports/{report}"),
                                       ("chair", "/review/conferences/{conference}"),
                                       ("chair", "/review/reports/{report}"),
                                       ("qa", "/qa/")])  # fmt: skip
def test_a_page_takes_the_write_lock_only_to_audit_the_read(
    sign_in_as, world, transactions, who, path
):
    client = sign_in_as(who)
    transactions.clear()
    url = path.format(report=world.gp_report, conference=world.conference)
    assert client.get(url).status_code == 200
    reads = [s for kind, s in transactions.all if kind == "BEGIN"]
    assert reads and any(any(q.startswith("SELECT") for q in s) for s in reads)
    for statements in transactions.immediate():
        writes = [s for s in statements if not s.startswith(("SELECT", "COMMIT", "ROLLBACK"))]
        assert writes and all(s.startswith("INSERT INTO AUDIT_EVENTS") for s in writes), statements


@SQLITE_ONLY
def test_an_autosave_takes_the_write_lock_after_reading_and_assessing(
    sign_in_as, world, transactions
):
    client = sign_in_as("author_gp")
    page = pages.get(client, f"/author/reports/{world.gp_report}")
    transactions.clear()
    url = f"/api/v1/reports/{world.gp_report}/draft"
    saved = post_json(client, url, {"fields": fields_of(page, section_worries="New.")}, page.csrf())
    assert saved.status_code == 200
    locked = transactions.immediate()
    assert len(locked) == 1, transactions.all
    # The locked transaction starts with the optimistic-lock update: every read (user,
    # report, previous version) happened before it, as did the engine, which drafts.store
    # runs before it asks for the lock.
    assert locked[0][0].startswith("UPDATE REPORTS SET"), locked[0]
    assert any(s.startswith("INSERT INTO ASSESSMENTS") for s in locked[0])
    assert any(s.startswith("INSERT INTO AUDIT_EVENTS") for s in locked[0])


@SQLITE_ONLY
def test_a_get_that_writes_outside_db_writing_is_refused(app, world, sign_in_as):
    def writes_on_get() -> str:
        db.session().add(AuditEvent(action="x", record_type="y", record_id=1, outcome="allowed"))
        db.session().commit()
        return "written"

    app.add_url_rule("/test-writes-on-get", view_func=writes_on_get)
    client = sign_in_as("qa")
    with pytest.raises(RuntimeError, match=r"must go through db\.writing"):
        client.get("/test-writes-on-get")  # the testing app lets the error through
    with app.app_context():
        assert db.session().query(AuditEvent).filter_by(action="x").count() == 0
