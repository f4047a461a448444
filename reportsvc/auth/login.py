"""Sign in, sign out, password change and the session-timeout endpoints."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, current_user, login_user, logout_user
from sqlalchemy import select

from reportsvc import db
from reportsvc.auth import resume
from reportsvc.auth.forms import LoginForm, PasswordForm
from reportsvc.auth.permissions import public, signed_in
from reportsvc.models import User
from reportsvc.services import accounts, audit

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to see this page."
login_manager.session_protection = None  # we rotate the whole session at sign-in instead

SIGN_IN_FAILED = "Enter a correct email address and password"


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.register_blueprint(bp)


def hashing() -> accounts.Hashing:
    return accounts.Hashing(
        time_cost=current_app.config["ARGON2_TIME_COST"],
        memory_cost=current_app.config["ARGON2_MEMORY_COST"],
        parallelism=current_app.config["ARGON2_PARALLELISM"],
    )


@login_manager.user_loader
def load_user(session_id: str) -> User | None:
    user_id, _, nonce = session_id.partition(":")
    if not user_id.isdigit() or not nonce:
        return None
    user = db.session().get(User, int(user_id))
    if user is None or not user.active or user.session_nonce != nonce:
        return None  # revoked: logged out elsewhere, password changed or account disabled
    return user


@login_manager.unauthorized_handler
def _unauthorized() -> Any:
    if request.path.startswith("/api/"):
        return jsonify(error="Sign in or send a bearer token"), 401
    flash(login_manager.login_message or "")
    target = request.full_path if request.method == "GET" else None
    return redirect(url_for("auth.login", next=safe_next(target)))


def safe_next(target: str | None) -> str | None:
    """A local path to return to after sign-in, or None for anything that could leave us."""
    if not target:
        return None
    if any(ord(ch) < 32 or ch == "\\" for ch in target):
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target.rstrip("?") or "/"


def home_for(user: User) -> str:
    return url_for(
        {
            "author": "author.home",
            "chair": "review.home",
            "qa_lead": "qa.home",
            "admin": "admin.home",
        }[user.role]
    )


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def login() -> Any:
    if current_user.is_authenticated:
        return redirect(home_for(current_user))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        cfg = current_app.config
        user = accounts.authenticate(
            db.session(),
            form.email.data or "",
            form.password.data or "",
            hashing=hashing(),
            max_failures=cfg["LOGIN_MAX_FAILURES"],
            lockout=cfg["LOGIN_LOCKOUT"],
        )
        db.session().commit()  # keep the failure count even when sign-in fails
        if user is not None:
            session.clear()  # a fresh session at sign-in: no fixation
            g.pop("csrf_token", None)  # so a page rendered now gets a token for the new session
            login_user(user)
            now = time.time()
            session["login_at"] = now
            session["seen_at"] = now
            audit.record("sign_in", "user", user.id)
            carried = resume.carried_from_request(prefixed=True)
            target = safe_next(request.form.get("resume_to"))
            if carried and target:
                return resume.render(
                    carried, target, "You are signed in again. Save your report to keep it."
                )
            return redirect(safe_next(form.next.data) or home_for(user))
        form.email.errors = [SIGN_IN_FAILED]
        carried = resume.carried_from_request(prefixed=True)
        target = safe_next(request.form.get("resume_to"))
        if carried and target:
            return resume.render(carried, target, SIGN_IN_FAILED + ". Try again.", status=200)
    return render_template("auth/login.html", form=form)


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


@bp.route("/health", methods=["GET"])
@public
def health() -> Any:
    db.session().execute(select(1))
    return jsonify(status="ok")
