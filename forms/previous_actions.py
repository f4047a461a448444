"""Previous actions (RCPC) as structured entries, kept in the report as a text layout.

The layout is documented in docs/report-format.md: one block per action, blocks
separated by a blank line::

    Action: Health visitor to weigh Leah every two weeks and share weights with the GP.
    Status: partly
    Barrier: Two appointments were missed when mother was in hospital.
    Next step: Weigh at home on 3 and 17 April; GP to review by 30 April.

``parse`` is lenient: free text yields no entries rather than an error (free text is a
valid update too; the scoring engine reads it by meaning). ``is_structured`` tells a
form whether the text can be edited as entries without losing anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal, get_args

Status = Literal["done", "partly", "not done"]
STATUSES: Final[tuple[Status, ...]] = get_args(Status)

# Label as written -> attribute. Matching ignores case and extra spaces.
_LABELS: Final[dict[str, str]] = {
    "action": "action",
    "status": "status",
    "barrier": "barrier",
    "barriers": "barrier",
    "barrier to completion": "barrier",
    "next step": "next_step",
    "next steps": "next_step",
}
_CANONICAL: Final[tuple[tuple[str, str], ...]] = (
    ("action", "Action"),
    ("status", "Status"),
    ("barrier", "Barrier"),
    ("next_step", "Next step"),
)
_LABEL_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z ]*?)\s*:\s?(.*)$")


@dataclass(frozen=True)
class ActionEntry:
    action: str
    status: Status | None = None  # None: not recorded
    barrier: str = ""
    next_step: str = ""

    @property
    def unfinished(self) -> bool:
        return self.status in ("partly", "not done")


def _status(value: str) -> Status | None:
    key = " ".join(value.lower().replace("-", " ").replace("_", " ").split())
    for status in STATUSES:
        if key == status:
            return status
    return None


def _clean(value: str) -> str:
    """Trimmed lines, no blank lines (a blank line would end the block)."""
    return "\n".join(line.strip() for line in value.splitlines() if line.strip())


def _layout_value(value: str) -> str:
    """``value`` as the layout can hold it: cleaned, and a line that would read as a
    label ("Status: ...") joined to the line before, so it stays part of this value."""
    lines: list[str] = []
    for line in _clean(value).split("\n"):
        if lines and _label(line) is not None:
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return "\n".join(lines)


def _label(line: str) -> tuple[str, str] | None:
    match = _LABEL_LINE.match(line)
    if match is None:
        return None
    attribute = _LABELS.get(" ".join(match.group(1).lower().split()))
    return (attribute, match.group(2)) if attribute else None


def _parse_block(block: str) -> tuple[ActionEntry | None, bool]:
    """The entry in one block (None if it has no labels), and whether nothing was lost."""
    values: dict[str, list[str]] = {}
    current: str | None = None
    lossless = True
    for line in block.splitlines():
        labelled = _label(line)
        if labelled is not None:
            current, rest = labelled
            if current in values:
                lossless = False  # a repeated label: keep the first, say it was not clean
                current = None
                continue
            values[current] = [rest]
        elif current is not None and current != "status":
            values[current].append(line)  # a continuation line
        elif line.strip():
            lossless = False  # free text before the first label, or after a status
    if not values:
        return None, False
    status_text = _clean("\n".join(values.get("status", [])))
    status = _status(status_text) if status_text else None
    if status_text and status is None:
        lossless = False
    entry = ActionEntry(
        action=_clean("\n".join(values.get("action", []))),
        status=status,
        barrier=_clean("\n".join(values.get("barrier", []))),
        next_step=_clean("\n".join(values.get("next_step", []))),
    )
    return entry, lossless


def _blocks(text: str) -> list[str]:
    """Groups of lines separated by blank (or whitespace-only) lines."""
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return ["\n".join(block) for block in blocks if block]


def parse(text: str) -> list[ActionEntry]:
    """The structured entries in ``text``; blocks without labels are skipped."""
    entries = []
    for block in _blocks(text):
        entry, _ = _parse_block(block)
        if entry is not None:
            entries.append(entry)
    return entries


def is_structured(text: str) -> bool:
    """True when ``text`` is entirely in the layout, so editing it as entries loses nothing."""
    blocks = _blocks(text)
    if not blocks:
        return False
    for block in blocks:
        entry, lossless = _parse_block(block)
        if entry is None or not lossless:
            return False
    return True


def format(entries: list[ActionEntry] | tuple[ActionEntry, ...]) -> str:
    """The layout for ``entries``: labels in a fixed order, empty fields left out.

    The Action line is always written, so an entry never disappears on a round trip.
    Values keep their line breaks (as continuation lines) but not blank lines, which
    would end the block.
    """
    blocks = []
    for entry in entries:
        lines = []
        for attribute, label in _CANONICAL:
            value = getattr(entry, attribute) or ""
            if attribute != "status":
                value = _layout_value(value)
            if value or attribute == "action":
                lines.append(f"{label}: {value}".rstrip())
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def normalise(entry: ActionEntry) -> ActionEntry:
    """``entry`` as it comes back from ``parse(format([entry]))``."""
    return ActionEntry(
        action=_layout_value(entry.action),
        status=entry.status,
        barrier=_layout_value(entry.barrier),
        next_step=_layout_value(entry.next_step),
    )


__all__ = ["STATUSES", "ActionEntry", "Status", "format", "is_structured", "normalise", "parse"]
