"""Schedule, update, reschedule and cancel conferences (coordinator pages, API and CSV).

One function, ``schedule``, stores a checked ``Spec`` (services/conference_spec.py): a new
reference creates a conference, a known one updates it, never a duplicate. Everything is
resolved and checked before anything is written, so a refused spec stores nothing; the
caller commits (or, for a dry run, rolls back) once. Mails are queued in the same
transaction (services/outbox.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reportsvc.models import (
    Agency,
    Child,
    Conference,
    ConferenceChild,
    HouseholdMember,
    User,
    utcnow,
)
from reportsvc.services import invitations as invitation_service
from reportsvc.services import settings
from reportsvc.services.conference_spec import ChildSpec, InvitationSpec, Spec, SpecError
from scoring.calendar import add_working_days, report_deadline

# Working days within which each kind of conference must be held (DESIGN.md, seeds 001/003).
KIND_DAYS = {"transfer_in": 15, "reconvened": 10}


@dataclass
class Result:
    conference: Conference
    created: bool
    changes: list[str] = field(default_factory=list)


def conference_due_by(conference: Conference, region: str) -> date | None:
    """The latest date a transfer-in or reconvened conference may be held."""
    days = KIND_DAYS.get(conference.kind)
    if days is None or conference.notified_on is None:
        return None
    return add_working_days(conference.notified_on, days, region)


def schedule(session: Session, spec: Spec, *, actor: User) -> Result:
    """Store ``spec``; raises ``SpecError`` (nothing written) when it cannot be stored."""
    problems: list[dict[str, str]] = []
    chair = _chair(session, spec.chair, problems)
    previous = _by_reference(session, spec.previous_reference)
    if spec.previous_reference and previous is None:
        problems.append(
            {"path": "previous_reference", "message": "no conference has this reference"}
        )
    existing = _by_reference(session, spec.reference)
    if existing is not None and existing.cancelled:
        problems.append({"path": "reference", "message": "this conference was cancelled"})
    if previous is not None and existing is not None and previous.id == existing.id:
        problems.append({"path": "previous_reference", "message": "names this same conference"})
    invitations = spec.invitations
    if invitations is None and existing is None and previous is not None:
        invitations = _carried_invitations(previous)
    resolved = _resolve_invitations(session, invitations or (), problems)
    if problems:
        raise SpecError(problems)
    assert chair is not None
    created = existing is None
    conference = existing or Conference(
        reference=spec.reference, type=spec.type, date=spec.date, chair=chair, status="scheduled"
    )
    result = Result(conference, created)
    old_date, old_time, old_venue = conference.date, conference.time, conference.venue
    conference.type, conference.kind = spec.type, spec.kind
    conference.date, conference.time, conference.venue = spec.date, spec.time, spec.venue
    conference.notified_on, conference.chair, conference.previous = (
        spec.notified_on,
        chair,
        previous,
    )
    conference.updated_at = utcnow()
    if created:
        session.add(conference)
        result.changes.append(f"Create a {spec.type} on {spec.date:%d %B %Y}")
    _set_children(session, conference, spec, previous, result)
    _set_household(conference, spec, previous, result)
    session.flush()
    due = report_deadline(conference.date, conference.type, settings.timescales(session))
    moved = not created and (old_date, old_time, old_venue) != (spec.date, spec.time, spec.venue)
    if moved:
        result.changes.append(f"Move from {old_date:%d %B %Y} to {spec.date:%d %B %Y}")
        for invitation in conference.invitations:
            invitation.due_date = due
            if not invitation.withdrawn:
                invitation_service.tell_author(
                    session, invitation, "reschedule", old_date=old_date.isoformat()
                )
    if created or spec.invitations is not None:
        _set_invitations(session, conference, resolved, due, actor, result)
    return result


def cancel(session: Session, conference: Conference) -> None:
    """Cancel: every author still invited is told; nothing written is lost."""
    conference.status = "cancelled"
    conference.updated_at = utcnow()
    for invitation in conference.invitations:
        if not invitation.withdrawn:
            invitation_service.tell_author(session, invitation, "cancellation")


def reschedule(session: Session, conference: Conference, spec_changes: dict[str, Any]) -> Result:
    """Move the date, time or venue: deadlines move and the authors are told.

    The changes are checked by the same rules as ``schedule`` (``parse``), then applied to
    this conference itself: one scheduled on the coordinator's pages may have no reference
    to be found by (going through ``schedule`` made a second conference, and ``as_data``'s
    "id" and "status" were refused by ``parse``). Raises ``SpecError``; nothing written.
    """
    from reportsvc.services.conference_spec import parse

    unknown = sorted(set(spec_changes) - {"date", "time", "venue"})
    if unknown:
        raise SpecError([{"path": k, "message": "cannot be changed here"} for k in unknown])
    if conference.cancelled:
        raise SpecError([{"path": "date", "message": "this conference was cancelled"}])
    data = {
        k: v
        for k, v in as_data(conference).items()
        if k in ("type", "date", "time", "venue", "chair", "children")
    }
    data.update(spec_changes)
    spec = parse(data)
    result = Result(conference, created=False)
    before = (conference.date, conference.time, conference.venue)
    if before == (spec.date, spec.time, spec.venue):
        return result
    conference.date, conference.time, conference.venue = spec.date, spec.time, spec.venue
    conference.updated_at = utcnow()
    result.changes.append(f"Move from {before[0]:%d %B %Y} to {spec.date:%d %B %Y}")
    due = report_deadline(conference.date, conference.type, settings.timescales(session))
    for invitation in conference.invitations:
        invitation.due_date = due
        if not invitation.withdrawn:
            invitation_service.tell_author(
                session, invitation, "reschedule", old_date=before[0].isoformat()
            )
    return result


def as_data(conference: Conference) -> dict[str, Any]:
    """The conference in the API's shape (the answer to GET /api/v1/conferences/{id})."""
    data: dict[str, Any] = {
        "id": conference.id,
        "reference": conference.reference,
        "type": conference.type,
        "kind": conference.kind,
        "status": conference.status,
        "date": conference.date.isoformat(),
        "time": conference.time.strftime("%H:%M") if conference.time else None,
        "venue": conference.venue,
        "chair": conference.chair.email,
        "previous_reference": conference.previous.reference if conference.previous else None,
        "notified_on": conference.notified_on.isoformat() if conference.notified_on else None,
        "children": [_child_data(link) for link in conference.child_links],
        "household": [person.as_document() for person in conference.household],
        "invitations": [
            {
                "agency": {"type": inv.agency.type, "name": inv.agency.name},
                "author_email": inv.author.email if inv.author else None,
            }
            for inv in conference.invitations
            if not inv.withdrawn
        ],
    }
    if data["reference"] is None:
        del data["reference"]
    if data["previous_reference"] is None and conference.previous is not None:
        data["previous_reference"] = None
    return data


