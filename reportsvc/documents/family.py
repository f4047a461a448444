"""The family version of a report: the same text, with acronyms written out, and a glossary.

The acronyms and their plain expansions are the engine's own list
(scoring/lexicons/jargon.yaml, read through scoring.resources), so the jargon check and the
family version always agree. Nothing is reworded or removed: an acronym is replaced by its
expansion, followed the first time by the acronym in brackets, so a parent can match it
with what professionals say at the conference. An acronym the author already explained in
brackets ("child and adolescent mental health services (CAMHS)") is left as written.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from scoring.resources import lexicons


@dataclass(frozen=True)
class Term:
    acronym: str
    meaning: str


@cache
def expansions() -> dict[str, str]:
    found: dict[str, str] = lexicons()["jargon"].get("expansions") or {}
    return {str(k): str(v) for k, v in found.items()}


@cache
def _pattern() -> re.Pattern[str]:
    keys = sorted(expansions(), key=len, reverse=True)
    alternatives = "|".join(re.escape(k) for k in keys)
    # Whole words only, case as written ("ED" the department, never "ed" in a word).
    return re.compile(rf"(?<![\w&])(?:{alternatives})(?![\w&])")


def expand(text: str, seen: set[str]) -> str:
    """``text`` with each acronym written out; ``seen`` collects those used (first use gets
    the acronym in brackets after the expansion)."""
    meanings = expansions()

    def replace(match: re.Match[str]) -> str:
        acronym = match.group(0)
        start, end = match.span()
        if text[start - 1 : start] == "(" and text[end : end + 1] == ")":
            seen.add(acronym)  # the author explained it already: keep as written
            return acronym
        meaning = meanings[acronym]
        if _starts_sentence(text, start):
            meaning = meaning[:1].upper() + meaning[1:]
        if acronym.upper() in {s.upper() for s in seen}:
            return meaning.split(" (")[0]
        seen.add(acronym)
        head, _, note = meaning.partition(" (")
        return f"{head} ({acronym}, {note}" if note else f"{meaning} ({acronym})"

    return _pattern().sub(replace, text)


def _starts_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip(" \t")
    return not before.strip() or before[-1] in ".!?:\n"


def family_version(document: dict[str, Any]) -> tuple[dict[str, Any], list[Term]]:
    """A copy of the report document with acronyms written out, and the glossary."""
    result = copy.deepcopy(document)
    seen: set[str] = set()
    sections = result.get("sections") or {}
    for key, text in list(sections.items()):
        if isinstance(text, str):
            sections[key] = expand(text, seen)
    shared = result.get("shared_with_family")
    if isinstance(shared, dict):
        for key in ("feedback", "reason_not_shared"):
            if isinstance(shared.get(key), str):
                shared[key] = expand(shared[key], seen)
    meanings = expansions()
    glossary = {a.upper(): Term(a, meanings[a]) for a in sorted(seen, key=str.upper)}
    return result, list(glossary.values())
