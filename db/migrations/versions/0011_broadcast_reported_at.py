"""broadcasts.reported_at: the author is told how a broadcast ended once, by one sender

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.base

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("broadcasts") as batch:
        batch.add_column(sa.Column("reported_at", db.base.UTCDateTime(timezone=True), nullable=True))
    # Broadcasts that ended before this column existed were reported then.
    op.execute("UPDATE broadcasts SET reported_at = finished_at WHERE status IN ('DONE', 'CANCELLED')")


def downgrade() -> None:
    with op.batch_alter_table("broadcasts") as batch:
        batch.drop_column("reported_at")
