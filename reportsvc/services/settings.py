"""Partnership settings: working-day timescales and the bank-holiday region."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from reportsvc.models import Setting
from scoring.calendar import REGIONS, Timescales

DEFAULTS = {"icpc_days": "3", "rcpc_days": "5", "bank_holiday_region": "ENG"}
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
