"""forms/ is data and a loader: no web framework, no database (DESIGN.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import forms

FORBIDDEN = ("flask", "sqlalchemy", "werkzeug", "wtforms", "psycopg", "alembic")
PACKAGE = Path(forms.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_in_forms_imports_flask_or_a_database() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        assert not _imported_modules(path) & set(FORBIDDEN), path


def test_importing_forms_loads_neither_flask_nor_sqlalchemy() -> None:
    code = (
        "import sys, forms; forms.all_templates(); "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
