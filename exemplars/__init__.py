"""Anonymised, fictional model reports in the cpc-report/1 format with gold labels.

Read them with :func:`exemplars.load_all` (importlib.resources, so they work from a wheel).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Exemplar:
    id: str
    document: dict[str, Any]
    gold: dict[str, Any]


def load_all() -> list[Exemplar]:
    """Every exemplar that has a gold label, sorted by id."""
    root = resources.files(__name__)
    found: list[Exemplar] = []
    for entry in root.iterdir():
        name = entry.name
        if not name.endswith(".gold.json"):
            continue
        ident = name[: -len(".gold.json")]
        gold = json.loads(entry.read_text(encoding="utf-8"))
        document = json.loads(root.joinpath(f"{ident}.json").read_text(encoding="utf-8"))
        found.append(Exemplar(ident, document, gold))
    return sorted(found, key=lambda e: e.id)


def load(ident: str) -> Exemplar:
    for exemplar in load_all():
        if exemplar.id == ident:
            return exemplar
    raise KeyError(ident)
