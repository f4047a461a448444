"""Sign-in and password forms."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length


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
    new = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description="12 characters or more",
        validators=[
            DataRequired(message="Enter a new password"),
            Length(min=12, message="New password must be 12 characters or more"),
        ],
    )
    confirm = PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[EqualTo("new", message="The new passwords do not match")],
    )
    submit = SubmitField("Change password", widget=GovSubmitInput())


class CodeForm(FlaskForm):
    code = StringField(
        "Code from your authenticator app",
        widget=GovTextInput(),
        description="The 6-digit code, or one of your recovery codes",
        validators=[
            DataRequired(message="Enter the 6-digit code from your authenticator app"),
            Length(max=40, message="Enter the 6-digit code from your authenticator app"),
        ],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class EnrolForm(FlaskForm):
    code = StringField(
        "Code from your authenticator app",
        widget=GovTextInput(),
        description="After scanning the QR code, type the 6-digit code the app shows",
        validators=[
            DataRequired(message="Enter the 6-digit code from your authenticator app"),
            Length(max=20, message="Enter the 6-digit code from your authenticator app"),
        ],
    )
    submit = SubmitField("Set up second factor", widget=GovSubmitInput())


class NewRecoveryCodesForm(FlaskForm):
    code = StringField(
        "Code from your authenticator app",
        widget=GovTextInput(),
        description="To make new recovery codes, type the 6-digit code your app shows now",
        validators=[
            DataRequired(message="Enter the 6-digit code from your authenticator app"),
            Length(max=20, message="Enter the 6-digit code from your authenticator app"),
        ],
    )
    submit = SubmitField("Make new recovery codes", widget=GovSubmitInput())
