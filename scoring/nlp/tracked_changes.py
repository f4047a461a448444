"""Sections pasted from a document with tracked changes left in: deletions and reviewers'
comments are not the report.

A draft pasted with its markup carries what the author took out ("[Deleted: Midwifery will
continue to monitor]") and what reviewers wrote to the author ("[Comment JB: too vague -
please do a proper table]"). Read as text they give the checks words nobody now stands by:
a vague promise struck out, a barrier the author was told to remove. Each bracketed
deletion or comment is written as spaces, one character for one, so every offset into the
text still holds; an insertion ("[Inserted: ...]") is the author's text and stays.
"""

from __future__ import annotations

import re

_STRUCK = re.compile(
    r"\[(?:deleted|deletion|removed|comment(?:ed)?)\b[^\]\n]{0,40}?:[^\]]*\]", re.IGNORECASE
)


def without_tracked_changes(text: str) -> str:
    """The text with its tracked deletions and reviewers' comments blanked, if any."""
    if "[" not in text:
        return text
    return _STRUCK.sub(lambda m: " " * len(m.group()), text)
