"""Keeping what an author typed when their session or form token has expired.

A report form posted after the idle timeout, or with a token that no longer matches, is
not saved (we cannot trust it), but it is not thrown away either: the page that answers
carries every field back to the same browser, asks the author to sign in if needed, and
offers one button to save it. The text goes only to the author's own browser, never to a
log, a URL or a flash message.
"""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask_login import current_user

CARRY = "carry-"
RESUMABLE = {"author.report"}
SKIP = {"csrf_token", "email", "password", "next", "resume_to"}


def resumable() -> bool:
    return request.method == "POST" and request.endpoint in RESUMABLE


def carried_from_request(prefixed: bool = False) -> list[tuple[str, str]]:
    """The form fields to carry: from a report POST, or from a sign-in that carried them."""
    pairs = []
    for name, value in request.form.items(multi=True):
        if prefixed:
            if name.startswith(CARRY):
                pairs.append((name[len(CARRY) :], value))
        elif name not in SKIP:
            pairs.append((name, value))
    return pairs


def render(fields: list[tuple[str, str]], resume_to: str, reason: str, status: int = 200) -> Any:
    return render_template(
        "auth/resume.html",
        title="Your report has not been saved yet",
        fields=fields,
        carry=CARRY,
        resume_to=resume_to,
        reason=reason,
        signed_in=current_user.is_authenticated,
    ), status
