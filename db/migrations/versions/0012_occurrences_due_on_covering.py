"""occurrences: the due-date index carries the item, so the alert sweep reads it alone

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 19:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The sweep reads every due date in its window with its item (100,000 rows and more):
    # from this index alone, without a visit to each row. SQLite's index holds the row id
    # anyway; PostgreSQL's is told to carry it.
    op.create_index(
        "ix_occurrences_due_on_item", "occurrences", ["due_on", "item_id"], postgresql_include=["id"]
    )
    op.drop_index("ix_occurrences_due_on", table_name="occurrences")


def downgrade() -> None:
    op.create_index("ix_occurrences_due_on", "occurrences", ["due_on"])
    op.drop_index("ix_occurrences_due_on_item", table_name="occurrences")
