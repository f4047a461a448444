"""The `reportsvc` commands (also reachable as `flask --app wsgi ...`).

``create_app()`` registers them on the app (``register_commands``); the console script that
builds the app and runs them is ``reportsvc/__main__.py``, so this module never imports the
package root (tests/test_import_graph.py).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from reportsvc import db


def register_commands(app: Flask) -> None:
    app.cli.add_command(init_db)
    app.cli.add_command(demo)
    app.cli.add_command(create_user)
    app.cli.add_command(token)
    app.cli.add_command(score)
    app.cli.add_command(evaluate)
    from reportsvc.qa.cli import rescore

    app.cli.add_command(rescore)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
    app.cli.add_command(worker)
    app.cli.add_command(retention)


@click.command("retention")
@with_appcontext
@click.option("--dry-run", is_flag=True, help="List what would be deleted; change nothing")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as if it were this day (YYYY-MM-DD), to check the rules",
)
def retention(dry_run: bool, today: Any) -> None:
    """Delete records past the partnership's retention periods (docs/security.md)."""
    from reportsvc.services import retention as service

    session = db.session()
    day = today.date() if today is not None else None
    if dry_run:
        for line in service.describe(service.plan(session, day)):
            click.echo(line)
        click.echo("Dry run: nothing was deleted.")
        return
    the_plan, removed = service.run(session, day)
    for line in service.describe(the_plan):
        click.echo(line)
    click.echo(f"Deleted {removed} records; each has an audit event (ids only).")


