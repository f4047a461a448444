"""Everything the chair's conference page (and the pack) shows, read in a few queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from reportsvc import chronology
from reportsvc.models import Agency, Conference, ConferenceChild, Dissent, Invitation
from reportsvc.queries import quoracy as quoracy_query
from reportsvc.queries.coverage import ChildCoverage, Coverage, child_coverage, coverage
from reportsvc.queries.review import (
    AgencyRow,
    ConferenceRow,
    conference_chronology,
    conference_row,
    submissions,
)
from scoring.calendar import Timescales


@dataclass(frozen=True)
class DissentRow:
    dissent: Dissent
    agency: str  # the invited agency's name, or the role entered (e.g. "Mother")
    days_left: int | None  # until the written response is due; None once answered

    @property
    def open(self) -> bool:
        return self.days_left is not None


@dataclass(frozen=True)
class ConferencePage:
    row: ConferenceRow
    coverage: Coverage
    child_coverage: ChildCoverage
    chronology: list[chronology.Entry]
    quoracy: quoracy_query.Quoracy
    attendance: dict[int | str, str]
    dissents: list[DissentRow]

    @property
    def agencies(self) -> list[AgencyRow]:
        return self.row.agencies


def load(
    session: Session, conference: Conference, today: date, timescales: Timescales
) -> ConferencePage:
    # One query for invitations, agencies and reports instead of one per agency.
    session.scalars(
        select(Conference)
        .where(Conference.id == conference.id)
        .options(
            selectinload(Conference.invitations).selectinload(Invitation.report),
            selectinload(Conference.invitations).selectinload(Invitation.agency),
            selectinload(Conference.child_links).joinedload(ConferenceChild.child),
        )
        .execution_options(populate_existing=True)
    ).one()
    report_ids = [inv.report.id for inv in conference.invitations if inv.report is not None]
    row = conference_row(conference, submissions(session, report_ids), today, timescales)
    attending = quoracy_query.attendance(session, conference.id)
    return ConferencePage(
        row=row,
        coverage=coverage(conference, row.agencies),
        child_coverage=child_coverage(conference, row.agencies),
        chronology=conference_chronology(conference, row.agencies),
        quoracy=quoracy_query.quoracy(session, row.agencies, attending),
        attendance=attending,
        dissents=dissents(session, [conference.id], today).get(conference.id, []),
    )


def dissents(
    session: Session, conference_ids: list[int], today: date, *, open_only: bool = False
) -> dict[int, list[DissentRow]]:
    if not conference_ids:
        return {}
    query = (
        select(Dissent, Agency.name)
        .outerjoin(Agency, Agency.id == Dissent.agency_id)
        .where(Dissent.conference_id.in_(conference_ids))
        .order_by(Dissent.recorded_on, Dissent.id)
    )
    if open_only:
        query = query.where(Dissent.responded_on.is_(None))
    found: dict[int, list[DissentRow]] = {}
    for dissent, agency_name in session.execute(query):
        days_left = None if dissent.responded_on else (dissent.response_due - today).days
        found.setdefault(dissent.conference_id, []).append(
            DissentRow(dissent, agency_name or dissent.agency_name, days_left)
        )
    return found
