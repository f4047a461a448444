"""scoring/ stays a pure library: no Flask or SQLAlchemy, textstat only in the adapter."""

from __future__ import annotations

import ast
from pathlib import Path

import scoring

ROOT = Path(scoring.__file__).parent


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_flask_or_sqlalchemy_in_scoring() -> None:
    for path in ROOT.rglob("*.py"):
        assert not _imports(path) & {"flask", "sqlalchemy", "flask_sqlalchemy"}, path


def test_textstat_only_in_the_readability_adapter() -> None:
    users = {p.name for p in ROOT.rglob("*.py") if "textstat" in _imports(p)}
    assert users == {"readability.py"}


def test_holidays_only_in_calendar() -> None:
    users = {p.name for p in ROOT.rglob("*.py") if "holidays" in _imports(p)}
    assert users == {"calendar.py"}


def test_readability_works_without_network(monkeypatch: object) -> None:
    import socket

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket, "socket", refuse)  # type: ignore[attr-defined]
    monkeypatch.setattr(socket, "create_connection", refuse)  # type: ignore[attr-defined]
    from scoring.readability import reading_ease

    assert reading_ease("The cat sat on the mat. It was happy.") > 60
