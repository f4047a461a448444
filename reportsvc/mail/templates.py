"""The mails the service sends: plain text, a subject and a body each.

A mail carries only what a recipient needs to act and nothing that would harm a child if it
went to the wrong inbox: the conference date and type, the agency's name, a deadline and a
link. Never report text, a comment's text or a child's name. Each template lists the values
it needs (``required``) and may take (``optional``); ``validate`` refuses a missing or an
unknown value, so a caller cannot slip a name into a mail, and the mistake shows when the
mail is queued (in the caller's transaction, so the change is refused with it), not when the
worker sends it.

Value kinds, by name:

- ``conference_date``, ``deadline``, ``old_date``, ``due_date``: a ``date``, an ISO
  ``YYYY-MM-DD`` string or "11 January 2027"; stored as ISO, shown as
  "Monday 11 January 2027".
- ``conference_time``: "HH:MM" (or empty); shown after the conference date.
- ``link``, ``sign_in_link``: a path on the service ("/author/reports/3", made absolute with
  ``PUBLIC_URL`` when sent) or an absolute ``http(s)://`` URL.
- anything else: a short single-line string (an agency's name, "ICPC", "10:30").
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

DATE_VALUES = frozenset({"conference_date", "deadline", "old_date", "due_date"})
LINK_VALUES = frozenset({"link", "sign_in_link"})
# Any mail may take these (the invitation services pass the same set to every mail).
COMMON_OPTIONAL = frozenset({"agency", "conference_type", "conference_time", "deadline", "link"})
DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%A %d %B %Y")
MAX_VALUE_LENGTH = 500


class MailTemplateError(ValueError):
    """A template that does not exist, or values that do not fit it (names the value, never
    its content)."""


@dataclass(frozen=True)
class Template:
    subject: str
    body: str
    required: frozenset[str]
    optional: frozenset[str] = frozenset()


def _t(subject: str, body: str, required: str, optional: str = "") -> Template:
    return Template(
        subject=subject,
        body=body.strip("\n") + "\n",
        required=frozenset(required.split()),
        optional=frozenset(optional.split()) | (COMMON_OPTIONAL - frozenset(required.split())),
    )


_FOOTER = """
This message was sent by the child protection conference reports service. It never
contains report text or a child's name: sign in to see the details.
"""

TEMPLATES: dict[str, Template] = {
    "invitation": _t(
        "Report requested for a child protection conference on {conference_date}",
        """
{agency} is asked to write a report for a child protection conference ({conference_type})
on {conference_date}.

The report is due by {deadline}.

Write the report here:
{link}
"""
        + _FOOTER,
        "agency conference_type conference_date deadline link",
    ),
    "invitation_new_account": _t(
        "Report requested for a child protection conference on {conference_date}",
        """
{agency} is asked to write a report for a child protection conference ({conference_type})
on {conference_date}, and you are named as its author.

The report is due by {deadline}.

An account has been made for you. Use this link to set your password and sign in. It
works once and for 7 days; if it has expired, the page it opens lets you ask for a new one.
{sign_in_link}
"""
        + _FOOTER,
        "agency conference_type conference_date deadline sign_in_link",
        "link",
    ),
    "reminder": _t(
        "Reminder: report due by {deadline}",
        """
The report from {agency} for the child protection conference on {conference_date} is due
by {deadline} and has not been submitted yet.

Finish and submit it here:
{link}
"""
        + _FOOTER,
        "agency conference_date deadline link",
        "conference_type",
    ),
    "chase": _t(
        "The conference chair is asking for your report",
        """
The chair of the child protection conference on {conference_date} is asking for the
report from {agency}. It was due by {deadline}.

Finish and submit it here:
{link}
"""
        + _FOOTER,
        "agency conference_date deadline link",
        "conference_type",
    ),
    "return": _t(
        "Your report has been returned with a comment",
        """
The chair of the child protection conference on {conference_date} has returned the report
from {agency} with a comment. Sign in to read the comment, change the report and submit it
again:
{link}
"""
        + _FOOTER,
        "agency conference_date link",
        "conference_type deadline",
    ),
    "reschedule": _t(
        "Conference moved to {conference_date}: report now due by {deadline}",
        """
The child protection conference for which {agency} is writing a report has moved from
{old_date} to {conference_date}.

The report is now due by {deadline}.

The report:
{link}
"""
        + _FOOTER,
        "agency old_date conference_date deadline link",
        "conference_type",
    ),
    "cancellation": _t(
        "Conference on {conference_date} cancelled",
        """
The child protection conference on {conference_date}, for which {agency} was asked to write
a report, has been cancelled. You do not need to submit the report. Nothing written so far
has been deleted.
"""
        + _FOOTER,
        "agency conference_date",
        "conference_type link",
    ),
    "withdrawn": _t(
        "Report no longer needed for the conference on {conference_date}",
        """
The invitation for {agency} to write a report for the child protection conference on
{conference_date} has been withdrawn. You do not need to submit the report. Nothing written
so far has been deleted.
"""
        + _FOOTER,
        "agency conference_date",
        "conference_type link",
    ),
    "plan_ended": _t(
        "A child protection plan has ended",
        """
The child protection plan agreed at a conference that {agency} was invited to has ended at
the review conference on {conference_date}. No further reports are needed for that plan.

