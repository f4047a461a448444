"""The demo partnership: agencies, one user per role, children, conferences and reports.

Reports come from exemplars/, fitted to each conference's family (see demo_names) and
dated relative to today, so every page has content whatever the day. Deterministic: the
same day gives the same data.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

import exemplars
from forms import AGENCY_TYPES
from reportsvc.models import (
    Agency,
    Child,
    Conference,
    HouseholdMember,
    Invitation,
    Report,
    User,
)
from reportsvc.services import accounts, conferences, outcomes, reports
from reportsvc.services import demo_names as names
from scoring.calendar import add_working_days

DEMO_DOMAIN = "@demo.test"
LA_NAME = "Demo Children's Services"
AGENCY_NAMES = {
    "gp": "Well Street Surgery",
    "school": "Riverside Primary School",
    "health_visitor": "Northside Health Visiting Team",
    "school_nurse": "School Nursing Service",
    "midwife": "City Hospital Midwifery",
    "police": "Metropolitan Police Safeguarding Unit",
    "camhs": "Riverside CAMHS",
    "adult_mental_health": "Northside Community Mental Health Team",
    "substance_misuse": "Turning Point Drug and Alcohol Service",
    "housing": "Council Housing Service",
    "early_years": "Little Acorns Nursery",
    "other": "Youth Justice Service",
}
DEMO_LOGINS = [
    ("author.gp@demo.test", "author (GP)"),
    ("author.school@demo.test", "author (school)"),
    ("author.hv@demo.test", "author (health visitor)"),
    ("author.police@demo.test", "author (police)"),
    ("chair@demo.test", "conference chair"),
    ("coordinator@demo.test", "conference coordinator"),
    ("qa@demo.test", "QA lead"),
    ("admin@demo.test", "admin"),
]
SHORT = {"health_visitor": "hv"}


class NotADemoDatabase(Exception):
    pass


@dataclass(frozen=True)
class Plan:
    """One conference: days from today, the anchor exemplar, and what each agency did."""

    offset_days: int
    anchor: str
    agencies: dict[str, str]  # agency type -> on_time | late | inadequate | draft | missing


def load(session: Session, *, password: str, hashing: accounts.Hashing) -> bool:
    """Create the demo data; False if it is already there. Caller commits."""
    emails = set(session.scalars(select(User.email)))
    if any(not e.endswith(DEMO_DOMAIN) for e in emails):
        raise NotADemoDatabase(
            "This database has users who are not demo users; the demo only loads into an "
            "empty or demo database. Set DATABASE_URL to another database."
        )
    if emails:
        return False
    agencies = {t: Agency(name=AGENCY_NAMES[t], type=t) for t in AGENCY_TYPES}
    la = Agency(name=LA_NAME, type="other")
    session.add_all([*agencies.values(), la])
    users = _users(session, agencies, la, password, hashing)
    _conferences(session, agencies, users)
    _chair_review(session, users["chair"])
    _families(session, agencies, users)
    # Children on plans, overdue and upcoming reviews, a dissent and an appeal (issue 15).
    outcomes.load_demo(session, chair=users["chair"], agencies=agencies, authors=users)
    return True


def _users(
    session: Session,
    agencies: dict[str, Agency],
    la: Agency,
    password: str,
    hashing: accounts.Hashing,
) -> dict[str, User]:
    users = {}
    for agency_type, agency in agencies.items():
        email = f"author.{SHORT.get(agency_type, agency_type)}{DEMO_DOMAIN}"
        users[agency_type] = accounts.create_user(
            session,
            email=email,
            name=f"Demo {AGENCY_TYPES[agency_type]} author",
            password=password,
            role="author",
            agency=agency,
            hashing=hashing,
        )
    for role, email, name in (
        ("chair", "chair", "Demo Conference Chair"),
        ("coordinator", "coordinator", "Demo Conference Coordinator"),
        ("qa_lead", "qa", "Demo QA Lead"),
        ("admin", "admin", "Demo Administrator"),
    ):
        users[role] = accounts.create_user(
            session,
            email=email + DEMO_DOMAIN,
            name=name,
            password=password,
            role=role,
            agency=la,
            hashing=hashing,
        )
    session.flush()
    return users


def _key_agencies(anchor: dict[str, Any]) -> list[str]:
    """The agencies a chair expects at this child's conference (see docs/chair-review.md)."""
    age = (
        date.fromisoformat(anchor["conference"]["date"])
        - date.fromisoformat(anchor["child"]["date_of_birth"])
    ).days / 365.25
    key = ["gp"]
    if 4 <= age <= 16:
        key.append("school")
    if age < 5:
        key.append("health_visitor")
    if anchor["conference"]["type"] == "ICPC":
        key.append("police")
    return key


