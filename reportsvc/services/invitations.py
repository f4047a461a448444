"""Invitations to agencies: invite, name or change the author, re-send, withdraw.

Each change queues its mail in the same transaction (services/outbox.py). Mails carry the
conference date, the agency, the deadline and a link: never a child's name or report text.
A new author's email address gets an author account in the invited agency and a
single-use sign-in link.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, has_app_context
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reportsvc.models import Agency, Conference, Invitation, Report, User, utcnow
from reportsvc.services import accounts, outbox, signin_links


class InvitationError(ValueError):
    """The change cannot be made; the message is for the coordinator."""


def public_url() -> str:
    if has_app_context():
        return str(current_app.config.get("PUBLIC_URL", "http://127.0.0.1:5000")).rstrip("/")
    return "http://127.0.0.1:5000"


def invite(session: Session, conference: Conference, agency: Agency, due: date) -> Invitation:
    invitation = Invitation(conference=conference, agency=agency, due_date=due)
    session.add(invitation)
    # One report per invitation, created empty so it can be versioned from the first save.
    session.add(Report(invitation=invitation, status="draft", version=0))
    return invitation


def name_author(session: Session, invitation: Invitation, email: str) -> User:
    """Make ``email`` the invitation's author (creating the account if new) and mail them."""
    email = accounts.normalise_email(email)
    user = session.scalar(select(User).where(func.lower(User.email) == email))
    if user is None:
        user = User(
            email=email,
            name=email,
            password_hash=signin_links.NO_PASSWORD,
            role="author",
            agency=invitation.agency,
            session_nonce=accounts.new_nonce(),
            failed_logins=0,
            active=True,
        )
        session.add(user)
    elif user.role != "author":
        raise InvitationError("That person's account is not a report author's")
    elif user.agency_id != invitation.agency.id:
        raise InvitationError(
            "That author belongs to another agency; name an author in this agency"
        )
    previous = invitation.author
    invitation.author = user
    if previous is not None and previous.id != user.id:
        tell(session, invitation, previous, "author_changed")
    send(session, invitation)
    return user


def send(session: Session, invitation: Invitation) -> None:
    """Mail the invitation to its author (with a new sign-in link if they have no password)."""
    author = invitation.author
    if author is None:
        return
    invitation.invited_at = utcnow()
    if signin_links.has_password(author):
        tell(session, invitation, author, "invitation")
        return
    token = signin_links.issue(session, author)
    tell(
        session,
        invitation,
        author,
        "invitation_new_account",
        sign_in_link=f"{public_url()}/welcome/{token}",
    )


def withdraw(session: Session, invitation: Invitation) -> None:
    """Withdraw: the report and everything written stays; the author is told."""
    if invitation.withdrawn:
        return
    invitation.withdrawn_at = utcnow()
    tell_author(session, invitation, "withdrawn")


def tell_author(session: Session, invitation: Invitation, template: str, **extra: str) -> None:
    if invitation.author is not None:
        tell(session, invitation, invitation.author, template, **extra)


def tell(session: Session, invitation: Invitation, user: User, template: str, **extra: str) -> None:
    session.flush()  # the report's id makes the link
    conference = invitation.conference
    values = {
        "conference_type": conference.type,
        "conference_date": f"{conference.date:%-d %B %Y}",
        "conference_time": conference.time.strftime("%H:%M") if conference.time else "",
        "agency": invitation.agency.name,
        "deadline": f"{invitation.due_date:%-d %B %Y}",
        "link": f"{public_url()}/author/reports/{invitation.report.id}"
        if invitation.report is not None and invitation.report.id
        else f"{public_url()}/author/",
        **extra,
    }
    outbox.queue(session, to=user.email, template=template, values=values)
