"""The coordinator's forms: schedule a conference, change an invitation, reschedule, cancel.

The schedule form only reads what was typed (dates must be real dates); every rule about a
conference lives in services/conference_spec.py and services/scheduling.py, which the view
calls with the form turned into the API's shape, so the pages, the API and the CSV upload
refuse the same things with the same messages.
"""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
)
from wtforms.validators import DataRequired, Length, Regexp

from forms import AGENCY_TYPES
from reportsvc.author.fields import GovDateField
from reportsvc.formkit import choices

TYPE_LABELS = {"ICPC": "Initial conference (ICPC)", "RCPC": "Review conference (RCPC)"}
KIND_LABELS = {
    "standard": "Standard",
    "transfer_in": "Transfer-in (the family moved into the area; held within 15 working days)",
    "reconvened": "Reconvened ICPC after a deferred decision (held within 10 working days)",
}
NEW_AGENCY = "new"
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.org"


class ChildEntry(Form):
    key = HiddenField()
    name = StringField(
        "Name",
        widget=GovTextInput(),
        description="For an unborn baby, for example: Unborn baby of Janelle",
    )
    unborn = BooleanField("Unborn baby", widget=GovCheckboxInput())
    date_of_birth = GovDateField("Date of birth", description="For example, 27 3 2019")
    expected_date_of_delivery = GovDateField(
        "Expected date of delivery (unborn baby)", description="For example, 20 6 2027"
    )
    ethnicity = StringField("Ethnicity", widget=GovTextInput())
    religion = StringField("Religion", widget=GovTextInput())
    first_language = StringField("First language", widget=GovTextInput())
    interpreter_needed = BooleanField("An interpreter is needed", widget=GovCheckboxInput())

    def blank(self) -> bool:
        return not any(
            [
                (self.name.data or "").strip(),
                self.unborn.data,
                self.date_of_birth.data,
                self.expected_date_of_delivery.data,
                (self.ethnicity.data or "").strip(),
                (self.religion.data or "").strip(),
                (self.first_language.data or "").strip(),
                self.interpreter_needed.data,
            ]
        )


class PersonEntry(Form):
    name = StringField("Name", widget=GovTextInput())
    relationship = StringField(
        "Relationship to the children",
        widget=GovTextInput(),
        description="For example: mother, father, stepfather, mother's partner, grandmother",
    )
    lives_with_child = BooleanField("Lives with the children", widget=GovCheckboxInput())
    children = SelectMultipleField(
        "Parent or carer of",
        widget=GovCheckboxesInput(),
        validate_choice=False,
        description="Leave all unticked if not known",
    )

    def blank(self) -> bool:
        return not (self.name.data or "").strip() and not (self.relationship.data or "").strip()


# The fields naming an agency (or a new one) and its author, shared by an invitation row of
# the schedule form and the invite form; the invite form adds length limits (the schedule
# form leaves every rule to services/conference_spec.py).
def _agency_field() -> Any:
    return SelectField("Agency", widget=GovSelect(), validate_choice=False, default="")


def _new_agency_name_field(*validators: Any) -> Any:
    return StringField("Name of a new agency", widget=GovTextInput(), validators=list(validators))


def _new_agency_type_field() -> Any:
    return SelectField(
        "Type of the new agency",
        widget=GovSelect(),
        choices=choices({"": "Choose a type", **AGENCY_TYPES}),
        validate_choice=False,
        default="",
    )


def _author_field() -> Any:
    return SelectField(
        "Author (someone with an account)", widget=GovSelect(), validate_choice=False, default=""
    )


def _author_email_field(*validators: Any) -> Any:
    return StringField(
        "Or a new author's email address",
        widget=GovTextInput(),
        description="They get an account in the agency and a link to set a password",
        validators=list(validators),
    )


class InvitationEntry(Form):
    agency_id = _agency_field()
    new_agency_name = _new_agency_name_field()
    new_agency_type = _new_agency_type_field()
    author_id = _author_field()
    author_email = _author_email_field()

    def blank(self) -> bool:
        return not any(
            [
                self.agency_id.data,
                (self.new_agency_name.data or "").strip(),
                self.author_id.data,
                (self.author_email.data or "").strip(),
            ]
        )


