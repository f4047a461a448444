"""Fill a database with N submitted-or-missing reports made from the exemplars.

    python bench/generate_reports.py --reports 20000 --url sqlite:///instance/bench.sqlite3
    DATABASE_URL=postgresql+psycopg://... python bench/generate_reports.py

Each distinct exemplar is assessed once and its assessment reused for its copies; rows are
written with bulk INSERTs and explicit ids. Conferences are spread over the last two years,
agencies over every type, and 1 in 10 invitations never gets a report. Signs in as
qa@bench.test (password below) for bench_qa_summary.py.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session

import exemplars
import scoring
from reportsvc import migrate
from reportsvc.db import build_engine
from reportsvc.models import (
    Agency,
    Assessment,
    Chase,
    Child,
    Conference,
    CriterionResult,
    Finding,
    Invitation,
    Report,
    ReportVersion,
    User,
)
from reportsvc.services import accounts, facts

PASSWORD = "bench-password-2026"  # noqa: S105 - bench users in a throwaway database
CHUNK = 5000


def next_id(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.coalesce(func.max(model.id), 0))) or 0) + 1


def bulk(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(model), rows[start : start + CHUNK])


def generate(engine: Engine, n_reports: int, seed: int = 6) -> None:
    rng = random.Random(seed)
    migrate.upgrade(engine)
    started = time.perf_counter()
    by_type: dict[str, list[exemplars.Exemplar]] = {}
    for e in exemplars.load_all():
        by_type.setdefault(e.document["agency"]["type"], []).append(e)
    assessed = {e.id: scoring.assess(e.document) for group in by_type.values() for e in group}
    print(f"assessed {len(assessed)} exemplars in {time.perf_counter() - started:.1f}s")
    with Session(engine) as session:
        hashing = accounts.Hashing(time_cost=1, memory_cost=1024)
        la = Agency(name=f"Bench Children's Services {seed}", type="other")
        session.add(la)
        agencies = {
            t: [Agency(name=f"Bench {t} {i} ({seed})", type=t) for i in range(4)] for t in by_type
        }
        session.add_all(a for group in agencies.values() for a in group)
        chairs = [
            accounts.create_user(
                session,
                email=f"chair{i}.{seed}@bench.test",
                name=f"Bench chair {i}",
                password=PASSWORD,
                role="chair",
                agency=la,
                hashing=hashing,
            )
            for i in range(6)
        ]
        author = accounts.create_user(
            session,
            email=f"author.{seed}@bench.test",
            name="Bench author",
            password=PASSWORD,
            role="author",
            agency=la,
            hashing=hashing,
        )
        if session.scalar(select(User).where(User.email == "qa@bench.test")) is None:
            accounts.create_user(
                session,
                email="qa@bench.test",
                name="Bench QA lead",
                password=PASSWORD,
                role="qa_lead",
                agency=la,
                hashing=hashing,
            )
        session.commit()
        ids = {
            m: next_id(session, m)
            for m in (
                Child,
                Conference,
                Invitation,
                Report,
                ReportVersion,
                Assessment,
                CriterionResult,
                Finding,
                Chase,
            )
        }
        rows: dict[Any, list[dict[str, Any]]] = {m: [] for m in ids}
        today = date.today()
        now = datetime.now(UTC)
        made = 0
        while made < n_reports:
            conference_type = rng.choice(["ICPC", "RCPC"])
            day = today - timedelta(days=rng.randint(1, 730))
            while day.weekday() >= 5:
                day -= timedelta(days=1)
            due = day - timedelta(days=5 if conference_type == "ICPC" else 7)
            child_id, conf_id = ids[Child], ids[Conference]
            ids[Child] += 1
            ids[Conference] += 1
            rows[Child].append(
                {
                    "id": child_id,
                    "name": "Bench child",
                    "date_of_birth": date(2020, 1, 1),
                    "ethnicity": "",
                    "religion": "",
                    "first_language": "",
                }
            )
            rows[Conference].append(
                {
                    "id": conf_id,
                    "child_id": child_id,
                    "type": conference_type,
                    "date": day,
                    "chair_id": rng.choice(chairs).id,
                    "created_at": now,
                }
            )
            for agency_type in rng.sample(sorted(by_type), k=min(len(by_type), rng.randint(3, 5))):
                if made >= n_reports:
                    break
                made += 1
                agency = rng.choice(agencies[agency_type])
                inv_id, report_id = ids[Invitation], ids[Report]
                ids[Invitation] += 1
                ids[Report] += 1
                rows[Invitation].append(
                    {
                        "id": inv_id,
                        "conference_id": conf_id,
                        "agency_id": agency.id,
                        "due_date": due,
                        "invited_at": now,
                    }
                )
                written = rng.random() < 0.9
                submitted = datetime.combine(
                    due + timedelta(days=rng.choice([-2, -1, 0, 0, 1, 3])), datetime.min.time(), UTC
                ) + timedelta(hours=10)
                rows[Report].append(
                    {
                        "id": report_id,
                        "invitation_id": inv_id,
                        "status": "submitted" if written else "draft",
                        "version": 1 if written else 0,
                        "submitted_at": submitted if written else None,
                        "created_at": now,
                        "updated_at": now,
                    }
                )
                if rng.random() < 0.05:
                    rows[Chase].append(
                        {
                            "id": ids[Chase],
                            "invitation_id": inv_id,
                            "chair_id": chairs[0].id,
                            "note": "",
                            "created_at": now,
                        }
                    )
                    ids[Chase] += 1
                if not written:
                    continue
                exemplar = rng.choice(by_type[agency_type])
                document = copy.deepcopy(exemplar.document)
                # Keep the child's age at conference (a birth after the conference is invalid).
                shift = day - date.fromisoformat(document["conference"]["date"])
                # cpc-report/1 has one "child", cpc-report/2 a list of "children" (an unborn
                # baby has a due date instead of a date of birth).
                for child in document.get("children") or [document.get("child") or {}]:
                    for key in ("date_of_birth", "expected_date_of_delivery"):
                        if child.get(key):
                            moved = date.fromisoformat(child[key]) + shift
                            child[key] = moved.isoformat()
                document["conference"] = {"type": conference_type, "date": day.isoformat()}
                document["agency"] = {"type": agency_type, "name": agency.name}
                document["submitted_on"] = submitted.date().isoformat()
                shared = document.get("shared_with_family")
                if shared and shared.get("date"):
                    shared["date"] = (due + timedelta(days=rng.choice([-3, -1, 0, 2]))).isoformat()
                version_id, assessment_id = ids[ReportVersion], ids[Assessment]
                ids[ReportVersion] += 1
                ids[Assessment] += 1
                rows[ReportVersion].append(
                    {
                        "id": version_id,
                        "report_id": report_id,
                        "number": 1,
                        "kind": "submit",
                        "document": document,
                        "created_by_id": author.id,
                        "created_at": submitted,
                    }
                )
                result = assessed[exemplar.id]
                rows[Assessment].append(
                    {
                        "id": assessment_id,
                        "report_version_id": version_id,
                        "ruleset_version": result.ruleset_version,
                        "grade": result.grade,
                        "score": result.score,
                        "created_at": now,
                    }
                )
                for c in result.criteria:
                    rows[CriterionResult].append(
                        {
                            "id": ids[CriterionResult],
                            "assessment_id": assessment_id,
                            "criterion": c.id,
                            "met": c.met,
                            "weight": c.weight,
                            "explanation": c.explanation,
                        }
                    )
                    ids[CriterionResult] += 1
                for f in result.findings:
                    rows[Finding].append(
                        {
                            "id": ids[Finding],
                            "assessment_id": assessment_id,
                            "check": f.check,
                            "section": f.section,
                            "start": f.start,
                            "end": f.end,
                            "text": f.text or "",
                            "severity": f.severity,
                            "message": f.message,
                            "suggestion": f.suggestion,
                        }
                    )
                    ids[Finding] += 1
        for model in (
            Child,
            Conference,
            Invitation,
            Report,
            ReportVersion,
            Assessment,
            CriterionResult,
            Finding,
            Chase,
        ):
            bulk(session, model, rows[model])
        report_ids = [r["id"] for r in rows[Report]]
        facts.refresh_reports(session, report_ids)
        if engine.dialect.name == "postgresql":
            for model in ids:
                table = model.__tablename__
                # Table names come from our models, not from input.
                sql = f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: E501, S608
                session.execute(text(sql))
        session.commit()
    print(
        f"{made} reports in {len(rows[Conference])} conferences "
        f"in {time.perf_counter() - started:.1f}s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=20000)
    parser.add_argument(
        "--url", default=os.environ.get("DATABASE_URL", "sqlite:///instance/bench.sqlite3")
    )
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    engine = build_engine(args.url)
    generate(engine, args.reports, args.seed)
    engine.dispose()


if __name__ == "__main__":
    main()
