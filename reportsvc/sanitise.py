"""The one place text from outside is cleaned: HTML pasted from Word or email, and control
characters. The only bleach import in the project.

Practitioners' words are kept exactly. HTML is turned into plain text by *escaping* what is
not formatting, never deleting it: "Mum said <he hits me>" survives word for word, while
Word's <p>, <span> and <br> become line breaks or disappear. Jinja autoescaping makes the
result safe to show; nothing here produces HTML for display.
"""

from __future__ import annotations

import html
import re

import bleach

# Tags that only carry layout or formatting: dropped (block tags become line breaks).
BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4"}
INLINE_TAGS = {"span", "b", "i", "u", "em", "strong", "font", "a", "o:p", "sup", "sub", "td"}
_KNOWN = re.compile(r"</?(?:" + "|".join(sorted(BLOCK_TAGS | INLINE_TAGS)) + r")\b[^>]*>", re.I)
_BLOCK = re.compile(r"</?(?:" + "|".join(sorted(BLOCK_TAGS)) + r")\b[^>]*>", re.I)
_INLINE = re.compile(r"</?(?:" + "|".join(sorted(INLINE_TAGS)) + r")\b[^>]*>", re.I)
# C0 controls other than tab and newline, and DEL: no keyboard types them, PostgreSQL
# cannot store NUL, and they can hide text from a reader.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def looks_like_html(text: str) -> bool:
    """True when the text carries formatting markup (as pasted from Word or an email)."""
    return bool(_KNOWN.search(text))


def html_to_text(markup: str) -> str:
    cleaned = bleach.clean(
        markup, tags=BLOCK_TAGS | INLINE_TAGS, attributes={}, strip=False, strip_comments=True
    )
    cleaned = _BLOCK.sub("\n", cleaned)
    cleaned = _INLINE.sub("", cleaned)
    text = html.unescape(cleaned)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


def clean_text(text: str) -> str:
    """Plain text as the author meant it: line endings normalised, HTML made plain,
    invisible control characters removed. Anything else is kept exactly."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if looks_like_html(text):
        text = html_to_text(text)
    return _CONTROL.sub("", text)
