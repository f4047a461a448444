"""The second-factor pages: the code after a password, enrolment, recovery codes.

The work is in services/twofactor.py; these views only read the pending sign-in mark that
auth/login.py left, call the service and render.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from reportsvc import db
from reportsvc.auth import resume
from reportsvc.auth.forms import CodeForm, EnrolForm, NewRecoveryCodesForm
from reportsvc.auth.permissions import public, signed_in
from reportsvc.auth.signin import (
    after_sign_in,
    bp,
    complete_sign_in,
    hashing,
    pending_next,
    pending_user,
    safe_next,
)
from reportsvc.models import User
from reportsvc.services import audit, twofactor

CODE_WRONG = "Enter the 6-digit code your authenticator app shows now, or a recovery code"
LOCKED = "Too many wrong codes. Wait 15 minutes, then sign in again"
EXPIRED = "Sign in again: the time to enter your code ran out"
SETUP = "totp_setup"


def _carried() -> dict[str, Any]:
    return {
        "fields": resume.carried_from_request(prefixed=True),
        "carry": resume.CARRY,
        "resume_to": safe_next(request.form.get("resume_to")) or "",
    }


def _verify(user: User, code: str) -> Any:
    """Check a code (or recovery code) under the sign-in lockout settings."""
    cfg = current_app.config
    return twofactor.verify(
        db.session(),
        user.id,
        code,
        hashing=hashing(),
        max_failures=cfg["LOGIN_MAX_FAILURES"],
        lockout=cfg["LOGIN_LOCKOUT"],
    )


def code_page(user: User, form: CodeForm | None = None) -> Any:
    del user  # the page names no one: the email was typed on the page before
    return render_template(
        "auth/two_factor_code.html",
        title="Enter the code from your authenticator app",
        form=form or CodeForm(formdata=None),
        **_carried(),
    )


def setup_secret() -> str:
    """The secret being set up in this browser: kept in the session (the page shows it to
    this user anyway) until a code from it is typed, so showing the page changes nothing
    in the database."""
    secret = session.get(SETUP)
    if not isinstance(secret, str) or not secret:
        secret = twofactor.new_secret()
        session[SETUP] = secret
    return secret


def setup_page(user: User, form: EnrolForm | None = None) -> Any:
    secret = setup_secret()
    uri = twofactor.provisioning_uri(secret, user.email, current_app.config["TOTP_ISSUER"])
    return render_template(
        "auth/two_factor_setup.html",
        title="Set up your second factor",
        form=form or EnrolForm(formdata=None),
        qr=twofactor.qr_svg(uri),
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        signed_in_already=current_user.is_authenticated,
        **_carried(),
    )


@bp.route("/sign-in/code", methods=["GET", "POST"])
@public
def two_factor_code() -> Any:
    user = pending_user("code")
    if user is None:
        flash(EXPIRED)
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        checked, how = _verify(user, form.code.data or "")
        db.session().commit()  # keep the failure count (and the used step) either way
        if checked is not None:
            next_target = pending_next()
            complete_sign_in(checked, "password+" + how)
            if how == "recovery":
                left = twofactor.recovery_codes_left(checked)
                flash(
                    f"You used a recovery code. You have {left} left: make new ones from "
                    "Your second factor if you are running out."
                )
            return after_sign_in(checked, next_target)
        if how == "locked":
            flash(LOCKED)
            return redirect(url_for("auth.login"))
        form.code.errors = [CODE_WRONG]
    return code_page(user, form)


@bp.route("/two-factor/set-up", methods=["GET", "POST"])
@public
def two_factor_setup() -> Any:
    """Enrolment: during sign-in (after the password), or from Your account."""
    signed = current_user.is_authenticated
    user = db.session().get(User, current_user.id) if signed else pending_user("enrol")
    if user is None:
        flash(EXPIRED)
        return redirect(url_for("auth.login"))
    if not twofactor.needs_enrolment(user):
        return redirect(url_for("auth.two_factor_account"))
    form = EnrolForm()
    if form.validate_on_submit():
        if twofactor.confirm_enrolment(user, setup_secret(), form.code.data or ""):
            session.pop(SETUP, None)
            codes = twofactor.new_recovery_codes(user, hashing())
            audit.event("enrol_two_factor", "user", user.id)
            db.session().commit()
            next_target = None if signed else pending_next()
            if not signed:
                complete_sign_in(user, "password+totp")
            return render_template(
                "auth/recovery_codes.html",
                title="Your second factor is set up",
                codes=codes,
                continue_to=next_target or url_for("main.index"),
                **_carried(),
            )
        form.code.errors = [CODE_WRONG.replace(", or a recovery code", "")]
    return setup_page(user, form)


@bp.route("/account/two-factor", methods=["GET", "POST"])
@signed_in
def two_factor_account() -> Any:
    user = db.session().get(User, current_user.id)
    assert user is not None
    if user.sso_subject:
        return render_template(
            "auth/two_factor_account.html",
            title="Your second factor",
            user=user,
            sso=True,
            form=None,
            left=0,
        )
    if twofactor.needs_enrolment(user):
        return redirect(url_for("auth.two_factor_setup"))
    form = NewRecoveryCodesForm()
    if form.validate_on_submit():
        checked, _how = _verify(user, form.code.data or "")
        if checked is not None:
            codes = twofactor.new_recovery_codes(checked, hashing())
            audit.event("new_recovery_codes", "user", user.id)
            db.session().commit()
            return render_template(
                "auth/recovery_codes.html",
                title="Your new recovery codes",
                codes=codes,
                continue_to=url_for("auth.two_factor_account"),
                fields=[],
            )
        db.session().commit()
        form.code.errors = [CODE_WRONG.replace(", or a recovery code", "")]
    return render_template(
        "auth/two_factor_account.html",
        title="Your second factor",
        user=user,
        sso=False,
        form=form,
        left=twofactor.recovery_codes_left(user),
    )
