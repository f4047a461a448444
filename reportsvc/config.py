"""Configuration per environment.

Secrets come from the environment. The development secret is a fixed string so that a
newcomer can run the demo; production refuses to start with it (see ``check``).
"""

from __future__ import annotations

import os
from datetime import timedelta
from typing import Any

DEV_SECRET = "dev-only-secret-do-not-use-in-production"  # noqa: S105 - refused in production


class Config:
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("REPORTSVC_SECRET_KEY", DEV_SECRET)
    DATABASE_URL = os.environ.get("DATABASE_URL", "")  # empty: SQLite under instance/
    WTF_CSRF_TIME_LIMIT = None  # a token lives as long as the session; see SESSION_* below
    WTF_CSRF_SSL_STRICT = False  # no Referer is sent under our Referrer-Policy on http
    SESSION_COOKIE_NAME = "reportsvc_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)  # absolute limit
    IDLE_TIMEOUT = timedelta(minutes=30)
    IDLE_WARNING = timedelta(minutes=5)  # warn this long before the idle timeout
    MAX_CONTENT_LENGTH = 4 * 1024 * 1024  # a whole report upload, with room for 2 MB sections
    API_MAX_DOCUMENT_BYTES = 2 * 1024 * 1024  # POST /api/v1/score and /check
    LOGIN_MAX_FAILURES = 10
    LOGIN_LOCKOUT = timedelta(minutes=15)
    # argon2id at OWASP's recommended setting (19 MiB, 2 passes, 1 lane: ~55 ms of one core
    # here). RFC 9106's 64 MiB x 3 x 4 lanes took ~200 ms on both cores, so a burst of
    # sign-ins starved every other request; stored hashes are upgraded at the next sign-in.
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_COST = 19456
    ARGON2_PARALLELISM = 1
    DEMO_PASSWORD = os.environ.get("REPORTSVC_DEMO_PASSWORD", "demo-password-2026")
    # A second factor (TOTP) for every password account: on unless REPORTSVC_TWO_FACTOR=off,
    # which production refuses (see check). The test config turns it off for the tests that
    # are about other things; tests/auth turn it on.
    TWO_FACTOR_REQUIRED = os.environ.get("REPORTSVC_TWO_FACTOR", "on") != "off"
    TOTP_ISSUER = "CPC reports"
    # Council single sign-on (OpenID Connect). An empty issuer switches it off.
    OIDC_ISSUER = os.environ.get("OIDC_ISSUER", "")
    OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
    OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
    OIDC_TIMEOUT = 5  # seconds for each call to the identity provider
    # Mail (reportsvc/mail/, README "Mail and the worker"). MAIL_URL: smtp://host:port,
    # smtps://user:pass@host:port, notify://API_KEY or file:///path; empty: the folder
    # instance/outbox. PUBLIC_URL makes the links in mails absolute.
    MAIL_URL = os.environ.get("MAIL_URL", "")
    MAIL_FROM = os.environ.get("MAIL_FROM", "CPC reports <no-reply@reportsvc.invalid>")
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    NOTIFY_BASE_URL = os.environ.get("NOTIFY_BASE_URL", "")  # empty: GOV.UK Notify itself
    NOTIFY_TEMPLATE_ID = os.environ.get("NOTIFY_TEMPLATE_ID", "")
    # The worker: numbers are seconds unless named otherwise (checked by ``check``).
    MAIL_LEASE_SECONDS = os.environ.get("MAIL_LEASE_SECONDS", "120")  # > send timeout
    MAIL_SEND_TIMEOUT_SECONDS = os.environ.get("MAIL_SEND_TIMEOUT_SECONDS", "30")
    MAIL_MAX_ATTEMPTS = os.environ.get("MAIL_MAX_ATTEMPTS", "8")
    MAIL_RETRY_SECONDS = os.environ.get("MAIL_RETRY_SECONDS", "60")  # then 2x, 4x, ...
    MAIL_RETRY_MAX_SECONDS = os.environ.get("MAIL_RETRY_MAX_SECONDS", "3600")
    WORKER_POLL_SECONDS = os.environ.get("WORKER_POLL_SECONDS", "5")
    TEMPLATES_AUTO_RELOAD = False
    PREFERRED_URL_SCHEME = "http"


class DevelopmentConfig(Config):
    pass


class TestingConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    SECRET_KEY = "testing-secret"  # noqa: S105 - tests only
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 1024
    ARGON2_PARALLELISM = 1
    TWO_FACTOR_REQUIRED = False  # tests/auth and the 2FA browser test turn it on


class ProductionConfig(Config):
    ENV_NAME = "production"
    SESSION_COOKIE_NAME = "__Host-reportsvc_session"
    SESSION_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"


CONFIGS: dict[str, type[Config]] = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def select(name: str | None) -> type[Config]:
    name = name or os.environ.get("REPORTSVC_ENV", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(
            f"REPORTSVC_ENV must be one of {', '.join(CONFIGS)}; got an unknown value"
        ) from None


def check(config: dict[str, Any]) -> None:
    """Refuse to start with settings that are unsafe for the chosen environment."""
    _check_mail(config)
    if config.get("ENV_NAME") == "production":
        secret = config.get("SECRET_KEY") or ""
        if secret == DEV_SECRET or len(secret) < 32:
            raise RuntimeError(
                "REPORTSVC_SECRET_KEY must be set to a random value of at least 32 characters "
                "in production"
            )
        if not config.get("TWO_FACTOR_REQUIRED", True):
            raise RuntimeError("REPORTSVC_TWO_FACTOR=off is refused in production")


MAIL_NUMBERS = (
    "MAIL_LEASE_SECONDS",
    "MAIL_SEND_TIMEOUT_SECONDS",
    "MAIL_MAX_ATTEMPTS",
    "MAIL_RETRY_SECONDS",
    "MAIL_RETRY_MAX_SECONDS",
    "WORKER_POLL_SECONDS",
)


def _check_mail(config: dict[str, Any]) -> None:
    """A wrong MAIL_URL or worker number stops the start with a message naming the setting
    (never repeating a MAIL_URL, which may hold a password or an API key)."""
    from reportsvc.mail.transports import MailConfigError
    from reportsvc.mail.transports import check as check_mail_url

    if config.get("MAIL_URL"):
        try:
            check_mail_url(str(config["MAIL_URL"]))
        except MailConfigError as error:
            raise RuntimeError(str(error)) from None
    for name in MAIL_NUMBERS:
        try:
            number = float(config.get(name, 1))
        except (TypeError, ValueError):
            number = -1
        if number <= 0:
            raise RuntimeError(f"{name} must be a number greater than 0")
    if float(config.get("MAIL_SEND_TIMEOUT_SECONDS", 30)) >= float(
        config.get("MAIL_LEASE_SECONDS", 120)
    ):
        raise RuntimeError(
            "MAIL_LEASE_SECONDS must be longer than MAIL_SEND_TIMEOUT_SECONDS, or a slow send "
            "could be taken over and sent twice"
        )
