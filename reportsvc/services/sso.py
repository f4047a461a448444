"""Council single sign-on: from a verified ID token's claims to a reportsvc user.

The OpenID Connect exchange itself (state, nonce, PKCE, signature, issuer, audience,
expiry) is done by Authlib in auth/sso.py; this module only decides who the person is and
what role they get, from the claim the partnership settings name:

- a user is found by the provider's subject, else by email (and the subject is then kept),
  else created in the agency the settings name for single sign-on users;
- the role is the one the claim maps to, taken afresh at every sign-in (a change at the
  provider applies at the next sign-in); when several values map to roles, the one with
  the widest access wins (admin, qa_lead, coordinator, chair, author);
- a claim that maps to no role is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from reportsvc.models import Agency, User
from reportsvc.services import accounts, settings

PRECEDENCE = ("admin", "qa_lead", "coordinator", "chair", "author")
NO_PASSWORD = "!sso-only"  # noqa: S105 - not a hash: no password ever matches it


class SsoRefused(Exception):
    """Sign-in refused after a valid token; ``reason`` picks the page's explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def claim_values(claims: Mapping[str, Any], claim: str) -> list[str]:
    value = claims.get(claim)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return []


def role_for(claims: Mapping[str, Any], role_claim: str, role_map: Mapping[str, str]) -> str:
    roles = {role_map[v] for v in claim_values(claims, role_claim) if v in role_map}
    for role in PRECEDENCE:
        if role in roles:
            return role
    raise SsoRefused("no_role")


def sign_in(session: Session, claims: Mapping[str, Any]) -> tuple[User, str | None]:
    """The user for verified ``claims``, created or updated; and their previous role if it
    changed (None otherwise). The caller audits and commits."""
    subject = str(claims.get("sub") or "")
    if not subject:
        raise SsoRefused("no_subject")
    values = settings.load(session)
    role = role_for(claims, values["sso_role_claim"], settings.sso_role_map(session))
    user = session.scalar(select(User).where(User.sso_subject == subject))
    email = accounts.normalise_email(str(claims.get("email") or ""))
    if user is None:
        if "@" not in email:
            raise SsoRefused("no_email")
        user = session.scalar(select(User).where(User.email == email))
        if user is not None:
            if user.sso_subject is not None:
                raise SsoRefused("other_subject")
            user.sso_subject = subject
    if user is None:
        agency_id = values["sso_agency_id"]
        agency = session.get(Agency, int(agency_id)) if agency_id.isdigit() else None
        if agency is None:
            raise SsoRefused("no_agency")
        user = User(
            email=email,
            name=str(claims.get("name") or "").strip()[:200] or email,
            password_hash=NO_PASSWORD,
            role=role,
            agency=agency,
            session_nonce=accounts.new_nonce(),
            failed_logins=0,
            active=True,
            sso_subject=subject,
        )
        session.add(user)
        session.flush()
        return user, None
    if not user.active:
        raise SsoRefused("disabled")
    previous = user.role if user.role != role else None
    user.role = role
    if previous is not None:
        accounts.revoke_sessions(user)  # sessions with the old role end
    return user, previous
