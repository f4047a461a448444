"""A small, real OpenID Connect provider that can be told to misbehave (tests only).

Run as ``python -m tests.auth.bad_provider PORT``. It serves discovery, JWKS, an
authorization endpoint that signs in at once, and a token endpoint that checks the client
secret and PKCE (S256), then issues an ID token signed with joserfc (Authlib's JOSE) -
correct, or wrong in the way ``POST /mode`` last asked for:

good, wrong_audience, wrong_audience_with_azp, tampered (payload changed after signing),
wrong_key (signed by a key not in the JWKS), expired, wrong_issuer, wrong_nonce.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import sys
import time
from typing import Any
from urllib.parse import urlencode

from flask import Flask, jsonify, redirect, request
from joserfc import jwt
from joserfc.jwk import RSAKey

CLIENT_ID = "reportsvc-test"
CLIENT_SECRET = "bad-provider-secret"


def create(port: int) -> Flask:
    app = Flask(__name__)
    issuer = f"http://127.0.0.1:{port}"
    key = RSAKey.generate_key(2048, parameters={"kid": "good", "use": "sig", "alg": "RS256"})
    stranger = RSAKey.generate_key(2048, parameters={"kid": "good", "use": "sig"})
    state: dict[str, Any] = {"mode": "good", "codes": {}, "claims": {}}

    @app.get("/.well-known/openid-configuration")
    def discovery() -> Any:
        return jsonify(
            issuer=issuer,
            authorization_endpoint=f"{issuer}/authorize",
            token_endpoint=f"{issuer}/token",
            jwks_uri=f"{issuer}/jwks",
            response_types_supported=["code"],
            subject_types_supported=["public"],
            id_token_signing_alg_values_supported=["RS256"],
            code_challenge_methods_supported=["S256"],
            token_endpoint_auth_methods_supported=["client_secret_basic"],
        )

    @app.get("/jwks")
    def jwks() -> Any:
        return jsonify(keys=[key.as_dict(private=False)])

    @app.post("/mode")
    def set_mode() -> Any:
        body = request.get_json()
        state["mode"] = body["mode"]
        state["claims"] = body.get("claims", {})
        return jsonify(ok=True)

    @app.get("/authorize")
    def authorize() -> Any:
        args = request.args
        if args.get("client_id") != CLIENT_ID or args.get("code_challenge_method") != "S256":
            return jsonify(error="invalid_request"), 400
        code = secrets.token_urlsafe(16)
        state["codes"][code] = {
            "nonce": args.get("nonce"),
            "challenge": args.get("code_challenge"),
            "redirect_uri": args["redirect_uri"],
        }
        query = urlencode({"code": code, "state": args.get("state", "")})
        return redirect(f"{args['redirect_uri']}?{query}")

    @app.post("/token")
    def token() -> Any:
        auth = request.authorization
        if auth is None or (auth.username, auth.password) != (CLIENT_ID, CLIENT_SECRET):
            return jsonify(error="invalid_client"), 401
        grant = state["codes"].pop(request.form.get("code", ""), None)
        if grant is None or grant["redirect_uri"] != request.form.get("redirect_uri"):
            return jsonify(error="invalid_grant"), 400
        verifier = request.form.get("code_verifier", "")
        digest = hashlib.sha256(verifier.encode()).digest()
        if base64.urlsafe_b64encode(digest).rstrip(b"=").decode() != grant["challenge"]:
            return jsonify(error="invalid_grant", error_description="PKCE"), 400
        mode = state["mode"]
        now = int(time.time())
        claims = {
            "iss": issuer,
            "sub": "bad-provider-user",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            "email": "staff@council.example",
            "groups": ["cpc-chairs"],
            **state["claims"],
        }
        if mode == "wrong_audience":
            claims["aud"] = "some-other-client"
        elif mode == "wrong_audience_with_azp":  # only an audience check catches this one
            claims["aud"], claims["azp"] = "some-other-client", CLIENT_ID
        elif mode == "expired":
            claims["iat"], claims["exp"] = now - 3600, now - 1800
        elif mode == "wrong_issuer":
            claims["iss"] = "http://127.0.0.1:1/not-the-issuer"
        elif mode == "wrong_nonce":
            claims["nonce"] = "not-the-nonce"
        signer = stranger if mode == "wrong_key" else key
        id_token = jwt.encode({"alg": "RS256", "kid": "good"}, claims, signer)
        if mode == "tampered":
            header, _, signature = id_token.split(".")
            changed = {**claims, "groups": ["cpc-admins"]}
            payload = base64.urlsafe_b64encode(json.dumps(changed).encode()).rstrip(b"=")
            id_token = ".".join([header, payload.decode(), signature])
        return jsonify(
            access_token=secrets.token_urlsafe(16),
            token_type="Bearer",
            expires_in=300,
            id_token=id_token,
        )

    return app


if __name__ == "__main__":
    port = int(sys.argv[1])
    create(port).run(host="127.0.0.1", port=port, threaded=True)
