"""The engine imports spaCy without its command line, and leaves spaCy fully usable."""

from __future__ import annotations

import subprocess
import sys

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
