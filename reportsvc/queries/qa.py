"""Read-only queries behind the QA lead dashboards: the audit questions as counts.

Every figure is a pair of SQL conditions over one row per invitation (conference x agency,
its report, and the report's facts): the denominator says which rows the question is asked
of, the numerator which of those answer yes. The database does the counting with
``SUM(CASE ...)`` and ``GROUP BY``; Python only shapes the few result rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any, Generic, Protocol, TypeVar

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    exists,
    extract,
    false,
    func,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from reportsvc.models import (
    Agency,
    Appeal,
    Attendance,
    Chase,
    ChildOutcome,
    Conference,
    ConferenceChild,
    ConferenceOutcome,
    CriterionResult,
    Dissent,
    Invitation,
    Report,
    ReportReturn,
    User,
)
from reportsvc.models.qa import ReportFacts as F
from reportsvc.queries import register
from reportsvc.queries.quoracy import PRESENT

GRADES = ("good", "requires_improvement", "inadequate")
PAGE_SIZE = 100


@dataclass(frozen=True)
class Filters:
    start: date
    end: date
    agency_type: str | None = None
    agency_id: int | None = None
    conference_type: str | None = None
    chair_id: int | None = None

    @classmethod
    def default(cls, today: date | None = None) -> Filters:
        today = today or date.today()
        return cls(start=months_before(today, 3) + timedelta(days=1), end=today)

    def args(self) -> dict[str, str]:
        """As query-string arguments (for links that keep the filters)."""
        out = {"start": self.start.isoformat(), "end": self.end.isoformat()}
        for key in ("agency_type", "agency_id", "conference_type", "chair_id"):
            value = getattr(self, key)
            if value not in (None, ""):
                out[key] = str(value)
        return out

    def where(self) -> list[ColumnElement[bool]]:
        conditions = [Conference.date >= self.start, Conference.date <= self.end]
        if self.agency_type:
            conditions.append(Agency.type == self.agency_type)
        if self.agency_id:
            conditions.append(Agency.id == self.agency_id)
        if self.conference_type:
            conditions.append(Conference.type == self.conference_type)
        if self.chair_id:
            conditions.append(Conference.chair_id == self.chair_id)
        return conditions


def months_before(day: date, months: int) -> date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    of: str  # what the denominator counts, in words
    numerator: ColumnElement[bool]
    denominator: ColumnElement[bool]


@dataclass(frozen=True)
class Count:
    figure: Figure
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        return 100.0 * self.numerator / self.denominator if self.denominator else None


def _attended() -> ColumnElement[bool]:
    """The invited agency's latest attendance status for the conference, as the chair
    recorded it (one Attendance row per change, the latest counts), is attending or
    attended. Not recorded counts as no: the question is asked of every invited agency."""
    latest = (
        select(Attendance.status)
        .where(
            Attendance.conference_id == Invitation.conference_id,
            Attendance.agency_id == Invitation.agency_id,
        )
        .order_by(Attendance.recorded_at.desc(), Attendance.id.desc())
        .limit(1)
        .correlate(Invitation)
        .scalar_subquery()
    )
    # COALESCE so that "not recorded" is a definite no (NOT (NULL IN ...) would be NULL and
    # drop those agencies from the "no" drill-down).
    return func.coalesce(latest, "").in_(sorted(PRESENT))


def _step_down(met: bool | None = None) -> ColumnElement[bool]:
    """The stored assessment has the step-down-evidence criterion: the engine found a
    step-down recommendation (the rubric leaves the criterion out otherwise, issue 15);
    ``met`` narrows to those with or without evidence of sustained change."""
    found = exists().where(
        CriterionResult.assessment_id == F.assessment_id,
        CriterionResult.criterion == "step-down-evidence",
    )
    return found.where(CriterionResult.met.is_(met)) if met is not None else found


def _figures() -> list[Figure]:
    written = F.version_id.is_not(None)
    rcpc = and_(written, Conference.type == "RCPC")
    challenge = or_(
        exists().where(ReportReturn.report_id == Report.id),
        exists().where(Chase.invitation_id == Invitation.id),
    )
    invited = true()
    shared = and_(written, F.shared.is_(True))
    rows = [
        ("attended", "Attended the conference", "invited agencies", _attended(), invited),
        ("written", "Wrote a report", "invited agencies", written, invited),
        (
            "in_time",
            "Submitted within timescale",
            "reports written",
            Report.submitted_at < F.due_by,
            written,
        ),
        ("shared", "Shared with the family", "reports written", F.shared.is_(True), written),
        (
            "shared_in_time",
            "Shared with the family in time",
            "reports shared",
            F.shared_in_time.is_(True),
            shared,
        ),
        ("voice", "Voice of the child clear", "reports written", F.voice.is_(True), written),
        ("identity", "Identity considered", "reports written", F.identity.is_(True), written),
        (
            "threshold",
            "Threshold rationale shown",
            "reports written",
            F.threshold.is_(True),
            written,
        ),
        (
            "previous_actions",
            "Update on previous actions (RCPC)",
            "review conference reports",
            F.previous_actions.is_(True),
            rcpc,
        ),
        ("smart", "Actions specific (SMART)", "reports written", F.smart.is_(True), written),
        (
            "father",
            "Father or male carers addressed",
            "reports written",
            F.father.is_(True),
            written,
        ),
        (
            "alternative_views",
            "Alternative views recorded",
            "reports written",
            F.alternative_views.is_(True),
            written,
        ),
        ("challenge", "Chair challenge recorded", "invited agencies", challenge, invited),
        (
            "step_down_evidence",
            "Step-down recommended with evidence of sustained change",
            "step-down recommendations",
            _step_down(met=True),
            and_(written, _step_down()),
        ),
    ]
    graded = and_(written, F.grade.is_not(None))
    labels = {"good": "Good", "requires_improvement": "Requires improvement"}
    for grade in GRADES:
        rows.append(
            (
                f"grade_{grade}",
                f"Graded {labels.get(grade, grade.capitalize()).lower()}",
                "reports graded",
                F.grade == grade,
                graded,
            )
        )
    return [Figure(k, label, of, num, den) for k, label, of, num, den in rows]


FIGURES: list[Figure] = _figures()
BY_KEY = {f.key: f for f in FIGURES}
CRITERIA_KEYS = [f.key for f in FIGURES if not f.key.startswith("grade_")]


def base_query(columns: list[Any], filters: Filters) -> Select[Any]:
    return (
        select(*columns)
        .select_from(Invitation)
        .join(Conference, Conference.id == Invitation.conference_id)
        .join(Agency, Agency.id == Invitation.agency_id)
        .join(Report, Report.invitation_id == Invitation.id)
        .outerjoin(F, F.report_id == Report.id)
        .where(*filters.where())
    )


def _sums(figures: list[Figure]) -> list[Any]:
    """One SUM per figure's numerator, and one per distinct denominator (shared by many)."""
    columns = [func.sum(case((and_(f.denominator, f.numerator), 1), else_=0)) for f in figures]
    for denominator in _denominators(figures):
        columns.append(func.sum(case((denominator, 1), else_=0)))
    return columns


