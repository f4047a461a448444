"""The register of children on child protection plans, and what is due (read only).

Definitions (docs/outcomes.md "The register"), as of ``today``:

- A child's **current outcome** is the outcome of the latest conference (by date, not
  cancelled) that recorded a decision for that child. The child is **on a plan** when that
  decision is ``plan`` or ``plan_continues``.
- **Length of plan**: whole calendar months from the plan's start (the ICPC that made it) to
  today. **Over 18 months**: 18 months after the start is before today.
- **Second or subsequent plan**: the child had a ``plan`` decision at an earlier conference
  than the one that began the current plan.
- **Review held**: a later conference about the child (not cancelled) has taken place (its
  date is today or before). A review not held is **overdue** when its due date is before
  today, else **due**.
- **Review held late**: a child outcome with a review due date whose next held conference
  about the child was after that date.
- **Core group**: due and not recorded as held; **overdue** when the due date is before today.
"""

from __future__ import annotations

import calendar as month_calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from reportsvc.models import (
    Appeal,
    Child,
    ChildOutcome,
    Conference,
    ConferenceChild,
    ConferenceOutcome,
    Dissent,
)

LONG_PLAN_MONTHS = 18
LENGTH_BANDS = (
    (0, 3, "Under 3 months"),
    (3, 6, "3 to 6 months"),
    (6, 12, "6 to 12 months"),
    (12, 18, "12 to 18 months"),
    (18, 24, "18 months to 2 years"),
    (24, 10**6, "2 years or more"),
)
CATEGORY_ORDER = ("neglect", "physical", "emotional", "sexual")


def add_months(d: date, months: int) -> date:
    """``d`` plus calendar months; a month without that day gives its last day (so 30
    November + 3 months is 28 or 29 February)."""
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    last = month_calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last))


def next_held(held: Iterable[date], after: date) -> date | None:
    """The first conference about the child held after ``after`` (the review), or None."""
    return min((d for d in held if d > after), default=None)


def in_time(due: date, done_on: date | None, today: date) -> bool | None:
    """Whether a review was held, a core group met or a response written by its due date.

    None while it is not done and its due date has not passed (not asked yet); False when
    done after the due date (a review **held late**) or not done and past due (**overdue**).
    The register and the QA figures (queries/qa.py) both decide with this."""
    if done_on is not None:
        return done_on <= due
    return False if due < today else None


def plan_number(plan_starts: Iterable[date], started: date) -> int:
    """Which plan for the child the one that began on ``started`` is: the child's ``plan``
    decisions that began on or before it (at least 1). Over 1 is a **second or subsequent
    plan**."""
    return max(sum(1 for s in plan_starts if s <= started), 1)


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start`` to ``end`` (0 when end is before start)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and add_months(start, months) > end:
        months -= 1
    return max(months, 0)


@dataclass(frozen=True)
class PlanRow:
    child_id: int
    child_name: str
    conference_id: int
    conference_date: date
    conference_type: str
    chair_id: int
    decision: str
    category: str | None
    plan_started_on: date | None
    months_on_plan: int
    plan_number: int
    next_review_due: date | None
    review_status: str  # "due", "overdue" or "" (held, or no review due)
    next_conference: date | None  # a later scheduled conference about the child, if any
    over_18_months: bool
    repeat_plan: bool

    @property
    def length_band(self) -> str:
        for low, high, label in LENGTH_BANDS:
            if low <= self.months_on_plan < high:
                return label
        return LENGTH_BANDS[-1][2]


@dataclass(frozen=True)
class LateReview:
    child_id: int
    child_name: str
    conference_id: int
    due: date
    held_on: date
    days_late: int


@dataclass(frozen=True)
class CoreGroupRow:
    conference_id: int
    family_name: str
    conference_date: date
    chair_id: int
    due: date
    overdue: bool


@dataclass(frozen=True)
class Register:
    today: date
    plans: list[PlanRow]
    late_reviews: list[LateReview]
    core_groups: list[CoreGroupRow]

    @property
    def by_category(self) -> list[tuple[str, int]]:
        counts = {c: 0 for c in CATEGORY_ORDER}
        for row in self.plans:
            if row.category:
                counts[row.category] = counts.get(row.category, 0) + 1
        return list(counts.items())

    @property
    def by_length(self) -> list[tuple[str, int]]:
        counts = {label: 0 for _, _, label in LENGTH_BANDS}
        for row in self.plans:
            counts[row.length_band] += 1
        return list(counts.items())

    @property
    def reviews_overdue(self) -> list[PlanRow]:
        return [r for r in self.plans if r.review_status == "overdue"]

    @property
    def reviews_due(self) -> list[PlanRow]:
        return [r for r in self.plans if r.review_status == "due"]

    @property
    def over_18_months(self) -> list[PlanRow]:
        return [r for r in self.plans if r.over_18_months]

    @property
    def repeat_plans(self) -> list[PlanRow]:
        return [r for r in self.plans if r.repeat_plan]


