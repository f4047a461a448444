"""Fit an exemplar report to a demo conference's child and family.

The demo builds each conference around one exemplar and fills the other agencies' reports
from exemplars about other (fictional) families. So that a chair reads one family's story,
names are mapped: the child's first name, each parent and male carer by relationship, and
the family surname after Mr, Mrs, Ms or Miss.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

TITLE_SURNAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss)\.? ([A-Z][a-zA-Z'-]+)")
MALE_CARER = ("stepfather", "step-father", "partner", "boyfriend")


def category(relationship: str) -> str | None:
    rel = relationship.lower()
    if "grand" in rel:
        return None
    if "mother" in rel and "partner" not in rel and "step" not in rel:
        return "mother"
    if any(word in rel for word in MALE_CARER):
        return "male_carer"
    if "father" in rel:
        return "father"
    return None


def first_name(name: str) -> str:
    return name.split("(")[0].split()[0] if name.strip() else name


def surname(document: dict[str, Any]) -> str | None:
    found: Counter[str] = Counter()
    for text in _texts(document):
        found.update(TITLE_SURNAME.findall(text))
    return found.most_common(1)[0][0] if found else None


def _texts(document: dict[str, Any]) -> list[str]:
    texts = [v for v in document.get("sections", {}).values() if isinstance(v, str)]
    shared = document.get("shared_with_family") or {}
    texts += [v for v in shared.values() if isinstance(v, str)]
    return texts


def name_map(donor: dict[str, Any], anchor: dict[str, Any]) -> dict[str, str]:
    mapping = {first_name(donor["child"]["name"]): first_name(anchor["child"]["name"])}
    anchor_people = {category(p["relationship"]): p["name"] for p in anchor.get("household", [])}
    for person in donor.get("household", []):
        cat = category(person["relationship"])
        if cat and cat in anchor_people:
            mapping[first_name(person["name"])] = first_name(anchor_people[cat])
    donor_surname, anchor_surname = surname(donor), surname(anchor)
    if donor_surname and anchor_surname:
        mapping[donor_surname] = anchor_surname
    return {old: new for old, new in mapping.items() if old and new and old != new}


def apply(document: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    """A copy of ``document`` with every mapped name replaced as a whole word."""
    if not mapping:
        return document
    pattern = re.compile(r"\b(" + "|".join(re.escape(k) for k in mapping) + r")\b")

    def swap(value: Any) -> Any:
        if isinstance(value, str):
            return pattern.sub(lambda m: mapping[m.group(1)], value)
        if isinstance(value, list):
            return [swap(v) for v in value]
        if isinstance(value, dict):
            return {k: swap(v) for k, v in value.items()}
        return value

    out = swap(document)
    out["format"] = document["format"]
    return out
