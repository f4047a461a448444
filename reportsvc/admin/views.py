"""Admin pages: users, agencies and partnership settings. Admins never see report text."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
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
    return render_template("admin/users.html", title="Users", users=users, form=form)


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
        }
    )
    if form.validate_on_submit():
        settings.update(
            session,
            icpc_days=form.icpc_days.data or 0,
            rcpc_days=form.rcpc_days.data or 0,
            region=form.region.data or "",
        )
        audit.event("update_settings", "settings", None)
        session.commit()
        flash("Settings saved. New invitations use them; existing due dates are unchanged.")
        return redirect(url_for("admin.settings_page"))
    return render_template("admin/settings.html", title="Partnership settings", form=form)


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
