"""A chair's challenge reaches the author: return with a comment, chase, resubmit."""

from __future__ import annotations

from datetime import date, timedelta

from tests import pages
from tests.author.test_report_lifecycle import COMPLETE, post, shared_on, url
from tests.world import PASSWORD


def test_author_sees_the_chairs_comment_and_resubmits(app, world):
    author = app.test_client()
    pages.sign_in(author, world.emails["author_gp"], PASSWORD)
    day = date.today() - timedelta(days=1)
    assert post(author, world, {**COMPLETE, **shared_on(day)}).status_code == 302
    assert post(author, world, {}, action="submit").status_code == 302

    chair = app.test_client()
    pages.sign_in(chair, world.emails["chair"], PASSWORD)
    form_page = pages.get(chair, f"/review/reports/{world.gp_report}/return")
    fields = form_page.form_fields("main form")
    fields["comment"] = "Please say whether you have seen Leah's father."
    response = chair.post(f"/review/reports/{world.gp_report}/return", data=fields)
    assert response.status_code == 302

    home = pages.get(author, "/author/")
    assert "Returned to author" in home.text("table")
    assert "Please say whether you have seen Leah's father." in home.text("table")
    page = pages.get(author, url(world))
    assert "Challenges from the conference chair" in page.text("main")
    assert "Please say whether you have seen Leah's father." in page.text(".app-challenges")
    assert page.select("#report-form"), "a returned report can be edited again"

    changes = {"section_family_and_network": "I saw Marcus, Leah's father, on 3 March."}
    assert post(author, world, changes, action="submit").status_code == 302
    page = pages.get(author, url(world))
    assert "Resubmitted" in page.text(".app-challenges")
    assert not page.select("#report-form")
