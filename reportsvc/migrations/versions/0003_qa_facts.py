"""QA facts: one row of audit answers per report, for SQL aggregation on the dashboards.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "report_facts",
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("assessment_id", sa.Integer(), nullable=True),
        sa.Column("ruleset_version", sa.String(length=40), nullable=False),
        sa.Column("grade", sa.String(length=30), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("due_by", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("shared_in_time", sa.Boolean(), nullable=False),
        sa.Column("voice", sa.Boolean(), nullable=False),
        sa.Column("identity", sa.Boolean(), nullable=False),
        sa.Column("threshold", sa.Boolean(), nullable=False),
        sa.Column("smart", sa.Boolean(), nullable=False),
        sa.Column("father", sa.Boolean(), nullable=False),
        sa.Column("previous_actions", sa.Boolean(), nullable=True),
        sa.Column("alternative_views", sa.Boolean(), nullable=False),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_report_facts_assessment_id_assessments"),
        ),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_report_facts_report_id_reports")
        ),
        sa.ForeignKeyConstraint(
            ["version_id"],
            ["report_versions.id"],
            name=op.f("fk_report_facts_version_id_report_versions"),
        ),
        sa.PrimaryKeyConstraint("report_id", name=op.f("pk_report_facts")),
    )


def downgrade() -> None:
    op.drop_table("report_facts")
