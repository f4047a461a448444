"""Small helpers shared by the web forms of every blueprint."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from wtforms.fields.choices import SelectChoice


def choices(options: Mapping[Any, str] | Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """WTForms choices from a mapping or (value, label) pairs (tuples are deprecated)."""
    pairs = options.items() if isinstance(options, Mapping) else options
    return [SelectChoice(value, label) for value, label in pairs]


def section_field_name(key: str) -> str:
    """The form field that holds a report section's text (the author's page and
    services.authoring both read it, so it lives below both)."""
    return f"section_{key}"
