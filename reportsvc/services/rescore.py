"""Re-assess stored report versions under the current rules.

Each version gets a new Assessment with the current ruleset version beside the old ones,
which are kept. Work is committed batch by batch, and a version that already has an
assessment under the current ruleset is skipped, so an interrupted run resumes where it
stopped. The facts of every report touched are refreshed in the same commit.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

import scoring
from reportsvc.models import Assessment, ReportVersion
from reportsvc.services import facts, settings
from reportsvc.services.reports import store_assessment


@dataclass
class Outcome:
    assessed: int = 0
    failed: int = 0  # versions whose stored document no longer validates (ids are logged)


def pending(session: Session, ruleset: str | None = None) -> list[int]:
    """Ids of versions with no assessment under ``ruleset`` (default: the current one)."""
    ruleset = ruleset or scoring.RULESET_VERSION
    done = exists().where(
        Assessment.report_version_id == ReportVersion.id, Assessment.ruleset_version == ruleset
    )
    return list(session.scalars(select(ReportVersion.id).where(~done).order_by(ReportVersion.id)))


def _assess(job: tuple[dict[str, Any], scoring.Timescales]) -> scoring.Assessment | None:
    document, timescales = job
    try:
        return scoring.assess(document, timescales=timescales)
    except scoring.DocumentError:
        return None


@contextmanager
def _mapper(workers: int) -> Iterator[Callable[..., Any]]:
    if workers <= 1:
        yield map
        return
    # spawn: workers build their own spaCy pipeline and never touch the database.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield lambda fn, jobs: pool.map(fn, jobs, chunksize=8)


def run(
    session: Session,
    version_ids: Sequence[int],
    *,
    batch_size: int = 200,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
    failed: Callable[[int], None] | None = None,
) -> Outcome:
    """Assess ``version_ids`` in batches, committing each batch with its facts."""
    outcome = Outcome()
    timescales = settings.timescales(session)
    with _mapper(workers) as mapper:
        for start in range(0, len(version_ids), batch_size):
            ids = list(version_ids[start : start + batch_size])
            versions = list(
                session.scalars(
                    select(ReportVersion)
                    .where(ReportVersion.id.in_(ids))
                    .order_by(ReportVersion.id)
                )
            )
            results = mapper(_assess, [(v.document, timescales) for v in versions])
            for version, result in zip(versions, results, strict=True):
                if result is None:
                    outcome.failed += 1
                    if failed:
                        failed(version.id)
                    continue
                store_assessment(session, version, result)
                outcome.assessed += 1
            facts.refresh_reports(session, {v.report_id for v in versions})
            session.commit()
            session.expunge_all()
            if progress:
                progress(len(ids))
    return outcome
