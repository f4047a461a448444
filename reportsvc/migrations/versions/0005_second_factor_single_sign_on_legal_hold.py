"""Second factor (TOTP secret, last step, hashed recovery codes), single sign-on subject,
last sign-in, the legal hold on conferences, and audit events that retention may delete
once they are more than a year old (still never updated, and never deleted younger).

Adds only: no table is rebuilt on SQLite (the unique subject is a unique index).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 19:49:21.616100
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('recovery_codes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=255), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_recovery_codes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_codes'))
    )
    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recovery_codes_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('legal_hold', sa.Boolean(), server_default='0', nullable=False))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('totp_enrolled_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('totp_last_step', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('last_sign_in_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('sso_subject', sa.String(length=255), nullable=True))
        batch_op.create_index(batch_op.f('ix_users_sso_subject'), ['sso_subject'], unique=True)

    _audit_guard(allow_old_deletes=True)


def downgrade() -> None:
    _audit_guard(allow_old_deletes=False)
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_sso_subject'))
        batch_op.drop_column('sso_subject')
        batch_op.drop_column('last_sign_in_at')
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('totp_enrolled_at')
        batch_op.drop_column('totp_secret')

    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.drop_column('legal_hold')

    with op.batch_alter_table('recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recovery_codes_user_id'))

    op.drop_table('recovery_codes')


AUDIT_GUARD_MESSAGE = "audit_events is append-only"
# Retention (reportsvc.services.retention) keeps audit events at least this long; the
# database refuses to delete a younger one whatever the application asks.
FLOOR = "1 year"


def _audit_guard(*, allow_old_deletes: bool) -> None:
    """UPDATE is always refused; DELETE only of events older than the floor (or never)."""
    if op.get_bind().dialect.name == "postgresql":
        keep_old = (
            f"IF TG_OP = 'DELETE' AND OLD.at < CURRENT_TIMESTAMP - INTERVAL '{FLOOR}' "
            "THEN RETURN OLD; END IF; "
            if allow_old_deletes
            else ""
        )
        op.execute(
            "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {keep_old}"
            f"RAISE EXCEPTION '{AUDIT_GUARD_MESSAGE}'; END $$"
        )
        return
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
    when = f" WHEN OLD.at > datetime('now', '-{FLOOR}')" if allow_old_deletes else ""
    op.execute(
        f"CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events{when}"
        f" BEGIN SELECT RAISE(ABORT, '{AUDIT_GUARD_MESSAGE}'); END"
    )
