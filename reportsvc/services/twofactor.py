"""The second factor for password accounts: TOTP (RFC 6238) and single-use recovery codes.

- The secret is made at enrolment and kept only once the user has typed a code from it.
- A code is accepted for the current 30-second step and one step either side (clock drift),
  and never twice: the last accepted step is stored and a code for it, or an earlier step,
  is refused even while it is still "valid". Two sign-ins racing with the same code queue on
  the user row (FOR UPDATE), so only one wins.
- Ten recovery codes are made at enrolment, shown once and stored as argon2 hashes; each
  works once.
- A wrong code counts towards the same lockout as a wrong password (User.failed_logins).
- There are no remembered devices: every password sign-in asks for a code.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta

import pyotp
import segno
from sqlalchemy import select
from sqlalchemy.orm import Session

from reportsvc.models import RecoveryCode, User, utcnow
from reportsvc.services import accounts

STEP = 30  # seconds per code (RFC 6238 default, what authenticator apps use)
DRIFT = 1  # steps either side accepted
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str, issuer: str) -> str:
    return pyotp.TOTP(secret, interval=STEP).provisioning_uri(name=email, issuer_name=issuer)


def qr_svg(uri: str) -> str:
    """The enrolment QR code as inline SVG, drawn here (no external service sees the secret)."""
    svg: str = segno.make(uri, error="m").svg_inline(
        scale=5, border=4, title="QR code for your authenticator app"
    )
    return svg


def needs_enrolment(user: User) -> bool:
    return user.totp_enrolled_at is None or not user.totp_secret


def matching_step(secret: str, code: str, now: datetime | None = None) -> int | None:
    """The time step whose code is ``code`` (current one and DRIFT either side), or None."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret, interval=STEP)
    moment = now or utcnow()
    current = totp.timecode(moment)
    for offset in range(-DRIFT, DRIFT + 1):
        step = current + offset
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def confirm_enrolment(user: User, secret: str, code: str, now: datetime | None = None) -> bool:
    """Keep ``secret`` for the user if ``code`` is right for it (proves the app has it)."""
    step = matching_step(secret, code, now)
    if step is None:
        return False
    user.totp_secret = secret
    user.totp_enrolled_at = now or utcnow()
    user.totp_last_step = step
    return True


def new_recovery_codes(user: User, hashing: accounts.Hashing) -> list[str]:
    """Replace the user's recovery codes with ten new ones; return them to show once."""
    hasher = hashing.hasher()
    codes = []
    user.recovery_codes.clear()
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))
        code = f"{raw[:5]}-{raw[5:]}"
        codes.append(code)
        user.recovery_codes.append(RecoveryCode(code_hash=hasher.hash(code)))
    return codes


def _normal_recovery(code: str) -> str:
    raw = "".join(ch for ch in code.lower() if ch.isalnum())
    return f"{raw[:5]}-{raw[5:]}" if len(raw) == 10 else ""


def verify(
    session: Session,
    user_id: int,
    code: str,
    *,
    hashing: accounts.Hashing,
    max_failures: int,
    lockout: timedelta,
    now: datetime | None = None,
) -> tuple[User | None, str]:
    """Check a second-factor code or recovery code for the user who gave their password.

    Returns (user, how) on success, how being "totp" or "recovery"; (None, reason) when
    refused, reason being "locked" or "wrong". A wrong code counts towards the lockout.
    """
    now = now or utcnow()
    user = session.scalar(select(User).where(User.id == user_id).with_for_update())
    if user is None or not user.active or needs_enrolment(user):
        return None, "wrong"
    if user.locked_until is not None and user.locked_until > now:
        return None, "locked"
    assert user.totp_secret is not None
    step = matching_step(user.totp_secret, code, now)
    if step is not None and (user.totp_last_step is None or step > user.totp_last_step):
        user.totp_last_step = step
        user.failed_logins = 0
        return user, "totp"
    recovery = _normal_recovery(code) if step is None else ""
    if recovery:
        hasher = hashing.hasher()
        for row in user.recovery_codes:
            if row.used_at is None and accounts.verify_password(hasher, row.code_hash, recovery):
                row.used_at = now
                user.failed_logins = 0
                return user, "recovery"
    user.failed_logins += 1
    if user.failed_logins >= max_failures:
        user.locked_until = now + lockout
        user.failed_logins = 0
        return None, "locked"
    return None, "wrong"


def recovery_codes_left(user: User) -> int:
    return sum(1 for row in user.recovery_codes if row.used_at is None)


def reset(user: User) -> None:
    """Remove the user's second factor (admin reset): they set one up at their next sign-in.

    Their sessions end, so a stolen session cannot carry on past the reset."""
    user.totp_secret = None
    user.totp_enrolled_at = None
    user.totp_last_step = None
    user.recovery_codes.clear()
    accounts.revoke_sessions(user)
