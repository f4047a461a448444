"""The command line: init-db, demo, create-user, token create, score, evaluate."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import func, select

import exemplars
from reportsvc import db
from reportsvc.models import Report, User

EXEMPLARS = Path(exemplars.__file__).parent


def test_demo_loads_every_role_and_reports_then_is_idempotent(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "chair@demo.test" in result.output
    assert "Password: " in result.output
    with app.app_context():
        session = db.session()
        roles = set(session.scalars(select(User.role)))
        assert roles == {"author", "chair", "coordinator", "qa_lead", "admin"}
        submitted = session.scalar(
            select(func.count()).select_from(Report).where(Report.status == "submitted")
        )
        assert submitted >= 10
    again = runner.invoke(args=["demo"])
    assert again.exit_code == 0
    assert "already loaded" in again.output


def test_demo_refuses_a_database_with_real_users(app, runner, world):
    result = runner.invoke(args=["demo"])
    assert result.exit_code != 0
    assert "not demo users" in result.output


def test_create_user_then_token(app, runner, world):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "New.Person@Example.org",
            "--name",
            "New Person",
            "--role",
            "chair",
            "--agency",
            "Test Children's Services",
        ],
        input="a long enough password\na long enough password\n",
    )
    assert result.exit_code == 0, result.output
    token = runner.invoke(args=["token", "create", "new.person@example.org"])
    assert token.exit_code == 0
    value = token.output.strip()
    assert value.startswith("rs_")
    client = app.test_client()
    doc = exemplars.load_all()[0].document
    response = client.post("/api/v1/score", json=doc, headers={"Authorization": f"Bearer {value}"})
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers  # bearer requests carry no session


def test_create_user_rejects_short_passwords(runner, world):
    result = runner.invoke(
        args=[
            "create-user",
            "--email",
            "x@example.org",
            "--name",
            "X",
            "--role",
            "admin",
            "--agency",
            "Test Surgery",
        ],
        input="short\nshort\n",
    )
    assert result.exit_code != 0
    assert "12 characters" in result.output


def test_score_file_prints_the_assessment(runner, tmp_path):
    exemplar = exemplars.load_all()[0]
    path = tmp_path / "one.json"
    path.write_text(json.dumps(exemplar.document))
    result = runner.invoke(args=["score", str(path)])
    assert result.exit_code == 0
    out = json.loads(result.output)
    assert out["grade"] in ("good", "requires_improvement", "inadequate")
    assert 0 <= out["score"] <= 100
    assert {"criteria", "findings"} <= set(out)


def test_score_dir_reports_bad_files_and_scores_the_rest(runner, tmp_path):
    good = exemplars.load_all()[:2]
    for e in good:
        (tmp_path / f"{e.id}.json").write_text(json.dumps(e.document))
        (tmp_path / f"{e.id}.gold.json").write_text(json.dumps(e.gold))
    (tmp_path / "broken.json").write_text("{not json")
    bad = dict(good[0].document, conference={"type": "ICPC", "date": "2026-02-30"})
    (tmp_path / "baddate.json").write_text(json.dumps(bad))
    result = runner.invoke(args=["score", str(tmp_path)])
    assert result.exit_code == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert sorted(line["file"] for line in lines) == sorted(f"{e.id}.json" for e in good)
    assert "broken.json: not valid JSON" in result.stderr
    assert "baddate.json: conference.date" in result.stderr


def test_score_table_format(runner, tmp_path):
    path = tmp_path / "one.json"
    path.write_text(json.dumps(exemplars.load_all()[0].document))
    result = runner.invoke(args=["score", str(path), "--format", "table"])
    assert result.exit_code == 0
    assert "grade" in result.output.lower()


def test_evaluate_prints_the_figures(runner):
    result = runner.invoke(args=["evaluate", str(EXEMPLARS)])
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.output
    assert "QWK" in result.output
