"""What the bot sends on its own: alerts gathered into digests, broadcasts and their outbox."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    Enum,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime


class DigestStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # handed to Telegram; a crash now leaves it here, and it is not sent again
    SENT = "sent"
    FAILED = "failed"
    UNREACHABLE = "unreachable"
    UNCONFIRMED = "unconfirmed"  # was being sent when the bot stopped: maybe delivered, never repeated


class Digest(Base):
    """One message to one user: the alerts one sweep found for them, or a weekly summary."""

    __tablename__ = "digests"
    __table_args__ = (
        Index("ix_digests_status", "status", "id"),
        Index("ix_digests_user_day", "user_id", "local_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # alerts | weekly
    status: Mapped[DigestStatus] = mapped_column(Enum(DigestStatus, native_enum=False, length=16))
    # The user's local date when it was made: "one digest a day" counts these.
    local_day: Mapped[date] = mapped_column(Date)
    # Makes a weekly summary once per user and week, whoever runs the sweep.
    dedupe_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    error: Mapped[str | None] = mapped_column(String(256))


class Alert(Base):
    """An alert about one due date of one organisation for one user, recorded under its unique
    key before it is sent: the key is what makes a restart or a second instance unable to send it
    twice. Due dates are stored once per item, so the organisation is part of "which due date":
    the admin told that two schools are late gets two alerts.

    The key is the primary key of a table without SQLite's rowid: one B-tree less to write when a
    sweep records 100,000 alerts at once. Only the due date and the user are foreign keys (their
    deletion removes the alerts); organisation and digest are checked by the code that writes.
    """

    __tablename__ = "alerts"
    __table_args__ = (Index("ix_alerts_digest_id", "digest_id"), {"sqlite_with_rowid": False})

    occurrence_id: Mapped[int] = mapped_column(
        ForeignKey("occurrences.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    org_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    # before_7, before_1, due, overdue_4, escalate_head, escalate_admin …
    kind: Mapped[str] = mapped_column(String(24), primary_key=True)
    digest_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class BroadcastStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    SENDING = "sending"
    DONE = "done"
    CANCELLED = "cancelled"


class Broadcast(Base):
    """An announcement: the author's own message, copied to every recipient of its outbox."""

    __tablename__ = "broadcasts"
    __table_args__ = (Index("ix_broadcasts_status", "status", "scheduled_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))  # the scope it was sent in
    # What is copied: the message(s) in the author's chat (several for an album).
    source_chat_id: Mapped[int] = mapped_column(BigInteger)
    source_message_ids: Mapped[list[int]] = mapped_column(JSON)
    audience: Mapped[dict[str, Any]] = mapped_column(JSON)  # how the recipients were chosen
    status: Mapped[BroadcastStatus] = mapped_column(Enum(BroadcastStatus, native_enum=False, length=16))
    scheduled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The author's progress message, edited while sending.
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # When the author was told how it ended: by one sender, however many share the outbox.
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class OutboxStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed by a sender; back to pending if that sender died
    SENT = "sent"
    FAILED = "failed"
    UNREACHABLE = "unreachable"


class OutboxMessage(Base):
    """One recipient of a broadcast. Senders claim rows atomically; nothing lives only in memory."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "user_id"),
        Index("ix_outbox_broadcast_status", "broadcast_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[OutboxStatus] = mapped_column(Enum(OutboxStatus, native_enum=False, length=16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(256))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