def _denominators(figures: list[Figure]) -> list[ColumnElement[bool]]:
    seen: dict[int, ColumnElement[bool]] = {}
    for f in figures:
        seen.setdefault(id(f.denominator), f.denominator)
    return list(seen.values())


def _counts(row: Any, offset: int, figures: list[Figure]) -> list[Count]:
    values = list(row)[offset:]
    index = {id(d): len(figures) + i for i, d in enumerate(_denominators(figures))}
    return [
        Count(f, int(values[i] or 0), int(values[index[id(f.denominator)]] or 0))
        for i, f in enumerate(figures)
    ]


def summary(session: Session, filters: Filters) -> list[Count]:
    row = session.execute(base_query(_sums(FIGURES), filters)).one()
    return _counts(row, 0, FIGURES)


class _Keyed(Protocol):
    @property
    def figure(self) -> Any: ...


C = TypeVar("C", bound=_Keyed)


@dataclass
class Month(Generic[C]):
    """One month of a trend: the report figures (Count) or the after-conference ones
    (OutcomeCount)."""

    year: int
    month: int
    counts: list[C] = field(default_factory=list)

    @property
    def label(self) -> str:
        return date(self.year, self.month, 1).strftime("%b %Y")

    def get(self, key: str) -> C:
        return next(c for c in self.counts if c.figure.key == key)


