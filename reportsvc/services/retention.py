"""Retention: delete what the partnership no longer needs to keep, with evidence.

Rules (partnership settings, services/settings.py):

- a conference's records (invitations, reports and every version, assessments, findings,
  returns, chases, overrides, dissent, attendance, household, QA sample items and grades of
  its reports) go once every child of the conference is past their date:
  a born child: their ``retention_child_age`` birthday (25 by default);
  an unborn baby never born into the service (no date of birth): ``retention_unborn_years``
  after the last conference they were part of;
- a child's own row goes with the last of their conferences;
- audit events go ``retention_audit_years`` after they were written. The database itself
  refuses to delete an audit event younger than a year, and never lets one be changed
  (migration 0005), so this job cannot be used to hide recent activity.

A conference under a legal hold is never touched, and neither is any conference that shares
a child with it (the family's records stay together). Deletion runs in batches, one commit
each, and writes an audit event per record removed carrying only its table and id
(action ``retention_delete``); audit events removed are summarised by one event per batch
(action ``retention_delete_audit``, record id = the highest id removed).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import Table, delete, select, update
from sqlalchemy.orm import Session

from reportsvc.models import AuditEvent, Base, Child, Conference, ConferenceChild, utcnow
from reportsvc.services import settings

# Tables that records hang from but that retention never deletes through a reference.
KEEP = {"users", "agencies", "children", "audit_samples", "settings"}
BATCH = 50  # conferences per transaction
AUDIT_BATCH = 1000
CHUNK = 500  # ids per IN (...) list


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


@dataclass
class Due:
    conference_id: int
    child_ids: list[int]
    reason: str  # ids and dates only
    records: dict[str, list[int]] = field(default_factory=dict)


@dataclass
class Plan:
    today: date
    conferences: list[Due]
    children: list[int]
    held: list[int]  # conferences due but kept by a legal hold
    audit_before: datetime
    audit_events: int

    def counts(self) -> dict[str, int]:
        totals: dict[str, int] = defaultdict(int)
        for due in self.conferences:
            for table, ids in due.records.items():
                totals[table] += len(ids)
        if self.children:
            totals["children"] = len(self.children)
        return dict(sorted(totals.items()))


def child_due_dates(session: Session, today: date) -> dict[int, tuple[date, str]]:
    """Each child's last day of keeping, with the rule that set it (ids and dates only)."""
    rules = settings.retention(session)
    last_conference: dict[int, date] = {}
    for child_id, on in session.execute(
        select(ConferenceChild.child_id, Conference.date).join(
            Conference, Conference.id == ConferenceChild.conference_id
        )
    ):
        if child_id not in last_conference or on > last_conference[child_id]:
            last_conference[child_id] = on
    dates: dict[int, tuple[date, str]] = {}
    for child in session.scalars(select(Child)):
        if child.date_of_birth is not None:
            until = add_years(child.date_of_birth, rules["child_age"])
            dates[child.id] = (until, f"child {child.id}: {rules['child_age']}th birthday {until}")
        elif child.id in last_conference:
            until = add_years(last_conference[child.id], rules["unborn_years"])
            dates[child.id] = (
                until,
                f"child {child.id}: unborn, {rules['unborn_years']} years after the last "
                f"conference ({last_conference[child.id]}) is {until}",
            )
    return dates


def _children_of(session: Session) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for conference_id, child_id in session.execute(
        select(ConferenceChild.conference_id, ConferenceChild.child_id)
    ):
        out[conference_id].append(child_id)
    return out


def plan(session: Session, today: date | None = None) -> Plan:
    """What a run would delete today (nothing is changed)."""
    today = today or utcnow().date()
    due_dates = child_due_dates(session, today)
    children_of = _children_of(session)
    held_roots = set(session.scalars(select(Conference.id).where(Conference.legal_hold)))
    held_children = {c for conf in held_roots for c in children_of.get(conf, [])}
    due: list[Due] = []
    held: list[int] = []
    for conference_id in session.scalars(select(Conference.id).order_by(Conference.id)):
        kids = children_of.get(conference_id, [])
        if not kids or any(k not in due_dates for k in kids):
            continue  # no child, or a child with no date: nothing says it may go
        if any(due_dates[k][0] >= today for k in kids):
            continue
        if conference_id in held_roots or held_children & set(kids):
            held.append(conference_id)
            continue
        reason = "; ".join(due_dates[k][1] for k in kids)
        due.append(Due(conference_id, sorted(kids), reason))
    going = {d.conference_id for d in due}
    for d in due:
        d.records = _records_under(session, [d.conference_id])
    children = sorted(
        {
            child
            for d in due
            for child in d.child_ids
            if all(conf in going for conf, kids in children_of.items() if child in kids)
        }
    )
    audit_years = settings.retention(session)["audit_years"]
    before = datetime.combine(add_years(today, -audit_years), datetime.min.time()).replace(
        tzinfo=utcnow().tzinfo
    )
    # Never later than the database allows (a year and a day ago, whatever --today says).
    before = min(before, utcnow() - timedelta(days=366))
    count = len(session.scalars(select(AuditEvent.id).where(AuditEvent.at < before)).all())
    return Plan(today, due, children, held, before, count)


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _pk(table: Table) -> str:
    return next(iter(table.primary_key.columns)).name


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _records_under(session: Session, conference_ids: list[int]) -> dict[str, list[int]]:
    """Every row that hangs from the conferences by foreign keys, table by table."""
    selected: dict[str, set[int]] = {"conferences": set(conference_ids)}
    for table in _tables():
        if table.name in KEEP or table.name == "conferences":
            continue
        found: set[int] = set()
        for fk in table.foreign_keys:
            parent = fk.column.table.name
            if parent in KEEP or not selected.get(parent):
                continue
            pk = table.c[_pk(table)]
            for chunk in _chunks(sorted(selected[parent])):
                found.update(session.scalars(select(pk).where(fk.parent.in_(chunk))))
        if found:
            selected[table.name] = found
    return {name: sorted(ids) for name, ids in selected.items()}


