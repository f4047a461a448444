"""step-down-evidence (RCPC only): a step-down recommendation shows sustained change.

A recommendation is a sentence of threshold_view in which the author's frame ("I would
support", "in my view", "I think") comes before a step-down target ("step down to CIN", "a
child in need plan", "the plan could end"), with no negation, continuation or deferral
between them ("too early to step down", "the plan continuing, with a view to step-down") and
no condition before it ("If the appointment goes ahead I would support step down"). A report
that recommends step-down must show, as the audit of seed 000 asked ("robust evidence of
sustained parental change before stepping down"):

- change over time, not one good visit: a period or a count of observations ("since
  March", "for over 3 months", "4 good unannounced visits") or at least ``min_dates``
  dates, in threshold_view or working_well;
- what changed for the child ("her weight has recovered", "attendance up from 86% to 94%"),
  in the same sections;
- what would tell us it slipped ("if her weight drops two centile lines", "relapse",
  "if Callum misses 2 sessions in a row I will contact the SW"), anywhere in the view, what is
  working well, the worries, what needs to change or the service's actions
  (``require_slip: false`` in the rule file drops this part).

A report with no step-down recommendation gets no finding, and the rubric leaves this
criterion out (``applies_when: step-down`` in rubric.yaml): the check records that it
applies through ``Context.applies``.
"""

from __future__ import annotations

from scoring.assessment import Finding
from scoring.checks import Context, Rule, check, report_finding
from scoring.nlp.context import sentence_bounds

APPLIES = "step-down"
_EVIDENCE_SECTIONS = ("threshold_view", "working_well")
_SLIP_SECTIONS = ("threshold_view", "working_well", "worries", "reduce_worries", "service_actions")
_AFTER = 3  # tokens after the target still read for "considered if" / "after that"
_CHAIN_GAP = 2  # tokens between two targets read as one ("step-down to Child in Need")


def _recommends(ctx: Context, rule: Rule) -> bool:
    doc = ctx.section_doc("threshold_view")
    if doc is None:
        return False
    target = ctx.hits(doc, rule, "target")
    frame = ctx.hits(doc, rule, "frame")
    if not target or not frame:
        return False
    not_now = ctx.hits(doc, rule, "not_now")
    condition = ctx.hits(doc, rule, "condition")
    targets = _chained(sorted(target))
    for lo, hi in sentence_bounds(doc):
        for t_start, t_end in targets:
            if not lo <= t_start < hi:
                continue
            frames = [f for f, _ in frame if lo <= f < t_start]
            if not frames:
                continue
            f_start = max(frames)
            stop = min(t_end + _AFTER, hi)
            if any(f_start <= s < stop for s, _ in not_now):
                continue
            if any(lo <= s < stop for s, _ in condition):
                continue
            return True
    return False


def _chained(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Targets one or two words apart read as one ("a step-down to Child in Need if..."):
    the words after the whole phrase say whether it is conditional."""
    out: list[tuple[int, int]] = []
    for lo, hi in spans:
        if out and lo - out[-1][1] <= _CHAIN_GAP:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


@check(
    "step-down-evidence",
    slots=("target", "frame", "not_now", "condition", "over_time", "dates", "change", "slip"),
    params=("min_dates", "require_slip"),
)
def step_down_evidence(ctx: Context, rule: Rule) -> list[Finding]:
    if ctx.report.conference.type != "RCPC" or not _recommends(ctx, rule):
        return []
    ctx.applies.add(APPLIES)
    min_dates = int(rule.params.get("min_dates", 2))
    require_slip = bool(rule.params.get("require_slip", True))
    evidence = [d for s in _EVIDENCE_SECTIONS if (d := ctx.section_doc(s)) is not None]
    over_time = any(ctx.hits(d, rule, "over_time") for d in evidence) or (
        sum(len(ctx.hits(d, rule, "dates")) for d in evidence) >= min_dates
    )
    change = any(ctx.hits(d, rule, "change") for d in evidence)
    slip = any(
        ctx.hits(d, rule, "slip") for s in _SLIP_SECTIONS if (d := ctx.section_doc(s)) is not None
    )
    missing = [
        part
        for part, shown in (
            ("change seen over time (dates or a period, not one good visit)", over_time),
            ("what changed for the child", change),
            ("what would tell us if the change slipped", slip or not require_slip),
        )
        if not shown
    ]
    if not missing:
        return []
    return [
        report_finding(
            rule,
            "threshold_view",
            "You recommend stepping down but do not show "
            + "; ".join(missing)
            + ". "
            + rule.message,
        )
    ]