def trends(session: Session, filters: Filters) -> list[Month[Count]]:
    """Each figure per calendar month of conference date (months with no data are zero)."""
    year = extract("year", Conference.date)
    month = extract("month", Conference.date)
    query = base_query([year, month, *_sums(FIGURES)], filters).group_by(year, month)
    found = {(int(r[0]), int(r[1])): _counts(r, 2, FIGURES) for r in session.execute(query)}
    months = []
    y, m = filters.start.year, filters.start.month
    while (y, m) <= (filters.end.year, filters.end.month):
        counts = found.get((y, m)) or [Count(f, 0, 0) for f in FIGURES]
        months.append(Month(y, m, counts))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def by_agency_type(session: Session, filters: Filters) -> dict[str, list[Count]]:
    query = base_query([Agency.type, *_sums(FIGURES)], filters).group_by(Agency.type)
    return {r[0]: _counts(r, 1, FIGURES) for r in session.execute(query)}


@dataclass(frozen=True)
class ReportRow:
    report_id: int
    conference_id: int
    conference_type: str
    conference_date: date
    agency_name: str
    agency_type: str
    due_date: date
    submitted_at: Any
    grade: str | None
    score: int | None
    ruleset_version: str
    answers: dict[str, bool | None]  # figure key -> yes/no (None: not asked of this report)


def _answer_columns() -> list[Any]:
    return [
        case((f.denominator, case((f.numerator, true()), else_=false())), else_=None)
        for f in FIGURES
        if not f.key.startswith("grade_")
    ]


def reports(
    session: Session,
    filters: Filters,
    *,
    figure: str | None = None,
    answer: str | None = None,
    page: int = 1,
    page_size: int | None = PAGE_SIZE,
    ids: list[int] | None = None,
) -> tuple[list[ReportRow], int]:
    """The reports behind a figure (``answer`` "yes" or "no" narrows to the numerator or
    the rest of the denominator); with no figure, every invitation in the filters."""
    conditions: list[ColumnElement[bool]] = []
    if ids is not None:
        conditions.append(Report.id.in_(ids))
    if figure in BY_KEY:
        chosen = BY_KEY[figure]
        conditions.append(chosen.denominator)
        if answer == "yes":
            conditions.append(chosen.numerator)
        elif answer == "no":
            conditions.append(~chosen.numerator)
    total = session.scalar(base_query([func.count()], filters).where(*conditions)) or 0
    query = (
        base_query(
            [
                Report.id,
                Conference.id,
                Conference.type,
                Conference.date,
                Agency.name,
                Agency.type,
                Invitation.due_date,
                Report.submitted_at,
                F.grade,
                F.score,
                F.ruleset_version,
                *_answer_columns(),
            ],
            filters,
        )
        .where(*conditions)
        .order_by(Conference.date.desc(), Report.id)
    )
    if page_size is not None:
        query = query.limit(page_size).offset((max(page, 1) - 1) * page_size)
    keys = CRITERIA_KEYS
    rows = [
        ReportRow(
            report_id=r[0],
            conference_id=r[1],
            conference_type=r[2],
            conference_date=r[3],
            agency_name=r[4],
            agency_type=r[5],
            due_date=r[6],
            submitted_at=r[7],
            grade=r[8],
            score=r[9],
            ruleset_version=r[10] or "",
            answers={
                k: (None if v is None else bool(v)) for k, v in zip(keys, r[11:], strict=True)
            },
        )
        for r in session.execute(query)
    ]
    return rows, int(total)


