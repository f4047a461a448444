"""assess(): a report document in, an assessment out."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from scoring.assessment import Assessment, Finding
from scoring.calendar import Timescales
from scoring.checks import REGISTRY, Context
from scoring.document import CHILD_SECTION_KEYS, SECTION_KEYS, Report, parse_report
from scoring.nlp import dictation
from scoring.nlp.dictation import is_dictated
from scoring.nlp.email_headers import without_headers
from scoring.nlp.people import build_cast
from scoring.nlp.template_prompts import without_template_prompts
from scoring.nlp.tracked_changes import without_tracked_changes
from scoring.pipeline import MAX_SECTION_CHARS, ODD_SPACE, SPACES, Unit, analyse_sections
from scoring.resources import ruleset_version
from scoring.rubric import Rubric
from scoring.ruleset import rules

_SEVERITY_ORDER = {"error": 0, "warning": 1, "advice": 2, "info": 3}


def assess(
    report: Report | Mapping[str, Any],
    *,
    timescales: Timescales | None = None,
    rubric: Rubric | None = None,
) -> Assessment:
    """Check a report (a cpc-report/2 or /1 dict, validated here, or a parsed Report)."""
    with _collector_paused():
        return _assess(report, timescales, rubric)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while one report is assessed.

    An assessment allocates thousands of short-lived lists and tuples but no reference cycles
    (tests/scoring/test_fast_paths.py checks), so reference counting frees all of it; the
    collector's repeated passes over the live token lists only cost time, about a quarter of
    the engine's. It is switched back on straight after, and left alone when already off
    (another thread assessing, or the host application's choice).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _assess(
    report: Report | Mapping[str, Any], timescales: Timescales | None, rubric: Rubric | None
) -> Assessment:
    parsed = report if isinstance(report, Report) else parse_report(report)
    rubric = rubric or Rubric.default()
    units = _units(parsed)
    own = {c.key: [u.text for u in units if u.child == c.key] for c in parsed.children}
    cast = build_cast(parsed, [u.text for u in units], own)
    ctx = Context(parsed, analyse_sections(units, cast), cast, timescales or Timescales())
    findings: list[Finding] = []
    for rule in rules():
        findings.extend(rule_findings(ctx, rule))
    flags = frozenset(f.check for f in findings)
    score, criteria = rubric.evaluate(flags, frozenset(ctx.applies))
    order = {k: i for i, k in enumerate(SECTION_KEYS)}
    children = {c.key: i for i, c in enumerate(parsed.children)}
    findings.sort(
        key=lambda f: (
            f.section is not None,
            order.get(f.section or "", -1),
            children.get(f.child or "", -1),
            f.start or 0,
            _SEVERITY_ORDER.get(f.severity, 9),
            f.check,
        )
    )
    return Assessment(
        rubric.grade(flags, frozenset(ctx.applies)),
        score,
        criteria,
        tuple(findings),
        ruleset_version(),
        flags,
    )


def _units(report: Report) -> list[Unit]:
    """The texts to analyse in the report format's section order: the family's sections,
    and each child's voice_of_child and identity where they stand in that order."""
    units: list[Unit] = []
    for key in SECTION_KEYS:
        if key in CHILD_SECTION_KEYS:
            for child in report.children:
                text = child.sections.get(key, "")
                if text.strip():
                    units.append(Unit(key, child.key, _plain_spaces(text[:MAX_SECTION_CHARS])))
        else:
            text = report.sections.get(key, "")
            if text.strip():
                units.append(Unit(key, None, _plain_spaces(text[:MAX_SECTION_CHARS])))
    if is_dictated([u.text for u in units]):  # punctuation said as words (dictation.py)
        units = [u._replace(text=dictation.written(u.text)) for u in units]
    # Pasted email headers ("From:", "Sent: 09 June 2027") are no one's words, and a
    # draft's tracked deletions and reviewers' comments, and a template's bracketed
    # guidance, are not the report.
    return [
        u._replace(text=without_template_prompts(without_tracked_changes(without_headers(u.text))))
        for u in units
    ]


def _plain_spaces(text: str) -> str:
    """The text with every space written " " (pipeline.SPACES); translating only a text that
    has another kind, since str.translate costs a lookup per character."""
    return text.translate(SPACES) if ODD_SPACE.search(text) else text


def rule_findings(ctx: Context, rule: Any) -> list[Finding]:
    return REGISTRY[rule.id].run(ctx, rule)
