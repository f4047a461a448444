"""The outcome of a conference: the decision per child, the plan's actions per agency,
dissent and appeals, and the dates that follow (docs/outcomes.md; DESIGN.md "Conference
outcome" and "Domain rules").

``parse(data, conference, ...)`` checks a whole outcome (the API's shape) and raises
``OutcomeError`` naming every problem by its path, like ``conference_spec.parse``; nothing is
written until ``record`` is given a clean ``OutcomeSpec``. ``record`` replaces the outcome as a
whole, queues the mails it causes in the caller's transaction, and the caller commits.

Dates (all from the partnership's bank-holiday region):

- ``appeal_by``: 5 working days after the conference; an appeal received later is accepted
  and marked late, with the reason.
- ``core_group_due``: an ICPC with a plan for any child: 10 working days after it.
- ``reconvene_by``: a deferred decision: 10 working days after the ICPC.
- each child's ``next_review_due``: a new plan: 3 calendar months after the conference; a plan
  that continues at a review: 6 calendar months after that review; otherwise none. A month
  that has no such day ends the period on its last day (30 November + 3 months is 28 or 29
  February), and a date that falls on a weekend or bank holiday moves back to the working day
  before, so the review is still held within the period.
- dissent ``response_due`` and appeal ``response_due``: 28 calendar days (after the conference
  for dissent, after the appeal was received for an appeal).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

import scoring
from forms import previous_actions as layout
from reportsvc.models import (
    ALTERNATIVES,
    APPELLANTS,
    CATEGORIES,
    Appeal,
    ChildOutcome,
    Conference,
    ConferenceOutcome,
    Dissent,
    Invitation,
    OutboxMail,
    PlanAction,
    User,
    utcnow,
)
from reportsvc.queries.register import add_months
from reportsvc.services import outbox
from reportsvc.services import settings as settings_service
from reportsvc.services.conference_spec import _Reader
from scoring.calendar import add_working_days, is_working_day

CORE_GROUP_WORKING_DAYS = 10
RECONVENE_WORKING_DAYS = 10
APPEAL_WORKING_DAYS = 5
FIRST_REVIEW_MONTHS = 3
LATER_REVIEW_MONTHS = 6
RESPONSE_DAYS = 28
REMIND_DAYS_BEFORE = 7  # the chair's mail about a response goes this many days before it is due

DECISIONS_BY_TYPE = {
    "ICPC": ("plan", "no_plan", "deferred"),
    "RCPC": ("plan_continues", "plan_ends", "plan", "no_plan"),
}
PLAN_DECISIONS = ("plan", "plan_continues")
DECISION_LABELS = {
    "plan": "Child protection plan",
    "no_plan": "No child protection plan",
    "plan_continues": "Plan continues",
    "plan_ends": "Plan ends",
    "deferred": "Decision deferred",
}
ALTERNATIVE_LABELS = {
    "child_in_need": "Child in need plan",
    "early_help": "Early help",
    "nfa": "No further action",
}
CATEGORY_LABELS = {
    "neglect": "Neglect",
    "physical": "Physical abuse",
    "emotional": "Emotional abuse",
    "sexual": "Sexual abuse",
}
TOP_KEYS = {"children", "actions", "dissent", "appeals", "core_group_held_on"}
CHILD_KEYS = {
    "key",
    "decision",
    "alternative",
    "category",
    "primary_concern",
    "secondary_concerns",
    "lead_social_worker",
    "core_group",
}
ACTION_KEYS = {"agency", "child", "who", "what", "by_when", "how_we_will_know"}
DISSENT_KEYS = {"by", "reason"}
APPEAL_KEYS = {"by", "by_role", "received_on", "late_reason"}
MAX_LIST = 20
MAX_TEXT = 2000
MAX_LINE = 200
MAX_ACTIONS = 100


class OutcomeError(ValueError):
    """The outcome cannot be stored; ``details`` lists ``{"path", "message"}``."""

    def __init__(self, details: list[dict[str, str]]) -> None:
        super().__init__(f"{len(details)} problem(s) in the outcome")
        self.details = details


@dataclass(frozen=True)
class ChildDecision:
    key: str
    decision: str
    alternative: str | None = None
    category: str | None = None
    primary_concern: str = ""
    secondary_concerns: tuple[str, ...] = ()
    lead_social_worker: str = ""
    core_group: tuple[str, ...] = ()


@dataclass(frozen=True)
class ActionSpec:
    agency: str
    who: str
    what: str
    by_when: date
    how_we_will_know: str
    child: str | None = None


@dataclass(frozen=True)
class DissentSpec:
    by: str
    reason: str


@dataclass(frozen=True)
class AppealSpec:
    by: str
    by_role: str
    received_on: date
    late_reason: str = ""


@dataclass(frozen=True)
class OutcomeSpec:
    children: tuple[ChildDecision, ...]
    actions: tuple[ActionSpec, ...] = ()
    # None: not given, so what is stored is kept.
    dissent: tuple[DissentSpec, ...] | None = None
    appeals: tuple[AppealSpec, ...] | None = None
    core_group_held_on: date | None = None
    given: frozenset[str] = field(default_factory=frozenset)


# --- dates -------------------------------------------------------------------------------


def working_day_on_or_before(d: date, region: str) -> date:
    while not is_working_day(d, region):
        d -= timedelta(days=1)
    return d


def review_due(conference_date: date, decision: str, region: str) -> date | None:
    """When the next review must be held, or None when there is no plan."""
    if decision == "plan":
        months = FIRST_REVIEW_MONTHS
    elif decision == "plan_continues":
        months = LATER_REVIEW_MONTHS
    else:
        return None
    return working_day_on_or_before(add_months(conference_date, months), region)


def core_group_due(conference: Conference, decisions: list[str], region: str) -> date | None:
    if conference.type == "ICPC" and "plan" in decisions:
        return add_working_days(conference.date, CORE_GROUP_WORKING_DAYS, region)
    return None


def reconvene_by(conference: Conference, decisions: list[str], region: str) -> date | None:
    if "deferred" in decisions:
        return add_working_days(conference.date, RECONVENE_WORKING_DAYS, region)
    return None


def appeal_by(conference_date: date, region: str) -> date:
    return add_working_days(conference_date, APPEAL_WORKING_DAYS, region)


def response_due(start: date) -> date:
    return start + timedelta(days=RESPONSE_DAYS)


def _region(session: Session) -> str:
    return settings_service.timescales(session).region


# --- parsing -----------------------------------------------------------------------------


class _OutcomeReader(_Reader):
    def items(self, data: dict[str, Any], key: str, path: str) -> list[tuple[int, Any]] | None:
        where = f"{path}.{key}" if path else key
        if key not in data or data[key] is None:
            return None
        value = data[key]
        if not isinstance(value, list):
            self.problem(where, "must be a list")
            return None
        return list(enumerate(value))

    def objects_at(self, data: dict[str, Any], key: str, limit: int) -> list[tuple[int, Any]]:
        found = self.items(data, key, "") or []
        if len(found) > limit:
            self.problem(key, f"must have {limit} entries or fewer")
        good = []
        for n, item in found:
            if isinstance(item, dict):
                good.append((n, item))
            else:
                self.problem(f"{key}[{n}]", "must be an object")
        return good

    def texts(self, data: dict[str, Any], key: str, path: str) -> tuple[str, ...]:
        found = self.items(data, key, path) or []
        if len(found) > MAX_LIST:
            self.problem(f"{path}.{key}", f"must have {MAX_LIST} entries or fewer")
        values = []
        for n, item in found:
            where = f"{path}.{key}[{n}]"
            if not isinstance(item, str) or not item.strip():
                self.problem(where, "must be text")
            elif len(item.strip()) > MAX_LINE:
                self.problem(where, f"must be {MAX_LINE} characters or fewer")
            elif any(ord(c) < 32 for c in item):
                self.problem(where, "must be one line of text")
            else:
                values.append(item.strip())
        return tuple(values)

    def choice(
        self, data: dict[str, Any], key: str, path: str, allowed: tuple[str, ...], *, required: bool
    ) -> str | None:
        where = f"{path}.{key}"
        value = data.get(key)
        if value is None or value == "":
            if required:
                self.problem(where, f"is required (one of: {', '.join(allowed)})")
            return None
        if value not in allowed:
            self.problem(where, f"must be one of: {', '.join(allowed)}")
            return None
        return str(value)

    def absent(self, data: dict[str, Any], key: str, path: str, why: str) -> None:
        if data.get(key) not in (None, "", []):
            self.problem(f"{path}.{key}", why)


def parse(data: Any, conference: Conference, *, region: str, today: date) -> OutcomeSpec:
    """The outcome in ``data`` for ``conference``, or ``OutcomeError`` naming every problem."""
    r = _OutcomeReader()
    if not isinstance(data, dict):
        raise OutcomeError([{"path": "", "message": "The outcome must be a JSON object"}])
    if conference.cancelled:
        r.problem("", "the conference was cancelled, so it has no outcome")
    if conference.date > today:
        r.problem("", f"the conference is on {conference.date.isoformat()}: record it after then")
    r.unknown(data, TOP_KEYS, "")
    keys = [link.key for link in conference.child_links]
    allowed = DECISIONS_BY_TYPE[conference.type]

    children: list[ChildDecision] = []
    if "children" not in data or data["children"] is None:
        r.problem("children", "is required (a list with one entry for each child)")
    seen: set[str] = set()
    for n, item in r.objects_at(data, "children", len(keys) or 1):
        path = f"children[{n}]"
        r.unknown(item, CHILD_KEYS, path)
        key = item.get("key")
        if not isinstance(key, str) or not key:
            r.problem(f"{path}.key", "is required (the child's key in this conference)")
        elif key not in keys:
            r.problem(f"{path}.key", "is not the key of a child of this conference")
        elif key in seen:
            r.problem(f"{path}.key", "is given twice")
        else:
            seen.add(key)
        decision = r.choice(item, "decision", path, allowed, required=True)
        on_plan = decision in PLAN_DECISIONS
        alternative = None
        if decision == "no_plan":
            alternative = r.choice(item, "alternative", path, ALTERNATIVES, required=True)
        elif decision == "plan_ends":
            alternative = r.choice(item, "alternative", path, ALTERNATIVES, required=False)
        elif decision is not None:
            r.absent(item, "alternative", path, "is only for no_plan or plan_ends")
        category = None
        if on_plan:
            category = r.choice(item, "category", path, CATEGORIES, required=True)
        elif decision is not None:
            r.absent(item, "category", path, "is only for plan or plan_continues")
        if on_plan:
            lead = r.text(item, "lead_social_worker", path, required=True)
            primary = r.text(item, "primary_concern", path, required=False)
            secondary = r.texts(item, "secondary_concerns", path)
            if category is not None and category in secondary:
                r.problem(f"{path}.secondary_concerns", "repeats the category")
            core_group = r.texts(item, "core_group", path)
        else:
            lead = r.text(item, "lead_social_worker", path, required=False)
            primary, secondary, core_group = "", (), ()
            if decision is not None:
                why = "is only for plan or plan_continues"
                for name in ("primary_concern", "secondary_concerns", "core_group"):
                    r.absent(item, name, path, why)
        if isinstance(key, str) and decision is not None:
            children.append(
                ChildDecision(
                    key=key,
                    decision=decision,
                    alternative=alternative,
                    category=category,
                    primary_concern=primary,
                    secondary_concerns=secondary,
                    lead_social_worker=lead,
                    core_group=core_group,
                )
            )
    if isinstance(data.get("children"), list):
        missing = [k for k in keys if k not in seen]
        if missing:
            # Positions, not keys: a key is often a child's first name.
            where = ", ".join(str(keys.index(k) + 1) for k in missing)
            r.problem(
                "children",
                f"needs a decision for every child of the conference: {len(missing)} missing "
                f"(child {where} of {len(keys)} as GET /api/v1/conferences/{{id}} lists them)",
            )

    actions: list[ActionSpec] = []
    for n, item in r.objects_at(data, "actions", MAX_ACTIONS):
        path = f"actions[{n}]"
        r.unknown(item, ACTION_KEYS, path)
        agency = r.text(item, "agency", path, required=True)
        child = item.get("child")
        if child not in (None, "") and child not in keys:
            r.problem(f"{path}.child", "is not a child of this conference")
        who = r.text(item, "who", path, required=True)
        what = r.text(item, "what", path, required=True, limit=MAX_TEXT)
        by_when = r.day(item, "by_when", path, required=True)
        if by_when is not None and by_when < conference.date:
            r.problem(f"{path}.by_when", "is before the conference")
        how = r.text(item, "how_we_will_know", path, required=True, limit=MAX_TEXT)
        if agency and who and what and by_when and how and by_when >= conference.date:
            actions.append(
                ActionSpec(agency, who, what, by_when, how, child if child in keys else None)
            )

    dissent: list[DissentSpec] | None = None
    if "dissent" in data and data["dissent"] is not None:
        dissent = []
        for n, item in r.objects_at(data, "dissent", MAX_LIST):
            path = f"dissent[{n}]"
            r.unknown(item, DISSENT_KEYS, path)
            by = r.text(item, "by", path, required=True)
            reason = r.text(item, "reason", path, required=True, limit=MAX_TEXT)
            if by and reason:
                dissent.append(DissentSpec(by, reason))

    appeals: list[AppealSpec] | None = None
    if "appeals" in data and data["appeals"] is not None:
        appeals = []
        last_day = appeal_by(conference.date, region)
        for n, item in r.objects_at(data, "appeals", MAX_LIST):
            path = f"appeals[{n}]"
            r.unknown(item, APPEAL_KEYS, path)
            by = r.text(item, "by", path, required=True)
            by_role = r.choice(item, "by_role", path, APPELLANTS, required=True)
            received = r.day(item, "received_on", path, required=True)
            late_reason = r.text(item, "late_reason", path, required=False, limit=MAX_TEXT)
            if received is not None and received < conference.date:
                r.problem(f"{path}.received_on", "is before the conference")
                received = None
            elif received is not None and received > today:
                r.problem(f"{path}.received_on", "is in the future")
                received = None
            if received is not None and received > last_day and not late_reason:
                r.problem(
                    f"{path}.late_reason",
                    f"is required: the appeal came after {last_day.isoformat()} "
                    "(5 working days after the conference); say why it is accepted",
                )
            if by and by_role and received is not None:
                appeals.append(AppealSpec(by, by_role, received, late_reason))

    held = r.day(data, "core_group_held_on", "", required=False)
    if held is not None and (held < conference.date or held > today):
        r.problem("core_group_held_on", "must be between the conference and today")

    if r.problems:
        raise OutcomeError(r.problems)
    return OutcomeSpec(
        children=tuple(children),
        actions=tuple(actions),
        dissent=tuple(dissent) if dissent is not None else None,
        appeals=tuple(appeals) if appeals is not None else None,
        core_group_held_on=held,
        given=frozenset(data),
    )


# --- recording ---------------------------------------------------------------------------


def outcome_of(session: Session, conference: Conference) -> ConferenceOutcome | None:
    return session.scalar(
        select(ConferenceOutcome).where(ConferenceOutcome.conference_id == conference.id)
    )


def _earlier_plan_start(session: Session, conference: Conference, child_id: int) -> date | None:
    """When the plan of ``child_id`` that this conference reviews began (its latest earlier
    outcome on a plan), or None."""
    row = session.execute(
        select(ChildOutcome.decision, ChildOutcome.plan_started_on, Conference.date)
        .join(ConferenceOutcome, ChildOutcome.outcome_id == ConferenceOutcome.id)
        .join(Conference, ConferenceOutcome.conference_id == Conference.id)
        .where(
            ChildOutcome.child_id == child_id,
            Conference.date < conference.date,
            Conference.status != "cancelled",
        )
        .order_by(Conference.date.desc(), Conference.id.desc())
        .limit(1)
    ).first()
    if row is None or row.decision not in PLAN_DECISIONS:
        return None
    return row.plan_started_on or row.date


def record(
    session: Session,
    conference: Conference,
    spec: OutcomeSpec,
    *,
    actor: User,
    region: str | None = None,
) -> ConferenceOutcome:
    """Store ``spec`` as the conference's outcome (replacing any before). Caller commits."""
    region = region or _region(session)
    decisions = [c.decision for c in spec.children]
    # One outcome change at a time per conference (PostgreSQL; SQLite writes one at a time
    # anyway): a second request waits here, then replaces what the first stored.
    session.execute(select(Conference.id).where(Conference.id == conference.id).with_for_update())
    outcome = outcome_of(session, conference)
    previous: dict[str, str] = {}
    if outcome is None:
        outcome = ConferenceOutcome(
            conference_id=conference.id, recorded_by_id=actor.id, appeal_by=conference.date
        )
        session.add(outcome)
    else:
        previous = {c.key: c.decision for c in outcome.children}
        outcome.children.clear()
        outcome.actions.clear()
        session.flush()
    outcome.recorded_by_id = actor.id
    outcome.updated_at = utcnow()
    outcome.appeal_by = appeal_by(conference.date, region)
    outcome.core_group_due = core_group_due(conference, decisions, region)
    outcome.reconvene_by = reconvene_by(conference, decisions, region)
    if "core_group_held_on" in spec.given:
        outcome.core_group_held_on = spec.core_group_held_on
    links = {link.key: link for link in conference.child_links}
    for position, decision in enumerate(spec.children):
        link = links[decision.key]
        started: date | None = None
        if decision.decision == "plan":
            started = conference.date
        elif decision.decision in ("plan_continues", "plan_ends"):
            started = _earlier_plan_start(session, conference, link.child_id)
            if started is None and decision.decision == "plan_continues":
                started = conference.date  # the plan began before the service knew the child
        outcome.children.append(
            ChildOutcome(
                child_id=link.child_id,
                key=decision.key,
                position=position,
                decision=decision.decision,
                alternative=decision.alternative,
                category=decision.category,
                primary_concern=decision.primary_concern,
                secondary_concerns=list(decision.secondary_concerns),
                lead_social_worker=decision.lead_social_worker,
                core_group=list(decision.core_group),
                plan_started_on=started,
                next_review_due=review_due(conference.date, decision.decision, region),
            )
        )
    agencies = {inv.agency.name.casefold(): inv.agency for inv in conference.invitations}
    for position, action in enumerate(spec.actions):
        agency = agencies.get(action.agency.casefold())
        outcome.actions.append(
            PlanAction(
                position=position,
                agency_id=agency.id if agency else None,
                agency_name=agency.name if agency else action.agency,
                child_key=action.child,
                who=action.who,
                what=action.what,
                by_when=action.by_when,
                how_we_will_know=action.how_we_will_know,
            )
        )
    session.flush()
    if spec.dissent is not None:
        _replace_dissent(session, conference, spec.dissent, actor)
    if spec.appeals is not None:
        _replace_appeals(session, conference, spec.appeals, actor, outcome.appeal_by)
    ending = [
        c.key
        for c in spec.children
        if c.decision == "plan_ends" and previous.get(c.key) != "plan_ends"
    ]
    if ending:
        starts = [c.plan_started_on for c in outcome.children if c.key in ending]
        tell_plan_ended(session, conference, [d for d in starts if d is not None])
    session.flush()
    return outcome


