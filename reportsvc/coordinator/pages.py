"""Coordinator pages: the week list, scheduling, invitations, reschedule and cancel.

Scheduling turns the form into the API's shape and goes through services/conference_spec.py
and services/scheduling.py, so the pages, the API and the CSV upload share one set of rules;
each problem comes back with its path (``children[1].date_of_birth``) and is shown on the
field it names. Every write is audited by id; flash messages never name a child.

A chair may use these pages for the conferences they chair when the partnership setting
"chairs may schedule their own conferences" is on (services/settings.py).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from reportsvc import db
from reportsvc.auth.permissions import roles_required
from reportsvc.coordinator import bp
from reportsvc.coordinator import forms as f
from reportsvc.coordinator.schedule_form import error_list, prefill, setup, to_data
from reportsvc.models import Agency, Conference, Invitation, User
from reportsvc.policy import Decision
from reportsvc.queries import coordinator as q
from reportsvc.services import access, audit, scheduling
from reportsvc.services import invitations as invitation_service
from reportsvc.services import settings as settings_service
from reportsvc.services.conference_spec import SpecError, parse
from scoring.calendar import report_deadline

ROLES = ("coordinator", "chair")


# --- who may do what ---------------------------------------------------------------------


def _decide(user: User, conference: Conference) -> Decision:
    if user.role == "coordinator":
        return Decision.ALLOW
    if user.role == "chair" and settings_service.chairs_schedule_own(db.session()):
        return Decision.ALLOW if conference.chair_id == user.id else Decision.NOT_FOUND
    return Decision.FORBIDDEN


def _may_schedule() -> None:
    """A chair uses these pages only while the partnership setting allows it."""
    if current_user.role == "chair" and not settings_service.chairs_schedule_own(db.session()):
        audit.record("denied", "endpoint", None, outcome="denied")
        abort(403)


def _chair_only() -> int | None:
    return current_user.id if current_user.role == "chair" else None


def _conference(conference_id: int, action: str = "read", *, write: bool = False) -> Conference:
    _may_schedule()
    # A form shown (GET) is a read; the write's own event names the action.
    return access.conference(
        conference_id, _decide, action if write else "read", commit_audit=not write
    )


def _invitation(invitation_id: int, action: str, *, write: bool) -> Invitation:
    _may_schedule()
    found = db.session().get(Invitation, invitation_id)
    decision = Decision.NOT_FOUND if found is None else _decide(current_user, found.conference)
    if decision is not Decision.ALLOW:
        access.audit_event(action, "invitation", invitation_id, "denied", commit=True)
        abort(decision.value)
    assert found is not None
    if write:
        audit.expect_write(action, "invitation", invitation_id)
    else:
        audit.record("read", "invitation", invitation_id)
    return found


def _region() -> str:
    return settings_service.timescales(db.session()).region


def _due_by(conference: Conference) -> date | None:
    return scheduling.conference_due_by(conference, _region())


# --- conferences by week -----------------------------------------------------------------


@bp.route("/")
@roles_required(*ROLES)
def home() -> Any:
    _may_schedule()
    session = db.session()
    today = date.today()
    try:
        chosen = (
            date.fromisoformat(request.args.get("week", "")) if "week" in request.args else today
        )
    except ValueError:
        chosen = today
    monday = q.week_start(chosen)
    region = _region()
    rows = q.week(
        session,
        monday,
        today,
        region,
        lambda c: scheduling.conference_due_by(c, region),
        chair_id=_chair_only(),
    )
    audit.record("list", "conference", None)
    return render_template(
        "coordinator/home.html",
        title="Conferences by week",
        rows=rows,
        monday=monday,
        sunday=monday + timedelta(days=6),
        this_week=q.week_start(today),
        previous_week=monday - timedelta(days=7),
        next_week=monday + timedelta(days=7),
    )


# --- schedule a conference ---------------------------------------------------------------


@bp.route("/conferences/new", methods=["GET", "POST"])
@roles_required(*ROLES)
def schedule() -> Any:
    _may_schedule()
    session = db.session()
    if request.method == "GET":
        form = f.ScheduleForm(formdata=None)
        previous_id = request.args.get("previous", type=int)
        if previous_id:
            previous = _conference(previous_id)
            prefill(form, scheduling.as_data(previous), previous)
        setup(form, session, chair_only=_chair_only())
        return _schedule_page(form)
    form = f.ScheduleForm()
    setup(form, session, chair_only=_chair_only())
    action = request.form.get("action", "schedule")
    if action == "prefill":
        previous_id = request.form.get("previous_id", type=int)
        if previous_id:
            return redirect(url_for("coordinator.schedule", previous=previous_id))
        form.previous_id.errors = ["Choose the previous conference to fill in from"]
        return _schedule_page(form, status=400)
    if action != "schedule":
        _change_entries(form, action)
        setup(form, session, chair_only=_chair_only())
        return _schedule_page(form)
    if not form.validate_on_submit():
        return _schedule_page(form, status=400)
    built = to_data(form, session)
    problems = list(built.problems)
    reference = built.data.get("reference")
    if reference and q.reference_taken(session, str(reference)):
        problems.append(
            {
                "path": "reference",
                "message": "is used by another conference already; give this one its own "
                "reference, or leave it blank",
            }
        )
    result = None
    if not problems:
        try:
            spec = parse(built.data)
            if built.previous is not None and built.previous.reference is None:
                built.previous.reference = built.data["previous_reference"]
            actor = session.get(User, current_user.id)
            assert actor is not None
            result = scheduling.schedule(session, spec, actor=actor)
            session.flush()
        except SpecError as error:
            session.rollback()
            problems = error.details
        except invitation_service.InvitationError as error:
            session.rollback()
            problems = [{"path": "invitations", "message": str(error)}]
    if result is None:
        built.attach(problems)
        setup(form, session, chair_only=_chair_only())
        return _schedule_page(form, status=400, extra=built.unplaced)
    audit.event("schedule", "conference", result.conference.id)
    session.commit()
    flash("Conference scheduled")
    return redirect(url_for("coordinator.conference", conference_id=result.conference.id))


def _change_entries(form: f.ScheduleForm, action: str) -> None:
    """The no-JavaScript "add another" and "remove" buttons."""
    lists = {"child": form.children, "person": form.household, "invitation": form.invitations}
    verb, _, rest = action.partition("_")
    name, _, index = rest.partition("-")
    entries = lists.get(name)
    if entries is None:
        return
    if verb == "add" and len(entries.entries) < (entries.max_entries or 20):
        entries.append_entry()
    elif verb == "remove" and index.isdigit():
        for entry in list(entries.entries):
            if entry.name == f"{entries.name}-{index}":
                entries.entries.remove(entry)
        if not entries.entries:
            entries.append_entry()


def _schedule_page(form: f.ScheduleForm, status: int = 200, extra: Any = None) -> Any:
    return (
        render_template(
            "coordinator/schedule.html",
            title="Schedule a conference",
            form=form,
            errors=error_list(form, extra or []),
        ),
        status,
    )


# --- one conference ----------------------------------------------------------------------


@bp.route("/conferences/<int:conference_id>")
@roles_required(*ROLES)
def conference(conference_id: int) -> Any:
    found = _conference(conference_id)
    due_by = _due_by(found)
    row = q.conference_row(db.session(), found, date.today(), _region(), due_by)
    names = {link.key: link.child.name for link in found.child_links}
    return render_template(
        "coordinator/conference.html",
        title=f"{found.type} on {found.date.day} {found.date:%B %Y}",
        conference=found,
        row=row,
        names=names,
        action_form=f.ActionForm(),
    )


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
@roles_required(*ROLES)
def resend(invitation_id: int) -> Any:
    invitation = _invitation(invitation_id, "resend_invitation", write=True)
    back = url_for("coordinator.conference", conference_id=invitation.conference_id)
    if not f.ActionForm().validate_on_submit():
        abort(400)
    if invitation.conference.cancelled or invitation.withdrawn:
        flash("This invitation cannot be sent: it was withdrawn or the conference cancelled")
        return redirect(back)
    if invitation.author is None:
        flash("Name an author before sending the invitation")
        return redirect(back)
    session = db.session()
    invitation_service.send(session, invitation)
    audit.event("resend_invitation", "invitation", invitation.id)
    session.commit()
    flash("Invitation sent again")
    return redirect(back)


@bp.route("/invitations/<int:invitation_id>/author", methods=["GET", "POST"])
@roles_required(*ROLES)
def change_author(invitation_id: int) -> Any:
    invitation = _invitation(invitation_id, "change_author", write=request.method == "POST")
    session = db.session()
    form = f.ChangeAuthorForm()
    people = [u for u in q.authors(session, invitation.agency_id) if u.id != invitation.author_id]
    form.author_id.choices = f.choices(
        [("", "Choose someone")] + [(str(u.id), f"{u.name} ({u.email})") for u in people]
    )
    emails = {str(u.id): u.email for u in people}
    if _closed(invitation):
        return redirect(url_for("coordinator.conference", conference_id=invitation.conference_id))
    if form.validate_on_submit():
        try:
            invitation_service.name_author(session, invitation, form.chosen_email(emails) or "")
        except invitation_service.InvitationError as error:
            session.rollback()
            field = form.author_email if (form.author_email.data or "").strip() else form.author_id
            field.errors = [str(error)]
        else:
            audit.event("change_author", "invitation", invitation.id)
            session.commit()
            flash("Author changed and the invitation sent to them")
            return redirect(
                url_for("coordinator.conference", conference_id=invitation.conference_id)
            )
    return render_template(
        "coordinator/change_author.html",
        title="Change the author",
        invitation=invitation,
        form=form,
    ), (400 if form.errors else 200)


@bp.route("/invitations/<int:invitation_id>/withdraw", methods=["GET", "POST"])
@roles_required(*ROLES)
def withdraw(invitation_id: int) -> Any:
    invitation = _invitation(invitation_id, "withdraw_invitation", write=request.method == "POST")
    form = f.ActionForm()
    if _closed(invitation):
        return redirect(url_for("coordinator.conference", conference_id=invitation.conference_id))
    if form.validate_on_submit():
        session = db.session()
        invitation_service.withdraw(session, invitation)
        audit.event("withdraw_invitation", "invitation", invitation.id)
        session.commit()
        flash("Invitation withdrawn. Anything written in the report is kept.")
        return redirect(url_for("coordinator.conference", conference_id=invitation.conference_id))
    return render_template(
        "coordinator/withdraw.html",
        title="Withdraw the invitation",
        invitation=invitation,
        form=form,
    )


def _closed(invitation: Invitation) -> bool:
    if invitation.conference.cancelled:
        flash("This conference was cancelled")
        return True
    if invitation.withdrawn:
        flash("This invitation was withdrawn")
        return True
    return False


@bp.route("/conferences/<int:conference_id>/invite", methods=["GET", "POST"])
@roles_required(*ROLES)
def invite(conference_id: int) -> Any:
    found = _conference(conference_id, "invite", write=request.method == "POST")
    session = db.session()
    if found.cancelled:
        flash("This conference was cancelled")
        return redirect(url_for("coordinator.conference", conference_id=found.id))
    invited = {inv.agency_id for inv in found.invitations if not inv.withdrawn}
    form = f.InviteForm()
    form.agency_id.choices = f.choices(
        [("", "Choose an agency")]
        + [(str(a.id), a.name) for a in q.agencies(session) if a.id not in invited]
        + [(f.NEW_AGENCY, "A new agency (name it below)")]
    )
    people = q.authors(session)
    form.author_id.choices = f.choices(
        [("", "Nobody yet")] + [(str(u.id), f"{u.name} ({u.agency.name})") for u in people]
    )
    emails = {str(u.id): u.email for u in people}
    if form.validate_on_submit():
        invitation = _add_invitation(session, found, form, emails)
        if invitation is not None:
            audit.event("invite", "invitation", invitation.id)
            session.commit()
            flash("Agency invited")
            return redirect(url_for("coordinator.conference", conference_id=found.id))
    return render_template(
        "coordinator/invite.html", title="Invite another agency", conference=found, form=form
    ), (400 if form.errors else 200)


def _add_invitation(
    session: Any, conference: Conference, form: f.InviteForm, emails: dict[str, str]
) -> Invitation | None:
    """Invite the chosen (or new) agency; None with the problem on the form."""
    if form.agency_id.data == f.NEW_AGENCY:
        name = (form.new_agency_name.data or "").strip()
        if q.agency_by_name(session, name) is not None:
            form.new_agency_name.errors = [
                "An agency with this name exists already; choose it from the list"
            ]
            return None
        agency: Agency | None = Agency(name=name, type=form.new_agency_type.data)
        session.add(agency)
    else:
        agency = (
            session.get(Agency, int(form.agency_id.data)) if form.agency_id.data.isdigit() else None
        )
        if agency is None:
            form.agency_id.errors = ["Choose an agency from the list"]
            return None
    assert agency is not None
    email = (form.author_email.data or "").strip() or emails.get(form.author_id.data or "")
    due = report_deadline(conference.date, conference.type, settings_service.timescales(session))
    earlier = next((i for i in conference.invitations if i.agency_id == agency.id), None)
    if earlier is not None and not earlier.withdrawn:
        form.agency_id.errors = ["This agency is invited already"]
        return None
    if earlier is not None:
        earlier.withdrawn_at, earlier.due_date = None, due
        invitation = earlier
    else:
        invitation = invitation_service.invite(session, conference, agency, due)
    try:
        if email:
            invitation_service.name_author(session, invitation, email)
        elif earlier is not None:
            invitation_service.send(session, invitation)
        session.flush()
    except invitation_service.InvitationError as error:
        session.rollback()
        field = form.author_email if (form.author_email.data or "").strip() else form.author_id
        field.errors = [str(error)]
        return None
    return invitation


# --- reschedule and cancel ---------------------------------------------------------------


@bp.route("/conferences/<int:conference_id>/reschedule", methods=["GET", "POST"])
@roles_required(*ROLES)
def reschedule(conference_id: int) -> Any:
    found = _conference(conference_id, "reschedule", write=request.method == "POST")
    if found.cancelled:
        flash("This conference was cancelled")
        return redirect(url_for("coordinator.conference", conference_id=found.id))
    if request.method == "GET":
        form = f.RescheduleForm(
            data={
                "date": found.date,
                "time": found.time.strftime("%H:%M") if found.time else "",
                "venue": found.venue,
            }
        )
    else:
        form = f.RescheduleForm()
    status = 200
    if form.validate_on_submit():
        session = db.session()
        changes = {
            "date": form.date.data.isoformat() if form.date.data else None,
            "time": (form.time.data or "").strip() or None,
            "venue": (form.venue.data or "").strip(),
        }
        try:
            result = scheduling.reschedule(session, found, changes)
        except SpecError as error:
            session.rollback()
            fields = {"date": form.date, "time": form.time, "venue": form.venue}
            for detail in error.details:
                field = fields.get(detail["path"], form.date)
                field.errors = [*field.errors, f"{field.label.text} {detail['message']}"]
            status = 400
        else:
            if not result.changes:
                flash("Nothing changed: the date, time and venue are as they were")
                return redirect(url_for("coordinator.conference", conference_id=found.id))
            audit.event("reschedule", "conference", found.id)
            session.commit()
            flash("Conference rescheduled. The deadlines moved and the authors have been told.")
            return redirect(url_for("coordinator.conference", conference_id=found.id))
    elif request.method == "POST":
        status = 400
    return render_template(
        "coordinator/reschedule.html",
        title="Reschedule the conference",
        conference=found,
        form=form,
    ), status


@bp.route("/conferences/<int:conference_id>/cancel", methods=["GET", "POST"])
@roles_required(*ROLES)
def cancel(conference_id: int) -> Any:
    found = _conference(conference_id, "cancel", write=request.method == "POST")
    if found.cancelled:
        flash("This conference was cancelled")
        return redirect(url_for("coordinator.conference", conference_id=found.id))
    form = f.CancelForm()
    if form.validate_on_submit():
        session = db.session()
        scheduling.cancel(session, found)
        audit.event("cancel", "conference", found.id)
        session.commit()
        flash("Conference cancelled. The authors have been told.")
        return redirect(url_for("coordinator.conference", conference_id=found.id))
    return render_template(
        "coordinator/cancel.html", title="Cancel the conference", conference=found, form=form
    ), (400 if request.method == "POST" else 200)
