"""The report form, built from the agency's report template (forms/).

One WTForms class per template, cached. Family sections are text areas named
``section_<key>``. The sections about one child (voice of the child, identity) and the
child's own fields are one entry per child of the conference (``children-N-*``: the
child's ``key``, whether the agency ``included`` them, a text area per child section and
the fieldset fields such as ``children-N-ethnicity``). The household is one entry per
person (``household-N-*``), the sharing record is ``sharing-*`` and, for a review
conference, each previous action is an entry (``actions-N-*``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea, GovTextInput
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, Optional

import forms
from reportsvc.author.fields import GovDateField, YesNoField
from reportsvc.formkit import choices, section_field_name

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


def _subform(name: str, fields: tuple[forms.Field, ...], **extra: Any) -> type[Form]:
    attrs = {f.name: build_field(f) for f in fields}
    attrs.update(extra)
    return type(name, (Form,), attrs)


def _section_area(section: forms.Section) -> TextAreaField:
    return TextAreaField(
        section.title,
        description=section.hint,
        widget=GovTextArea(),
        validators=[_too_long(f"'{section.title.strip()}'", MAX_SECTION_CHARS)],
    )


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
    child_attrs: dict[str, Any] = {
        "key": HiddenField(),
        "included": BooleanField("Our agency knows this child", default=True),
    }
    for section in template.sections:
        fieldset = section.fieldset
        if section.key in forms.CHILD_SECTION_KEYS:
            child_attrs[section.key] = _section_area(section)
        else:
            attrs[section_field_name(section.key)] = _section_area(section)
        if fieldset is None:
            continue
        if fieldset.document == "child":
            child_attrs.update({f.name: build_field(f) for f in fieldset.fields})
        elif fieldset.document == "household":
            attrs["household"] = FieldList(
                FormField(
                    _subform("PersonForm", fieldset.fields, children=HiddenField()),
                    separator="-",
                ),
                min_entries=1,
            )
        elif fieldset.document == "previous_actions":
            attrs["actions"] = FieldList(
                FormField(_subform("ActionForm", fieldset.fields), separator="-"), min_entries=1
            )
    attrs["children"] = FieldList(
        FormField(type("ChildForm", (Form,), child_attrs), separator="-"), min_entries=1
    )
    attrs["sharing"] = FormField(_subform("SharingForm", template.sharing.fields), separator="-")
    return type(f"ReportForm_{template.id.replace('-', '_')}", (ReportFormBase,), attrs)


def child_field_id(index: int, name: str) -> str:
    """The id of a child's field, as the page and the error summary use it."""
    return f"children-{index}-{name}"
