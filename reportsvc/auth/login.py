"""Sign in, sign out, password change and the session-timeout endpoints.

Password sign-in is two steps when a second factor is required (auth/totp.py): the password
page leaves only a short-lived "password given" mark in a fresh session, and the user is
signed in once the code is right (or once they have set up their second factor). Council
staff whose email domain must use single sign-on are sent to auth/sso.py instead.
"""

from __future__ import annotations

import time
from typing import Any

from flask import (
    Flask,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, logout_user

from reportsvc import db
from reportsvc.auth import resume
from reportsvc.auth.forms import LoginForm, PasswordForm
from reportsvc.auth.permissions import public, signed_in
from reportsvc.auth.signin import (  # noqa: F401 - re-exported for callers of auth.login
    PENDING,
    PENDING_SECONDS,
    SIGN_IN_FAILED,
    SSO_REQUIRED,
    after_sign_in,
    bp,
    complete_sign_in,
    hashing,
    home_for,
    load_user,
    login_manager,
    pending_next,
    pending_user,
    safe_next,
    second_factor_step,
    sso_required_for,
    start_pending,
)
from reportsvc.models import User
from reportsvc.services import accounts, audit, twofactor


def init_app(app: Flask) -> None:
    from reportsvc.auth import sso, totp  # noqa: F401 - their views join this blueprint

    login_manager.init_app(app)
    app.register_blueprint(bp)
    sso.init_app(app)


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def login() -> Any:
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit() and sso_required_for(form.email.data or ""):
        form.email.errors = [SSO_REQUIRED]
    elif form.validate_on_submit():
        cfg = current_app.config
        user = accounts.authenticate(
            db.session(),
            form.email.data or "",
            form.password.data or "",
            hashing=hashing(),
            max_failures=cfg["LOGIN_MAX_FAILURES"],
            lockout=cfg["LOGIN_LOCKOUT"],
            reset_failures=False,  # complete_sign_in resets them, after any second factor
        )
        db.session().commit()  # keep the failure count even when sign-in fails
        if user is not None:
            next_target = safe_next(form.next.data)
            step = second_factor_step(user)
            if step is None:
                complete_sign_in(user, "password")
                if twofactor.needs_enrolment(user) and current_app.config["TWO_FACTOR_REQUIRED"]:
                    flash(
                        "Set up your second factor now from Your account: from your next "
                        "sign-in you will need it."
                    )
                return after_sign_in(user, next_target)
            start_pending(user, step, next_target)
            from reportsvc.auth import totp

            if step == "code":
                return totp.code_page(user)
            return totp.setup_page(user)
        form.email.errors = [SIGN_IN_FAILED]
        carried = resume.carried_from_request(prefixed=True)
        target = safe_next(request.form.get("resume_to"))
        if carried and target:
            return resume.render(carried, target, SIGN_IN_FAILED + ". Try again.", status=200)
    return render_template(
        "auth/login.html", form=form, sso_enabled=bool(current_app.config["OIDC_ISSUER"])
    )


@bp.route("/sign-out", methods=["POST"])
@signed_in
def logout() -> Any:
    user = db.session().get(User, current_user.id)
    if user is not None:
        accounts.revoke_sessions(user)
        audit.event("sign_out", "user", user.id)
        db.session().commit()
    logout_user()
    session.clear()
    flash("You have signed out.")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@signed_in
def change_password() -> Any:
    form = PasswordForm()
    if form.validate_on_submit():
        user = db.session().get(User, current_user.id)
        assert user is not None
        if not accounts.verify_password(
            hashing().hasher(), user.password_hash, form.current.data or ""
        ):
            form.current.errors = ["Your current password is not right"]
        else:
            accounts.set_password(user, form.new.data or "", hashing=hashing())
            audit.event("change_password", "user", user.id)
            db.session().commit()
            logout_user()
            session.clear()
            flash("Your password has been changed. Sign in with your new password.")
            return redirect(url_for("auth.login"))
    return render_template("auth/password.html", form=form)


@bp.route("/session", methods=["GET"])
@signed_in
def session_status() -> Any:
    """Seconds left before the idle timeout (read by the warning script; not activity)."""
    idle = current_app.config["IDLE_TIMEOUT"].total_seconds()
    left = max(0, int(float(session.get("seen_at", time.time())) + idle - time.time()))
    return jsonify(
        seconds_left=left, warn_at=int(current_app.config["IDLE_WARNING"].total_seconds())
    )


@bp.route("/session/extend", methods=["POST"])
@signed_in
def extend_session() -> Any:
    session["seen_at"] = time.time()
    return jsonify(seconds_left=int(current_app.config["IDLE_TIMEOUT"].total_seconds()))


# /health, /ready and /metrics live in reportsvc/ops/health.py.
