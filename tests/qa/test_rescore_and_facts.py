"""Facts follow saves; `reportsvc rescore` re-assesses, keeps old assessments, resumes."""

from __future__ import annotations

from sqlalchemy import select

import exemplars
import scoring
from reportsvc import db
from reportsvc.models import Assessment, Report, User
from reportsvc.models.qa import ReportFacts
from reportsvc.services import reports, rescore


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