def choices(session: Session) -> dict[str, list[tuple[int, str]]]:
    """Agencies and chairs for the filter form."""
    return {
        "agencies": [
            (a.id, a.name)
            for a in session.execute(select(Agency.id, Agency.name).order_by(Agency.name))
        ],
        "chairs": [
            (u.id, u.name)
            for u in session.execute(
                select(User.id, User.name).where(User.role == "chair").order_by(User.name)
            )
        ],
    }


# --- After the conference: reviews, core groups, plans, dissent and appeals ---------------
#
# These figures are asked of children's plans and of the partnership's responses, not of an
# agency's report, so each has its own unit (a review due, a core group due, a new plan, a
# dissent, an appeal) instead of the invitation rows above. The period is the date that
# puts the item there: the due date for the "in time" figures (so a review due in March
# counts in March, held or not), the conference date for new plans. The conference type and
# chair filters apply to the conference the item belongs to (for a review: the conference
# that set its due date, so ICPC gives first reviews); the agency filters do not apply.
# "In time", "held", "second or subsequent plan" are the register's definitions
# (queries/register.py: ``next_held``, ``in_time``, ``plan_number``), so both agree.


@dataclass(frozen=True)
class OutcomeFigure:
    key: str
    label: str
    of: str  # what the denominator counts, in words
    kind: str  # "review", "core_group", "plan", "dissent" or "appeal"
    dated_by: str  # the date that puts an item in the period, in words


OUTCOME_CATEGORY_LABELS = {
    "neglect": "neglect",
    "physical": "physical abuse",
    "emotional": "emotional abuse",
    "sexual": "sexual abuse",
}

OUTCOME_FIGURES: list[OutcomeFigure] = [
    OutcomeFigure(
        "review_in_time", "Reviews held in time", "reviews due", "review", "review due date"
    ),
    OutcomeFigure(
        "core_group_in_time",
        "Core groups held in time",
        "core groups due",
        "core_group",
        "core group due date",
    ),
    *(
        OutcomeFigure(
            f"plan_{category}",
            f"New plans under {label}",
            "new plans",
            "plan",
            "conference date",
        )
        for category, label in OUTCOME_CATEGORY_LABELS.items()
    ),
    OutcomeFigure(
        "repeat_plan", "Second or subsequent plans", "new plans", "plan", "conference date"
    ),
    OutcomeFigure(
        "dissent_in_time",
        "Dissent answered in time",
        "dissents due a response",
        "dissent",
        "response due date",
    ),
    OutcomeFigure(
        "appeal_in_time",
        "Appeals answered in time",
        "appeals due a response",
        "appeal",
        "response due date",
    ),
]
OUTCOME_BY_KEY = {f.key: f for f in OUTCOME_FIGURES}


@dataclass(frozen=True)
class OutcomeItem:
    """One item a figure is asked of, with its answer (ids, dates, category: no names)."""

    kind: str
    id: int  # child outcome, conference outcome, dissent or appeal id
    conference_id: int
    conference_type: str
    conference_date: date
    child_id: int | None
    on: date  # the date that puts it in the period
    due: date | None
    done_on: date | None  # review held, core group met, response written
    category: str | None
    plan_number: int | None
    answer: bool


@dataclass(frozen=True)
class OutcomeCount:
    figure: OutcomeFigure
    numerator: int
    denominator: int

    @property
    def percent(self) -> float | None:
        return 100.0 * self.numerator / self.denominator if self.denominator else None


def _conference_filters(filters: Filters) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if filters.conference_type:
        conditions.append(Conference.type == filters.conference_type)
    if filters.chair_id:
        conditions.append(Conference.chair_id == filters.chair_id)
    return conditions


