"""Time `rescore` on a generated database and extrapolate to every version.

    python bench/bench_rescore.py sqlite:////tmp/bench.sqlite3 --subset 1000 --workers 2

Marks the assessments of ``--subset`` versions as made under an older ruleset (as if the
rules had changed), then runs the same service the CLI runs and prints the rate.
"""

from __future__ import annotations

import argparse
import time

from sqlalchemy import select, update

from reportsvc import create_app, db
from reportsvc.models import Assessment, ReportVersion
from reportsvc.services import rescore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--subset", type=int, default=1000, help="0: every version")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    app = create_app({"DATABASE_URL": args.url})
    with app.app_context():
        session = db.session()
        total = session.query(ReportVersion).count()
        ids = list(session.scalars(select(ReportVersion.id).order_by(ReportVersion.id)))
        chosen = ids[: args.subset] if args.subset else ids
        session.execute(
            update(Assessment)
            .where(Assessment.report_version_id.in_(chosen))
            .values(ruleset_version="bench-old")
        )
        session.commit()
        todo = rescore.pending(session)
        began = time.perf_counter()
        outcome = rescore.run(session, todo, workers=args.workers)
        elapsed = time.perf_counter() - began
    rate = elapsed / max(outcome.assessed, 1)
    print(
        f"{app.config['DATABASE_URL'].split(':', 1)[0]}: rescored {outcome.assessed} versions "
        f"({outcome.failed} failed) in {elapsed:.1f}s with {args.workers} workers = "
        f"{rate * 1000:.1f} ms each; {total} versions would take {rate * total / 60:.1f} min"
    )


if __name__ == "__main__":
    main()
