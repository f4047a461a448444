"""A rolling upgrade: the previous release's code runs against the new schema.

During a rolling upgrade the new code migrates the database while instances of the
previous release still serve. Migrations therefore add before they remove (new columns
nullable or with server defaults, nothing renamed or dropped in the same release), and this
test holds them to it: it takes the previous release from git (read-only: ``git archive``
of the newest commit whose migrations differ from this tree's; or the commit named by
``REPORTSVC_PREVIOUS_RELEASE``; or an unpacked tree named by
``REPORTSVC_PREVIOUS_RELEASE_DIR``), migrates a fresh database with THIS code, builds the test
world with THIS code, then runs the previous release's app in a subprocess for the main
journeys (sign in, open, autosave, save, submit, export; chair's conference and report; QA
summary; admin), and finally reads with this code what the old code wrote.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import warnings
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from reportsvc import db
from reportsvc.models import Report
from tests import pages
from tests.conftest import BACKENDS, _world_template, fresh_database, make_app
from tests.world import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
VERSIONS = "reportsvc/migrations/versions"
SCRIPT = Path(__file__).with_name("previous_release_journeys.py")
YESTERDAY = date.today() - timedelta(days=1)
MARKER = "Previous-release marker: the GP will see Leah fortnightly."
COMPLETE = {
    "section_reason_for_involvement": "Leah is registered with the practice; I saw her on 2 March.",
    "section_worries": "Leah has missed three immunisation appointments since January.",
    "section_working_well": "Her mother brought her to every acute appointment.",
    "children-0-voice_of_child": "Leah smiled and reached for her mother when I examined her.",
    "children-0-identity": "Leah is of Black British Caribbean heritage; her family attend church.",
    "section_family_and_network": "Marcus, Leah's father, lives nearby; I spoke to him on 3 March.",
    "section_threshold_view": (
        "In my view Leah is likely to suffer significant harm through neglect because her "
        "immunisations and weight checks have been missed for six months."
    ),
    "section_reduce_worries": "Leah attending every appointment for three months.",
    "section_service_actions": MARKER,
    "household-0-name": "Janelle",
    "household-0-relationship": "mother",
    "household-0-lives_with_child": "yes",
    # the names a one-child release used for the child's sections
    "section_voice_of_child": "Leah smiled and reached for her mother when I examined her.",
    "section_identity": "Leah is of Black British Caribbean heritage; her family attend church.",
    "sharing-date": [str(YESTERDAY.day), str(YESTERDAY.month), str(YESTERDAY.year)],
    "sharing-method": "face to face at the surgery",
    "sharing-with_whom": "Janelle (mother)",
    "sharing-feedback": "Janelle agreed with the report and asked for a copy.",
}


EXPECTED = {
    "sign_in": [302, 302, 302, 302],
    "report_page": 200,
    "autosave": 200,
    "save_draft": 302,
    "submit": 302,
    "export": 200,
    "conference_page": 200,
    "chair_report": 200,
    "qa_summary": 200,
    "admin_users": 200,
}


def run_previous(old_code: Path, url: str, given: dict[str, Any], *flags: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(old_code), "REPORTSVC_LOG_FORMAT": "plain"}
    done = subprocess.run(
        [sys.executable, str(SCRIPT), url, json.dumps(given), *flags],
        cwd=old_code,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def git(*args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise LookupError(done.stderr.strip() or "git failed")
    return done.stdout


def candidates() -> Iterator[str]:
    """The commit named, or, newest first, the commits whose migrations differ from this
    tree's (an older schema)."""
    pinned = ROOT / "deploy" / "PREVIOUS_RELEASE"  # the release before this one (docs/deploy.md)
    named = os.environ.get("REPORTSVC_PREVIOUS_RELEASE") or (
        pinned.read_text().strip() if pinned.exists() else ""
    )
    if named:
        yield git("rev-parse", "--verify", named + "^{commit}").strip()
        return
    ours = sorted(p.name for p in (ROOT / VERSIONS).glob("*.py"))
    for commit in git("rev-list", "--max-count=200", "HEAD").split():
        theirs = sorted(
            Path(p).name for p in git("ls-tree", "--name-only", commit, VERSIONS + "/").split()
        )
        if theirs and theirs != ours:
            yield commit


BASELINE_GIVEN = {
    "password": PASSWORD,
    "autosave_text": "Autosaved by the previous release.",
    "complete": COMPLETE,
    "complete_marker": MARKER,
}
CORE = ("sign_in", "report_page", "autosave", "save_draft")


