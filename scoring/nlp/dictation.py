"""Reports dictated with voice-to-text and left uncorrected: punctuation said as words.

Speech recognition writes what the author said: "...every three weeks full stop any visit
where we are not let in reported the same day new paragraph 2 a referral to...". Left as
words, sentences and list items run together (an action's owner is read from the one
before it) and phrases lose their edges. A report that says its punctuation (three or
more "full stop", "comma", "new paragraph" or "new line" in sections with hardly a typed
full stop) has every spoken mark written as the mark, padded with spaces to the same
length, so every offset into the text still holds (findings point at the author's own
words). Other reports are left alone: "comma" and "colon" are words too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# The commands that show a report was dictated, and those also read once it is.
_TELLS = re.compile(r"\b(?:full[ -]stop|comma|new paragraph|new line)\b", re.IGNORECASE)
_SPOKEN = re.compile(
    r" ?\b(?:(?P<stop>full[ -]stop)|(?P<comma>comma)|(?P<para>new paragraph)|(?P<line>new line)"
    r"|(?P<question>question mark)|(?P<exclaim>exclamation mark)|(?P<semi>semi-?colon)"
    r"|(?P<colon>colon)|(?P<open>open (?:quotes?|brackets?) ?)|(?P<close>(?:close|end) "
    r"(?:quotes?|brackets?)|unquote))\b",
    re.IGNORECASE,
)
_MARKS = {"stop": ".", "comma": ",", "question": "?", "exclaim": "!", "semi": ";", "colon": ":"}
_MIN_TELLS = 3
_TYPED_CHARS_PER_STOP = 300


def is_dictated(texts: Sequence[str]) -> bool:
    count = 0
    for text in texts:
        # A text with full stops in it was typed (a full stop every 50 words or so at
        # least); counting them is far cheaper than looking for the spoken ones.
        if text.count(".") * _TYPED_CHARS_PER_STOP > len(text):
            continue
        count += len(_TELLS.findall(text))
        if count >= _MIN_TELLS:
            return True
    return False


def _mark(m: re.Match[str]) -> str:
    said = m.group()
    kind = m.lastgroup or ""
    if kind in ("para", "line"):
        breaks = "\n\n" if kind == "para" else "\n"
        return " " * (len(said) - len(breaks)) + breaks
    if kind == "open":
        opener = '"' if "quot" in said.lower() else "("
        return " " * (len(said) - 1) + opener
    if kind == "close":
        closer = '"' if "quot" in said.lower() else ")"
        return closer + " " * (len(said) - 1)
    return _MARKS[kind] + " " * (len(said) - 1)


def written(text: str) -> str:
    """The text with each spoken mark written, one character for one."""
    return _SPOKEN.sub(_mark, text)