class ScheduleForm(FlaskForm):
    reference = StringField(
        "Case-management reference (optional)",
        widget=GovTextInput(),
        description="The case system's reference, if it has one, like LCS-20931-ICPC",
    )
    type = RadioField(
        "Type of conference",
        widget=GovRadioInput(),
        choices=choices(TYPE_LABELS),
        default="",
        validate_choice=False,  # conference_spec says what is wrong
    )
    kind = RadioField(
        "How it came about",
        widget=GovRadioInput(),
        choices=choices(KIND_LABELS),
        default="standard",
        validate_choice=False,
    )
    notified_on = GovDateField(
        "Date the area was notified, or of the deferred conference",
        description="Only for a transfer-in or a reconvened ICPC. For example, 27 3 2027",
    )
    previous_id = SelectField(
        "Previous conference",
        widget=GovSelect(),
        validate_choice=False,
        default="",
        description="For a review, the last conference: its children, household and agencies "
        "are carried forward. For a reconvened ICPC, the deferred conference.",
    )
    date = GovDateField("Date of the conference", description="For example, 27 3 2027")
    time = StringField(
        "Time", widget=GovTextInput(), description="24-hour clock, for example 10:00"
    )
    venue = StringField(
        "Venue or online meeting link",
        widget=GovTextInput(),
        description="For example: Civic Centre, room 3",
    )
    chair_id = SelectField("Chair", widget=GovSelect(), validate_choice=False, default="")
    children = FieldList(FormField(ChildEntry), min_entries=1, max_entries=20)
    household = FieldList(FormField(PersonEntry), min_entries=1, max_entries=20)
    invitations = FieldList(FormField(InvitationEntry), min_entries=1, max_entries=30)


class ChangeAuthorForm(FlaskForm):
    author_id = SelectField(
        "Someone with an account in this agency",
        widget=GovSelect(),
        validate_choice=False,
        default="",
    )
    author_email = _author_email_field(
        Length(max=254, message="The email address must be 254 characters or fewer")
    )
    submit = SubmitField("Change the author", widget=GovSubmitInput())

    def chosen_email(self, emails: dict[str, str]) -> str | None:
        typed = (self.author_email.data or "").strip()
        if typed:
            return typed
        return emails.get(self.author_id.data or "")

    def validate_author_email(self, field: Any) -> None:
        from wtforms.validators import ValidationError

        typed = (field.data or "").strip()
        if typed and not Regexp(EMAIL).regex.match(typed):
            raise ValidationError(EMAIL_MESSAGE)
        if not typed and not self.author_id.data:
            raise ValidationError("Choose an author or enter a new author's email address")


class InviteForm(FlaskForm):
    agency_id = _agency_field()
    new_agency_name = _new_agency_name_field(
        Length(max=200, message="The agency name must be 200 characters or fewer")
    )
    new_agency_type = _new_agency_type_field()
    author_id = _author_field()
    author_email = _author_email_field(
        Length(max=254, message="The email address must be 254 characters or fewer")
    )
    submit = SubmitField("Invite the agency", widget=GovSubmitInput())

    def validate(self, extra_validators: Any = None) -> bool:
        ok = super().validate(extra_validators)
        if not self.agency_id.data:
            self.agency_id.errors = ["Choose an agency, or choose a new agency and name it"]
            ok = False
        elif self.agency_id.data == NEW_AGENCY:
            if not (self.new_agency_name.data or "").strip():
                self.new_agency_name.errors = ["Enter the name of the new agency"]
                ok = False
            if self.new_agency_type.data not in AGENCY_TYPES:
                self.new_agency_type.errors = ["Choose the type of the new agency"]
                ok = False
        return ok

    def validate_author_email(self, field: Any) -> None:
        from wtforms.validators import ValidationError

        typed = (field.data or "").strip()
        if typed and not Regexp(EMAIL).regex.match(typed):
            raise ValidationError(EMAIL_MESSAGE)


class RescheduleForm(FlaskForm):
    date = GovDateField("Date of the conference", description="For example, 27 3 2027")
    time = StringField(
        "Time", widget=GovTextInput(), description="24-hour clock, for example 10:00"
    )
    venue = StringField("Venue or online meeting link", widget=GovTextInput())
    submit = SubmitField("Reschedule and tell the authors", widget=GovSubmitInput())


class CancelForm(FlaskForm):
    confirm = BooleanField(
        "Yes, cancel this conference and tell the authors",
        widget=GovCheckboxInput(),
        validators=[DataRequired(message="Tick the box to confirm the cancellation")],
    )
    submit = SubmitField("Cancel the conference", widget=GovSubmitInput())


class ActionForm(FlaskForm):
    """A button that changes something (re-send, withdraw): the CSRF token only."""
