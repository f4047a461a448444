"""previous-actions (RCPC only): an update on each action from the last conference.

Reads the documented layout (Action / Status / Barrier / Next step blocks) when present:
an action partly or not done needs a barrier or a next step. Free text is read by meaning:
it must report what happened to the actions, and a sentence saying something is not done,
delayed or ongoing needs a reason or a next step in it or the sentence after.
"""

from __future__ import annotations

import re

from scoring.assessment import Finding
from scoring.checks import Context, Rule, check, report_finding
from scoring.nlp.context import sentence_bounds

_FIELD = re.compile(
    r"^[ \t]*[-*•]?[ \t]*(action|status|barrier|barriers|next steps?)[ \t]*:[ \t]*(.*)$",
    re.IGNORECASE | re.MULTILINE,
)
_EMPTY = frozenset({"", "n/a", "na", "none", "-", "nil", "not applicable", "tbc", "unknown"})
_UNFINISHED = (
    "partly",
    "partially",
    "not done",
    "not yet",
    "in progress",
    "ongoing",
    "not completed",
    "outstanding",
    "not started",
    "delayed",
)


def _blocks(text: str) -> list[dict[str, str]]:
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for m in _FIELD.finditer(text):
        key = m.group(1).lower().rstrip("s") if m.group(1).lower() != "status" else "status"
        key = "next" if key.startswith("next") else key
        if key == "action" and current:
            blocks.append(current)
            current = {}
        current[key] = m.group(2).strip()
    if current:
        blocks.append(current)
    return blocks


def _filled(value: str | None) -> bool:
    return bool(value) and (value or "").strip().strip(".").lower() not in _EMPTY


@check(
    "previous-actions",
    slots=("done", "unfinished", "barrier", "next_step", "reference", "concrete"),
)
def previous_actions(ctx: Context, rule: Rule) -> list[Finding]:
    if ctx.report.conference.type != "RCPC":
        return []
    doc = ctx.section_doc("previous_actions")
    text = doc.user_data["src"] if doc is not None else ""
    if not _filled(text) or doc is None:
        return [report_finding(rule, "previous_actions")]
    blocks = [b for b in _blocks(text) if "action" in b]
    if blocks:
        for block in blocks:
            status = block.get("status", "").lower()
            if not _filled(status):
                return [
                    report_finding(
                        rule, "previous_actions", "An action has no status. " + rule.message
                    )
                ]
            unfinished = any(word in status for word in _UNFINISHED)
            if unfinished and not (_filled(block.get("barrier")) or _filled(block.get("next"))):
                return [
                    report_finding(
                        rule,
                        "previous_actions",
                        "An unfinished action has no barrier or next step. " + rule.message,
                    )
                ]
        return []
    done_spans = ctx.hits(doc, rule, "done")
    unfinished_spans = ctx.hits(doc, rule, "unfinished")
    help_spans = ctx.hits(doc, rule, "barrier") + ctx.hits(doc, rule, "next_step")
    reference = ctx.hits(doc, rule, "reference")
    bounds = sentence_bounds(doc)
    if not (done_spans or unfinished_spans or reference) or len(doc) < 5:
        return [report_finding(rule, "previous_actions")]
    # An update says what happened to something specific ("the referral was made on 2
    # February"); "all actions have been worked on" or "still open to us" does not.
    concrete = ctx.hits(doc, rule, "concrete")
    like_num: list[bool] = doc.user_data.get("like_num") or []
    status_spans = done_spans + unfinished_spans
    if not any(
        any(lo <= s < hi for s, _ in status_spans)
        and (any(lo <= s < hi for s, _ in concrete) or any(like_num[lo:hi]))
        for lo, hi in bounds
    ):
        return [
            report_finding(
                rule,
                "previous_actions",
                "This does not say what happened to each action. " + rule.message,
            )
        ]
    unfinished_tokens = {i for s, e in unfinished_spans for i in range(s, e)}
    for k, (s_start, s_end) in enumerate(bounds):
        if not any(s_start <= s < s_end for s, _ in unfinished_spans):
            continue
        hi = bounds[k + 1][1] if k + 1 < len(bounds) else s_end
        if not any(s_start <= s < hi and s not in unfinished_tokens for s, _ in help_spans):
            return [
                report_finding(
                    rule,
                    "previous_actions",
                    "An unfinished action has no barrier or next step. " + rule.message,
                )
            ]
    return []
