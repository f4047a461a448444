"""Admin pages: users, agencies and partnership settings. Admins never see report text."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from reportsvc import db
from reportsvc.admin.forms import AgencyForm, SettingsForm, UserForm
from reportsvc.auth.login import hashing
from reportsvc.auth.permissions import roles_required
from reportsvc.formkit import choices
from reportsvc.models import Agency, User
from reportsvc.services import accounts, audit, settings

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/", methods=["GET", "POST"])
@roles_required("admin")
def home() -> Any:
    session = db.session()
    form = UserForm()
    form.agency_id.choices = choices(
        (a.id, a.name) for a in session.scalars(select(Agency).order_by(Agency.name))
    )
    if form.validate_on_submit():
        agency = session.get(Agency, form.agency_id.data)
        try:
            if agency is None:
                raise accounts.AccountError("Choose an agency")
            user = accounts.create_user(
                session,
                email=form.email.data or "",
                name=form.name.data or "",
                password=form.password.data or "",
                role=form.role.data or "",
                agency=agency,
                hashing=hashing(),
            )
            session.flush()
            audit.event("create_user", "user", user.id)
            session.commit()
            flash("User added.")
            return redirect(url_for("admin.home"))
        except accounts.AccountError as error:
            session.rollback()
            form.email.errors = [str(error)]
    users = session.scalars(select(User).order_by(User.email)).all()
    all_agencies = session.scalars(select(Agency).order_by(Agency.name)).all()
    return render_template(
        "admin/users.html", title="Users", users=users, form=form, agencies=all_agencies
    )


@bp.route("/users/<int:user_id>/agency", methods=["POST"])
@roles_required("admin")
def move_agency(user_id: int) -> Any:
    """An author changes agency: their reports stay with the old one (docs/coordinator.md)."""
    from flask import request

    session = db.session()
    user = session.get(User, user_id)
    if user is None:
        abort(404)
    agency = session.get(Agency, request.form.get("agency_id", type=int) or 0)
    if agency is None:
        flash("Choose the agency to move them to.")
        return redirect(url_for("admin.home"))
    if agency.id == user.agency_id:
        flash("They are already in that agency.")
        return redirect(url_for("admin.home"))
    released = accounts.move_agency(session, user, agency)
    audit.event("move_agency", "user", user.id)
    session.commit()
    flash(
        "Moved and signed out. Their reports stay with their old agency"
        + (f"; {released} open invitation(s) there now need a new author." if released else ".")
    )
    return redirect(url_for("admin.home"))


@bp.route("/users/<int:user_id>/active", methods=["POST"])
@roles_required("admin")
def toggle_active(user_id: int) -> Any:
    session = db.session()
    user = session.get(User, user_id)
    if user is None:
        abort(404)
    if user.id == current_user.id:
        flash("You cannot disable your own account.")
        return redirect(url_for("admin.home"))
    user.active = not user.active
    accounts.revoke_sessions(user)  # disabling ends sessions at once; enabling is harmless
    audit.event("enable_user" if user.active else "disable_user", "user", user.id)
    session.commit()
    flash("Account enabled." if user.active else "Account disabled and signed out.")
    return redirect(url_for("admin.home"))


@bp.route("/users/<int:user_id>/two-factor/reset", methods=["POST"])
@roles_required("admin")
def reset_two_factor(user_id: int) -> Any:
    """Remove a user's second factor (lost phone): they set up a new one at next sign-in."""
    from reportsvc.services import twofactor

    session = db.session()
    user = session.get(User, user_id)
    if user is None:
        abort(404)
    twofactor.reset(user)
    audit.event("reset_two_factor", "user", user.id)
    session.commit()
    flash("Second factor reset. The user sets up a new one when they next sign in.")
    return redirect(url_for("admin.home"))


@bp.route("/agencies", methods=["GET", "POST"])
@roles_required("admin")
def agencies() -> Any:
    session = db.session()
    form = AgencyForm()
    if form.validate_on_submit():
        name = (form.name.data or "").strip()
        if session.scalar(select(Agency).where(Agency.name == name)) is not None:
            form.name.errors = ["An agency with that name already exists"]
        else:
            agency = Agency(name=name, type=form.type.data)
            session.add(agency)
            session.flush()
            audit.event("create_agency", "agency", agency.id)
            session.commit()
            flash("Agency added.")
            return redirect(url_for("admin.agencies"))
    rows = session.scalars(select(Agency).order_by(Agency.name)).all()
    return render_template("admin/agencies.html", title="Agencies", agencies=rows, form=form)


