"""Single-use sign-in links for people invited to write a report (valid 7 days).

The raw token goes only into the mail; the database keeps its SHA-256. Following a link
leads to setting a password; a used or expired link says so and offers a new one by mail.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from reportsvc.models import SignInLink, User, utcnow

VALID_FOR = timedelta(days=7)


@dataclass(frozen=True)
class Redeemed:
    """What a link is: ``user`` when it can be used, else why not (``used``/``expired``)."""

    user: User | None
    problem: str = ""  # "", "unknown", "used", "expired"
    link: SignInLink | None = None


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(session: Session, user: User) -> str:
    """A new link for ``user``; returns the raw token (for the mail only)."""
    token = secrets.token_urlsafe(32)
    session.add(SignInLink(user=user, token_hash=_hash(token), expires_at=utcnow() + VALID_FOR))
    return token


def look_up(session: Session, token: str) -> Redeemed:
    if not token or len(token) > 200:
        return Redeemed(None, "unknown")
    link = session.scalar(select(SignInLink).where(SignInLink.token_hash == _hash(token)))
    if link is None:
        return Redeemed(None, "unknown")
    if link.used_at is not None:
        return Redeemed(None, "used", link)
    if link.expires_at < utcnow():
        return Redeemed(None, "expired", link)
    if not link.user.active:
        return Redeemed(None, "unknown", link)
    return Redeemed(link.user, "", link)


def use(link: SignInLink) -> None:
    """Spend the link (in the transaction that sets the password)."""
    link.used_at = utcnow()


def has_password(user: User) -> bool:
    return not user.password_hash.startswith("!")


NO_PASSWORD = "!no-password-yet"  # noqa: S105 - not an argon2 hash: no password matches it
