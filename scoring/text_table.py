"""Plain-text summary of an assessment for `reportsvc score --format table`."""

from __future__ import annotations

from itertools import groupby

from scoring.assessment import Assessment

_GRADE_NAMES = {
    "good": "Good",
    "requires_improvement": "Requires improvement",
    "inadequate": "Inadequate",
}


def format_assessment(assessment: Assessment) -> str:
    lines = [
        f"Grade: {_GRADE_NAMES.get(assessment.grade, assessment.grade)}",
        f"Score: {assessment.score}/100",
        f"Ruleset: {assessment.ruleset_version}",
        "",
        "Criteria",
    ]
    width = max((len(c.id) for c in assessment.criteria), default=10)
    for c in assessment.criteria:
        lines.append(f"  {'met    ' if c.met else 'NOT MET'}  {c.id:<{width}}  weight {c.weight}")
    lines += ["", "Findings"]
    if not assessment.findings:
        lines.append("  none")
    for section, group in groupby(assessment.findings, key=lambda f: f.section or "report"):
        lines.append(f"  [{section}]")
        for f in group:
            where = f' "{f.text}" ({f.start}-{f.end})' if f.start is not None else ""
            lines.append(f"    {f.severity:<7} {f.check}{where}")
            lines.append(f"            {f.message}")
            lines.append(f"            Try: {f.suggestion}")
    return "\n".join(lines)