@click.command("worker")
@with_appcontext
@click.option("--once", is_flag=True, help="Send what is due, queue due reminders, and exit")
@click.option("--name", default=None, help="This worker's name in the heartbeats (host:pid)")
def worker(once: bool, name: str | None) -> None:
    """Send queued mail and reminders until SIGTERM or SIGINT (Ctrl-C)."""
    import logging
    import signal

    from reportsvc.mail import transports
    from reportsvc.mail.worker import Worker

    app = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        transports.from_config(app.config, app.instance_path).close()
    except transports.MailConfigError as error:
        raise click.ClickException(str(error)) from None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    runner = Worker(app, name=name)
    where = transports.describe(app.config.get("MAIL_URL") or "")
    if not app.config.get("MAIL_URL"):
        where = transports.describe(transports.default_outbox(app.instance_path))
    if once:
        stats = runner.run_once()
    else:
        click.echo(f"Worker {runner.name} sending mail to {where}; stop with Ctrl-C or SIGTERM.")

        def _stop(_signum: int, _frame: Any) -> None:
            runner.stop.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        stats = runner.run_forever()
    click.echo(
        f"Sent {stats.sent}, retrying {stats.retried}, gave up on {stats.failed}, "
        f"queued {stats.reminders} reminder(s) (mail to {where})."
    )


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup(path: Path) -> None:
    """Write a consistent copy of the SQLite database to PATH while the app runs."""
    from reportsvc.services import backup as service

    try:
        pages = service.backup(current_app.config["DATABASE_URL"], path)
    except service.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up {pages} pages to {path} (integrity check ok).")


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation")
def restore(path: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup in PATH (stop the app first)."""
    from reportsvc.services import backup as service

    if not yes:
        click.confirm("This replaces every record in the database. Continue?", abort=True)
    db.engine().dispose()
    try:
        pages = service.restore(current_app.config["DATABASE_URL"], path)
    except service.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Restored {pages} pages from {path}.")


@click.command("init-db")
@with_appcontext
def init_db() -> None:
    """Create or upgrade the database schema (Alembic migrations to head)."""
    from reportsvc import migrate

    migrate.upgrade(db.engine())
    click.echo(f"Database is at schema revision {migrate.current(db.engine())}.")


@click.command("demo")
@with_appcontext
def demo() -> None:
    """Load the demo partnership (refuses a database with real data)."""
    from reportsvc import migrate
    from reportsvc.services import demo as demo_service

    migrate.upgrade(db.engine())
    password = current_app.config["DEMO_PASSWORD"]
    try:
        created = demo_service.load(db.session(), password=password, hashing=_hashing())
    except demo_service.NotADemoDatabase as error:
        raise click.ClickException(str(error)) from None
    db.session().commit()
    click.echo("Demo data loaded." if created else "Demo data was already loaded.")
    click.echo("Sign in at http://127.0.0.1:5000 with any of these (password below):")
    for email, role in demo_service.DEMO_LOGINS:
        click.echo(f"  {email:28} {role}")
    click.echo(f"Password: {password}")


@click.command("create-user")
@with_appcontext
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", required=True, type=click.Choice(["author", "chair", "qa_lead", "admin"]))
@click.option("--agency", "agency_name", required=True, help="Agency name (must exist)")
@click.option("--agency-type", default=None, help="Create the agency with this type if missing")
@click.password_option()
def create_user(
    email: str, name: str, role: str, agency_name: str, agency_type: str | None, password: str
) -> None:
    """Add a user."""
    from forms import AGENCY_TYPES
    from reportsvc.models import Agency
    from reportsvc.services import accounts

    session = db.session()
    agency = session.scalar(select(Agency).where(Agency.name == agency_name))
    if agency is None:
        if agency_type not in AGENCY_TYPES:
            raise click.ClickException(
                "No agency with that name; pass --agency-type "
                f"({', '.join(AGENCY_TYPES)}) to create it"
            )
        agency = Agency(name=agency_name, type=agency_type)
        session.add(agency)
    try:
        accounts.create_user(
            session,
            email=email,
            name=name,
            password=password,
            role=role,
            agency=agency,
            hashing=_hashing(),
        )
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None
    session.commit()
    click.echo(f"Created {role} {email}.")


@click.group("token")
def token() -> None:
    """API bearer tokens."""


@token.command("create")
@with_appcontext
@click.argument("email")
def token_create(email: str) -> None:
    """Print a new bearer token for EMAIL (stored hashed; shown once)."""
    from reportsvc.models import User
    from reportsvc.services import accounts

    session = db.session()
    user = session.scalar(select(User).where(User.email == accounts.normalise_email(email)))
    if user is None:
        raise click.ClickException("No user with that email address")
    value = accounts.create_token(session, user)
    session.commit()
    click.echo(value)


@click.command("score")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="json")
def score(path: Path, fmt: str) -> None:
    """Assess a report document (FILE) or every *.json in DIR (one JSON line each)."""
    import scoring
    from scoring.text_table import format_assessment

    files = (
        sorted(p for p in path.glob("*.json") if not p.name.endswith(".gold.json"))
        if path.is_dir()
        else [path]
    )
    failures = 0
    for file in files:
        try:
            data = _read_json(file)
            assessment = scoring.assess(data)
        except _BadFile as error:
            failures += 1
            click.echo(f"{file.name}: {error}", err=True)
            continue
        except scoring.DocumentError as error:
            failures += 1
            for detail in error.details:
                where = detail["path"] or "(document)"
                click.echo(f"{file.name}: {where}: {detail['message']}", err=True)
            continue
        if fmt == "table":
            click.echo(f"== {file.name}" if path.is_dir() else "", nl=path.is_dir())
            click.echo(format_assessment(assessment))
        else:
            out: dict[str, Any] = assessment.to_dict()
            if path.is_dir():
                out = {"file": file.name, **out}
            click.echo(json.dumps(out, ensure_ascii=False, indent=None if path.is_dir() else 2))
    if failures:
        sys.exit(2)


@click.command("evaluate")
@click.argument(
    "directories",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
)
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON")
def evaluate(directories: tuple[Path, ...], as_json: bool) -> None:
    """Compare the engine with the gold labels in each DIRECTORY (one table per set)."""
    from scoring.evaluation import evaluate as run
    from scoring.evaluation import format_table, load_labelled_dir

    results = {}
    for directory in directories:
        labelled = load_labelled_dir(directory)
        if not labelled:
            raise click.ClickException(
                f"{directory}: no *.json files with matching *.gold.json labels found"
            )
        results[str(directory)] = run((doc, gold) for _name, doc, gold in labelled)
    if as_json:
        out = {k: r.to_dict() for k, r in results.items()}
        click.echo(json.dumps(out[str(directories[0])] if len(out) == 1 else out, indent=2))
        return
    for name, result in results.items():
        if len(results) > 1:
            click.echo(f"== {name}")
        click.echo(format_table(result))


class _BadFile(Exception):
    pass


def _read_json(file: Path) -> Any:
    try:
        return json.loads(file.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise _BadFile("not UTF-8 text") from None
    except json.JSONDecodeError as error:
        raise _BadFile(f"not valid JSON (line {error.lineno}, column {error.colno})") from None


def _hashing() -> Any:
    from reportsvc.auth.login import hashing

    return hashing()