def _chair_mail(
    session: Session, conference: Conference, template: str, key: str, due: date
) -> None:
    remind = datetime.combine(due - timedelta(days=REMIND_DAYS_BEFORE), time(8, 0), tzinfo=UTC)
    outbox.queue(
        session,
        to=conference.chair.email,
        template=template,
        values={
            "conference_date": conference.date,
            "due_date": due,
            "conference_type": conference.type,
            "link": f"/review/conferences/{conference.id}/outcome",
        },
        key=key,
        due_at=max(remind, utcnow()),
    )


def cancel_unsent(session: Session, key: str) -> None:
    """Drop a queued mail that has not gone yet (its reason has gone)."""
    session.execute(delete(OutboxMail).where(OutboxMail.key == key, OutboxMail.sent_at.is_(None)))


def _replace_dissent(
    session: Session, conference: Conference, wanted: tuple[DissentSpec, ...], actor: User
) -> None:
    """Unanswered dissent recorded with the outcome is replaced; answered dissent is kept."""
    rows = session.scalars(select(Dissent).where(Dissent.conference_id == conference.id)).all()
    kept = {(row.person, row.what): row for row in rows}
    wanted_keys = {(d.by, d.reason) for d in wanted}
    for (person, what), row in kept.items():
        # Dissent recorded on the chair's dissent page is never removed from here.
        if (person, what) not in wanted_keys and row.responded_on is None and row.in_outcome:
            cancel_unsent(session, f"dissent-due:{row.id}")
            session.delete(row)
    for item in wanted:
        if (item.by, item.reason) in kept:
            continue
        row = Dissent(
            conference_id=conference.id,
            recorded_by_id=actor.id,
            person=item.by,
            agency_name="",
            what=item.reason,
            chair_decision="",
            recorded_on=conference.date,
            response_due=response_due(conference.date),
            in_outcome=True,
        )
        session.add(row)
        session.flush()
        _chair_mail(
            session, conference, "dissent_response_due", f"dissent-due:{row.id}", row.response_due
        )


