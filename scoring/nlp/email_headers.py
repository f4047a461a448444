"""Sections pasted from an email chain: the headers are no one's words.

A report assembled from forwarded emails carries each message's header lines ("From:
Lorraine Tate", "Sent: 09 June 2027 10:11", "To: ...", "Subject: RE: ..."), often quoted
with ">". Read as text they give the checks a dated fact, names and a subject line that
say nothing about the child. In a section with a "From:" line and a "Sent:" or "Date:"
line, every header line is written as spaces, one character for one, so every offset into
the text still holds (findings point at the author's own words); other texts are left
alone ("To: the social worker" in an action is not a header).
"""

from __future__ import annotations

import re

_HEADER = re.compile(
    r"^[ \t>]*(?:from|sent|to|cc|bcc|subject|date|importance|attachments)[ \t]*:[^\n]*",
    re.IGNORECASE | re.MULTILINE,
)
_FROM = re.compile(r"^[ \t>]*from[ \t]*:", re.IGNORECASE | re.MULTILINE)
_SENT = re.compile(r"^[ \t>]*(?:sent|date)[ \t]*:", re.IGNORECASE | re.MULTILINE)


def without_headers(text: str) -> str:
    """The text with its email header lines blanked, if it holds an email's headers."""
    if ":" not in text or not _FROM.search(text) or not _SENT.search(text):
        return text
    return _HEADER.sub(lambda m: " " * len(m.group()), text)
