"""CSRF protection, security headers with a CSP nonce, and session time limits."""

from __future__ import annotations

import secrets
import time

from flask import Flask, flash, g, redirect, request, session, url_for
from flask_login import current_user, logout_user
from flask_wtf.csrf import CSRFProtect
from werkzeug.wrappers import Response

from reportsvc.auth import resume

csrf = CSRFProtect()

# Endpoints whose pages show report text or other personal data must never be cached.
NO_STORE_DEFAULT = True


def init_app(app: Flask) -> None:
    # The nonce first: CSRFProtect's own before_request may answer (400) before ours run,
    # and that page needs a nonce too (an empty one was sent before; tests/security found it).
    app.before_request(_new_nonce)
    csrf.init_app(app)
    app.before_request(_enforce_session_limits)
    app.after_request(_set_headers)
    from reportsvc.services import audit

    app.teardown_request(audit.settle)  # one audit event for a write access that wrote nothing
    app.context_processor(lambda: {"cspNonce": g.get("csp_nonce", "")})


def _new_nonce() -> None:
    g.csp_nonce = secrets.token_urlsafe(16)


def _enforce_session_limits() -> Response | None:
    """Idle timeout (30 minutes) and absolute timeout (12 hours), checked on every request."""
    if not current_user.is_authenticated or request.endpoint == "static":
        return None
    from flask import current_app

    now = time.time()
    idle = current_app.config["IDLE_TIMEOUT"].total_seconds()
    absolute = current_app.config["PERMANENT_SESSION_LIFETIME"].total_seconds()
    last_seen = float(session.get("seen_at", now))
    login_at = float(session.get("login_at", now))
    if now - last_seen > idle or now - login_at > absolute:
        logout_user()
        session.clear()
        if resume.resumable():
            return resume.render(
                resume.carried_from_request(),
                request.path,
                "You were signed out because you had not done anything for a while.",
            )
        if request.path.startswith("/api/"):
            from flask import jsonify

            response = jsonify(error="Your session has ended. Sign in again.")
            response.status_code = 401
            return response
        flash("You were signed out because your session ended. Sign in again to continue.")
        return redirect(url_for("auth.login"))
    if request.endpoint != "auth.session_status":
        session["seen_at"] = now
    return None


def _set_headers(response: Response) -> Response:
    nonce = g.get("csp_nonce", "")
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    if request.endpoint != "static":
        # Every dynamic page may show personal data: never cache it anywhere.
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response
