"""The minimal-pair suite: two versions of one report, one small edit apart, and the label
each should get for one check (tests/scoring/minimal_pairs/<check>.yaml).

The pairs were written from the check definitions in DESIGN.md by people who had not read
the rules (see tests/scoring/minimal_pairs/README.md). A "flip" pair's edit changes the
label; a "steady" pair's tempting edit must not.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).with_name("minimal_pairs")


@dataclass(frozen=True)
class Pair:
    check: str
    id: str
    kind: str
    note: str
    documents: tuple[dict[str, Any], dict[str, Any]]
    flagged: tuple[bool, bool]
    spans: tuple[list[str], list[str]] | None


def merge(base: Any, patch: Any) -> Any:
    """Objects merge key by key; lists, strings and null replace."""
    if isinstance(base, dict) and isinstance(patch, dict):
        out = dict(base)
        for key, value in patch.items():
            out[key] = merge(base.get(key), value) if key in base else copy.deepcopy(value)
        return out
    return copy.deepcopy(patch)


def load_pairs() -> list[Pair]:
    bases = {p.stem: json.loads(p.read_text("utf-8")) for p in (ROOT / "bases").glob("*.json")}
    pairs = []
    for path in sorted(ROOT.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if not isinstance(data, dict) or "check" not in data:
            continue
        for entry in data["pairs"]:
            base = bases[entry["base"]]
            spans = entry.get("spans")
            pairs.append(
                Pair(
                    data["check"],
                    entry["id"],
                    entry["kind"],
                    entry.get("note", ""),
                    (merge(base, entry["a"]), merge(base, entry["b"])),
                    (bool(entry["flagged"][0]), bool(entry["flagged"][1])),
                    (list(spans[0]), list(spans[1])) if spans else None,
                )
            )
    return pairs