@bp.route("/settings", methods=["GET", "POST"])
@roles_required("admin")
def settings_page() -> Any:
    session = db.session()
    current = settings.load(session)
    form = SettingsForm(
        data={
            "icpc_days": int(current["icpc_days"]),
            "rcpc_days": int(current["rcpc_days"]),
            "region": current["bank_holiday_region"],
            "chairs_schedule_own": current["chairs_schedule_own"],
            "reminder_days": int(current["reminder_days"]),
        }
    )
    if form.validate_on_submit():
        settings.update(
            session,
            icpc_days=form.icpc_days.data or 0,
            rcpc_days=form.rcpc_days.data or 0,
            region=form.region.data or "",
        )
        settings.update_chairs_schedule_own(session, form.chairs_schedule_own.data == "yes")
        if form.reminder_days.data is not None:
            settings.update_reminder_days(session, form.reminder_days.data)
        audit.event("update_settings", "settings", None)
        session.commit()
        flash("Settings saved. New invitations use them; existing due dates are unchanged.")
        return redirect(url_for("admin.settings_page"))
    return render_template("admin/settings.html", title="Partnership settings", form=form)


SSO_ROLE_FIELDS = ("chair", "coordinator", "qa_lead", "admin", "author")


@bp.route("/sign-in-settings", methods=["GET", "POST"])
@roles_required("admin")
def sign_in_settings() -> Any:
    """Second factor from day one, single sign-on domains, and the claim-to-role mapping."""
    from reportsvc.admin.forms import SignInSettingsForm

    session = db.session()
    current = settings.load(session)
    mapping = settings.sso_role_map(session)
    groups = {
        role: ", ".join(g for g, r in mapping.items() if r == role) for role in SSO_ROLE_FIELDS
    }
    agency = current["sso_agency_id"]
    form = SignInSettingsForm(
        data={
            "from_day_one": current["two_factor_from_day_one"],
            "domains": current["sso_domains"],
            "role_claim": current["sso_role_claim"],
            "agency_id": int(agency) if agency.isdigit() else None,
            **{f"role_{role}": groups[role] for role in SSO_ROLE_FIELDS},
        }
    )
    form.agency_id.choices = choices(
        (a.id, a.name) for a in session.scalars(select(Agency).order_by(Agency.name))
    )
    if form.validate_on_submit():
        try:
            settings.update_sign_in(
                session,
                from_day_one=form.from_day_one.data == "yes",
                domains=form.domains.data or "",
                role_claim=form.role_claim.data or "",
                agency_id=form.agency_id.data,
                role_map={r: getattr(form, f"role_{r}").data or "" for r in SSO_ROLE_FIELDS},
            )
        except settings.SettingsError as error:
            session.rollback()
            form.domains.errors = [str(error)]
        else:
            audit.event("update_sign_in_settings", "settings", None)
            session.commit()
            flash("Sign-in settings saved. Roles change at each person's next sign-in.")
            return redirect(url_for("admin.sign_in_settings"))
    return render_template(
        "admin/sign_in_settings.html",
        title="Sign-in settings",
        form=form,
        role_fields=SSO_ROLE_FIELDS,
        sso_configured=bool(current_app.config["OIDC_ISSUER"]),
    )


@bp.route("/retention-settings", methods=["GET", "POST"])
@roles_required("admin")
def retention_settings() -> Any:
    from reportsvc.admin.forms import RetentionSettingsForm

    session = db.session()
    form = RetentionSettingsForm(data=settings.retention(session))
    if form.validate_on_submit():
        settings.update_retention(
            session,
            child_age=form.child_age.data or 25,
            unborn_years=form.unborn_years.data or 1,
            audit_years=form.audit_years.data or 1,
        )
        audit.event("update_retention_settings", "settings", None)
        session.commit()
        flash("Retention settings saved. They apply at the next retention run.")
        return redirect(url_for("admin.retention_settings"))
    return render_template("admin/retention_settings.html", title="Retention", form=form)


@bp.route("/audit")
@roles_required("admin")
def audit_log() -> Any:
    """Audit events by record (?record_type=report&record_id=1) or by user (?user_id=3)."""
    from flask import request

    from reportsvc.queries import audit_log as log

    session = db.session()

    def number(name: str) -> int | None:
        value = request.args.get(name, "")
        return int(value) if value.isdigit() else None

    where = log.Filter(
        record_type=request.args.get("record_type") or None,
        record_id=number("record_id"),
        user_id=number("user_id"),
    )
    rows = log.events(session, where)
    audit.record("read", "audit_log", where.record_id or where.user_id)
    return render_template(
        "admin/audit.html",
        title="Audit log",
        rows=rows,
        where=where,
        record_types=log.record_types(session),
        emails=log.emails(session, {r.user_id for r in rows if r.user_id}),
        page_size=log.PAGE_SIZE,
    )
