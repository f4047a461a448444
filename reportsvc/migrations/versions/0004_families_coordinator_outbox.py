"""Families of children (and unborn babies) per conference, scheduling details, named
authors, the coordinator role, sign-in links, the mail outbox and worker heartbeats.

Adds before it removes: conferences.child_id stays (nullable, the first child) so an
instance of the previous release can run against this schema during a rolling upgrade.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 19:45:00.764570
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('mail_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=True),
    sa.Column('to', sa.String(length=254), nullable=False),
    sa.Column('template', sa.String(length=60), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('claimed_by', sa.String(length=100), nullable=True),
    sa.Column('claimed_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('failed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox')),
    sa.UniqueConstraint('key', name=op.f('uq_mail_outbox_key'))
    )
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_mail_outbox_due', ['sent_at', 'failed_at', 'due_at'], unique=False)

    op.create_table('worker_heartbeats',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_worker_heartbeats'))
    )
    op.create_table('sign_in_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('used_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sign_in_links_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sign_in_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_sign_in_links_token_hash'))
    )
    with op.batch_alter_table('sign_in_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_links_user_id'), ['user_id'], unique=False)

    op.create_table('conference_children',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_conference_children_child_id_children')),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_conference_children_conference_id_conferences')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_children')),
    sa.UniqueConstraint('conference_id', 'child_id', name='uq_conference_children_child'),
    sa.UniqueConstraint('conference_id', 'key', name='uq_conference_children_key')
    )
    with op.batch_alter_table('conference_children', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_children_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conference_children_conference_id'), ['conference_id'], unique=False)

    op.create_table('household_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('relationship', sa.String(length=200), nullable=False),
    sa.Column('lives_with_child', sa.Boolean(), nullable=False),
    sa.Column('children', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_household_members_conference_id_conferences')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_household_members'))
    )
    with op.batch_alter_table('household_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_household_members_conference_id'), ['conference_id'], unique=False)

    with op.batch_alter_table('children', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expected_date_of_delivery', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('interpreter_needed', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.alter_column('date_of_birth',
               existing_type=sa.DATE(),
               nullable=True)

    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reference', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('kind', sa.String(length=20), nullable=False, server_default='standard'))
        batch_op.add_column(sa.Column('time', sa.Time(), nullable=True))
        batch_op.add_column(sa.Column('venue', sa.String(length=300), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('notified_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=20), nullable=False, server_default='scheduled'))
        batch_op.add_column(sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False, server_default=sa.func.current_timestamp()))
        batch_op.alter_column('child_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_unique_constraint(batch_op.f('uq_conferences_reference'), ['reference'])
        batch_op.create_check_constraint(op.f('ck_conferences_kind_known'), "kind IN ('standard', 'transfer_in', 'reconvened')")
        batch_op.create_check_constraint(op.f('ck_conferences_status_known'), "status IN ('scheduled', 'cancelled')")

    # Every existing conference had one child: it becomes that conference's child "child".
    op.execute(
        "INSERT INTO conference_children (conference_id, child_id, key, position) "
        "SELECT id, child_id, 'child', 0 FROM conferences WHERE child_id IS NOT NULL"
    )
    op.execute("UPDATE conferences SET updated_at = created_at")

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_role_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_users_role_known'), "role IN ('author', 'chair', 'coordinator', 'qa_lead', 'admin')"
        )

    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('child', sa.String(length=40), nullable=True))

    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('author_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_invitations_author_id'), ['author_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_invitations_author_id_users'), 'users', ['author_id'], ['id'])



def downgrade() -> None:
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_invitations_author_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_invitations_author_id'))
        batch_op.drop_column('withdrawn_at')
        batch_op.drop_column('author_id')

    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_column('child')

    op.execute("DELETE FROM users WHERE role = 'coordinator'")
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_role_known'), type_='check')
        batch_op.create_check_constraint(
            op.f('ck_users_role_known'), "role IN ('author', 'chair', 'qa_lead', 'admin')"
        )

    with op.batch_alter_table('conferences', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_conferences_kind_known'), type_='check')
        batch_op.drop_constraint(op.f('ck_conferences_status_known'), type_='check')
        batch_op.drop_constraint(batch_op.f('uq_conferences_reference'), type_='unique')
        batch_op.alter_column('child_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('updated_at')
        batch_op.drop_column('status')
        batch_op.drop_column('notified_on')
        batch_op.drop_column('venue')
        batch_op.drop_column('time')
        batch_op.drop_column('kind')
        batch_op.drop_column('reference')

    with op.batch_alter_table('children', schema=None) as batch_op:
        batch_op.alter_column('date_of_birth',
               existing_type=sa.DATE(),
               nullable=False)
        batch_op.drop_column('interpreter_needed')
        batch_op.drop_column('expected_date_of_delivery')

    with op.batch_alter_table('household_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_household_members_conference_id'))

    op.drop_table('household_members')
    with op.batch_alter_table('conference_children', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conference_children_conference_id'))
        batch_op.drop_index(batch_op.f('ix_conference_children_child_id'))

    op.drop_table('conference_children')
    with op.batch_alter_table('sign_in_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sign_in_links_user_id'))

    op.drop_table('sign_in_links')
    op.drop_table('worker_heartbeats')
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_mail_outbox_due')

    op.drop_table('mail_outbox')
