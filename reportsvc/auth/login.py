"""Sign in, sign out, password change and the session-timeout endpoints.

Password sign-in is two steps when a second factor is required (auth/totp.py): the password
page leaves only a short-lived "password given" mark in a fresh session, and the user is
signed in once the code is right (or once they have set up their second factor). Council
staff whose email domain must use single sign-on are sent to auth/sso.py instead.
"""

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

from reportsvc import db
from reportsvc.auth import resume
from reportsvc.auth.forms import LoginForm, PasswordForm
from reportsvc.auth.permissions import public, signed_in
from reportsvc.models import User, utcnow
from reportsvc.services import accounts, audit, settings, twofactor

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to see this page."
login_manager.session_protection = None  # we rotate the whole session at sign-in instead

SIGN_IN_FAILED = "Enter a correct email address and password"
SSO_REQUIRED = "Staff with a council email address sign in with their council account"
PENDING = "pending_sign_in"
PENDING_SECONDS = 600  # the code (or enrolment) must follow the password within this


def init_app(app: Flask) -> None:
    from reportsvc.auth import sso, totp  # noqa: F401 - their views join this blueprint

    login_manager.init_app(app)
    app.register_blueprint(bp)
    sso.init_app(app)


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
    endpoint = {
        "author": "author.home",
        "chair": "review.home",
        "coordinator": "coordinator.home",
        "qa_lead": "qa.home",
        "admin": "admin.home",
    }.get(user.role, "main.about")
    if endpoint not in current_app.view_functions:
        endpoint = "main.about"
    return url_for(endpoint)


def sso_required_for(email: str) -> bool:
    """True when the email's domain is one the admin said must use single sign-on."""
    domain = accounts.normalise_email(email).rpartition("@")[2]
    return bool(domain) and domain in settings.sso_domains(db.session())


def second_factor_step(user: User) -> str | None:
    """What a password sign-in still needs: None, "code" or "enrol"."""
    if not current_app.config["TWO_FACTOR_REQUIRED"]:
        return None
    if not twofactor.needs_enrolment(user):
        return "code"
    if user.last_sign_in_at is None and not settings.two_factor_from_day_one(db.session()):
        return None  # the first sign-in is let through; the next one must set it up
    return "enrol"


def start_pending(user: User, step: str, next_target: str | None) -> None:
    session.clear()  # a fresh session: nothing from before the password carries over
    g.pop("csrf_token", None)
    session[PENDING] = {
        "uid": user.id,
        "nonce": user.session_nonce,
        "at": time.time(),
        "step": step,
        "next": next_target or "",
    }


def pending_user(step: str) -> User | None:
    """The user who gave the right password in this browser and still owes ``step``."""
    mark = session.get(PENDING)
    if not isinstance(mark, dict) or mark.get("step") != step:
        return None
    if time.time() - float(mark.get("at", 0)) > PENDING_SECONDS:
        return None
    user = db.session().get(User, int(mark.get("uid", 0)))
    if user is None or not user.active or user.session_nonce != mark.get("nonce"):
        return None
    return user


def pending_next() -> str | None:
    mark = session.get(PENDING)
    return safe_next(mark.get("next")) if isinstance(mark, dict) else None


def complete_sign_in(user: User, method: str) -> None:
    """Sign the user in: a fresh session, the sign-in recorded."""
    with db.writing() as writer:
        user.last_sign_in_at = utcnow()
        user.failed_logins = 0
        user.locked_until = None
        writer.commit()
    session.clear()  # a fresh session at sign-in: no fixation
    g.pop("csrf_token", None)  # so a page rendered now gets a token for the new session
    login_user(user)
    now = time.time()
    session["login_at"] = now
    session["seen_at"] = now
    session["sign_in_method"] = method
    audit.record("sign_in", "user", user.id)


def after_sign_in(user: User, next_target: str | None) -> Any:
    carried = resume.carried_from_request(prefixed=True)
    target = safe_next(request.form.get("resume_to"))
    if carried and target:
        return resume.render(
            carried, target, "You are signed in again. Save your report to keep it."
        )
    return redirect(next_target or home_for(user))


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
