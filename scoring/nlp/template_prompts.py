"""A template's guidance left in square brackets is not the report.

Agency templates carry their prompts in square brackets ("[Describe how the child's
identity, culture and communication needs are met]", "[Use the child's own words where
possible]", "[Insert additional rows]"), and a report written into the template often keeps
them. Read as text they give the checks words the author never wrote: an identity section
that is the prompt and "See ethnicity above." would be credited with reflecting on identity,
and an "[Insert additional rows]" row would be an action with no owner. A bracketed span of
three words or more that opens with an instruction ("Describe", "Insert", "Please ...",
"For pre-verbal children record ...") or a question word ("[What does the family do
well?]") is written as spaces, one character for one, so every offset into the text still
holds. What the author adds in brackets stays: a word in a quote ("[her father]"), a source
("[From EHA]"), a tracked insertion ("[Inserted: ...]").
"""

from __future__ import annotations

import re

_OPENERS = (
    "please|describe|insert|add|use|record|include|update|consider|briefly|delete|enter|give"
    "|state|list|summarise|summarize|outline|explain|detail|provide|complete|type|write|tick"
    "|select|remove|for|what|how|why|who|when|where|which|is|are|does|do|has"
    "|have|outcomes? should|actions? should"
)
# "[Please note: dad did attend]" is the author's own note, not the template's.
_PROMPT = re.compile(
    r"\[(?!please note\b)(?:" + _OPENERS + r")\b(?=(?:[^\]\n]*?\s){2})[^\]\n]{0,300}\]",
    re.IGNORECASE,
)


def without_template_prompts(text: str) -> str:
    """The text with its bracketed template guidance blanked, if any."""
    if "[" not in text:
        return text
    return _PROMPT.sub(lambda m: " " * len(m.group()), text)
