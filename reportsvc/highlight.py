"""Split a section's text into plain and flagged segments for display.

Findings carry character offsets into the section text. Overlapping findings are merged
into one highlighted segment that lists every finding, so the text is shown exactly once
and in order. Jinja autoescaping does the escaping; nothing here builds HTML.
"""

from __future__ import annotations

import itertools
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
    anchor: int | None = None  # an offset that links point at (a sentence start)

    @property
    def flagged(self) -> bool:
        return bool(self.findings)


def segments(text: str, findings: Iterable[Any], anchors: Iterable[int] = ()) -> list[Segment]:
    """Plain and flagged segments; a plain segment is also split at each anchor offset so
    that a link can point at the sentence starting there."""
    return _split_at(_segments(text, findings), sorted(set(anchors)))


def _split_at(parts: list[Segment], anchors: list[int]) -> list[Segment]:
    if not anchors:
        return parts
    out: list[Segment] = []
    offset = 0
    for part in parts:
        end = offset + len(part.text)
        cuts = [a for a in anchors if offset <= a < end]
        if part.flagged or not cuts:
            out.append(Segment(part.text, part.findings, offset if offset in cuts else None))
        else:
            edges = sorted({offset, *cuts, end})
            for left, right in itertools.pairwise(edges):
                out.append(
                    Segment(
                        part.text[left - offset : right - offset],
                        [],
                        left if left in cuts else None,
                    )
                )
        offset = end
    return out


def _segments(text: str, findings: Iterable[Any]) -> list[Segment]:
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
