"""Who may use the coordinator's pages: coordinators; a chair only for the conferences they
chair, and only while the partnership setting allows it (set by an admin)."""

from __future__ import annotations

from datetime import date, timedelta

from tests import pages
from tests.world import PASSWORD


def set_chairs_schedule(app, world, value):
    admin = app.test_client()
    pages.sign_in(admin, world.emails["admin"], PASSWORD)
    page = pages.get(admin, "/admin/settings")
    fields = page.form_fields()
    assert fields["chairs_schedule_own"] in ("no", "yes")
    fields["chairs_schedule_own"] = value
    response = pages.post_form(admin, "/admin/settings", fields, follow_redirects=True)
    assert "Settings saved" in response.text()


def test_chairs_schedule_their_own_only_when_allowed(app, world, sign_in_as):
    chair = sign_in_as("chair")
    own, other = (
        f"/coordinator/conferences/{world.conference}",
        f"/coordinator/conferences/{world.other_conference}",
    )
    for url in ("/coordinator/", "/coordinator/conferences/new", own):
        assert chair.get(url).status_code == 403
    menu = [
        a.get_text(strip=True)
        for a in pages.get(chair, "/review/").select(".govuk-service-navigation a")
    ]
    assert "Schedule a conference" not in menu
    set_chairs_schedule(app, world, "yes")
    menu = [
        a.get_text(strip=True)
        for a in pages.get(chair, "/review/").select(".govuk-service-navigation a")
    ]
    assert "Schedule a conference" in menu and "My conferences" in menu
    page = pages.get(chair, "/coordinator/conferences/new")
    chairs = [o.get_text() for o in page.select("#chair_id option")]
    assert chairs == ["Chair"]  # a chair schedules for themselves
    assert pages.get(chair, own).status == 200
    assert chair.get(other).status_code == 404
    assert chair.get(f"/coordinator/invitations/{world.other_invitation}/author").status_code == 404
    previous = [o["value"] for o in page.select("#previous_id option")]
    assert str(world.other_conference) not in previous
    # The week list shows only the chair's own conferences.
    for days in (21, 28):
        week = (date.today() + timedelta(days=days)).isoformat()
        listed = pages.get(chair, f"/coordinator/?week={week}")
        assert not listed.select(f"#conference-{world.other_conference}")
    assert pages.get(
        chair, f"/coordinator/?week={(date.today() + timedelta(days=21)).isoformat()}"
    ).select(f"#conference-{world.conference}")
    set_chairs_schedule(app, world, "no")
    assert chair.get(own).status_code == 403


def test_other_roles_are_refused(app, world, sign_in_as, client):
    for who in ("author_gp", "qa", "admin"):
        fresh = app.test_client()
        pages.sign_in(fresh, world.emails[who], PASSWORD)
        assert fresh.get("/coordinator/").status_code == 403
        assert fresh.get("/coordinator/conferences/new").status_code == 403
    assert client.get("/coordinator/").status_code == 302  # not signed in: to sign in


def test_coordinator_lands_on_the_week_list(app, world, client):
    response = pages.sign_in(client, world.emails["coordinator"], PASSWORD)
    assert response.headers["Location"].endswith("/coordinator/")
    page = pages.get(client, "/coordinator/")
    menu = [a.get_text(strip=True) for a in page.select(".govuk-service-navigation a")]
    assert "Conferences by week" in menu and "Schedule a conference" in menu
