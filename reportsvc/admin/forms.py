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
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

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
    reminder_days = IntegerField(
        "Working days before a report's deadline to remind its author, if not submitted",
        widget=GovTextInput(),
        description="0 reminds them on the day of the deadline",
        validators=[
            Optional(),  # not sent (an older page): unchanged
            NumberRange(min=0, max=20, message="Enter a number from 0 to 20"),
        ],
    )
    chairs_schedule_own = RadioField(
        "Chairs may schedule their own conferences",
        widget=GovRadioInput(),
        description="When yes, a chair can use the coordinator's scheduling pages for the "
        "conferences they chair",
        choices=choices({"no": "No", "yes": "Yes"}),
        default="no",  # not sent (an older page): no
    )
    submit = SubmitField("Save settings", widget=GovSubmitInput())


class SignInSettingsForm(FlaskForm):
    from_day_one = RadioField(
        "When must a password account set up its second factor?",
        widget=GovRadioInput(),
        choices=choices(
            {
                "no": "At its second sign-in (the first is let through)",
                "yes": "At its very first sign-in",
            }
        ),
        validators=[InputRequired(message="Choose when the second factor is required")],
    )
    domains = StringField(
        "Email domains that must use council sign-in",
        widget=GovTextInput(),
        description="Separate them with commas, like council.gov.uk, council.org.uk. "
        "People with these addresses cannot sign in with a password.",
        validators=[Length(max=200, message="Domains must be 200 characters or fewer")],
    )
    role_claim = StringField(
        "Claim that carries groups or roles",
        widget=GovTextInput(),
        description="The name of the ID-token claim, usually groups or roles",
        validators=[DataRequired(message="Enter the name of the claim, like groups")],
    )
    agency_id = SelectField(
        "Agency of council staff who sign in with their council account",
        widget=GovSelect(),
        coerce=int,
        validators=[InputRequired("Choose an agency")],
    )
    role_chair = StringField("Groups for conference chairs", widget=GovTextInput())
    role_coordinator = StringField("Groups for conference coordinators", widget=GovTextInput())
    role_qa_lead = StringField("Groups for quality assurance leads", widget=GovTextInput())
    role_admin = StringField("Groups for administrators", widget=GovTextInput())
    role_author = StringField("Groups for report authors", widget=GovTextInput())
    submit = SubmitField("Save sign-in settings", widget=GovSubmitInput())


class RetentionSettingsForm(FlaskForm):
    child_age = IntegerField(
        "Keep a child's records until their birthday",
        widget=GovTextInput(),
        description="For example 25: records go after the child's 25th birthday",
        validators=[
            InputRequired(message="Enter an age"),
            NumberRange(min=18, max=100, message="Enter an age from 18 to 100"),
        ],
    )
    unborn_years = IntegerField(
        "Years to keep records of an unborn baby never born into the service",
        widget=GovTextInput(),
        description="Counted from the family's last conference",
        validators=[
            InputRequired(message="Enter a number of years"),
            NumberRange(min=1, max=100, message="Enter a number of years from 1 to 100"),
        ],
    )
    audit_years = IntegerField(
        "Years to keep the audit log",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter a number of years"),
            NumberRange(min=1, max=100, message="Enter a number of years from 1 to 100"),
        ],
    )
    submit = SubmitField("Save retention settings", widget=GovSubmitInput())