def _child_data(link: ConferenceChild) -> dict[str, Any]:
    child = link.child
    return {
        "key": link.key,
        "name": child.name,
        "date_of_birth": child.date_of_birth.isoformat() if child.date_of_birth else None,
        "expected_date_of_delivery": (
            child.expected_date_of_delivery.isoformat() if child.expected_date_of_delivery else None
        ),
        "ethnicity": child.ethnicity,
        "religion": child.religion,
        "first_language": child.first_language,
        "interpreter_needed": child.interpreter_needed,
    }


def _by_reference(session: Session, reference: str | None) -> Conference | None:
    if not reference:
        return None
    return session.scalar(select(Conference).where(Conference.reference == reference))


def _chair(session: Session, email: str, problems: list[dict[str, str]]) -> User | None:
    user = session.scalar(select(User).where(func.lower(User.email) == email.lower()))
    if user is None or not user.active:
        problems.append({"path": "chair", "message": "no active user has this email address"})
        return None
    if user.role != "chair":
        problems.append({"path": "chair", "message": "this user is not a conference chair"})
        return None
    return user


def _carried_invitations(previous: Conference) -> tuple[InvitationSpec, ...]:
    return tuple(
        InvitationSpec(inv.agency.type, inv.agency.name, inv.author.email if inv.author else None)
        for inv in previous.invitations
        if not inv.withdrawn
    )


@dataclass
class _Resolved:
    spec: InvitationSpec
    agency: Agency | None  # None: a new agency, created when stored
    author: User | None  # None with an email: a new account


def _resolve_invitations(
    session: Session, specs: tuple[InvitationSpec, ...], problems: list[dict[str, str]]
) -> list[_Resolved]:
    out = []
    for n, item in enumerate(specs):
        path = f"invitations[{n}]"
        agency = session.scalar(
            select(Agency).where(func.lower(Agency.name) == item.agency_name.lower())
        )
        if agency is not None and agency.type != item.agency_type:
            problems.append(
                {
                    "path": f"{path}.agency.type",
                    "message": f"this agency is registered as type '{agency.type}'",
                }
            )
        author = None
        if item.author_email:
            author = session.scalar(
                select(User).where(func.lower(User.email) == item.author_email.lower())
            )
            if author is not None and author.role != "author":
                problems.append(
                    {
                        "path": f"{path}.author_email",
                        "message": "this person's account is not a report author's",
                    }
                )
            elif author is not None and (agency is None or author.agency_id != agency.id):
                problems.append(
                    {
                        "path": f"{path}.author_email",
                        "message": "this author belongs to another agency; name an author in "
                        "this agency, or ask an administrator to move them",
                    }
                )
        out.append(_Resolved(item, agency, author))
    return out


