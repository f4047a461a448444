"""The sign-in machinery every sign-in route shares: the blueprint, the login manager, the
pending "password given" mark, completing a sign-in and where to go after.

auth/login.py (password), auth/totp.py (second factor), auth/sso.py (council single
sign-on) and auth/welcome.py (invitation links) all build on this module and never on
each other's routes, so the sign-in modules import in one direction only.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, login_user

from reportsvc import db
from reportsvc.auth import resume
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
