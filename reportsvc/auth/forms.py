"""Sign-in, password, second-factor and welcome forms.

The password pair (new and confirm) and the authenticator-code field are built by one
function each, so every page asks for them with the same rules and messages.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

CODE_MISSING = "Enter the 6-digit code from your authenticator app"


def new_password(label: str, missing: str, short: str) -> PasswordField:
    return PasswordField(
        label,
        widget=GovPasswordInput(),
        description="12 characters or more",
        validators=[DataRequired(message=missing), Length(min=12, message=short)],
    )


def confirm_password(label: str, mismatch: str) -> PasswordField:
    return PasswordField(
        label, widget=GovPasswordInput(), validators=[EqualTo("new", message=mismatch)]
    )


def code_field(description: str, longest: int = 20) -> StringField:
    return StringField(
        "Code from your authenticator app",
        widget=GovTextInput(),
        description=description,
        validators=[
            DataRequired(message=CODE_MISSING),
            Length(max=longest, message=CODE_MISSING),
        ],
    )


class LoginForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[DataRequired(message="Enter your email address")],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[DataRequired(message="Enter your password")],
    )
    next = StringField()
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class PasswordForm(FlaskForm):
    current = PasswordField(
        "Current password",
        widget=GovPasswordInput(),
        validators=[DataRequired(message="Enter your current password")],
    )
    new = new_password(
        "New password", "Enter a new password", "New password must be 12 characters or more"
    )
    confirm = confirm_password("Confirm new password", "The new passwords do not match")
    submit = SubmitField("Change password", widget=GovSubmitInput())


class CodeForm(FlaskForm):
    code = code_field("The 6-digit code, or one of your recovery codes", longest=40)
    submit = SubmitField("Continue", widget=GovSubmitInput())


class EnrolForm(FlaskForm):
    code = code_field("After scanning the QR code, type the 6-digit code the app shows")
    submit = SubmitField("Set up second factor", widget=GovSubmitInput())


class NewRecoveryCodesForm(FlaskForm):
    code = code_field("To make new recovery codes, type the 6-digit code your app shows now")
    submit = SubmitField("Make new recovery codes", widget=GovSubmitInput())


class WelcomeForm(FlaskForm):
    """An invited person's first visit (auth/welcome.py): their name and a password."""

    name = StringField(
        "Your full name",
        widget=GovTextInput(),
        description="As colleagues at the conference know you",
        validators=[
            DataRequired(message="Enter your full name"),
            Length(max=200, message="Your name must be 200 characters or fewer"),
        ],
    )
    new = new_password("Password", "Enter a password", "Password must be 12 characters or more")
    confirm = confirm_password("Confirm password", "The passwords do not match")
    submit = SubmitField("Set password and sign in", widget=GovSubmitInput())


class NewLinkForm(FlaskForm):
    submit = SubmitField("Email me a new link", widget=GovSubmitInput())
