"""QA lead forms: dashboard filters, drawing an audit sample, grading a report by hand."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import TextInput

from forms import AGENCY_TYPES, CONFERENCE_TYPES
from reportsvc.filters import CHECK_LABELS, GRADE_LABELS
from reportsvc.formkit import choices
from reportsvc.services import calibration, sampling


class GovDateTextInput(GovInput, TextInput):
    """A browser date picker that submits ISO dates (links keep ?start=2026-01-31)."""

    input_type = "date"


def _any(options: Mapping[str, str], label: str = "All") -> list[Any]:
    return choices({"": label, **options})


class FilterForm(FlaskForm):
    """Read from the query string: a GET form, no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    start = DateField(
        "From (conference date)",
        widget=GovDateTextInput(),
        validators=[InputRequired(message="Enter a start date")],
    )
    end = DateField(
        "To (conference date)",
        widget=GovDateTextInput(),
        validators=[InputRequired(message="Enter an end date")],
    )
    agency_type = SelectField(
        "Type of agency", widget=GovSelect(), choices=_any(AGENCY_TYPES), default=""
    )
    agency_id = SelectField("Agency", widget=GovSelect(), validate_choice=False, default="")
    conference_type = SelectField(
        "Conference", widget=GovSelect(), choices=_any(CONFERENCE_TYPES), default=""
    )
    chair_id = SelectField("Chair", widget=GovSelect(), validate_choice=False, default="")
    submit = SubmitField("Apply filters", widget=GovSubmitInput())

    def validate_end(self, field: DateField) -> None:
        if self.start.data and field.data and field.data < self.start.data:
            from wtforms.validators import ValidationError

            raise ValidationError("The end date must be on or after the start date")


class SampleForm(FlaskForm):
    name = StringField(
        "Name of the audit",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter a name for the audit"), Length(max=200)],
    )
    start = DateField(
        "From (conference date)",
        widget=GovDateTextInput(),
        validators=[InputRequired(message="Enter a start date")],
    )
    end = DateField(
        "To (conference date)",
        widget=GovDateTextInput(),
        validators=[InputRequired(message="Enter an end date")],
    )
    agency_type = SelectField(
        "Type of agency", widget=GovSelect(), choices=_any(AGENCY_TYPES), default=""
    )
    conference_type = SelectField(
        "Conference", widget=GovSelect(), choices=_any(CONFERENCE_TYPES), default=""
    )
    unit = RadioField(
        "Sample",
        widget=GovRadioInput(),
        choices=choices(sampling.UNITS),
        default="reports",
        validators=[InputRequired(message="Choose reports or conferences")],
    )
    size = IntegerField(
        "How many",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter how many to sample"),
            NumberRange(min=1, max=10000, message="Enter a number from 1 to 10000"),
        ],
    )
    size_kind = RadioField(
        "Counted as",
        widget=GovRadioInput(),
        choices=choices({"number": "A number", "percent": "A percentage"}),
        default="number",
        validators=[InputRequired(message="Choose a number or a percentage")],
    )
    seed = IntegerField(
        "Seed (optional)",
        widget=GovTextInput(),
        description="Leave blank for a new random sample. The same seed, period and filters "
        "draw the same sample again.",
        validators=[Optional(), NumberRange(min=1, max=2**31 - 1, message="Enter a whole number")],
    )
    submit = SubmitField("Draw and save the sample", widget=GovSubmitInput())

    def validate_size(self, field: IntegerField) -> None:
        if self.size_kind.data == "percent" and field.data and field.data > 100:
            from wtforms.validators import ValidationError

            raise ValidationError("A percentage must be from 1 to 100")


MET_CHOICES = {"yes": "Met", "no": "Not met"}


def grade_form(formdata: Any = None) -> FlaskForm:
    """A form with a met / not met question per hand-graded criterion and a grade."""

    class GradeForm(FlaskForm):
        pass

    for criterion, check in calibration.graded_criteria():
        setattr(
            GradeForm,
            _field(criterion),
            RadioField(
                CHECK_LABELS.get(check, criterion),
                widget=GovRadioInput(),
                choices=choices(MET_CHOICES),
                validators=[InputRequired(message=f"Say whether '{criterion}' is met")],
            ),
        )
    GradeForm.grade = RadioField(
        "Your grade",
        widget=GovRadioInput(),
        choices=choices(GRADE_LABELS),
        validators=[InputRequired(message="Choose a grade")],
    )
    GradeForm.notes = TextAreaField(
        "Notes (optional)",
        widget=GovTextArea(),
        validators=[Length(max=2000, message="Notes must be 2000 characters or fewer")],
    )
    GradeForm.submit = SubmitField("Save my grade", widget=GovSubmitInput())
    return GradeForm(formdata=formdata) if formdata is not None else GradeForm()


def _field(criterion: str) -> str:
    return "c_" + criterion.replace("-", "_")


def criterion_field(criterion: str) -> str:
    return _field(criterion)
