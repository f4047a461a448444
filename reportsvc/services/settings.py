"""Partnership settings: working-day timescales, the bank-holiday region, sign-in (second
factor, single sign-on domains and role mapping) and retention periods."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from reportsvc.models import Setting
from scoring.calendar import REGIONS, Timescales

DEFAULTS = {
    "icpc_days": "3",
    "rcpc_days": "5",
    "bank_holiday_region": "ENG",
    # Working days before a report's deadline that its author is reminded (if not
    # submitted; reportsvc.services.reminders).
    "reminder_days": "2",
    # "yes": a chair may use the coordinator's scheduling pages for conferences they chair.
    "chairs_schedule_own": "no",
    # Sign-in (docs/security.md). "yes": a password account must set up its second factor
    # at its very first sign-in; "no": at its second sign-in (the first one is let through
    # so that a new partner can sign in once from an invitation).
    "two_factor_from_day_one": "no",
    "sso_domains": "",  # comma-separated email domains that must use single sign-on
    "sso_role_claim": "groups",  # the ID-token claim that carries groups or roles
    "sso_agency_id": "",  # the agency new single sign-on users belong to (the council)
    # Retention (reportsvc.services.retention).
    "retention_child_age": "25",  # keep a child's records until this birthday
    "retention_unborn_years": "6",  # unborn, never born into the system: years after last CPC
    "retention_audit_years": "7",  # audit events older than this are deleted
}
SSO_ROLE_PREFIX = "sso_role:"  # one row per role: "sso_role:chair" -> "cpc-chairs, ..."
REGION_LABELS = {
    "ENG": "England",
    "WLS": "Wales",
    "SCT": "Scotland",
    "NIR": "Northern Ireland",
}


class SettingsError(ValueError):
    pass


def load(session: Session) -> dict[str, str]:
    values = dict(DEFAULTS)
    values.update({row.key: row.value for row in session.scalars(select(Setting))})
    return values


def timescales(session: Session) -> Timescales:
    values = load(session)
    return Timescales(
        icpc_days=int(values["icpc_days"]),
        rcpc_days=int(values["rcpc_days"]),
        region=values["bank_holiday_region"],
    )


def update(session: Session, *, icpc_days: int, rcpc_days: int, region: str) -> None:
    if not 0 <= icpc_days <= 20 or not 0 <= rcpc_days <= 20:
        raise SettingsError("Working days before a conference must be between 0 and 20")
    if region not in REGIONS:
        raise SettingsError("Choose a bank-holiday region")
    for key, value in (
        ("icpc_days", str(icpc_days)),
        ("rcpc_days", str(rcpc_days)),
        ("bank_holiday_region", region),
    ):
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=value))
        else:
            row.value = value


def reminder_days(session: Session) -> int:
    return int(load(session)["reminder_days"])


def update_reminder_days(session: Session, days: int) -> None:
    if not 0 <= days <= 20:
        raise SettingsError("Working days before a deadline to remind must be between 0 and 20")
    _put(session, "reminder_days", str(days))


def chairs_schedule_own(session: Session) -> bool:
    return load(session)["chairs_schedule_own"] == "yes"


def update_chairs_schedule_own(session: Session, allowed: bool) -> None:
    _put(session, "chairs_schedule_own", "yes" if allowed else "no")


def _put(session: Session, key: str, value: str) -> None:
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\n", ",").split(",") if part.strip()]


def two_factor_from_day_one(session: Session) -> bool:
    return load(session)["two_factor_from_day_one"] == "yes"


def sso_domains(session: Session) -> list[str]:
    return [d.lower().lstrip("@") for d in _names(load(session)["sso_domains"])]


def sso_role_map(session: Session) -> dict[str, str]:
    """Claim value (a group or role name at the identity provider) -> reportsvc role."""
    mapping: dict[str, str] = {}
    for key, value in load(session).items():
        if key.startswith(SSO_ROLE_PREFIX):
            for name in _names(value):
                mapping[name] = key[len(SSO_ROLE_PREFIX) :]
    return mapping


def update_sign_in(
    session: Session,
    *,
    from_day_one: bool,
    domains: str,
    role_claim: str,
    agency_id: int | None,
    role_map: dict[str, str],
) -> None:
    """Save the sign-in settings; ``role_map`` is role -> comma-separated claim values."""
    from reportsvc.models import ROLES

    cleaned = [d.lower().lstrip("@") for d in _names(domains)]
    for domain in cleaned:
        if "." not in domain or "@" in domain or " " in domain:
            raise SettingsError("Enter email domains like council.gov.uk, separated by commas")
    if len(", ".join(cleaned)) > 200:
        raise SettingsError("The single sign-on domains must be 200 characters or fewer")
    if not role_claim.strip() or len(role_claim) > 60:
        raise SettingsError("Enter the name of the claim that carries roles, like groups")
    seen: dict[str, str] = {}
    for role, names in role_map.items():
        if role not in ROLES:
            raise SettingsError(f"Unknown role {role}")
        if len(names) > 200:
            raise SettingsError("Each role's group names must be 200 characters or fewer")
        for name in _names(names):
            if name in seen and seen[name] != role:
                raise SettingsError("A group name can map to one role only")
            seen[name] = role
    _put(session, "two_factor_from_day_one", "yes" if from_day_one else "no")
    _put(session, "sso_domains", ", ".join(cleaned))
    _put(session, "sso_role_claim", role_claim.strip())
    _put(session, "sso_agency_id", str(agency_id) if agency_id else "")
    for role in ROLES:
        _put(session, SSO_ROLE_PREFIX + role, ", ".join(_names(role_map.get(role, ""))))


def retention(session: Session) -> dict[str, int]:
    values = load(session)
    return {
        "child_age": int(values["retention_child_age"]),
        "unborn_years": int(values["retention_unborn_years"]),
        "audit_years": int(values["retention_audit_years"]),
    }


def update_retention(
    session: Session, *, child_age: int, unborn_years: int, audit_years: int
) -> None:
    if not 18 <= child_age <= 100:
        raise SettingsError("Keep a child's records until a birthday between 18 and 100")
    if not 1 <= unborn_years <= 100 or not 1 <= audit_years <= 100:
        raise SettingsError("Years to keep records must be between 1 and 100")
    _put(session, "retention_child_age", str(child_age))
    _put(session, "retention_unborn_years", str(unborn_years))
    _put(session, "retention_audit_years", str(audit_years))
