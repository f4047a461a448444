"""Shared assertion of the concurrency tests: nothing lost, nothing doubled."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import select

from reportsvc import db
from reportsvc.models import Report, ReportVersion


def assert_versions_are_the_saves(app: Flask, report_id: int, saved: int) -> None:
    """The report's versions are numbered 1..saved without gap or duplicate, and its
    optimistic-lock version equals the number of successful saves."""
    with app.app_context():
        session = db.session()
        numbers = session.scalars(
            select(ReportVersion.number)
            .where(ReportVersion.report_id == report_id)
            .order_by(ReportVersion.number)
        ).all()
        report = session.get(Report, report_id)
        assert report is not None
        assert numbers == list(range(1, saved + 1))  # no gap, no duplicate
        assert report.version == saved
