"""Chair forms: return with a challenge, chase, grade override, dissent, attendance."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from reportsvc.filters import GRADE_LABELS
from reportsvc.formkit import choices
from reportsvc.models import ATTENDANCE

LONG_TEXT = 5000
ATTENDANCE_LABELS = {
    "": "Not recorded",
    "attending": "Attending",
    "attended": "Attended",
    "apologies": "Sent apologies",
    "did_not_attend": "Did not attend",
}
assert set(ATTENDANCE_LABELS) - {""} == set(ATTENDANCE)


class ReturnForm(FlaskForm):
    comment = TextAreaField(
        "What should the author change?",
        widget=GovTextArea(),
        description="The author's agency sees this comment on their report and their list.",
        validators=[
            DataRequired(message="Enter a comment for the author"),
            Length(max=LONG_TEXT, message=f"Comment must be {LONG_TEXT} characters or fewer"),
        ],
    )
    expected_version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    submit = SubmitField("Return report to author", widget=GovSubmitInput())


class ChaseForm(FlaskForm):
    note = TextAreaField(
        "Note to the agency (optional)",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=LONG_TEXT)],
    )
    submit = SubmitField("Record chase", widget=GovSubmitInput())


class OverrideForm(FlaskForm):
    grade = RadioField(
        "Your grade",
        widget=GovRadioInput(),
        choices=choices(GRADE_LABELS),
        validators=[InputRequired(message="Choose a grade")],
    )
    reason = TextAreaField(
        "Why do you grade it differently?",
        widget=GovTextArea(),
        validators=[
            DataRequired(message="Enter the reason for your grade"),
            Length(max=LONG_TEXT),
        ],
    )
    submit = SubmitField("Save grade", widget=GovSubmitInput())


class DissentForm(FlaskForm):
    person = StringField(
        "Who raised it",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter who raised the dissent"), Length(max=200)],
    )
    agency_id = SelectField("Their agency", widget=GovSelect(), coerce=int)
    agency_name = StringField(
        "Or, if not an invited agency, their role",
        widget=GovTextInput(),
        description="For example, mother or children's social care.",
        validators=[Optional(), Length(max=200)],
    )
    what = TextAreaField(
        "What they disagree with, and their view",
        widget=GovTextArea(),
        validators=[DataRequired(message="Enter what the dissent is"), Length(max=LONG_TEXT)],
    )
    decision = TextAreaField(
        "Your decision as chair",
        widget=GovTextArea(),
        validators=[DataRequired(message="Enter your decision"), Length(max=LONG_TEXT)],
    )
    submit = SubmitField("Record dissent", widget=GovSubmitInput())

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if ok and not self.agency_id.data and not (self.agency_name.data or "").strip():
            self.agency_name.errors = ["Choose their agency or enter their role"]
            return False
        return ok


class DissentResponseForm(FlaskForm):
    response = TextAreaField(
        "The written response",
        widget=GovTextArea(),
        description="A summary of the head of service's written response, or where it is filed.",
        validators=[DataRequired(message="Enter the response"), Length(max=LONG_TEXT)],
    )
    submit = SubmitField("Record response", widget=GovSubmitInput())


class AttendanceForm(FlaskForm):
    """One select per invited agency plus children's social care, added by ``build``."""

    submit = SubmitField("Save attendance", widget=GovSubmitInput())


def attendance_form(labels: dict[str, str], current: dict[str, str]) -> AttendanceForm:
    """A form with a field ``att_<key>`` per agency key (agency id or "social_care")."""

    class Form(AttendanceForm):
        pass

    for key, label in labels.items():
        field = SelectField(
            label,
            widget=GovSelect(),
            choices=choices(ATTENDANCE_LABELS),
            default=current.get(key, ""),
            validators=[Optional()],
        )
        setattr(Form, f"att_{key}", field)
    return Form()