def _set_children(
    session: Session,
    conference: Conference,
    spec: Spec,
    previous: Conference | None,
    result: Result,
) -> None:
    children = spec.children
    if children is None:
        if conference.child_links:
            return
        assert previous is not None  # parse() requires children otherwise
        children = tuple(
            ChildSpec(
                key=link.key,
                name=link.child.name,
                date_of_birth=link.child.date_of_birth,
                expected_date_of_delivery=link.child.expected_date_of_delivery,
                ethnicity=link.child.ethnicity,
                religion=link.child.religion,
                first_language=link.child.first_language,
                interpreter_needed=link.child.interpreter_needed,
            )
            for link in previous.child_links
        )
        result.changes.append(f"Carry {len(children)} children forward from the last conference")
    known = {link.key: link for link in conference.child_links}
    carried = {link.key: link.child for link in previous.child_links} if previous else {}
    wanted = [c.key for c in children]
    for link in list(conference.child_links):
        if link.key not in wanted:
            conference.child_links.remove(link)
            result.changes.append("Remove a child from the conference")
    for position, item in enumerate(children):
        found = known.get(item.key)
        if found is None:
            child = carried.get(item.key) or Child(name=item.name)
            if item.key not in carried:
                session.add(child)
            found = ConferenceChild(key=item.key, child=child, position=position)
            conference.child_links.append(found)
            if not result.created:
                result.changes.append("Add a child to the conference")
        found.position = position
        _update_child(found.child, item)
    conference.child_id = None
    session.flush()
    conference.child_id = conference.child_links[0].child.id if conference.child_links else None


def _update_child(child: Child, item: ChildSpec) -> None:
    child.name = item.name
    child.date_of_birth = item.date_of_birth
    child.expected_date_of_delivery = item.expected_date_of_delivery
    child.ethnicity, child.religion = item.ethnicity, item.religion
    child.first_language, child.interpreter_needed = item.first_language, item.interpreter_needed


def _set_household(
    conference: Conference, spec: Spec, previous: Conference | None, result: Result
) -> None:
    if spec.household is None:
        if conference.household or previous is None:
            return
        people = [
            HouseholdMember(
                name=p.name,
                relationship_=p.relationship_,
                lives_with_child=p.lives_with_child,
                children=list(p.children),
                position=p.position,
            )
            for p in previous.household
        ]
        conference.household = people
        return
    conference.household = [
        HouseholdMember(
            name=p.name,
            relationship_=p.relationship,
            lives_with_child=p.lives_with_child,
            children=list(p.children),
            position=n,
        )
        for n, p in enumerate(spec.household)
    ]


def _set_invitations(
    session: Session,
    conference: Conference,
    resolved: list[_Resolved],
    due: date,
    actor: User,
    result: Result,
) -> None:
    by_agency = {inv.agency_id: inv for inv in conference.invitations}
    kept: set[int] = set()
    for item in resolved:
        agency = item.agency
        if agency is None:
            agency = Agency(name=item.spec.agency_name, type=item.spec.agency_type)
            session.add(agency)
            session.flush()
            item.agency = agency
            result.changes.append(f"Add the agency {agency.name}")
        kept.add(agency.id)
        invitation = by_agency.get(agency.id)
        if invitation is None:
            invitation = invitation_service.invite(session, conference, agency, due)
            result.changes.append(f"Invite {agency.name}")
            if item.spec.author_email:
                invitation_service.name_author(session, invitation, item.spec.author_email)
            continue
        if invitation.withdrawn:
            invitation.withdrawn_at = None
            invitation.due_date = due
            result.changes.append(f"Invite {agency.name} again")
            if item.spec.author_email:
                invitation_service.name_author(session, invitation, item.spec.author_email)
            else:
                invitation_service.send(session, invitation)
            continue
        current = invitation.author.email if invitation.author else None
        if item.spec.author_email and item.spec.author_email != current:
            invitation_service.name_author(session, invitation, item.spec.author_email)
            result.changes.append(f"Change the author for {agency.name}")
    # A new invitation's agency_id is set at flush: without one, an invitation just made
    # with no author (so no mail, so no flush) was taken as dropped and withdrawn.
    session.flush()
    for invitation in conference.invitations:
        if invitation.agency_id not in kept and not invitation.withdrawn:
            invitation_service.withdraw(session, invitation)
            result.changes.append(f"Withdraw the invitation to {invitation.agency.name}")
