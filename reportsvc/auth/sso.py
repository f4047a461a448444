"""Council single sign-on with OpenID Connect (Authlib's Flask client).

Authorization code flow with PKCE (S256). Authlib keeps the state, nonce and code verifier
in the session and removes them at the callback, so a replayed callback is refused; it
checks the ID token's signature against the provider's published keys, and its issuer,
audience (our client id), expiry and nonce. Configured by OIDC_ISSUER, OIDC_CLIENT_ID and
OIDC_CLIENT_SECRET; an empty issuer switches single sign-on off (its pages answer 404).
Who the person is and which role they get is decided by services/sso.py.
"""

from __future__ import annotations

from typing import Any

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.flask_client import OAuth
from flask import Flask, abort, current_app, render_template, request, session, url_for
from joserfc.errors import JoseError

from reportsvc import db
from reportsvc.auth.permissions import public
from reportsvc.auth.signin import after_sign_in, bp, complete_sign_in, safe_next
from reportsvc.services import audit, sso

EXTENSION = "reportsvc_oidc"
NEXT = "sso_next"
LEEWAY = 60  # seconds of clock difference allowed on exp / iat

REASONS = {
    "down": (
        503,
        "The council sign-in service is not answering",
        "We could not reach the council's sign-in service. Try again in a few minutes. "
        "Partners who sign in with an email address and password are not affected.",
    ),
    "failed": (
        400,
        "Sign-in with your council account did not work",
        "The answer from the council's sign-in service could not be trusted, or the sign-in "
        "link had already been used. Nothing has been changed. Start again from the sign-in "
        "page.",
    ),
    "denied": (
        403,
        "Sign-in with your council account was cancelled",
        "The council's sign-in service did not sign you in. Start again from the sign-in page.",
    ),
    "no_role": (
        403,
        "Your council account has no role in this service",
        "You are signed in to your council account, but it is not in any of the groups this "
        "service uses for chairs, coordinators, quality assurance leads or administrators. "
        "Ask your administrator to add you to the right group, then sign in again.",
    ),
    "disabled": (
        403,
        "Your account has been disabled",
        "Your account in this service has been disabled. Ask your administrator.",
    ),
    "no_agency": (
        403,
        "Your account has not been set up yet",
        "This service does not know which agency council staff belong to. Ask your "
        "administrator to choose it in the partnership settings.",
    ),
    "no_email": (
        403,
        "Your council account has no email address",
        "The council's sign-in service did not say who you are by email. Ask your IT team.",
    ),
    "no_subject": (
        403,
        "Your council account could not be identified",
        "The council's sign-in service did not say who you are. Ask your IT team.",
    ),
    "other_subject": (
        403,
        "Your email address belongs to another council account",
        "This email address is already linked to a different council account. Ask your "
        "administrator.",
    ),
}


def init_app(app: Flask) -> None:
    cfg = app.config
    if not cfg.get("OIDC_ISSUER"):
        return
    oauth = OAuth(app)
    oauth.register(
        "council",
        client_id=cfg["OIDC_CLIENT_ID"],
        client_secret=cfg["OIDC_CLIENT_SECRET"],
        server_metadata_url=cfg["OIDC_ISSUER"].rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={
            "scope": "openid email profile",
            "code_challenge_method": "S256",
            "timeout": cfg.get("OIDC_TIMEOUT", 5),
        },
    )
    app.extensions[EXTENSION] = oauth


def _client() -> Any:
    oauth = current_app.extensions.get(EXTENSION)
    if oauth is None:
        abort(404)
    return oauth.create_client("council")


def refused(reason: str) -> Any:
    status, title, explanation = REASONS[reason]
    current_app.logger.warning("single sign-on refused: %s", reason)
    audit.record("sign_in_sso", "user", None, outcome="denied")
    return render_template("auth/sso_refused.html", title=title, explanation=explanation), status


@bp.route("/sign-in/sso", methods=["GET"])
@public
def sso_start() -> Any:
    client = _client()
    session[NEXT] = safe_next(request.args.get("next")) or ""
    try:
        return client.authorize_redirect(url_for("auth.sso_callback", _external=True))
    except (requests.RequestException, OAuthError, ValueError, KeyError):
        return refused("down")


@bp.route("/sign-in/sso/callback", methods=["GET"])
@public
def sso_callback() -> Any:
    client = _client()
    if request.args.get("error"):
        return refused("denied")
    cfg = current_app.config
    # Authlib checks the audience only through "azp" unless told the values: a token for
    # another client that names us as authorised party would pass. So both are stated.
    options = {
        "iss": {"essential": True, "values": [cfg["OIDC_ISSUER"].rstrip("/")]},
        "aud": {"essential": True, "values": [cfg["OIDC_CLIENT_ID"]]},
    }
    try:
        token = client.authorize_access_token(claims_options=options, leeway=LEEWAY)
    except requests.RequestException:
        return refused("down")
    except (OAuthError, JoseError, ValueError, KeyError) as error:
        current_app.logger.warning("ID token or state refused: %s", type(error).__name__)
        return refused("failed")
    claims = token.get("userinfo")
    if not claims:
        return refused("failed")
    with db.writing() as writer:
        try:
            user, previous_role = sso.sign_in(writer, claims)
        except sso.SsoRefused as refusal:
            writer.rollback()
            return refused(refusal.reason)
        if previous_role is not None:
            audit.event("role_changed_by_sso", "user", user.id)
        writer.commit()
    next_target = safe_next(session.pop(NEXT, None))
    complete_sign_in(user, "sso")
    return after_sign_in(user, next_target)