def _review_items(session: Session, filters: Filters, today: date) -> list[OutcomeItem]:
    rows = session.execute(
        select(
            ChildOutcome.id,
            ChildOutcome.child_id,
            ChildOutcome.next_review_due,
            Conference.id,
            Conference.type,
            Conference.date,
        )
        .join(ConferenceOutcome, ChildOutcome.outcome_id == ConferenceOutcome.id)
        .join(Conference, ConferenceOutcome.conference_id == Conference.id)
        .where(
            Conference.status != "cancelled",
            ChildOutcome.next_review_due >= filters.start,
            ChildOutcome.next_review_due <= filters.end,
            *_conference_filters(filters),
        )
    ).all()
    held: dict[int, list[date]] = defaultdict(list)
    child_ids = sorted({r[1] for r in rows})
    if child_ids:
        # As the register: a conference about the child, not cancelled, dated today or before.
        for child_id, on in session.execute(
            select(ConferenceChild.child_id, Conference.date)
            .join(Conference, ConferenceChild.conference_id == Conference.id)
            .where(
                Conference.status != "cancelled",
                Conference.date <= today,
                ConferenceChild.child_id.in_(child_ids),
            )
        ):
            held[child_id].append(on)
    items = []
    for outcome_id, child_id, due, conference_id, conference_type, conference_date in rows:
        if due is None:  # not possible: the query asks for a due date in the period
            continue
        held_on = register.next_held(held[child_id], conference_date)
        answer = register.in_time(due, held_on, today)
        if answer is None:
            continue
        items.append(
            OutcomeItem(
                "review",
                outcome_id,
                conference_id,
                conference_type,
                conference_date,
                child_id,
                due,
                due,
                held_on,
                None,
                None,
                answer,
            )
        )
    return items


def _core_group_items(session: Session, filters: Filters, today: date) -> list[OutcomeItem]:
    rows = session.execute(
        select(
            ConferenceOutcome.id,
            ConferenceOutcome.core_group_due,
            ConferenceOutcome.core_group_held_on,
            Conference.id,
            Conference.type,
            Conference.date,
        )
        .join(Conference, ConferenceOutcome.conference_id == Conference.id)
        .where(
            Conference.status != "cancelled",
            ConferenceOutcome.core_group_due >= filters.start,
            ConferenceOutcome.core_group_due <= filters.end,
            *_conference_filters(filters),
        )
    ).all()
    items = []
    for outcome_id, due, held_on, conference_id, conference_type, conference_date in rows:
        if due is None:  # not possible: the query asks for a due date in the period
            continue
        answer = register.in_time(due, held_on, today)
        if answer is None:
            continue
        items.append(
            OutcomeItem(
                "core_group",
                outcome_id,
                conference_id,
                conference_type,
                conference_date,
                None,
                due,
                due,
                held_on,
                None,
                None,
                answer,
            )
        )
    return items


def _plan_rows(session: Session, filters: Filters) -> list[OutcomeItem]:
    """New plans (decision ``plan``) at conferences in the period; ``answer`` unused."""
    start = func.coalesce(ChildOutcome.plan_started_on, Conference.date)
    base = (
        select(ChildOutcome.id, ChildOutcome.child_id, ChildOutcome.category, start)
        .join(ConferenceOutcome, ChildOutcome.outcome_id == ConferenceOutcome.id)
        .join(Conference, ConferenceOutcome.conference_id == Conference.id)
        .where(Conference.status != "cancelled", ChildOutcome.decision == "plan")
    )
    rows = session.execute(
        base.add_columns(Conference.id, Conference.type, Conference.date).where(
            Conference.date >= filters.start,
            Conference.date <= filters.end,
            *_conference_filters(filters),
        )
    ).all()
    starts: dict[int, list[date]] = defaultdict(list)
    child_ids = sorted({r[1] for r in rows})
    if child_ids:
        # Every plan the child has had (as the register counts them), in any period.
        for _id, child_id, _category, began in session.execute(
            base.where(ChildOutcome.child_id.in_(child_ids))
        ):
            starts[child_id].append(_as_date(began))
    return [
        OutcomeItem(
            "plan",
            outcome_id,
            conference_id,
            conference_type,
            conference_date,
            child_id,
            conference_date,
            None,
            None,
            category,
            register.plan_number(starts[child_id], _as_date(began)),
            False,
        )
        for outcome_id, child_id, category, began, conference_id, conference_type, conference_date in rows  # noqa: E501
    ]


