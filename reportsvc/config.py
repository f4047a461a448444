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
    if config.get("ENV_NAME") == "production":
        secret = config.get("SECRET_KEY") or ""
        if secret == DEV_SECRET or len(secret) < 32:
            raise RuntimeError(
                "REPORTSVC_SECRET_KEY must be set to a random value of at least 32 characters "
                "in production"
            )