def _replace_appeals(
    session: Session,
    conference: Conference,
    wanted: tuple[AppealSpec, ...],
    actor: User,
    last_day: date,
) -> None:
    rows = session.scalars(select(Appeal).where(Appeal.conference_id == conference.id)).all()
    kept = {(row.by, row.by_role, row.received_on): row for row in rows}
    wanted_keys = {(a.by, a.by_role, a.received_on) for a in wanted}
    for ident, row in kept.items():
        if ident not in wanted_keys and row.responded_on is None:
            cancel_unsent(session, f"appeal-due:{row.id}")
            session.delete(row)
    for item in wanted:
        existing = kept.get((item.by, item.by_role, item.received_on))
        if existing is not None:
            existing.late_reason = item.late_reason
            continue
        add_appeal(session, conference, item, actor=actor, last_day=last_day)


def add_appeal(
    session: Session,
    conference: Conference,
    item: AppealSpec,
    *,
    actor: User,
    last_day: date | None = None,
) -> Appeal:
    """Record one appeal (received within 5 working days, or late with a reason)."""
    last_day = last_day or appeal_by(conference.date, _region(session))
    late = item.received_on > last_day
    row = Appeal(
        conference_id=conference.id,
        recorded_by_id=actor.id,
        by=item.by,
        by_role=item.by_role,
        received_on=item.received_on,
        late=late,
        late_reason=item.late_reason if late else "",
        response_due=response_due(item.received_on),
    )
    session.add(row)
    session.flush()
    _chair_mail(
        session, conference, "appeal_response_due", f"appeal-due:{row.id}", row.response_due
    )
    return row