def _plans(available: dict[str, list[exemplars.Exemplar]]) -> list[Plan]:
    """Past conferences for the QA figures, and upcoming ones for chairs and authors."""
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    plans: list[Plan] = []
    anchors = [e for group in available.values() for e in group]
    rng.shuffle(anchors)
    offsets = [2, 9, 15, 25, -12, -30, -45, -60, -75, -95, -120, -150, -170]
    for offset, anchor in zip(offsets, anchors, strict=False):
        own = anchor.document["agency"]["type"]
        others = [t for t in available if t != own]
        rng.shuffle(others)
        invited = list(dict.fromkeys([own, *_key_agencies(anchor.document), *others[:2]]))
        outcomes: dict[str, str] = {}
        for agency_type in invited:
            if offset > 10:
                outcomes[agency_type] = rng.choice(["draft", "missing", "on_time"])
            else:
                outcomes[agency_type] = rng.choice(["on_time", "on_time", "on_time", "late"])
        plans.append(Plan(offset, anchor.id, outcomes))
    if plans:
        # The first conference, two working days away, shows a chair the common problems at
        # once: two agencies late (one sent it late, one has not sent it), one inadequate.
        first = plans[0]
        states = ["on_time", "late", "missing", "inadequate", "draft", "on_time", "on_time"]
        plans[0] = Plan(
            first.offset_days, first.anchor, dict(zip(first.agencies, states, strict=False))
        )
    return plans


def _conferences(session: Session, agencies: dict[str, Agency], users: dict[str, User]) -> None:
    available: dict[str, list[exemplars.Exemplar]] = {}
    # A demo conference has one child: the family and pre-birth exemplars (cpc-report/2)
    # are model reports in the gallery, not demo drafts.
    for exemplar in exemplars.load_all():
        if exemplar.document["format"] != "cpc-report/1":
            continue
        available.setdefault(exemplar.document["agency"]["type"], []).append(exemplar)
    by_id = {e.id: e for group in available.values() for e in group}
    used: dict[str, int] = {}
    today = date.today()
    for plan in _plans(available):
        anchor = by_id[plan.anchor].document
        child_doc = anchor["child"]
        child = Child(
            name=child_doc["name"],
            date_of_birth=_shift(child_doc["date_of_birth"], anchor, today, plan),
            ethnicity=child_doc.get("ethnicity", ""),
            religion=child_doc.get("religion", ""),
            first_language=child_doc.get("first_language", ""),
        )
        conf_date = (
            add_working_days(today, plan.offset_days)
            if plan.offset_days <= 5
            else _weekday(today + timedelta(days=plan.offset_days))
        )
        conference = conferences.create_conference(
            session,
            child=child,
            type=anchor["conference"]["type"],
            on=conf_date,
            chair=users["chair"],
            agencies=[agencies[t] for t in plan.agencies],
        )
        session.flush()
        for invitation in conference.invitations:
            invitation.author = users[invitation.agency.type]
            outcome = plan.agencies[invitation.agency.type]
            if outcome == "missing" or invitation.report is None:
                continue
            want = "inadequate" if outcome == "inadequate" else None
            donor = _pick(
                available[invitation.agency.type],
                conference.type,
                used,
                plan.anchor,
                age_at_conference(anchor),
                want,
            )
            if donor is None:
                continue  # no model report about a child of this age: left unwritten
            document = _fit(donor.document, anchor, conference, invitation, outcome)
            _store(session, invitation.report, document, users[invitation.agency.type], outcome)


MAX_AGE_GAP = 1.0  # years between the child a model report was about and the demo's child


