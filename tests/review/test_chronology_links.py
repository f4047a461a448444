"""Each chronology entry links to the very sentence in the report it came from."""

from __future__ import annotations

from datetime import date, timedelta

from tests import pages
from tests.author.test_report_lifecycle import COMPLETE, post, shared_on
from tests.world import PASSWORD


def test_chronology_links_to_the_sentence(app, world):
    author = app.test_client()
    pages.sign_in(author, world.emails["author_gp"], PASSWORD)
    worries = "Leah was seen in A&E on 12/01/2026 with a burn. Her mother was calm."
    changes = {**COMPLETE, **shared_on(date.today() - timedelta(days=1))}
    changes["section_worries"] = worries
    assert post(author, world, changes).status_code == 302
    assert post(author, world, {}, action="submit").status_code == 302

    chair = app.test_client()
    pages.sign_in(chair, world.emails["chair"], PASSWORD)
    conference = pages.get(chair, f"/review/conferences/{world.conference}")
    links = [a for a in conference.select(".app-chronology a") if "A&E" in a.get_text()]
    assert links, "the dated sentence is in the chronology"
    href = links[0]["href"]
    path, anchor = href.split("#")
    report = pages.get(chair, path)
    target = report.soup.find(id=anchor)
    assert target is not None, anchor
    following = target.find_next(string=True)
    assert following is not None and following.startswith("Leah was seen in")
