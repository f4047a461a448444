"""Audit samples: a random but reproducible choice of reports for a manual audit.

The population is listed in a fixed order (by id) and drawn with ``random.Random(seed)``,
so the same seed, period and filters give the same sample on any machine, as long as the
reports in the period have not changed.
"""

from __future__ import annotations

import math
import random
import secrets
from collections.abc import Sequence
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from reportsvc.models import AuditSample, AuditSampleItem, Conference, Report, User
from reportsvc.models.qa import ReportFacts
from reportsvc.queries import qa as queries

T = TypeVar("T")
UNITS = {"reports": "Reports", "conferences": "Conferences"}


class EmptyPopulation(Exception):
    """No submitted reports match the period and filters."""


def new_seed() -> int:
    return secrets.randbelow(2**31 - 1) + 1


def sample_size(population: int, size: int, percent: bool) -> int:
    wanted = math.ceil(population * size / 100) if percent else size
    return max(0, min(population, wanted))


def pick(population: Sequence[T], size: int, *, percent: bool, seed: int) -> list[T]:
    """A seeded random sample, in draw order. Pure: same inputs, same output."""
    ordered = sorted(population)  # type: ignore[type-var]
    # Not for security: an auditor must be able to redraw the same sample from its seed.
    rng = random.Random(seed)  # noqa: S311
    return rng.sample(ordered, sample_size(len(ordered), size, percent))


def population(session: Session, filters: queries.Filters) -> list[tuple[int, int, int]]:
    """(conference id, report id, submitted version id) of every submitted report."""
    query = queries.base_query([Conference.id, Report.id, ReportFacts.version_id], filters).where(
        ReportFacts.version_id.is_not(None)
    )
    return [(c, r, v) for c, r, v in session.execute(query)]


def draw(
    session: Session,
    *,
    name: str,
    user: User,
    filters: queries.Filters,
    unit: str,
    size: int,
    percent: bool,
    seed: int,
) -> AuditSample:
    """Draw and save a sample. Caller commits."""
    if unit not in UNITS:
        raise ValueError("unit must be reports or conferences")
    rows = population(session, filters)
    if not rows:
        raise EmptyPopulation()
    if unit == "reports":
        chosen = pick([(r, v) for _c, r, v in rows], size, percent=percent, seed=seed)
    else:
        conferences = pick(sorted({c for c, _r, _v in rows}), size, percent=percent, seed=seed)
        by_conference: dict[int, list[tuple[int, int]]] = {}
        for c, r, v in sorted(rows):
            by_conference.setdefault(c, []).append((r, v))
        chosen = [item for c in conferences for item in by_conference[c]]
    sample = AuditSample(
        name=name,
        created_by_id=user.id,
        seed=seed,
        unit=unit,
        size=size,
        size_is_percent=percent,
        period_start=filters.start,
        period_end=filters.end,
        filters={k: v for k, v in filters.args().items() if k not in ("start", "end")},
    )
    session.add(sample)
    for position, (report_id, version_id) in enumerate(chosen, start=1):
        sample.items.append(
            AuditSampleItem(report_id=report_id, report_version_id=version_id, position=position)
        )
    session.flush()
    return sample


def filters_of(sample: AuditSample) -> queries.Filters:
    saved = sample.filters or {}
    return queries.Filters(
        start=sample.period_start,
        end=sample.period_end,
        agency_type=saved.get("agency_type") or None,
        agency_id=int(saved["agency_id"]) if saved.get("agency_id") else None,
        conference_type=saved.get("conference_type") or None,
        chair_id=int(saved["chair_id"]) if saved.get("chair_id") else None,
    )


def samples(session: Session) -> list[AuditSample]:
    return list(session.scalars(select(AuditSample).order_by(AuditSample.id.desc())))