def respond_to_appeal(session: Session, appeal: Appeal, *, response: str, on: date) -> None:
    """Record the written response to an appeal. Caller commits."""
    if appeal.responded_on is not None:
        raise ValueError("this appeal has already been answered")
    if not response.strip():
        raise ValueError("enter the response")
    appeal.response = response.strip()
    appeal.responded_on = on
    cancel_unsent(session, f"appeal-due:{appeal.id}")


def originating_icpc(session: Session, conference: Conference) -> Conference | None:
    """The ICPC that led to this conference: back along ``previous`` to the first ICPC."""
    current: Conference | None = conference
    seen: set[int] = set()
    while current is not None and current.id not in seen:
        if current.type == "ICPC":
            return current
        seen.add(current.id)
        current = current.previous
    return None


def _recipients(session: Session, invitation: Invitation) -> list[str]:
    if invitation.author is not None and invitation.author.active:
        return [invitation.author.email]
    return sorted(
        user.email for user in invitation.agency.users if user.active and user.role == "author"
    )


def _icpcs_by_start(session: Session, conference: Conference, starts: list[date]) -> list[Any]:
    """The ICPCs that began the plans starting on ``starts`` for this conference's children
    (when the review was scheduled without a link back to them)."""
    child_ids = [link.child_id for link in conference.child_links]
    if not starts or not child_ids:
        return []
    return list(
        session.scalars(
            select(Conference)
            .join(ConferenceOutcome, ConferenceOutcome.conference_id == Conference.id)
            .join(ChildOutcome, ChildOutcome.outcome_id == ConferenceOutcome.id)
            .where(
                ChildOutcome.child_id.in_(child_ids),
                ChildOutcome.decision == "plan",
                Conference.date.in_(starts),
                Conference.id != conference.id,
            )
            .distinct()
        )
    )


