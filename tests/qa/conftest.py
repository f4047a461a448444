from __future__ import annotations

import pytest

from tests.qa.fixtures import Audit, build


@pytest.fixture
def audit(app, world) -> Audit:
    return build(app, world)