def _as_date(value: Any) -> date:
    # COALESCE of two DATE columns comes back as text on SQLite.
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _response_items(
    session: Session, filters: Filters, today: date, model: Any, kind: str
) -> list[OutcomeItem]:
    rows = session.execute(
        select(model.id, model.response_due, model.responded_on, Conference.id)
        .add_columns(Conference.type, Conference.date)
        .join(Conference, model.conference_id == Conference.id)
        .where(
            model.response_due >= filters.start,
            model.response_due <= filters.end,
            *_conference_filters(filters),
        )
    ).all()
    items = []
    for item_id, due, responded_on, conference_id, conference_type, conference_date in rows:
        answer = register.in_time(due, responded_on, today)
        if answer is None:
            continue
        items.append(
            OutcomeItem(
                kind,
                item_id,
                conference_id,
                conference_type,
                conference_date,
                None,
                due,
                due,
                responded_on,
                None,
                None,
                answer,
            )
        )
    return items


def outcome_items(
    session: Session, filters: Filters, today: date | None = None
) -> dict[str, list[OutcomeItem]]:
    """The items behind every outcome figure, each with its yes/no answer."""
    today = today or date.today()
    plans = _plan_rows(session, filters)
    out: dict[str, list[OutcomeItem]] = {
        "review_in_time": _review_items(session, filters, today),
        "core_group_in_time": _core_group_items(session, filters, today),
    }
    for category in OUTCOME_CATEGORY_LABELS:
        out[f"plan_{category}"] = [_answered(p, p.category == category) for p in plans]
    out["repeat_plan"] = [_answered(p, (p.plan_number or 1) > 1) for p in plans]
    out["dissent_in_time"] = _response_items(session, filters, today, Dissent, "dissent")
    out["appeal_in_time"] = _response_items(session, filters, today, Appeal, "appeal")
    for items in out.values():
        items.sort(key=lambda i: (i.on, i.conference_id, i.id), reverse=True)
    return out


def _answered(item: OutcomeItem, answer: bool) -> OutcomeItem:
    return replace(item, answer=answer)


def _outcome_counts(items: dict[str, list[OutcomeItem]]) -> list[OutcomeCount]:
    return [
        OutcomeCount(f, sum(1 for i in items[f.key] if i.answer), len(items[f.key]))
        for f in OUTCOME_FIGURES
    ]


def outcome_summary(
    session: Session, filters: Filters, today: date | None = None
) -> list[OutcomeCount]:
    return _outcome_counts(outcome_items(session, filters, today))


def outcome_trends(
    session: Session, filters: Filters, today: date | None = None
) -> list[Month[OutcomeCount]]:
    """Each outcome figure per calendar month of its date (due date or conference date)."""
    items = outcome_items(session, filters, today)
    months = []
    y, m = filters.start.year, filters.start.month
    while (y, m) <= (filters.end.year, filters.end.month):
        in_month = {
            key: [i for i in found if (i.on.year, i.on.month) == (y, m)]
            for key, found in items.items()
        }
        months.append(Month(y, m, _outcome_counts(in_month)))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return months


def outcome_drill(
    session: Session,
    filters: Filters,
    figure: str,
    answer: str | None = None,
    today: date | None = None,
) -> list[OutcomeItem]:
    """The items behind one outcome figure (``answer`` "yes" or "no" narrows them)."""
    items = outcome_items(session, filters, today)[figure]
    if answer == "yes":
        return [i for i in items if i.answer]
    if answer == "no":
        return [i for i in items if not i.answer]
    return items
