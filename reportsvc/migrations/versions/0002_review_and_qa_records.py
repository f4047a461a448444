"""Chair review records (returns, chases, overrides, dissent, attendance) and QA records
(audit samples, hand grades).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_samples',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('seed', sa.Integer(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('size_is_percent', sa.Boolean(), nullable=False),
    sa.Column('period_start', sa.Date(), nullable=False),
    sa.Column('period_end', sa.Date(), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_audit_samples_created_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_samples'))
    )
    op.create_table('attendances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('is_social_care', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_attendances_agency_id_agencies')),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_attendances_conference_id_conferences')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendances'))
    )
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendances_conference_id'), ['conference_id'], unique=False)

    op.create_table('dissents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conference_id', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=False),
    sa.Column('person', sa.String(length=200), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('agency_name', sa.String(length=200), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('chair_decision', sa.Text(), nullable=False),
    sa.Column('recorded_on', sa.Date(), nullable=False),
    sa.Column('response_due', sa.Date(), nullable=False),
    sa.Column('response', sa.Text(), nullable=True),
    sa.Column('responded_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_dissents_agency_id_agencies')),
    sa.ForeignKeyConstraint(['conference_id'], ['conferences.id'], name=op.f('fk_dissents_conference_id_conferences')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_dissents_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dissents'))
    )
    with op.batch_alter_table('dissents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dissents_conference_id'), ['conference_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dissents_response_due'), ['response_due'], unique=False)

    op.create_table('chases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('invitation_id', sa.Integer(), nullable=False),
    sa.Column('chair_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chair_id'], ['users.id'], name=op.f('fk_chases_chair_id_users')),
    sa.ForeignKeyConstraint(['invitation_id'], ['invitations.id'], name=op.f('fk_chases_invitation_id_invitations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chases'))
    )
    with op.batch_alter_table('chases', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_chases_invitation_id'), ['invitation_id'], unique=False)

    op.create_table('report_returns',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('chair_id', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('returned_version', sa.Integer(), nullable=False),
    sa.Column('resubmitted_version', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chair_id'], ['users.id'], name=op.f('fk_report_returns_chair_id_users')),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_report_returns_report_id_reports')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_returns'))
    )
    with op.batch_alter_table('report_returns', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_returns_report_id'), ['report_id'], unique=False)

    op.create_table('audit_sample_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('report_version_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['report_id'], ['reports.id'], name=op.f('fk_audit_sample_items_report_id_reports')),
    sa.ForeignKeyConstraint(['report_version_id'], ['report_versions.id'], name=op.f('fk_audit_sample_items_report_version_id_report_versions')),
    sa.ForeignKeyConstraint(['sample_id'], ['audit_samples.id'], name=op.f('fk_audit_sample_items_sample_id_audit_samples')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_sample_items')),
    sa.UniqueConstraint('sample_id', 'report_id', name=op.f('uq_audit_sample_items_sample_id'))
    )
    with op.batch_alter_table('audit_sample_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_sample_items_report_id'), ['report_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_sample_items_sample_id'), ['sample_id'], unique=False)

    op.create_table('grade_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_version_id', sa.Integer(), nullable=False),
    sa.Column('chair_id', sa.Integer(), nullable=False),
    sa.Column('grade', sa.String(length=30), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['chair_id'], ['users.id'], name=op.f('fk_grade_overrides_chair_id_users')),
    sa.ForeignKeyConstraint(['report_version_id'], ['report_versions.id'], name=op.f('fk_grade_overrides_report_version_id_report_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grade_overrides'))
    )
    with op.batch_alter_table('grade_overrides', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grade_overrides_report_version_id'), ['report_version_id'], unique=False)

    op.create_table('manual_grades',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_version_id', sa.Integer(), nullable=False),
    sa.Column('graded_by_id', sa.Integer(), nullable=False),
    sa.Column('sample_id', sa.Integer(), nullable=True),
    sa.Column('grade', sa.String(length=30), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['graded_by_id'], ['users.id'], name=op.f('fk_manual_grades_graded_by_id_users')),
    sa.ForeignKeyConstraint(['report_version_id'], ['report_versions.id'], name=op.f('fk_manual_grades_report_version_id_report_versions')),
    sa.ForeignKeyConstraint(['sample_id'], ['audit_samples.id'], name=op.f('fk_manual_grades_sample_id_audit_samples')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_manual_grades')),
    sa.UniqueConstraint('report_version_id', 'graded_by_id', name=op.f('uq_manual_grades_report_version_id'))
    )
    with op.batch_alter_table('manual_grades', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_manual_grades_report_version_id'), ['report_version_id'], unique=False)

    op.create_table('manual_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('manual_grade_id', sa.Integer(), nullable=False),
    sa.Column('criterion', sa.String(length=40), nullable=False),
    sa.Column('met', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['manual_grade_id'], ['manual_grades.id'], name=op.f('fk_manual_criteria_manual_grade_id_manual_grades')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_manual_criteria'))
    )
    with op.batch_alter_table('manual_criteria', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_manual_criteria_manual_grade_id'), ['manual_grade_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('manual_criteria', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_manual_criteria_manual_grade_id'))

    op.drop_table('manual_criteria')
    with op.batch_alter_table('manual_grades', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_manual_grades_report_version_id'))

    op.drop_table('manual_grades')
    with op.batch_alter_table('grade_overrides', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grade_overrides_report_version_id'))

    op.drop_table('grade_overrides')
    with op.batch_alter_table('audit_sample_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_sample_items_sample_id'))
        batch_op.drop_index(batch_op.f('ix_audit_sample_items_report_id'))

    op.drop_table('audit_sample_items')
    with op.batch_alter_table('report_returns', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_returns_report_id'))

    op.drop_table('report_returns')
    with op.batch_alter_table('chases', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_chases_invitation_id'))

    op.drop_table('chases')
    with op.batch_alter_table('dissents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dissents_response_due'))
        batch_op.drop_index(batch_op.f('ix_dissents_conference_id'))

    op.drop_table('dissents')
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendances_conference_id'))

    op.drop_table('attendances')
    op.drop_table('audit_samples')