def tell_plan_ended(
    session: Session, conference: Conference, starts: list[date] | None = None
) -> int:
    """Mail every agency invited to the ICPC that led to this plan (back along the
    ``previous`` links, else the conference that decided the plan on its start date);
    returns the number of mails queued."""
    found = originating_icpc(session, conference)
    icpcs = [found] if found is not None else _icpcs_by_start(session, conference, starts or [])
    queued = 0
    invitations = [inv for icpc in icpcs for inv in icpc.invitations]
    for invitation in invitations:
        for to in _recipients(session, invitation):
            mail = outbox.queue(
                session,
                to=to,
                template="plan_ended",
                values={
                    "conference_date": conference.date,
                    "agency": invitation.agency.name,
                    "link": "/author/",
                },
                key=f"plan-ended:{conference.id}:{invitation.id}:{to}",
            )
            queued += mail is not None
    return queued


# --- reading -----------------------------------------------------------------------------


def child_outcome_data(row: ChildOutcome) -> dict[str, Any]:
    return {
        "key": row.key,
        "decision": row.decision,
        "alternative": row.alternative,
        "category": row.category,
        "primary_concern": row.primary_concern,
        "secondary_concerns": list(row.secondary_concerns or []),
        "lead_social_worker": row.lead_social_worker,
        "core_group": list(row.core_group or []),
        "plan_started_on": row.plan_started_on.isoformat() if row.plan_started_on else None,
        "next_review_due": row.next_review_due.isoformat() if row.next_review_due else None,
    }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def as_data(session: Session, conference: Conference) -> dict[str, Any] | None:
    """The whole outcome in the API's shape, with the computed dates; None if not recorded."""
    outcome = outcome_of(session, conference)
    if outcome is None:
        return None
    dissents = session.scalars(
        select(Dissent).where(Dissent.conference_id == conference.id).order_by(Dissent.id)
    ).all()
    appeals = session.scalars(
        select(Appeal).where(Appeal.conference_id == conference.id).order_by(Appeal.id)
    ).all()
    return {
        "conference_id": conference.id,
        "children": [child_outcome_data(c) for c in outcome.children],
        "actions": [
            {
                "agency": a.agency_name,
                "child": a.child_key,
                "who": a.who,
                "what": a.what,
                "by_when": a.by_when.isoformat(),
                "how_we_will_know": a.how_we_will_know,
            }
            for a in outcome.actions
        ],
        "dissent": [
            {
                "id": d.id,
                "by": d.person,
                "reason": d.what,
                "response_due": d.response_due.isoformat(),
                "responded_on": _iso(d.responded_on),
                "with_outcome": d.in_outcome,
            }
            for d in dissents
        ],
        "appeals": [
            {
                "id": a.id,
                "by": a.by,
                "by_role": a.by_role,
                "received_on": a.received_on.isoformat(),
                "late": a.late,
                "late_reason": a.late_reason,
                "response_due": a.response_due.isoformat(),
                "responded_on": _iso(a.responded_on),
            }
            for a in appeals
        ],
        "core_group_due": _iso(outcome.core_group_due),
        "core_group_held_on": _iso(outcome.core_group_held_on),
        "reconvene_by": _iso(outcome.reconvene_by),
        "appeal_by": outcome.appeal_by.isoformat(),
        "recorded_at": outcome.updated_at.isoformat(),
    }


