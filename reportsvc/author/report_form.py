"""The report form, built from the agency's report template (forms/).

One WTForms class per template, cached. Sections are text areas named ``section-<key>``;
the template's fieldsets become sub-forms: the child's identity (``child-*``), one entry
per person in the household (``household-N-*``), the sharing record (``sharing-*``) and,
for a review conference, one entry per previous action (``actions-N-*``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea, GovTextInput
from wtforms import FieldList, Form, FormField, HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import Length, Optional

import forms
from reportsvc.author.fields import GovDateField, YesNoField
from reportsvc.formkit import choices

MAX_SECTION_CHARS = 100_000  # about 15,000 words: far more than any report section needs
MAX_LINE_CHARS = 500


def _too_long(label: str, limit: int) -> Length:
    return Length(max=limit, message=f"{label} must be {limit:,} characters or fewer")


def build_field(field: forms.Field) -> Any:
    label, hint = field.label, field.hint
    if field.kind == "text":
        return StringField(
            label,
            description=hint,
            widget=GovTextInput(),
            validators=[_too_long(label, MAX_LINE_CHARS)],
        )
    if field.kind == "textarea":
        return TextAreaField(
            label,
            description=hint,
            widget=GovTextArea(),
            validators=[_too_long(label, MAX_SECTION_CHARS)],
        )
    if field.kind == "date":
        return GovDateField(label, description=hint)
    if field.kind == "yes_no":
        return YesNoField(label, description=hint, validators=[Optional()])
    if field.kind == "choice":
        return RadioField(
            label,
            description=hint,
            widget=GovRadioInput(),
            choices=choices((c.value, c.label) for c in field.choices),
            validators=[Optional()],
        )
    raise ValueError(f"unknown field kind {field.kind!r}")


def _subform(name: str, fields: tuple[forms.Field, ...]) -> type[Form]:
    attrs = {f.name: build_field(f) for f in fields}
    return type(name, (Form,), attrs)


class ReportFormBase(FlaskForm):
    version = HiddenField()
    author_name = StringField(
        "Your name", widget=GovTextInput(), validators=[_too_long("Your name", 200)]
    )
    author_role = StringField(
        "Your role",
        description="For example: GP partner, designated safeguarding lead, health visitor",
        widget=GovTextInput(),
        validators=[_too_long("Your role", 200)],
    )


@lru_cache(maxsize=64)
def report_form_class(agency_type: str, conference_type: str) -> type[ReportFormBase]:
    template = forms.load_template(agency_type, conference_type)
    attrs: dict[str, Any] = {}
    child_fields: list[forms.Field] = []
    for section in template.sections:
        attrs[section_field_name(section.key)] = TextAreaField(
            section.title,
            description=section.hint,
            widget=GovTextArea(),
            validators=[_too_long(f"'{section.title.strip()}'", MAX_SECTION_CHARS)],
        )
        fieldset = section.fieldset
        if fieldset is None:
            continue
        if fieldset.document == "child":
            child_fields.extend(fieldset.fields)
        elif fieldset.document == "household":
            attrs["household"] = FieldList(
                FormField(_subform("PersonForm", fieldset.fields), separator="-"), min_entries=1
            )
        elif fieldset.document == "previous_actions":
            attrs["actions"] = FieldList(
                FormField(_subform("ActionForm", fieldset.fields), separator="-"), min_entries=1
            )
    attrs["child"] = FormField(_subform("ChildForm", tuple(child_fields)), separator="-")
    attrs["sharing"] = FormField(_subform("SharingForm", template.sharing.fields), separator="-")
    return type(f"ReportForm_{template.id.replace('-', '_')}", (ReportFormBase,), attrs)


def section_field_name(key: str) -> str:
    return f"section_{key}"