def _audit(session: Session, action: str, record_type: str, record_id: int | None) -> None:
    session.add(
        AuditEvent(
            user_id=None,
            role="system",
            agency_id=None,
            action=action,
            record_type=record_type,
            record_id=record_id,
            outcome="allowed",
        )
    )


def _delete_conferences(session: Session, dues: list[Due], children: set[int]) -> int:
    ids = [d.conference_id for d in dues]
    records = _records_under(session, ids)
    removed = 0
    # Later conferences that point back at one going: they stay, the pointer goes.
    session.execute(
        update(Conference)
        .where(Conference.previous_conference_id.in_(ids))
        .values(previous_conference_id=None)
    )
    for table in reversed(_tables()):
        row_ids = records.get(table.name, [])
        if not row_ids or table.name in KEEP:
            continue
        key = table.c[_pk(table)]
        for chunk in _chunks(row_ids):
            session.execute(delete(table).where(key.in_(chunk)))
        for row_id in row_ids:
            _audit(session, "retention_delete", table.name, row_id)
        removed += len(row_ids)
    # A child goes with the last of their conferences (a later batch may hold another).
    candidates = sorted({c for d in dues for c in d.child_ids if c in children})
    still_linked = set(
        session.scalars(
            select(ConferenceChild.child_id).where(ConferenceChild.child_id.in_(candidates))
        )
    ) | set(session.scalars(select(Conference.child_id).where(Conference.child_id.in_(candidates))))
    doomed = [c for c in candidates if c not in still_linked]
    if doomed:
        session.execute(delete(Child).where(Child.id.in_(doomed)))
        for child_id in doomed:
            _audit(session, "retention_delete", "children", child_id)
        removed += len(doomed)
    return removed


def run(session: Session, today: date | None = None) -> tuple[Plan, int]:
    """Delete what is due, in batches with a commit each. Returns the plan and the number of
    rows removed (records plus audit events)."""
    the_plan = plan(session, today)
    children = set(the_plan.children)
    removed = 0
    for start in range(0, len(the_plan.conferences), BATCH):
        batch = the_plan.conferences[start : start + BATCH]
        # The hold is read again inside the batch's transaction: one set since the plan wins.
        held = set(
            session.scalars(
                select(Conference.id).where(
                    Conference.id.in_([d.conference_id for d in batch]), Conference.legal_hold
                )
            )
        )
        batch = [d for d in batch if d.conference_id not in held]
        if batch:
            removed += _delete_conferences(session, batch, children)
        session.commit()
    while True:
        ids = list(
            session.scalars(
                select(AuditEvent.id)
                .where(AuditEvent.at < the_plan.audit_before)
                .order_by(AuditEvent.id)
                .limit(AUDIT_BATCH)
            )
        )
        if not ids:
            break
        session.execute(delete(AuditEvent).where(AuditEvent.id.in_(ids)))
        _audit(session, "retention_delete_audit", "audit_events", max(ids))
        removed += len(ids)
        session.commit()
    return the_plan, removed


def set_legal_hold(session: Session, conference: Conference, held: bool) -> None:
    """Set or lift the hold; the caller audits (action legal_hold_on / legal_hold_off)."""
    conference.legal_hold = held


def describe(the_plan: Plan) -> list[str]:
    """Lines for the command line: ids, dates and counts, never names or report text."""
    lines = [f"Retention on {the_plan.today.isoformat()}:"]
    if not the_plan.conferences:
        lines.append("  No conference is due for deletion.")
    for due in the_plan.conferences:
        counts = ", ".join(f"{name} {len(ids)}" for name, ids in sorted(due.records.items()))
        lines.append(f"  conference {due.conference_id}: {counts}")
        lines.append(f"    because {due.reason}")
    if the_plan.children:
        lines.append("  children: " + ", ".join(str(c) for c in the_plan.children))
    if the_plan.held:
        lines.append(
            "  kept under a legal hold: conference "
            + ", ".join(str(c) for c in sorted(the_plan.held))
        )
    lines.append(
        f"  audit events written before {the_plan.audit_before.date().isoformat()}: "
        f"{the_plan.audit_events}"
    )
    return lines
