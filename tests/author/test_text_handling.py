"""Text is stored exactly as typed; HTML pasted from Word becomes plain text by escaping,
never by deleting what the author wrote."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportsvc import db
from reportsvc.models import Report, User
from reportsvc.sanitise import clean_text, html_to_text
from reportsvc.services import reports

# Everything a keyboard or a paste can produce; C0 controls other than tab and newline
# are removed at the boundary (documented in sanitise.py), so they are not generated.
TYPED = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="".join(chr(c) for c in range(32) if c not in (9, 10)) + "\x7f\r",
    ),
    max_size=400,
)


def test_angle_brackets_survive_word_for_word():
    assert clean_text("Mum said <he hits me>") == "Mum said <he hits me>"
    assert clean_text("Mum said <he hits me> and <p>left</p>") == "Mum said <he hits me> and \nleft"


def test_word_html_becomes_plain_text():
    pasted = (
        '<p class=MsoNormal><span style="font-size:11pt">Leah said &quot;no&quot;</span>'
        "<o:p></o:p></p><p>Next</p>"
    )
    assert html_to_text(pasted) == 'Leah said "no"\n\nNext'


def test_script_in_html_is_kept_as_visible_text_not_run():
    assert clean_text("<p><script>alert(1)</script></p>") == "<script>alert(1)</script>"


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=TYPED)
def test_any_text_saves_and_reloads_unchanged(app, world, text):
    with app.app_context():
        session = db.session()
        report = session.get(Report, world.gp_report)
        user = session.get(User, world.users["author_gp"])
        document = {
            "format": "cpc-report/1",
            "conference": {"type": "ICPC", "date": report.invitation.conference.date.isoformat()},
            "agency": {"type": "gp", "name": "Test Surgery"},
            "author": {"name": "A", "role": "GP"},
            "submitted_on": None,
            "shared_with_family": None,
            "child": {"name": "Leah", "date_of_birth": "2023-05-02"},
            "household": [],
            "sections": {"worries": text},
        }
        reports.save(session, report, document, expected_version=report.version, user=user)
        session.commit()
        session.expire_all()
        reloaded = session.get(Report, world.gp_report).versions[-1].document
        assert reloaded["sections"]["worries"] == text
        assert clean_text(text) == text