def outcome_data(conference: Conference) -> dict[str, dict[str, Any]]:
    """Each child's outcome by key, for GET /api/v1/conferences/{id} (empty: not recorded).

    ``child["outcome"] = outcome_data(conference).get(child["key"])``; each carries the
    conference-wide dates too (core_group_due, reconvene_by).
    """
    from sqlalchemy.orm import object_session

    session = object_session(conference)
    if session is None:
        return {}
    outcome = outcome_of(session, conference)
    if outcome is None:
        return {}
    shared = {
        "core_group_due": _iso(outcome.core_group_due),
        "reconvene_by": _iso(outcome.reconvene_by),
    }
    return {c.key: {**child_outcome_data(c), **shared} for c in outcome.children}


# --- the review that follows -------------------------------------------------------------


def last_plan_actions(session: Session, conference: Conference, agency_id: int) -> list[PlanAction]:
    """The actions for ``agency_id`` in the plan of the conference this one reviews (the
    ``previous`` conference, else the family's latest earlier conference with an outcome)."""
    earlier = conference.previous
    outcome = outcome_of(session, earlier) if earlier is not None else None
    if outcome is None:
        child_ids = [link.child_id for link in conference.child_links]
        if not child_ids:
            return []
        outcome = session.scalar(
            select(ConferenceOutcome)
            .join(Conference, ConferenceOutcome.conference_id == Conference.id)
            .join(ChildOutcome, ChildOutcome.outcome_id == ConferenceOutcome.id)
            .where(
                ChildOutcome.child_id.in_(child_ids),
                Conference.date < conference.date,
                Conference.id != conference.id,
            )
            .order_by(Conference.date.desc(), Conference.id.desc())
            .limit(1)
        )
    if outcome is None:
        return []
    return [a for a in outcome.actions if a.agency_id == agency_id]


