"""`reportsvc rescore`: re-assess every stored report version under the current rules."""

from __future__ import annotations

import os
import sys

import click
from flask.cli import with_appcontext

from reportsvc import db


@click.command("rescore")
@click.option("--batch-size", default=200, show_default=True, help="Versions per commit")
@click.option(
    "--workers",
    default=min(os.cpu_count() or 1, 4),
    show_default=True,
    help="Processes that run the engine (1: in this process)",
)
@with_appcontext
def rescore(batch_size: int, workers: int) -> None:
    """Assess every report version not yet assessed under the current ruleset.

    Old assessments are kept. Interrupt at any time (Ctrl-C): finished batches stay
    committed and the next run carries on from there.
    """
    import scoring
    from reportsvc.services import rescore as service

    session = db.session()
    todo = service.pending(session)
    click.echo(f"Ruleset {scoring.RULESET_VERSION}: {len(todo)} report versions to assess.")
    if not todo:
        return
    failures: list[int] = []
    try:
        with click.progressbar(length=len(todo), label="Rescoring") as bar:
            outcome = service.run(
                session,
                todo,
                batch_size=batch_size,
                workers=workers,
                progress=bar.update,
                failed=failures.append,
            )
    except KeyboardInterrupt:
        session.rollback()
        click.echo("\nInterrupted. Finished batches are saved; run again to resume.", err=True)
        sys.exit(130)
    click.echo(f"Assessed {outcome.assessed} versions.")
    if failures:
        shown = ", ".join(str(i) for i in failures[:20])
        click.echo(f"{len(failures)} versions no longer validate (ids: {shown})", err=True)
