"""The engine imports spaCy without its command line, and leaves spaCy fully usable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import scoring.spacy_import as scoring_spacy_import

CHECK = """
import sys
import scoring
assert "spacy" in sys.modules
print(sorted(m for m in ("typer", "weasel", "requests", "spacy.cli") if m in sys.modules))
import spacy
print(spacy.info()["spacy_version"] == spacy.__version__)
import spacy.cli
print(callable(spacy.cli.download))
"""


def test_scoring_imports_spacy_without_its_command_line() -> None:
    out = subprocess.run(
        [sys.executable, "-c", CHECK], check=True, capture_output=True, text=True
    ).stdout.split("\n")
    assert out[0] == "[]"  # none of the command line's modules was imported
    assert out[1] == "True"  # spacy.info() still works, through the real module
    assert out[2] == "True"  # and so does importing the real command line afterwards


FAKE_SPACY = {
    "spacy/__init__.py": "from .cli.info import info\nfrom .cli.other import extra\n",
    "spacy/cli/__init__.py": "",
    "spacy/cli/info.py": "def info():\n    return 'real info'\n",
    "spacy/cli/other.py": "extra = 'real extra'\n",
}


def test_a_spacy_that_imports_more_of_its_command_line_is_imported_as_usual(
    tmp_path: Path,
) -> None:
    """If a later spaCy needs more than cli.info at import time, the stand-in steps aside."""
    for name, text in FAKE_SPACY.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    module = Path(scoring_spacy_import.__file__)
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('probe', {str(module)!r})\n"
        "probe = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(probe)\n"
        "import spacy\n"
        "print(spacy.extra, spacy.info(), hasattr(sys.modules['spacy.cli'], '__file__'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
    ).stdout.strip()
    assert out == "real extra real info True"