def age_at_conference(document: dict[str, Any]) -> float:
    """How old the child of a version 1 report was at the conference, in years. A report
    about a baby reads wrongly for a teenager ("Baby Nia" with pre-school boosters), so the
    demo only fits a report about a child of about the same age."""
    return (
        date.fromisoformat(document["conference"]["date"])
        - date.fromisoformat(document["child"]["date_of_birth"])
    ).days / 365.25


def _pick(
    group: list[exemplars.Exemplar],
    conference_type: str,
    used: dict[str, int],
    anchor: str,
    age: float,
    grade: str | None = None,
) -> exemplars.Exemplar | None:
    """The least-used exemplar of the agency written about a child of about the anchor's
    age, preferring the anchor, the grade asked for and the right conference type; None when
    the agency has no report about a child of that age."""
    for exemplar in group:
        if exemplar.id == anchor and grade is None:
            return exemplar
    ranked = sorted(
        (e for e in group if abs(age_at_conference(e.document) - age) <= MAX_AGE_GAP),
        key=lambda e: (
            grade is not None and e.gold.get("grade") != grade,
            e.document["conference"]["type"] != conference_type,
            used.get(e.id, 0),
            e.id,
        ),
    )
    if not ranked:
        return None
    choice = ranked[0]
    used[choice.id] = used.get(choice.id, 0) + 1
    return choice


def _fit(
    donor: dict[str, Any],
    anchor: dict[str, Any],
    conference: Conference,
    invitation: Invitation,
    outcome: str,
) -> dict[str, Any]:
    agency = invitation.agency
    doc = names.apply(copy.deepcopy(donor), names.name_map(donor, anchor))
    delta = conference.date - date.fromisoformat(donor["conference"]["date"])
    doc["conference"] = {"type": conference.type, "date": conference.date.isoformat()}
    doc["agency"] = {"type": agency.type, "name": agency.name}
    born = conference.child.date_of_birth
    assert born is not None  # one-child demo conferences are about born children
    doc["child"] = {**anchor["child"], "date_of_birth": born.isoformat()}
    if doc["conference"]["type"] == "ICPC":
        doc.get("sections", {}).pop("previous_actions", None)
    doc["submitted_on"] = _submitted_on(invitation.due_date, outcome)
    shared = doc.get("shared_with_family")
    if shared and shared.get("date"):
        shifted = date.fromisoformat(shared["date"]) + delta
        shared["date"] = min(shifted, conference.date - timedelta(days=1)).isoformat()
    return doc


def _submitted_on(due: date, outcome: str) -> str | None:
    """A submission date that is never after today: on time, or late when the due date
    has already passed."""
    today = date.today()
    if outcome in ("on_time", "inadequate"):
        return min(add_working_days(due, -1), today).isoformat()
    if outcome == "late":
        late = min(add_working_days(due, 2), today)
        return (late if late > due else min(add_working_days(due, -1), today)).isoformat()
    return None


def _store(
    session: Session, report: Report, document: dict[str, Any], author: User, outcome: str
) -> None:
    draft = {**document, "submitted_on": None}
    reports.save(session, report, draft, expected_version=report.version, user=author)
    if document["submitted_on"] is not None:
        reports.save(
            session,
            report,
            document,
            expected_version=report.version,
            user=author,
            kind="submit",
            status="submitted",
        )
        submitted = date.fromisoformat(document["submitted_on"])
        report.submitted_at = datetime.combine(submitted, time(10, 30), tzinfo=UTC)


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _shift(iso: str, anchor: dict[str, Any], today: date, plan: Plan) -> date:
    """Keep the child's age at conference as in the exemplar."""
    age = date.fromisoformat(anchor["conference"]["date"]) - date.fromisoformat(iso)
    return _weekday(today + timedelta(days=plan.offset_days)) - age