def action_sentence(action: PlanAction | ActionSpec) -> str:
    return (
        f"{action.who}: {action.what} By {action.by_when:%-d %B %Y}. "
        f"How we will know: {action.how_we_will_know}"
    )


def previous_actions_text(session: Session, conference: Conference, agency_id: int) -> str:
    """The previous_actions section for a new RCPC report: the last plan's actions for this
    agency in the documented layout, with Status, Barrier and Next step left to fill."""
    if conference.type != "RCPC":
        return ""
    actions = last_plan_actions(session, conference, agency_id)
    empty = "\nStatus:\nBarrier:\nNext step:"  # to fill in, as the layout's labels
    return "\n\n".join(
        layout.format([layout.ActionEntry(action=action_sentence(a))]) + empty for a in actions
    )


def previous_actions_for(invitation: Invitation) -> dict[str, str]:
    """The sections a new report for ``invitation`` starts with: for an RCPC, the last
    plan's actions for the invited agency (authoring.base_document calls this)."""
    from sqlalchemy.orm import object_session

    session = object_session(invitation)
    if session is None or invitation.conference.type != "RCPC":
        return {}
    text = previous_actions_text(session, invitation.conference, invitation.agency_id)
    return {"previous_actions": text} if text else {}


# --- live checks on actions --------------------------------------------------------------

CHECKS = ("smart-actions", "vague-language")


@dataclass(frozen=True)
class ActionAdvice:
    field: str  # what | how_we_will_know | "" for the whole action
    check: str
    text: str | None
    message: str
    suggestion: str


def check_action(
    conference_type: str, who: str, what: str, by_when: str, how: str
) -> list[ActionAdvice]:
    """The engine's smart-actions and vague-language findings on one action, by field."""
    parts = [("who", who.strip()), ("what", what.strip())]
    when = f"by {by_when}" if by_when.strip() else ""
    text = ""
    spans: list[tuple[str, int, int]] = []
    for name, value in [*parts, ("by_when", when), ("how_we_will_know", how.strip())]:
        if not value:
            continue
        if name == "how_we_will_know":
            text += " We will know it worked when "
        elif text:
            text += " "
        start = len(text)
        text += value
        spans.append((name, start, len(text)))
    text = text.strip()
    if text and not text.endswith("."):
        text += "."
    document: dict[str, Any] = {
        "format": "cpc-report/2",
        "conference": {"type": conference_type, "date": date.today().isoformat()},
        "agency": {"type": "other", "name": "Plan"},
        "author": {"name": "", "role": ""},
        "submitted_on": None,
        "shared_with_family": None,
        "children": [{"key": "child", "name": "Child", "date_of_birth": None, "sections": {}}],
        "household": [],
        "sections": {"service_actions": text},
    }
    assessment = scoring.assess(document)
    advice = []
    for finding in assessment.findings:
        if finding.check not in CHECKS or finding.section != "service_actions":
            continue
        field_name = ""
        if finding.start is not None:
            for name, start, end in spans:
                if start <= finding.start < end:
                    field_name = name
        advice.append(
            ActionAdvice(
                field=field_name,
                check=finding.check,
                text=finding.text,
                message=finding.message,
                suggestion=finding.suggestion,
            )
        )
    return advice


