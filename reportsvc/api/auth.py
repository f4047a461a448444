"""API authentication: a bearer token from `reportsvc token create`, or the browser session.

Requests with a bearer token carry no cookie, so CSRF does not apply to them; requests that
rely on the session cookie must send the CSRF token in the X-CSRFToken header.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, jsonify, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from reportsvc import db
from reportsvc.security import csrf
from reportsvc.services import accounts

F = TypeVar("F", bound=Callable[..., Any])


def api_auth(*roles: str) -> Callable[[F], F]:
    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            header = request.headers.get("Authorization", "")
            if header.startswith("Bearer "):
                user = accounts.user_for_token(db.session(), header[len("Bearer ") :].strip())
                if user is None:
                    return jsonify(error="The bearer token is not valid"), 401
                g._login_user = user  # this request only: no session, so no cookie is set
                request.environ["reportsvc.bearer"] = True
            elif current_user.is_authenticated:
                try:
                    csrf.protect()
                except CSRFError:
                    return jsonify(error="Send the CSRF token in the X-CSRFToken header"), 400
            else:
                return jsonify(error="Sign in or send a bearer token"), 401
            if current_user.role not in roles:
                return jsonify(error="Your role cannot use this endpoint"), 403
            return view(*args, **kwargs)

        csrf.exempt(wrapped)  # checked above, after we know how the caller authenticated
        db.reads_until_write(wrapped)  # writes go through db.writing(), after the engine
        wrapped.required_roles = frozenset(roles)  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate
