"""An invited person with no account: the mailed link opens /welcome/<token>, they set a
password and are signed in to their reports; a used or expired link says so and offers a
new one by mail (not too often); the token never reaches a log."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import select

from reportsvc import db
from reportsvc.models import SignInLink, User, utcnow
from tests import pages
from tests.coordinator.helpers import outbox

NEW_PASSWORD = "a long new password 2027"


def invite_new_person(app, world, sign_in_as, email="new.gp@surgery.example"):
    coordinator = sign_in_as("coordinator")
    pages.post_form(
        coordinator,
        f"/coordinator/invitations/{world.gp_invitation}/author",
        {"author_email": email},
        follow_redirects=True,
    )
    [mail] = outbox(app, "invitation_new_account")
    link = mail.values["sign_in_link"]
    return "/welcome/" + link.rsplit("/welcome/", 1)[1]


def test_follow_the_link_set_a_password_see_the_invitation(app, world, sign_in_as, caplog):
    caplog.set_level(logging.DEBUG)
    path = invite_new_person(app, world, sign_in_as)
    token = path.rsplit("/", 1)[1]
    person = app.test_client()
    page = pages.get(person, path)
    assert page.h1 == "Set your password"
    assert "new.gp@surgery.example" in page.text()
    for fields, message in [
        ({"name": "", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD}, "Enter your full name"),
        ({"name": "Dr Ada Obi", "new": "short", "confirm": "short"}, "12 characters or more"),
        ({"name": "Dr Ada Obi", "new": NEW_PASSWORD, "confirm": "different one"}, "do not match"),
        ({"name": "Dr Ada Obi", "new": "", "confirm": ""}, "Enter a password"),
    ]:
        page = pages.post_form(person, path, fields, status=400)
        assert any(message in e for e in page.error_summary()), page.error_summary()
    page = pages.post_form(
        person,
        path,
        {"name": "Dr Ada Obi", "new": NEW_PASSWORD, "confirm": NEW_PASSWORD},
        follow_redirects=True,
    )
    assert page.h1 == "My reports"
    assert "Your password is set and you are signed in" in page.text()
    assert "Leah" in page.text()  # the invitation to the world's conference
    assert "Dr Ada Obi" in page.text(".app-account-bar")
    # The password works from now on; the link does not.
    again = app.test_client()
    assert pages.sign_in(again, "new.gp@surgery.example", NEW_PASSWORD).status_code == 302
    page = pages.get(again.application.test_client(), path, status=410)
    assert page.h1 == "This link has already been used"
    assert "sign in with your email address and password" in page.text()
    assert not page.select("form[action$='/new-link']")
    for record in caplog.records:
        assert token not in record.getMessage()


def test_expired_link_offers_a_new_one_by_mail_not_too_often(app, world, sign_in_as):
    path = invite_new_person(app, world, sign_in_as)
    with app.app_context():
        for link in db.session().scalars(select(SignInLink)):
            link.expires_at = utcnow() - timedelta(minutes=1)
            link.created_at = utcnow() - timedelta(days=8)
        db.session().commit()
    person = app.test_client()
    page = pages.get(person, path, status=410)
    assert page.h1 == "This link has expired"
    page = pages.post_form(person, path + "/new-link", {}, csrf_from="/sign-in", status=200)
    assert page.h1 == "Check your email"
    mails = outbox(app, "invitation_new_account")
    assert len(mails) == 2 and mails[1].to == "new.gp@surgery.example"
    assert mails[1].values["sign_in_link"] != mails[0].values["sign_in_link"]
    # Asking again at once sends nothing more.
    page = pages.post_form(person, path + "/new-link", {}, csrf_from="/sign-in", status=429)
    assert "You can ask for another one in 15 minutes" in page.text()
    assert len(outbox(app, "invitation_new_account")) == 2
    # The new link works.
    fresh = "/welcome/" + mails[1].values["sign_in_link"].rsplit("/welcome/", 1)[1]
    assert pages.get(person, fresh).h1 == "Set your password"


def test_unknown_link(app, world, client):
    page = pages.get(client, "/welcome/not-a-real-token", status=404)
    assert page.h1 == "This link is not valid"
    assert not page.select("form[action$='/new-link']")
    page = pages.post_form(
        client, "/welcome/not-a-real-token/new-link", {}, csrf_from="/sign-in", status=404
    )
    assert outbox(app) == []


def test_someone_with_a_password_is_not_sent_a_link(app, world, sign_in_as):
    """Naming an existing author mails a plain invitation: no sign-in link at all."""
    coordinator = sign_in_as("coordinator")
    pages.post_form(
        coordinator,
        f"/coordinator/invitations/{world.gp_invitation}/author",
        {"author_id": str(world.users["author_gp"])},
        follow_redirects=True,
    )
    assert [m.template for m in outbox(app)] == ["invitation"]
    with app.app_context():
        assert db.session().scalars(select(SignInLink)).all() == []
        assert db.session().get(User, world.users["author_gp"]).password_hash.startswith("$argon2")