Your reports:
{link}
"""
        + _FOOTER,
        "agency conference_date link",
        "conference_type",
    ),
    "author_changed": _t(
        "You are no longer the author of a conference report",
        """
Someone else in {agency} is now the named author of the report for the child protection
conference on {conference_date}. You do not need to do anything more for it. Nothing you
wrote has been deleted.
"""
        + _FOOTER,
        "agency conference_date",
        "conference_type link",
    ),
    "dissent_response_due": _t(
        "Response to a dissent due by {due_date}",
        """
A dissent has been recorded about the decision of the child protection conference on
{conference_date}. Your response is due by {due_date}.

Respond here:
{link}
"""
        + _FOOTER,
        "conference_date due_date link",
        "conference_type agency",
    ),
    "appeal_response_due": _t(
        "Response to an appeal due by {due_date}",
        """
An appeal has been made about the child protection conference on {conference_date}. Your
response is due by {due_date}.

Respond here:
{link}
"""
        + _FOOTER,
        "conference_date due_date link",
        "conference_type agency",
    ),
}


def validate(template: str, values: dict[str, Any]) -> dict[str, str]:
    """Check ``values`` against ``template``; return them as JSON-ready strings.

    Raises :class:`MailTemplateError` naming the template and the value at fault.
    """
    spec = TEMPLATES.get(template)
    if spec is None:
        raise MailTemplateError(f"no mail template called {template!r}")
    missing = sorted(spec.required - values.keys())
    if missing:
        raise MailTemplateError(f"mail {template!r} needs the value(s): {', '.join(missing)}")
    unknown = sorted(values.keys() - spec.required - spec.optional)
    if unknown:
        raise MailTemplateError(
            f"mail {template!r} does not take the value(s): {', '.join(unknown)} "
            "(mails carry dates, agency names, deadlines and links only)"
        )
    clean: dict[str, str] = {}
    for name, value in values.items():
        if value is None or (value == "" and name not in spec.required):
            if name in spec.required:
                raise MailTemplateError(f"mail {template!r}: value {name!r} is empty")
            continue
        clean[name] = _clean(template, name, value)
    return clean


def _clean(template: str, name: str, value: Any) -> str:
    where = f"mail {template!r}: value {name!r}"
    if name in DATE_VALUES:
        if isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, str):
            for form in DATE_FORMATS:
                try:
                    return datetime.strptime(value.strip(), form).date().isoformat()
                except ValueError:
                    continue
        raise MailTemplateError(f"{where} must be a date (YYYY-MM-DD)")
    if name == "conference_time":
        if isinstance(value, time):
            return value.strftime("%H:%M")
        try:
            return datetime.strptime(str(value), "%H:%M").strftime("%H:%M")
        except ValueError:
            raise MailTemplateError(f"{where} must be a time (HH:MM)") from None
    if not isinstance(value, str):
        raise MailTemplateError(f"{where} must be text")
    if not value.strip():
        raise MailTemplateError(f"{where} is empty")
    if len(value) > MAX_VALUE_LENGTH:
        raise MailTemplateError(f"{where} is longer than {MAX_VALUE_LENGTH} characters")
    if any(ch in value for ch in "\r\n\t\x00"):
        raise MailTemplateError(f"{where} must be a single line")
    if name in LINK_VALUES and not (
        value.startswith("/") or value.startswith(("https://", "http://"))
    ):
        raise MailTemplateError(f"{where} must be a path starting with / or an http(s) URL")
    if name in LINK_VALUES and " " in value:
        raise MailTemplateError(f"{where} must not contain spaces")
    return value


def human_date(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d:%A} {d.day} {d:%B %Y}"


def render(template: str, values: dict[str, Any], *, public_url: str) -> tuple[str, str]:
    """The subject and body of a mail. ``public_url`` makes path links absolute."""
    clean = validate(template, values)
    spec = TEMPLATES[template]
    shown: dict[str, str] = {}
    for name, value in clean.items():
        if name in DATE_VALUES:
            shown[name] = human_date(value)
        elif name in LINK_VALUES and value.startswith("/"):
            shown[name] = public_url.rstrip("/") + value
        else:
            shown[name] = value
    if shown.get("conference_time") and "conference_date" in shown:
        shown["conference_date"] += f" at {shown['conference_time']}"
    for name in spec.optional:
        shown.setdefault(name, "")
    return spec.subject.format_map(shown), reflow(spec.body.format_map(shown))


def reflow(text: str, width: int = 72) -> str:
    """Fill each paragraph to ``width`` columns after the values went in; a link stays on a
    line of its own, unbroken, so a mail client can follow it."""
    paragraphs = []
    for paragraph in text.strip("\n").split("\n\n"):
        lines: list[str] = []
        words: list[str] = []
        for line in paragraph.split("\n"):
            if line.startswith(("http://", "https://")):
                lines.extend(_fill(words, width))
                words = []
                lines.append(line)
            else:
                words.extend(line.split())
        lines.extend(_fill(words, width))
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs) + "\n"


def _fill(words: list[str], width: int) -> list[str]:
    if not words:
        return []
    return textwrap.wrap(" ".join(words), width, break_long_words=False, break_on_hyphens=False)
