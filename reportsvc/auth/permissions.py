"""Role decorators. Every view carries one; a test fails for a route without."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort, current_app
from flask_login import current_user

from reportsvc.services import audit

F = TypeVar("F", bound=Callable[..., Any])


def roles_required(*roles: str) -> Callable[[F], F]:
    """Allow only signed-in users with one of ``roles``; others get 401/403."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                # The app's LoginManager (auth/login.py sets it up); looked up on the app so
                # that this module, which login.py imports, does not import login.py back.
                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
            if current_user.role not in roles:
                audit.record("denied", "endpoint", None, outcome="denied")
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_roles = frozenset(roles)  # type: ignore[attr-defined]
        return wrapped  # type: ignore[return-value]

    return decorate


def public(view: F) -> F:
    """Mark a view as reachable without signing in (sign-in page, health check)."""
    view.required_roles = None  # type: ignore[attr-defined]
    return view


def signed_in(view: F) -> F:
    """Any signed-in role."""
    return roles_required("author", "chair", "coordinator", "qa_lead", "admin")(view)