# --- demo data -----------------------------------------------------------------------------


def load_demo(
    session: Session, *, chair: User, agencies: dict[str, Any], authors: dict[str, Any]
) -> None:
    """Outcomes for the demo (services/demo.py calls this): a plan whose review is coming,
    a child whose review and core group are overdue, and a child decided 10 days ago with a
    dissent awaiting its response and an appeal (single-child families: the demo's sibling
    groups are its upcoming conferences). Caller commits."""
    from reportsvc.models import Child
    from reportsvc.services import conferences

    today = date.today()
    region = _region(session)
    invited = ("gp", "school", "health_visitor")

    def held(on: date, type_: str, children: dict[str, Child], previous: Any = None) -> Any:
        conference = conferences.create_conference(
            session,
            children=children,
            type=type_,
            on=working_day_on_or_before(on, region),
            chair=chair,
            agencies=[agencies[t] for t in invited if t in agencies],
            previous=previous,
        )
        conference.venue = "Civic Centre, room 3"
        for invitation in conference.invitations:
            invitation.author = authors.get(invitation.agency.type)
        session.flush()
        return conference

    def plan(key: str, category: str, *secondary: str, decision: str = "plan") -> ChildDecision:
        return ChildDecision(
            key=key,
            decision=decision,
            category=category,
            primary_concern="Parental substance misuse" if category == "neglect" else "",
            secondary_concerns=secondary,
            lead_social_worker="Sam Patel",
            core_group=("Sam Patel (social worker)", "Health visitor", "Designated teacher"),
        )

    def act(agency: str, who: str, what: str, days: int, on: date, how: str) -> ActionSpec:
        name = agencies[agency].name if agency in agencies else agency
        return ActionSpec(name, who, what, on + timedelta(days=days), how)

    # Ruby: on a plan for 8 months, reviewed at 3; her next review is coming up.
    ruby = Child(name="Ruby", date_of_birth=add_months(today, -70), ethnicity="White British")
    first_day = working_day_on_or_before(add_months(today, -8), region)
    first = held(first_day, "ICPC", {"ruby": ruby})
    actions = (
        act("gp", "Dr Okafor, GP", "See Ruby every month and weigh her", 60, first_day,
            "Ruby's weight stays above the 9th centile"),
        act("school", "Ms Reid, designated safeguarding lead",
            "Check Ruby's attendance each week and tell the social worker of any absence the "
            "same day", 90, first_day, "Attendance above 95% each half term"),
    )  # fmt: skip
    record(
        session,
        first,
        OutcomeSpec(
            children=(plan("ruby", "neglect", "emotional"),),
            actions=actions,
            core_group_held_on=add_working_days(first_day, 8, region),
            given=frozenset({"core_group_held_on"}),
        ),
        actor=chair,
        region=region,
    )
    review = held(add_months(first_day, 3) - timedelta(days=7), "RCPC", {"ruby": ruby}, first)
    record(
        session,
        review,
        OutcomeSpec(
            children=(plan("ruby", "neglect", "emotional", decision="plan_continues"),),
            actions=actions,
        ),
        actor=chair,
        region=region,
    )

    # Tayo: an ICPC 4 months ago; the first review and the core group are overdue.
    tayo = Child(name="Tayo", date_of_birth=add_months(today, -90), ethnicity="Black British")
    late = held(add_months(today, -4), "ICPC", {"tayo": tayo})
    record(
        session,
        late,
        OutcomeSpec(children=(plan("tayo", "emotional", "neglect"),)),
        actor=chair,
        region=region,
    )

    # Lily: decided 10 days ago; a dissent awaits its response, and an appeal.
    lily = Child(name="Lily", date_of_birth=add_months(today, -120))
    recent_day = working_day_on_or_before(today - timedelta(days=10), region)
    recent = held(recent_day, "ICPC", {"lily": lily})
    record(
        session,
        recent,
        OutcomeSpec(
            children=(plan("lily", "physical", "Domestic abuse"),),
            actions=(
                act(
                    "school",
                    "Ms Reid, designated safeguarding lead",
                    "Meet Lily each Monday and record what she says about home",
                    42,
                    recent_day,
                    "Lily's own words are in the core group notes each fortnight",
                ),
            ),
            dissent=(DissentSpec("Father", "Does not agree that Lily is at risk of harm"),),
            appeals=(AppealSpec("Mother", "parent", min(today, recent_day + timedelta(days=3))),),
        ),
        actor=chair,
        region=region,
    )
