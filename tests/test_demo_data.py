"""The demo tells one believable story: each child's age fits what the reports say about
them, and it holds a pre-birth conference and a sibling group (issue 18, item 3; issue 14)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from reportsvc import db
from reportsvc.models import Conference
from reportsvc.queries.common import latest_version

# Stage-of-life words and the ages (in years) at which a report could use them of the child.
STAGE_CUES: tuple[tuple[re.Pattern[str], float, float], ...] = (
    (re.compile(r"\bnew-?born\b", re.I), 0, 0.5),
    (re.compile(r"\btoddler\b", re.I), 0.9, 4),
    (re.compile(r"\bpre-?school boosters?\b", re.I), 3, 6),
    (re.compile(r"\b(?:breast|bottle)[- ]?fe(?:d|eding)\b", re.I), 0, 2.5),
    (re.compile(r"\b(?:secondary school|GCSEs?)\b", re.I), 10.5, 19),
    (re.compile(r"\bReception class\b", re.I), 3.5, 6.5),
)
# "Leah (4)", "Leah is 4", "Leah, aged 4", "4-year-old Leah": the child's own age in words.
NUMBER = r"(\d{1,2})"


def _own_age_cues(text: str, name: str) -> list[float]:
    n = re.escape(name)
    patterns = (
        rf"\b{n}\s*\({NUMBER}\)",
        rf"\b{n} is (?:now )?{NUMBER}\b(?! (?:weeks|days|months))",
        rf"\b{n},? aged {NUMBER}\b",
        rf"\b{NUMBER}-year-old {n}\b",
    )
    found = []
    for pattern in patterns:
        found += [float(m) for m in re.findall(pattern, text)]
    months = re.findall(rf"\b{n}(?:,| is)? (?:aged )?{NUMBER} months\b", text)
    found += [int(m) / 12 for m in months]
    return found


def _other_names(document: dict, first: str) -> set[str]:
    people = [p.get("name", "") for p in document.get("household") or []]
    people += [c.get("name", "") for c in document.get("children") or []]
    return {n.split()[0] for n in people if n.strip() and n.split()[0] != first}


def _about(text: str, pattern: re.Pattern[str], first: str, others: set[str]) -> bool:
    """A stage cue said of the child: their name shortly before it, nobody else's between."""
    for match in pattern.finditer(text):
        window = text[max(0, match.start() - 60) : match.start()]
        at = window.rfind(first)
        if at >= 0 and not any(o in window[at:] for o in others):
            return True
    return False


def _texts(document: dict) -> list[tuple[str | None, str]]:
    """(child key or None for the family, text) for every section."""
    out = [(None, t) for t in (document.get("sections") or {}).values() if isinstance(t, str)]
    for child in document.get("children") or []:
        out += [(child["key"], t) for t in (child.get("sections") or {}).values() if t]
    return out


@pytest.fixture
def demo(app, runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return app


def test_every_demo_childs_age_fits_what_the_reports_say(demo):
    checked = contradictions = 0
    problems = []
    with demo.app_context():
        session = db.session()
        for conference in session.scalars(select(Conference)):
            children = {link.key: link.child for link in conference.child_links}
            for invitation in conference.invitations:
                version = latest_version(invitation.report) if invitation.report else None
                if version is None:
                    continue
                document = version.document
                for key, text in _texts(document):
                    about = [children[key]] if key in children else list(children.values())
                    if len(about) != 1 or about[0].date_of_birth is None:
                        continue
                    child = about[0]
                    age = (conference.date - child.date_of_birth).days / 365.25
                    first = child.name.split()[0]
                    for cue in _own_age_cues(text, first):
                        checked += 1
                        if abs(cue - age) > 1.0:
                            contradictions += 1
                            problems.append((conference.id, invitation.agency.type, cue, age))
                    others = _other_names(document, first)
                    for pattern, low, high in STAGE_CUES:
                        if _about(text, pattern, first, others):
                            checked += 1
                            if not low <= age <= high:
                                contradictions += 1
                                problems.append(
                                    (conference.id, invitation.agency.type, pattern.pattern, age)
                                )
    assert checked >= 5, "the demo reports should carry some age cues to check"
    assert contradictions == 0, problems


def test_the_demo_holds_a_pre_birth_conference_and_a_sibling_group(demo):
    with demo.app_context():
        session = db.session()
        conferences = session.scalars(select(Conference)).all()
        pre_birth = [c for c in conferences if all(ch.unborn for ch in c.children)]
        siblings = [c for c in conferences if len(c.children) > 1]
        assert pre_birth and siblings
        for conference in pre_birth + siblings:
            assert conference.date >= date.today()
            assert conference.household, "the coordinator recorded the household"
            submitted = [
                inv.report for inv in conference.invitations if inv.report.status == "submitted"
            ]
            assert submitted, "each family conference has a model report in"
            document = latest_version(submitted[0]).document
            assert document["format"] == "cpc-report/2"
            assert [c["key"] for c in document["children"]] == [
                link.key for link in conference.child_links
            ]