def _chair_review(session: Session, chair: User) -> None:
    """On the first upcoming conference: the weakest submitted report returned with a
    challenge, a missing report chased, and a dissent awaiting its written response."""
    from reportsvc.queries.review import submissions
    from reportsvc.services import chases, dissent, returns

    conference = session.scalars(
        select(Conference)
        .where(Conference.chair_id == chair.id, Conference.date >= date.today())
        .order_by(Conference.date, Conference.id)
    ).first()
    if conference is None:
        return
    reports_in = [inv.report for inv in conference.invitations if inv.report is not None]
    found = submissions(session, [r.id for r in reports_in if r.status == "submitted"])
    if found:
        weakest = min(found.values(), key=lambda s: s.assessment.score if s.assessment else 100)
        report = session.get(Report, weakest.version.report_id)
        assert report is not None
        returns.return_report(
            session,
            report,
            chair=chair,
            comment=(
                "Please give your professional view on whether the child is suffering or "
                "likely to suffer significant harm, with the evidence, and say whether you "
                "have spoken to the father."
            ),
            expected_version=report.version,
        )
    drafts = [i for i in conference.invitations if i.report and i.report.status == "draft"]
    if drafts:
        missing = drafts[0]
        chases.chase(session, missing, chair=chair, note="Your report was due; please send it.")
    first_agency = conference.invitations[0].agency if conference.invitations else None
    dissent.record(
        session,
        conference,
        by=chair,
        person="Demo practitioner",
        agency_id=first_agency.id if first_agency else None,
        agency_name="" if first_agency else "Parent",
        what="Considers a child in need plan would meet the child's needs.",
        decision="Child protection plan under neglect; dissent noted in the minutes.",
        on=date.today() - timedelta(days=3),
    )


# Family conferences (cpc-report/2 exemplars): a pre-birth ICPC and a sibling group. Each is
# built around one model report; the other invited agencies have not written yet.
FAMILIES = (
    # (exemplar, working days from today, other agencies invited, the anchor's outcome)
    ("midwife-icpc-03", 8, ("gp", "substance_misuse", "police"), "on_time"),
    ("school-icpc-03", 12, ("gp", "police", "school_nurse"), "on_time"),
)


def _families(session: Session, agencies: dict[str, Agency], users: dict[str, User]) -> None:
    by_id = {e.id: e for e in exemplars.load_all()}
    today = date.today()
    for exemplar_id, days, others, outcome in FAMILIES:
        anchor = by_id[exemplar_id].document
        on = add_working_days(today, days)
        shift = on - date.fromisoformat(anchor["conference"]["date"])
        children = {
            c["key"]: Child(
                name=c["name"],
                date_of_birth=_moved(c.get("date_of_birth"), shift),
                expected_date_of_delivery=_moved(c.get("expected_date_of_delivery"), shift),
                ethnicity=c.get("ethnicity", ""),
                religion=c.get("religion", ""),
                first_language=c.get("first_language", ""),
            )
            for c in anchor["children"]
        }
        own = anchor["agency"]["type"]
        conference = conferences.create_conference(
            session,
            children=children,
            type=anchor["conference"]["type"],
            on=on,
            chair=users["chair"],
            agencies=[agencies[t] for t in (own, *others)],
        )
        conference.venue = "Civic Centre, room 3"
        conference.household = [
            HouseholdMember(
                name=p["name"],
                relationship_=p["relationship"],
                lives_with_child=bool(p.get("lives_with_child")),
                children=list(p.get("children") or []),
                position=n,
            )
            for n, p in enumerate(anchor.get("household") or [])
        ]
        for invitation in conference.invitations:
            invitation.author = users[invitation.agency.type]
        session.flush()
        invitation = conference.invitations[0]
        assert invitation.report is not None
        document = copy.deepcopy(anchor)
        document["conference"] = {"type": conference.type, "date": on.isoformat()}
        document["agency"] = {"type": own, "name": invitation.agency.name}
        for child in document["children"]:
            for key in ("date_of_birth", "expected_date_of_delivery"):
                moved = _moved(child.get(key), shift)
                if moved is not None:
                    child[key] = moved.isoformat()
        shared = document.get("shared_with_family")
        if shared and shared.get("date"):
            moved_share = _moved(shared["date"], shift)
            assert moved_share is not None
            shared["date"] = min(moved_share, today).isoformat()
        document["submitted_on"] = _submitted_on(invitation.due_date, outcome)
        _store(session, invitation.report, document, users[own], outcome)


def _moved(iso: str | None, shift: timedelta) -> date | None:
    return date.fromisoformat(iso) + shift if iso else None
