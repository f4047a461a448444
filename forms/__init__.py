"""Report templates as data: one YAML file per agency type plus shared parts, resolved
into one template per (agency type, conference type).

No Flask and no database here: the web app, the scoring engine and the tests all read
templates through this package.

    >>> import forms
    >>> template = forms.load_template("gp", "RCPC")
    >>> template.id, template.section_keys[:2]
    ('gp-rcpc', ('reason_for_involvement', 'previous_actions'))
"""

from __future__ import annotations

from forms import previous_actions
from forms.constants import (
    AGENCY_TYPES,
    CHECK_IDS,
    CHILD_SECTION_KEYS,
    CONFERENCE_TYPES,
    DOCUMENT_FIELDS,
    FAMILY_SECTION_KEYS,
    SECTION_KEYS,
)
from forms.errors import TemplateError, UnknownTemplate
from forms.loader import all_templates, load_directory, load_template
from forms.model import Choice, Field, Fieldset, PromptGroup, Section, Template
from forms.previous_actions import ActionEntry

__all__ = [
    "AGENCY_TYPES",
    "CHECK_IDS",
    "CHILD_SECTION_KEYS",
    "CONFERENCE_TYPES",
    "DOCUMENT_FIELDS",
    "FAMILY_SECTION_KEYS",
    "SECTION_KEYS",
    "ActionEntry",
    "Choice",
    "Field",
    "Fieldset",
    "PromptGroup",
    "Section",
    "Template",
    "TemplateError",
    "UnknownTemplate",
    "all_templates",
    "load_directory",
    "load_template",
    "previous_actions",
]
