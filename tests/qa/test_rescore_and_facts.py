"""Facts follow saves; `reportsvc rescore` re-assesses, keeps old assessments, resumes."""

from __future__ import annotations

from sqlalchemy import select

import exemplars
import scoring
from reportsvc import db
from reportsvc.models import Assessment, Report, User
from reportsvc.models.qa import ReportFacts
from reportsvc.services import facts, reports, rescore, returns


def test_saving_and_submitting_keeps_the_facts_in_step(app, world):
    with app.app_context():
        session = db.session()
        report = session.get(Report, world.gp_report)
        author = session.get(User, world.users["author_gp"])
        assert report is not None and author is not None
        document = exemplars.load("gp-icpc-01").document
        reports.save(session, report, document, expected_version=0, user=author)
        session.commit()
        facts = session.get(ReportFacts, report.id)
        assert facts is not None and facts.version_id is None  # a draft is not written
        version = reports.save(
            session,
            report,
            document,
            expected_version=1,
            user=author,
            kind="submit",
            status="submitted",
        )
        session.commit()
        session.expire_all()
        facts = session.get(ReportFacts, report.id)
        stored = session.scalars(
            select(Assessment).where(Assessment.report_version_id == version.id)
        ).one()
        assert facts is not None and facts.version_id == version.id
        assert (facts.grade, facts.score) == (stored.grade, stored.score)
        met = {c.criterion: c.met for c in stored.criteria}
        assert facts.voice == met["voice-of-child"]
        assert facts.previous_actions is None  # ICPC


def _facts_row(session, report_id: int) -> dict:
    session.expire_all()
    row = session.get(ReportFacts, report_id)
    assert row is not None
    return {c.key: getattr(row, c.key) for c in ReportFacts.__table__.c if c.key != "refreshed_at"}


def test_facts_match_a_full_recompute_after_every_kind_of_save(app, world):
    """Draft saves skip the facts refresh; the facts must still be what a recompute gives."""
    with app.app_context():
        session = db.session()
        report = session.get(Report, world.gp_report)
        author = session.get(User, world.users["author_gp"])
        chair = session.get(User, world.users["chair"])
        assert report is not None and author is not None and chair is not None
        document = exemplars.load("gp-icpc-01").document
        steps = [("save", None), ("autosave", None), ("submit", "submitted"), ("return", None),
                 ("autosave", None), ("import", None), ("save", None),
                 ("submit", "submitted")]  # fmt: skip
        seen = []
        for kind, status in steps:
            if kind == "return":
                returns.return_report(
                    session, report, chair=chair, comment="Add the father's view.",
                    expected_version=report.version,
                )  # fmt: skip
            else:
                reports.save(session, report, document, expected_version=report.version,
                             user=author, kind=kind, status=status)  # fmt: skip
            session.commit()
            kept = _facts_row(session, report.id)
            facts.refresh_reports(session, [report.id])
            session.commit()
            assert kept == _facts_row(session, report.id), f"facts stale after {kind}"
            seen.append((kind, kept["version_id"] is not None))
        # a submitted version is counted from the first submit on, through the return
        assert seen == [("save", False), ("autosave", False), ("submit", True),
                         ("return", True), ("autosave", True), ("import", True),
                         ("save", True), ("submit", True)]  # fmt: skip


def test_rescore_adds_assessments_under_the_current_rules_and_resumes(app, audit, runner):
    with app.app_context():
        session = db.session()
        todo = rescore.pending(session)
        assert sorted(todo) == sorted(audit.version_ids.values())
        # Interrupted after the first version: that one is done, the rest still pending.
        rescore.run(session, todo[:1], batch_size=1)
        assert rescore.pending(session) == todo[1:]
    result = runner.invoke(args=["rescore", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert f"{len(todo) - 1} report versions to assess" in result.output
    with app.app_context():
        session = db.session()
        assert rescore.pending(session) == []
        rulesets = session.scalars(select(Assessment.ruleset_version)).all()
        assert sorted(set(rulesets)) == sorted({"test-old", scoring.RULESET_VERSION})
        assert rulesets.count("test-old") == len(todo)  # old assessments kept
        facts = session.get(ReportFacts, audit.ids["A/gp"])
        assert facts is not None and facts.ruleset_version == scoring.RULESET_VERSION
    again = runner.invoke(args=["rescore", "--workers", "1"])
    assert "0 report versions to assess" in again.output
