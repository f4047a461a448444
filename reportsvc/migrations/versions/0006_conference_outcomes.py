"""Conference outcomes: the decision per child, the plan's actions per agency, appeals, and
dissent recorded with the outcome (dissents.in_outcome).

Adds only: four new tables and one column with a server default (no table is rebuilt on
SQLite on the way up).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 20:15:50.646046
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('appeals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('by', sa.String(length=200), nullable=False),
    sa.Column('by_role', sa.String(length=10), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('late_reason', sa.Text(), nullable=False),
    sa.Column('response_due', sa.Date(), nullable=False),
    sa.Column('response', sa.Text(), nullable=True),
    sa.Column('responded_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("by_role IN ('parent', 'child')", name=op.f('ck_appeals_by_role_known')),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_appeals_conference_id_conferences')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_appeals_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_appeals'))
    )
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_appeals_conference_id'), ['conference_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_appeals_response_due'), ['response_due'], unique=False)

    op.create_table('conference_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('core_group_due', sa.Date(), nullable=True),
    sa.Column('core_group_held_on', sa.Date(), nullable=True),
    sa.Column('reconvene_by', sa.Date(), nullable=True),
    sa.Column('appeal_by', sa.Date(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_conference_outcomes_conference_id_conferences')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_conference_outcomes_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conference_outcomes')),
    sa.UniqueConstraint('conference_id', name=op.f('uq_conference_outcomes_conference_id'))
    )
    with op.batch_alter_table('conference_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conference_outcomes_core_group_due'), ['core_group_due'], unique=False)

    op.create_table('child_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('child_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('alternative', sa.String(length=20), nullable=True),
    sa.Column('category', sa.String(length=20), nullable=True),
    sa.Column('primary_concern', sa.String(length=200), nullable=False),
    sa.Column('secondary_concerns', sa.JSON(), nullable=False),
    sa.Column('lead_social_worker', sa.String(length=200), nullable=False),
    sa.Column('core_group', sa.JSON(), nullable=False),
    sa.Column('plan_started_on', sa.Date(), nullable=True),
    sa.Column('next_review_due', sa.Date(), nullable=True),
    sa.CheckConstraint("alternative IS NULL OR alternative IN ('child_in_need', 'early_help', 'nfa')", name=op.f('ck_child_outcomes_alternative_known')),
    sa.CheckConstraint("category IS NULL OR category IN ('neglect', 'physical', 'emotional', 'sexual')", name=op.f('ck_child_outcomes_category_known')),
    sa.CheckConstraint("decision IN ('plan', 'no_plan', 'plan_continues', 'plan_ends', 'deferred')", name=op.f('ck_child_outcomes_decision_known')),
    sa.ForeignKeyConstraint(['child_id'], ['children.id'], name=op.f('fk_child_outcomes_child_id_children')),
    sa.ForeignKeyConstraint(['outcome_id'], ['conference_outcomes.id'], name=op.f('fk_child_outcomes_outcome_id_conference_outcomes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_child_outcomes'))
    )
    with op.batch_alter_table('child_outcomes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_child_outcomes_child_id'), ['child_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_outcomes_next_review_due'), ['next_review_due'], unique=False)
        batch_op.create_index(batch_op.f('ix_child_outcomes_outcome_id'), ['outcome_id'], unique=False)

    op.create_table('plan_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('outcome_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('agency_name', sa.String(length=200), nullable=False),
    sa.Column('child_key', sa.String(length=40), nullable=True),
    sa.Column('who', sa.String(length=200), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('by_when', sa.Date(), nullable=False),
    sa.Column('how_we_will_know', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_plan_actions_agency_id_agencies')),
    sa.ForeignKeyConstraint(['outcome_id'], ['conference_outcomes.id'], name=op.f('fk_plan_actions_outcome_id_conference_outcomes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_actions'))
    )
    with op.batch_alter_table('plan_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_actions_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_actions_outcome_id'), ['outcome_id'], unique=False)

    with op.batch_alter_table('dissents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('in_outcome', sa.Boolean(), server_default='0', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('dissents', schema=None) as batch_op:
        batch_op.drop_column('in_outcome')

    with op.batch_alter_table('plan_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_actions_outcome_id'))
        batch_op.drop_index(batch_op.f('ix_plan_actions_agency_id'))

    op.drop_table('plan_actions')
    with op.batch_alter_table('child_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_child_outcomes_outcome_id'))
        batch_op.drop_index(batch_op.f('ix_child_outcomes_next_review_due'))
        batch_op.drop_index(batch_op.f('ix_child_outcomes_child_id'))

    op.drop_table('child_outcomes')
    with op.batch_alter_table('conference_outcomes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conference_outcomes_core_group_due'))

    op.drop_table('conference_outcomes')
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_appeals_response_due'))
        batch_op.drop_index(batch_op.f('ix_appeals_conference_id'))

    op.drop_table('appeals')