def load(session: Session, today: date, *, chair_id: int | None = None) -> Register:
    """The register; with ``chair_id``, only children whose latest conference that chair
    chaired (and that chair's core groups)."""
    outcome_rows = session.execute(
        select(ChildOutcome, Conference)
        .join(ConferenceOutcome, ChildOutcome.outcome_id == ConferenceOutcome.id)
        .join(Conference, ConferenceOutcome.conference_id == Conference.id)
        .where(Conference.status != "cancelled")
        .order_by(Conference.date, Conference.id)
    ).all()
    by_child: dict[int, list[tuple[ChildOutcome, Conference]]] = defaultdict(list)
    for child_outcome, conference in outcome_rows:
        by_child[child_outcome.child_id].append((child_outcome, conference))
    held: dict[int, list[date]] = defaultdict(list)
    scheduled: dict[int, list[date]] = defaultdict(list)
    names: dict[int, str] = {}
    if by_child:
        for child_id, on, name in session.execute(
            select(ConferenceChild.child_id, Conference.date, Child.name)
            .join(Conference, ConferenceChild.conference_id == Conference.id)
            .join(Child, ConferenceChild.child_id == Child.id)
            .where(Conference.status != "cancelled", ConferenceChild.child_id.in_(list(by_child)))
        ):
            names[child_id] = name
            (held if on <= today else scheduled)[child_id].append(on)

    plans: list[PlanRow] = []
    late: list[LateReview] = []
    for child_id, rows in by_child.items():
        for child_outcome, conference in rows:
            due = child_outcome.next_review_due
            if due is None:
                continue
            held_on = next_held(held[child_id], conference.date)
            if held_on is not None and in_time(due, held_on, today) is False:
                late.append(
                    LateReview(
                        child_id,
                        names.get(child_id, ""),
                        conference.id,
                        due,
                        held_on,
                        (held_on - due).days,
                    )
                )
        current, conference = rows[-1]
        if not current.on_plan:
            continue
        if chair_id is not None and conference.chair_id != chair_id:
            continue
        started = current.plan_started_on or conference.date
        number = plan_number(
            ((o.plan_started_on or c.date) for o, c in rows if o.decision == "plan"), started
        )
        review_held = any(d > conference.date for d in held[child_id])
        due = current.next_review_due
        status = ""
        if due is not None and not review_held:
            status = "overdue" if due < today else "due"
        upcoming = sorted(d for d in scheduled[child_id] if d > conference.date)
        plans.append(
            PlanRow(
                child_id=child_id,
                child_name=names.get(child_id, ""),
                conference_id=conference.id,
                conference_date=conference.date,
                conference_type=conference.type,
                chair_id=conference.chair_id,
                decision=current.decision,
                category=current.category,
                plan_started_on=started,
                months_on_plan=months_between(started, today),
                plan_number=number,
                next_review_due=due,
                review_status=status,
                next_conference=upcoming[0] if upcoming else None,
                over_18_months=add_months(started, LONG_PLAN_MONTHS) < today,
                repeat_plan=number > 1,
            )
        )
    plans.sort(key=lambda r: (r.next_review_due or date.max, r.child_name))
    late.sort(key=lambda r: r.held_on, reverse=True)

    query = (
        select(ConferenceOutcome, Conference)
        .join(Conference, ConferenceOutcome.conference_id == Conference.id)
        .where(
            ConferenceOutcome.core_group_due.is_not(None),
            ConferenceOutcome.core_group_held_on.is_(None),
            Conference.status != "cancelled",
        )
        .order_by(ConferenceOutcome.core_group_due)
    )
    if chair_id is not None:
        query = query.where(Conference.chair_id == chair_id)
    core_groups = [
        CoreGroupRow(
            conference_id=conference.id,
            family_name=conference.family_name,
            conference_date=conference.date,
            chair_id=conference.chair_id,
            due=outcome.core_group_due,
            overdue=outcome.core_group_due < today,
        )
        for outcome, conference in session.execute(query).all()
        if outcome.core_group_due is not None
    ]
    return Register(today=today, plans=plans, late_reviews=late, core_groups=core_groups)


@dataclass(frozen=True)
class Awaiting:
    kind: str  # "dissent" or "appeal"
    id: int
    conference_id: int
    conference_date: date
    family_name: str
    by: str
    due: date
    days_left: int  # negative: overdue by that many days
    late: bool = False


def awaiting_response(
    session: Session, today: date, *, chair_id: int | None = None
) -> list[Awaiting]:
    """Dissent and appeals without a written response yet, soonest due first."""
    rows: list[Awaiting] = []
    dissent_query = (
        select(Dissent, Conference)
        .join(Conference, Dissent.conference_id == Conference.id)
        .where(Dissent.responded_on.is_(None))
    )
    appeal_query = (
        select(Appeal, Conference)
        .join(Conference, Appeal.conference_id == Conference.id)
        .where(Appeal.responded_on.is_(None))
    )
    if chair_id is not None:
        dissent_query = dissent_query.where(Conference.chair_id == chair_id)
        appeal_query = appeal_query.where(Conference.chair_id == chair_id)
    for dissent, conference in session.execute(dissent_query).all():
        rows.append(
            Awaiting(
                "dissent",
                dissent.id,
                conference.id,
                conference.date,
                conference.family_name,
                dissent.person,
                dissent.response_due,
                (dissent.response_due - today).days,
            )
        )
    for appeal, conference in session.execute(appeal_query).all():
        rows.append(
            Awaiting(
                "appeal",
                appeal.id,
                conference.id,
                conference.date,
                conference.family_name,
                appeal.by,
                appeal.response_due,
                (appeal.response_due - today).days,
                appeal.late,
            )
        )
    rows.sort(key=lambda r: (r.due, r.kind, r.id))
    return rows
