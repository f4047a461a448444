"""A worker process for the concurrency test: saves one report N times with its own app."""

from __future__ import annotations

from typing import Any


def save_many(
    database_url: str, report_id: int, user_id: int, saves: int, worker: int
) -> dict[str, Any]:
    from reportsvc import create_app, db
    from reportsvc.models import Report, User
    from reportsvc.services import reports

    app = create_app({"ENV_NAME": "testing", "DATABASE_URL": database_url})
    done = conflicts = 0
    errors: list[str] = []
    with app.app_context():
        for n in range(saves):
            # Read the version in one transaction and save in another, as a browser tab does
            # (page load, then a save later), so workers really race each other.
            session = db.session()
            seen = session.get(Report, report_id)
            assert seen is not None
            expected = seen.version
            session.commit()
            try:
                report = session.get(Report, report_id)
                user = session.get(User, user_id)
                assert report is not None and user is not None
                document = {
                    "format": "cpc-report/1",
                    "conference": {"type": "ICPC", "date": "2026-12-14"},
                    "agency": {"type": "gp", "name": "Test Surgery"},
                    "author": {"name": f"Worker {worker}", "role": "GP"},
                    "submitted_on": None,
                    "shared_with_family": None,
                    "child": {"name": "Leah", "date_of_birth": "2023-05-02"},
                    "household": [],
                    "sections": {"worries": f"Save {n} from worker {worker}."},
                }
                reports.save(session, report, document, expected_version=expected, user=user)
                session.commit()
                done += 1
            except reports.StaleVersion:
                session.rollback()
                conflicts += 1
            except Exception as error:  # the test asserts there are none
                session.rollback()
                errors.append(type(error).__name__ + ": " + str(error)[:200])
            finally:
                session.close()
                from flask import g

                g.pop("db_session", None)
        db.engine().dispose()
    return {"done": done, "conflicts": conflicts, "errors": errors}
