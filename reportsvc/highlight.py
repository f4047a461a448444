"""Split a section's text into plain and flagged segments for display.

Findings carry character offsets into the section text. Overlapping findings are merged
into one highlighted segment that lists every finding, so the text is shown exactly once
and in order. Jinja autoescaping does the escaping; nothing here builds HTML.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol


class Located(Protocol):
    start: int | None
    end: int | None


@dataclass
class Segment:
    text: str
    findings: list[Any] = field(default_factory=list)

    @property
    def flagged(self) -> bool:
        return bool(self.findings)


def segments(text: str, findings: Iterable[Any]) -> list[Segment]:
    spans = sorted(
        (f for f in findings if _valid(f, len(text))), key=lambda f: (f.start, -(f.end or 0))
    )
    out: list[Segment] = []
    cursor = 0
    current: Segment | None = None
    current_end = 0
    for finding in spans:
        start, end = finding.start, finding.end
        if current is not None and start < current_end:
            current.findings.append(finding)
            if end > current_end:
                current.text += text[current_end:end]
                current_end = end
            continue
        if start > cursor:
            out.append(Segment(text[cursor:start]))
        current = Segment(text[start:end], [finding])
        current_end = end
        out.append(current)
        cursor = end
    if cursor < len(text):
        out.append(Segment(text[cursor:]))
    return out


def _valid(finding: Any, length: int) -> bool:
    start, end = getattr(finding, "start", None), getattr(finding, "end", None)
    return start is not None and end is not None and 0 <= start < end <= length
