"""The page an invited person's sign-in link opens: set a password, then signed in.

``/welcome/<token>`` (services/signin_links.py: single use, valid 7 days). A used or expired
link says so and offers a new one by mail, at most one every 15 minutes and 5 a day per
person. The token is only ever in the mail and the address bar: it is never logged, put in
a flash message or stored (the database keeps its SHA-256).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import Blueprint, flash, redirect, render_template

from reportsvc import db
from reportsvc.auth.forms import NewLinkForm, WelcomeForm
from reportsvc.auth.permissions import public
from reportsvc.auth.signin import (
    complete_sign_in,
    hashing,
    home_for,
    second_factor_step,
    start_pending,
)
from reportsvc.models import User, utcnow
from reportsvc.queries import coordinator as q
from reportsvc.services import accounts, audit, invitations, signin_links

# Its own blueprint, registered in reportsvc/web.py: login.py imports none of this module.
bp = Blueprint("welcome", __name__)
NEW_LINK_EVERY = timedelta(minutes=15)
NEW_LINKS_A_DAY = 5


@bp.route("/welcome/<token>", methods=["GET", "POST"])
@public
def page(token: str) -> Any:
    session = db.session()
    found = signin_links.look_up(session, token)
    if found.user is None or found.link is None:
        return _spent(found.problem, found.link.user if found.link else None, token)
    user = found.user
    form = WelcomeForm(data={"name": "" if user.name == user.email else user.name})
    if form.validate_on_submit():
        try:
            accounts.set_password(user, form.new.data or "", hashing=hashing())
        except accounts.AccountError as error:
            form.new.errors = [str(error)]
        else:
            user.name = (form.name.data or "").strip()
            signin_links.use(found.link)
            audit.event("set_password", "user", user.id)
            session.commit()
            step = second_factor_step(user)
            if step is not None:
                start_pending(user, step, None)
                from reportsvc.auth import totp

                return totp.code_page(user) if step == "code" else totp.setup_page(user)
            complete_sign_in(user, "sign_in_link")
            flash("Your password is set and you are signed in")
            return redirect(home_for(user))
    return render_template(
        "auth/welcome.html", title="Set your password", form=form, email=user.email
    ), (400 if form.errors else 200)


@bp.route("/welcome/<token>/new-link", methods=["POST"])
@public
def new_link(token: str) -> Any:
    session = db.session()
    found = signin_links.look_up(session, token)
    user = found.link.user if found.link is not None else None
    if user is None or found.problem not in ("used", "expired") or not NewLinkForm().validate():
        return _spent(found.problem or "unknown", user, token)
    if signin_links.has_password(user):
        return _spent(found.problem, user, token)
    now = utcnow()
    recent = q.sign_in_links_since(session, user.id, now - NEW_LINK_EVERY)
    today = q.sign_in_links_since(session, user.id, now - timedelta(days=1))
    if recent or today >= NEW_LINKS_A_DAY:
        return render_template(
            "auth/welcome_link.html", title="Check your email", problem="wait", token=token
        ), 429
    invitation = q.latest_invitation_for(session, user.id)
    if invitation is None:
        return render_template(
            "auth/welcome_link.html", title="Ask for a new invitation", problem="none", token=token
        )
    invitations.send(session, invitation)  # a new link, mailed with the invitation
    audit.event("new_sign_in_link", "user", user.id)
    session.commit()
    return render_template(
        "auth/welcome_link.html", title="Check your email", problem="sent", token=token
    )


def _spent(problem: str, user: User | None, token: str) -> Any:
    """A link that cannot be used: say why, and offer a new one when that can help."""
    can_ask = (
        problem in ("used", "expired") and user is not None and not signin_links.has_password(user)
    )
    titles = {
        "used": "This link has already been used",
        "expired": "This link has expired",
    }
    return render_template(
        "auth/welcome_link.html",
        title=titles.get(problem, "This link is not valid"),
        problem=problem or "unknown",
        can_ask=can_ask,
        has_password=user is not None and signin_links.has_password(user),
        form=NewLinkForm(formdata=None),
        token=token,
    ), (410 if problem in ("used", "expired") else 404)