def baseline(tree: Path) -> dict | None:
    """The journeys of that tree on ITS OWN schema (SQLite), or None when it is not a
    release: it does not build, or cannot even write a report (a commit made half-way
    through landing a change)."""
    with tempfile.TemporaryDirectory() as own:
        try:
            found = run_previous(tree, f"sqlite:///{own}/own.sqlite3", BASELINE_GIVEN, "--baseline")
        except (AssertionError, ValueError, IndexError, subprocess.TimeoutExpired):
            return None
    if any(found.get(step) != EXPECTED[step] for step in CORE):
        return None
    return found


@pytest.fixture(scope="session")
def old_code(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    given = os.environ.get("REPORTSVC_PREVIOUS_RELEASE_DIR")  # an unpacked release, no git
    if given:
        yield Path(given)
        return
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs the git history of the checkout (read-only)")
    skipped: list[str] = []
    try:
        for commit in candidates():
            target = tmp_path_factory.mktemp("previous-release")
            archive = target / "release.tar"
            git("archive", "--format=tar", "-o", str(archive), commit)  # reads objects only
            with tarfile.open(archive) as tar:
                tar.extractall(target, filter="data")
            archive.unlink()
            found = baseline(target)
            if found is not None:
                note = f"{commit} (newer, not releases: {' '.join(skipped) or 'none'})"
                (target / "COMMIT").write_text(note)
                (target / "BASELINE.json").write_text(json.dumps(found))
                yield target
                return
            skipped.append(commit[:10])
            if len(skipped) >= 25:
                break
    except LookupError as error:
        pytest.skip(f"no git history to take the previous release from: {error}")
    pytest.fail(f"no earlier commit with an older schema works as a release (tried {skipped})")


@pytest.mark.parametrize("backend", BACKENDS)
def test_previous_release_runs_the_main_journeys_on_the_new_schema(
    old_code: Path, backend: str, request: pytest.FixtureRequest, tmp_path: Path
):
    with fresh_database(backend, request, tmp_path, with_world=True) as url:
        world = _world_template(backend, request)[1]
        new_app = make_app(url)
        with new_app.app_context():
            from reportsvc import migrate

            assert migrate.current(db.engine()) == migrate.head()  # the NEW schema
        given = {
            "report": world.gp_report,
            "conference": world.conference,
            "password": PASSWORD,
            "author": world.emails["author_gp"],
            "chair": world.emails["chair"],
            "qa": world.emails["qa"],
            "admin": world.emails["admin"],
            "autosave_text": "Autosaved by the previous release.",
            "complete": COMPLETE,
            "complete_marker": MARKER,
        }
        on_new = run_previous(old_code, url, given)
        known = old_code / "BASELINE.json"  # the old code on its own schema
        on_own = json.loads(known.read_text()) if known.exists() else baseline(old_code)
        assert on_own is not None, f"{old_code} cannot write a report on its own schema"
        marker = old_code / "COMMIT"
        commit = marker.read_text() if marker.exists() else str(old_code)
        assert on_new["code"].startswith(str(old_code)), "the old release's code did not run"
        # what the old release could do on its own schema, it can do on the new one
        regressions = {
            step: (on_own[step], on_new.get(step))
            for step in EXPECTED
            if on_own.get(step) == EXPECTED[step] and on_new.get(step) != EXPECTED[step]
        }
        assert not regressions, (commit, regressions, on_new.get("crashed"))
        broken_anyway = sorted(s for s in EXPECTED if on_own.get(s) != EXPECTED[s])
        assert not {"sign_in", "report_page", "autosave", "save_draft"} & set(broken_anyway), (
            f"the previous release {commit} cannot even write a report on its own schema",
            on_own,
        )
        if broken_anyway:
            warnings.warn(
                f"previous release {commit[:10]}: {broken_anyway} fail on its own schema too",
                stacklevel=1,
            )
        if on_own.get("submit") == 302:
            assert "Submitted" in on_new["after_submit"]
            assert on_new["chair_sees_text"]

        # the new code reads what the old code wrote
        with new_app.app_context():
            report = db.session().get(Report, world.gp_report)
            assert report is not None
            texts = json.dumps([v.document for v in report.versions])
            assert MARKER in texts and "Autosaved by the previous release." in texts
        chair = new_app.test_client()
        assert pages.sign_in(chair, world.emails["chair"], PASSWORD).status_code == 302
        page = pages.get(chair, f"/review/reports/{world.gp_report}")
        assert page.status == 200 and MARKER in page.text("main")
        with new_app.app_context():
            db.engine().dispose()
