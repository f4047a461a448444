"""Checks: each reads the analysed sections and its rule data and returns findings.

A check module registers itself with the lexicon slots and parameters its rule file must
provide; ruleset.py refuses a rule file that names other slots, so data and code cannot
drift apart silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Doc

from scoring.assessment import Finding
from scoring.calendar import Timescales
from scoring.document import Child, Report
from scoring.nlp.people import Cast


@dataclass(frozen=True)
class Rule:
    id: str
    message: str
    severity: str
    guidance: str
    suggestion: str
    lexicons: dict[str, str] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    advisory: bool = False


@dataclass
class Context:
    report: Report
    # One analysed Doc per non-empty text, in the format's section order; each names its
    # section and child (None for the family's sections) in user_data.
    units: list[Doc]
    cast: Cast
    timescales: Timescales
    # Conditions a check found that make a rubric criterion apply (its ``applies_when``),
    # e.g. "step-down" when the report recommends stepping down; checks add to it.
    applies: set[str] = field(default_factory=set)

    def hits(self, doc: Doc, rule: Rule, slot: str) -> list[tuple[int, int]]:
        return list((doc.user_data.get("hits") or {}).get(rule.lexicons[slot], ()))

    def sections(self) -> Iterator[tuple[str, Doc]]:
        """(section key, Doc) for every text; voice_of_child and identity once per child."""
        for doc in self.units:
            yield doc.user_data["section"], doc

    def section_doc(self, section: str, child: str | None = None) -> Doc | None:
        for doc in self.units:
            if doc.user_data["section"] == section and doc.user_data["child"] == child:
                return doc
        return None


CheckFn = Callable[[Context, Rule], list[Finding]]


@dataclass(frozen=True)
class CheckSpec:
    run: CheckFn
    slots: frozenset[str]
    params: frozenset[str] = frozenset()


REGISTRY: dict[str, CheckSpec] = {}


def check(
    check_id: str, slots: tuple[str, ...] = (), params: tuple[str, ...] = ()
) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        REGISTRY[check_id] = CheckSpec(fn, frozenset(slots), frozenset(params))
        return fn

    return register


def span_finding(
    rule: Rule,
    section: str,
    doc: Doc,
    start: int,
    end: int,
    suggestion: str | None = None,
    message: str | None = None,
) -> Finding:
    """A finding over tokens [start, end) with character offsets into the section text."""
    idx: list[int] | None = doc.user_data.get("idx")
    ends: list[int] | None = doc.user_data.get("ends")
    if idx is not None and ends is not None:  # the lemmatizer's offsets: no Token objects
        c_start, c_end = idx[start], ends[end - 1]
    else:
        c_start = doc[start].idx
        last = doc[end - 1]
        c_end = last.idx + len(last.text)
    text: str = doc.user_data["src"]
    return Finding(
        rule.id,
        section,
        c_start,
        c_end,
        text[c_start:c_end],
        rule.severity,
        message or rule.message,
        suggestion or rule.suggestion,
        doc.user_data.get("child"),
    )


def report_finding(
    rule: Rule, section: str | None = None, message: str | None = None, child: str | None = None
) -> Finding:
    return Finding(
        rule.id,
        section,
        None,
        None,
        None,
        rule.severity,
        message or rule.message,
        rule.suggestion,
        child,
    )


def child_findings(rule: Rule, section: str, missing: list[Child], count: int) -> list[Finding]:
    """One report-level finding per child who lacks what the rule asks for; when the report
    is about several children the message names the child."""
    return [
        report_finding(
            rule,
            section,
            f"{child.name.strip()}: {rule.message}"
            if count > 1 and child.name.strip()
            else rule.message,
            child.key,
        )
        for child in missing
    ]


def load_all() -> None:
    """Import every check module so each registers itself."""
    from scoring.checks import (  # noqa: F401
        admin,
        advisory,
        father,
        identity,
        previous_actions,
        smart_actions,
        step_down,
        threshold,
        vague,
        voice,
    )
