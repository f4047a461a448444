"""Admin forms: users, agencies, partnership settings."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    EmailField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Regexp

from forms import AGENCY_TYPES
from reportsvc.formkit import choices
from reportsvc.models import ROLE_LABELS
from reportsvc.services.settings import REGION_LABELS


class UserForm(FlaskForm):
    name = StringField(
        "Full name", widget=GovTextInput(), validators=[DataRequired(message="Enter a name")]
    )
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            DataRequired(message="Enter an email address"),
            # Regexp, not Email(): Email() needs the undeclared email_validator package and
            # crashed with a 500 on every "Add user" (found by tests/security/test_audit.py).
            Regexp(
                r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message="Enter an email address in the correct format, like name@example.org",
            ),
        ],
    )
    role = RadioField(
        "Role",
        widget=GovRadioInput(),
        choices=choices(ROLE_LABELS),
        validators=[InputRequired(message="Choose a role")],
    )
    agency_id = SelectField(
        "Agency", widget=GovSelect(), coerce=int, validators=[InputRequired("Choose an agency")]
    )
    password = PasswordField(
        "Temporary password",
        widget=GovPasswordInput(),
        description="12 characters or more. Tell the user in person or by phone.",
        validators=[
            DataRequired(message="Enter a temporary password"),
            Length(min=12, message="Password must be 12 characters or more"),
        ],
    )
    submit = SubmitField("Add user", widget=GovSubmitInput())


class AgencyForm(FlaskForm):
    name = StringField(
        "Agency name",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter the agency name"), Length(max=200)],
    )
    type = SelectField(
        "Type of agency",
        widget=GovSelect(),
        choices=choices(AGENCY_TYPES),
        validators=[InputRequired(message="Choose the type of agency")],
    )
    submit = SubmitField("Add agency", widget=GovSubmitInput())


class SettingsForm(FlaskForm):
    icpc_days = IntegerField(
        "Working days before an initial conference (ICPC) that reports are due",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter a number of working days"),
            NumberRange(min=0, max=20, message="Enter a number from 0 to 20"),
        ],
    )
    rcpc_days = IntegerField(
        "Working days before a review conference (RCPC) that reports are due",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter a number of working days"),
            NumberRange(min=0, max=20, message="Enter a number from 0 to 20"),
        ],
    )
    region = RadioField(
        "Bank holidays",
        widget=GovRadioInput(),
        choices=choices(REGION_LABELS),
        validators=[InputRequired(message="Choose a bank-holiday region")],
    )
    submit = SubmitField("Save settings", widget=GovSubmitInput())
