"""The coordinator's home: conferences by week, this week first, with what is missing."""

from __future__ import annotations

from datetime import date, timedelta

from reportsvc.queries.coordinator import week_start
from tests import pages
from tests.coordinator.helpers import boxes, child, form, invitation, schedule


def page_caption(monday: date) -> str:
    return f"Week of {monday:%A} {monday.day} {monday:%B %Y}"


def test_this_week_first_with_navigation(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    page = pages.get(client, "/coordinator/")
    monday = week_start(date.today())
    assert page.h1 == "Conferences by week"
    assert f"Week of {monday:%A} {monday.day}" in page.text()
    nav = {a.get("rel")[0]: a["href"] for a in page.select("nav.govuk-pagination a")}
    assert nav["next"].endswith(f"week={(monday + timedelta(days=7)).isoformat()}")
    assert nav["prev"].endswith(f"week={(monday - timedelta(days=7)).isoformat()}")
    # The world's conference is three weeks out: its week lists it, with its chair.
    later = date.today() + timedelta(days=21)
    page = pages.get(client, f"/coordinator/?week={later.isoformat()}")
    row = page.text(f"#conference-{world.conference}")
    assert "ICPC" in row and "Leah" in row and "Chair" in row
    assert "2 invitations have no author" in row
    assert "Back to this week" in page.text()
    # A week that is not a date shows this week.
    fallback = pages.get(client, "/coordinator/?week=soon").text(".govuk-caption-l")
    assert fallback == page_caption(monday)


def test_what_is_missing(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    today = date.today()
    # A transfer-in notified five weeks ago, held today: past its 15 working days, and every
    # report's deadline has passed.
    data = form(
        world.users["chair"],
        today,
        kind="transfer_in",
        notified_on=boxes(today - timedelta(days=35)),
        **child(0, "Unborn baby of Janelle", None, today + timedelta(days=60)),
        **invitation(
            0, agency_id=str(world.agencies["gp"]), author_id=str(world.users["author_gp"])
        ),
        **invitation(1, agency_id=str(world.agencies["school"])),
    )
    page = schedule(client, data)
    assert "Conference scheduled" in page.text(), page.error_summary()
    page = pages.get(client, "/coordinator/")
    [row] = page.select("#conferences tbody tr")
    text = row.get_text(" ", strip=True)
    due = today + timedelta(days=60)
    assert f"Unborn baby (due {due.day} {due:%b %Y})" in text
    assert "transfer-in" in text
    assert "1 invitation has no author" in text
    assert "1 author has not opened it" in text
    assert "2 reports past their deadline" in text
    assert "Held after its due-by date" in text


def test_an_empty_week_says_so(app, world, sign_in_as):
    client = sign_in_as("coordinator")
    far = date.today() + timedelta(days=400)
    page = pages.get(client, f"/coordinator/?week={far.isoformat()}")
    assert "No conferences from" in page.text("#no-conferences")
