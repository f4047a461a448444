"""Sign-in tests run with the second factor required, as production does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from reportsvc import db
from tests.conftest import make_app


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    application = make_app(database_url, TWO_FACTOR_REQUIRED=True)
    yield application
    with application.app_context():
        db.engine().dispose()
