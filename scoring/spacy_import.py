"""Import spaCy without its command-line interface.

spacy/__init__.py imports spacy.cli.info only to offer ``spacy.info()``, and that pulls in
spaCy's whole command line (typer, weasel, requests, httpx): about 0.3 s of a cold start
whose target is 1.5 s, for code the engine never runs. So spaCy's first import, made here
before any other module of the engine imports it, sees a stand-in for those two modules,
removed straight after. ``spacy.info()`` still works (it imports the real one on first
call), and so does a later ``import spacy.cli`` (tests/scoring/test_spacy_import.py).
If spaCy is already imported, or the stand-in cannot be placed, nothing is done; if a
later spaCy imports more of its command line at import time, the stand-in is taken away and
spaCy imported as usual.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

_STAND_INS = ("spacy.cli", "spacy.cli.info")


def _info(*args: Any, **kwargs: Any) -> Any:
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> None:
    if "spacy" in sys.modules or any(name in sys.modules for name in _STAND_INS):
        return
    package = ModuleType("spacy.cli")
    package.__path__ = []  # a package, so "spacy.cli.info" can be looked up under it
    info = ModuleType("spacy.cli.info")
    info.info = _info  # type: ignore[attr-defined]
    placed = {"spacy.cli": package, "spacy.cli.info": info}
    sys.modules.update(placed)
    try:
        import spacy
    except ImportError:
        _remove(placed)
        import spacy  # noqa: F401  (the usual way, command line and all)
    finally:
        _remove(placed)


def _remove(placed: dict[str, ModuleType]) -> None:
    for name, module in placed.items():
        if sys.modules.get(name) is module:
            del sys.modules[name]
    loaded = sys.modules.get("spacy")
    if loaded is not None and getattr(loaded, "cli", None) is placed["spacy.cli"]:
        del loaded.cli  # a later "import spacy.cli" sets the real one


import_spacy()
