"""Accounts: password hashing, sign-in with lockout, users and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from reportsvc.models import ROLES, Agency, ApiToken, User, utcnow


class AccountError(ValueError):
    """A request about accounts that cannot be carried out; the message is for users."""


@dataclass(frozen=True)
class Hashing:
    time_cost: int = 2
    memory_cost: int = 19456
    parallelism: int = 1

    def hasher(self) -> PasswordHasher:
        return PasswordHasher(
            time_cost=self.time_cost, memory_cost=self.memory_cost, parallelism=self.parallelism
        )


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    password: str,
    role: str,
    agency: Agency,
    hashing: Hashing,
) -> User:
    if role not in ROLES:
        raise AccountError(f"Role must be one of: {', '.join(ROLES)}")
    email = normalise_email(email)
    if "@" not in email:
        raise AccountError("Enter an email address in the correct format, like name@example.org")
    if len(password) < 12:
        raise AccountError("Password must be 12 characters or more")
    if session.scalar(select(User).where(User.email == email)) is not None:
        raise AccountError("A user with that email address already exists")
    user = User(
        email=email,
        name=name.strip() or email,
        password_hash=hashing.hasher().hash(password),
        role=role,
        agency=agency,
        session_nonce=new_nonce(),
        failed_logins=0,
        active=True,
    )
    session.add(user)
    return user


# A real hash of a random password: unknown users cost the same time as known ones.
_DUMMY_PASSWORD = secrets.token_urlsafe(16)


def authenticate(
    session: Session,
    email: str,
    password: str,
    *,
    hashing: Hashing,
    max_failures: int,
    lockout: timedelta,
    now: datetime | None = None,
    reset_failures: bool = True,
) -> User | None:
    """Return the user when the password is right and the account usable, else None.

    Unknown user, wrong password, disabled and locked accounts all look the same to the
    caller. Failures are counted in the database so a lockout holds across workers.
    ``reset_failures=False`` keeps the count when a second factor is still to come (the
    sign-in resets it once complete), so re-entering the password does not buy an
    attacker a fresh set of code guesses.
    """
    now = now or utcnow()
    hasher = hashing.hasher()
    # FOR UPDATE: concurrent failures on PostgreSQL queue here, so none is lost and the
    # lockout holds (SQLite's BEGIN IMMEDIATE serialises them already). Found by
    # tests/security/test_sessions_and_login.py: 10 parallel failures counted as 1.
    user = session.scalar(
        select(User).where(User.email == normalise_email(email)).with_for_update()
    )
    if user is None:
        verify_password(hasher, hasher.hash(_DUMMY_PASSWORD), password)
        return None
    locked = user.locked_until is not None and user.locked_until > now
    ok = verify_password(hasher, user.password_hash, password)
    if locked or not user.active:
        return None
    if not ok:
        user.failed_logins += 1
        if user.failed_logins >= max_failures:
            user.locked_until = now + lockout
            user.failed_logins = 0
        return None
    if reset_failures:
        user.failed_logins = 0
        user.locked_until = None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hasher.hash(password)
    return user


def verify_password(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def set_password(user: User, password: str, *, hashing: Hashing) -> None:
    if len(password) < 12:
        raise AccountError("Password must be 12 characters or more")
    user.password_hash = hashing.hasher().hash(password)
    revoke_sessions(user)


def revoke_sessions(user: User) -> None:
    """End every session of the user: their cookies no longer match the stored nonce."""
    user.session_nonce = new_nonce()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, user: User) -> str:
    """Create an API token; only its hash is stored, so print it once."""
    token = "rs_" + secrets.token_urlsafe(32)
    session.add(ApiToken(user=user, token_hash=hash_token(token)))
    return token


def user_for_token(session: Session, token: str) -> User | None:
    row = session.scalar(
        select(ApiToken).where(
            ApiToken.token_hash == hash_token(token), ApiToken.revoked_at.is_(None)
        )
    )
    if row is None or not row.user.active:
        return None
    return row.user


def move_agency(session: Session, user: User, agency: Agency) -> int:
    """Move ``user`` to ``agency``; returns how many open invitations lost their author.

    Reports belong to the invitation, so everything they wrote stays with the old agency
    (and out of their sight: an author sees only their own agency's reports). Open
    invitations they were named on go back to "no author" for the coordinator to fill.
    """
    from reportsvc.models import Invitation

    user.agency = agency
    revoke_sessions(user)
    released = 0
    for invitation in session.scalars(select(Invitation).where(Invitation.author_id == user.id)):
        done = invitation.report is not None and invitation.report.status == "submitted"
        if not done and not invitation.withdrawn:
            invitation.author_id = None
            released += 1
    return released
