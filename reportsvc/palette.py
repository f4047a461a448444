"""The one grade palette: every tag, chart, table and PDF that shows a grade takes its
colours from here (charts directly; CSS through the ``app-grade--*`` classes, whose rules in
``static/app.css`` and ``documents/pdf.css`` a test keeps equal to this table).

Inadequate never looks like success: good is green, requires improvement amber with dark
text, inadequate red. The grade's name is always written beside or on the colour, and line
charts give each grade its own dash pattern, so colour is never the only signal.

Contrast (WCAG 2.2): each fill is at least 3:1 against the white page (a chart's bars and
lines) and its text colour at least 4.5:1 on the fill (tags): good 6.2:1 white text,
requires improvement 5.4:1 dark text (3.6:1 on white), inadequate 7.7:1 white text.
"""

from __future__ import annotations

from dataclasses import dataclass

GRADES = ("good", "requires_improvement", "inadequate")


@dataclass(frozen=True)
class GradeStyle:
    label: str
    fill: str  # tag background, bar fill, line and marker colour
    text: str  # text written on the fill
    dash: str  # line charts: SVG stroke-dasharray ("" = solid)

    @property
    def css_class(self) -> str:
        return "app-grade--" + self.label.lower().replace(" ", "-")


GRADE_STYLES: dict[str, GradeStyle] = {
    "good": GradeStyle("Good", "#00703c", "#ffffff", ""),
    "requires_improvement": GradeStyle("Requires improvement", "#d9650b", "#0b0c0c", "6 4"),
    "inadequate": GradeStyle("Inadequate", "#a0201c", "#ffffff", "2 3"),
}
NOT_ASSESSED_TAG = "govuk-tag--grey"


def tag_class(grade: str | None) -> str:
    """The CSS classes (beside ``govuk-tag``) for a grade's tag."""
    style = GRADE_STYLES.get(grade or "")
    return f"app-grade {style.css_class}" if style else NOT_ASSESSED_TAG
