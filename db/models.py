"""Tables. Times are UTC; dates (deadlines) are local calendar dates of the organisation."""

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
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base, UTCDateTime


class Role(enum.StrEnum):
    ADMIN = "admin"
    HEAD = "head"
    TEACHER = "teacher"
    OBSERVER = "observer"


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    tg_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    first_name: Mapped[str] = mapped_column(String(256), default="")
    last_name: Mapped[str | None] = mapped_column(String(256))
    username: Mapped[str | None] = mapped_column(String(64))
    # What Telegram reports, and what the user chose in /settings (wins when set).
    language_code: Mapped[str | None] = mapped_column(String(16))
    locale: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str | None] = mapped_column(String(64))
    is_reachable: Mapped[bool] = mapped_column(default=True)
    # /settings: when alerts arrive ("09:00", local), when the bot keeps quiet, once-a-day digests,
    # plans the user muted. None means the bot's default.
    alert_time: Mapped[str | None] = mapped_column(String(5))
    quiet_from: Mapped[str | None] = mapped_column(String(5))
    quiet_to: Mapped[str | None] = mapped_column(String(5))
    daily_digest: Mapped[bool] = mapped_column(default=False, server_default="0")
    muted_plans: Mapped[list[int]] = mapped_column(JSON, default=list, server_default="[]")
    # Which of several memberships shapes the menu; the first by role precedence when unset.
    active_membership_id: Mapped[int | None] = mapped_column(
        ForeignKey("memberships.id", ondelete="SET NULL", use_alter=True)
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    memberships: Mapped[list[Membership]] = relationship(
        back_populates="user", foreign_keys="Membership.user_id"
    )


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(512))
    short_name: Mapped[str | None] = mapped_column(String(128))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    timezone: Mapped[str | None] = mapped_column(String(64))
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Membership(Base):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "org_id", "role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    user: Mapped[User] = relationship(back_populates="memberships", foreign_keys=[user_id])
    organisation: Mapped[Organisation] = relationship()


class Plan(Base):
    __tablename__ = "plans"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date)
    source_name: Mapped[str] = mapped_column(String(512))
    source_sha256: Mapped[str] = mapped_column(String(64))
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    # Deadline alert rules an admin set for this plan; None: the defaults (services.alerts.rules).
    alert_rules: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    sections: Mapped[list[Section]] = relationship(
        back_populates="plan", order_by="Section.position", cascade="all, delete-orphan"
    )


class Section(Base):
    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(Text)

    plan: Mapped[Plan] = relationship(back_populates="sections")
    items: Mapped[list[Item]] = relationship(
        back_populates="section", order_by="Item.position", cascade="all, delete-orphan"
    )


class Item(Base):
    __tablename__ = "items"
    __table_args__ = (Index("ix_items_plan_position", "plan_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"))
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    number: Mapped[str | None] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(Text)
    deadline_text: Mapped[str | None] = mapped_column(Text)
    responsible: Mapped[str | None] = mapped_column(Text)
    audience: Mapped[str | None] = mapped_column(Text)
    expected_result: Mapped[str | None] = mapped_column(Text)
    deadline: Mapped[dict[str, Any]] = mapped_column(JSON)
    # An item whose execution cannot be photographed (a document sent upward, a plan drawn up):
    # an admin lets its reports go without photos.
    text_only: Mapped[bool] = mapped_column(default=False, server_default="0")

    section: Mapped[Section] = relationship(back_populates="items")


class InboxUpdate(Base):
    """Every update fetched from Telegram, stored before it is confirmed to Telegram.

    A row is pending until handled; pending rows are handled again after a restart, and an
    update id that is already here (a re-delivery) is never dispatched twice.
    """

    __tablename__ = "update_inbox"
    __table_args__ = (Index("ix_update_inbox_pending", "handled_at", "update_id"),)

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    # The update as Telegram's JSON text: pydantic writes it faster than a JSON column would.
    payload: Mapped[str] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class FsmState(Base):
    """Conversation state per (bot, chat, user, thread): survives restarts."""

    __tablename__ = "fsm_states"

    key: Mapped[str] = mapped_column(String(256), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(256))
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OrgKind(Base):
    """Kinds of organisation (school, Точка роста, ИТЦ, …): data an admin can extend, not code."""

    __tablename__ = "org_kinds"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    names: Mapped[dict[str, str]] = mapped_column(JSON)  # {"ru": …, "be": …, "en": …}
    # Words by which a plan's "responsible" text names this kind ("ИТЦ", "учреждения общего среднего образования").
    words: Mapped[list[str]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(Integer, default=0)


class Invite(Base):
    """A deep-link invitation; only the sha256 of its token is stored."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=16))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    max_uses: Mapped[int] = mapped_column(Integer, default=1)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    organisation: Mapped[Organisation] = relationship()


class AuditEntry(Base):
    """Who did what to whom, when: every change of people, roles and invites."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(64))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    subject_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Assignment(Base):
    """A plan item given to an organisation."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("item_id", "org_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    assigned_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Occurrence(Base):
    """One due date of an item ("the end of March" of a monthly item).

    Due dates depend on the item, not on who does it, so they are stored once per item and
    reach every organisation through its assignment: a monthly item of a three-year plan
    given to 5,000 schools is 36 rows here and 5,000 assignments, not 180,000 rows. What an
    organisation did about a due date (reported, approved) is kept per organisation elsewhere.
    """

    __tablename__ = "occurrences"
    __table_args__ = (UniqueConstraint("item_id", "due_on"), Index("ix_occurrences_due_on", "due_on"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    due_on: Mapped[date] = mapped_column(Date)
    # Set by an admin for an item whose deadline says no date ("по отдельному графику").
    manual: Mapped[bool] = mapped_column(default=False)


class TeacherAssignment(Base):
    """A head gives one of the organisation's assigned items to a teacher of that organisation."""

    __tablename__ = "teacher_assignments"
    __table_args__ = (UniqueConstraint("assignment_id", "user_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignments.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assigned_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReportStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    RETURNED = "returned"


class Report(Base):
    """What an organisation did about one due date of an item: its report and its review.

    One row per (due date, organisation) is the organisation's status for that due date; no
    row means "not started" (or "overdue" once the date is behind). Amending a returned report
    edits this row and bumps its version; `report_events` keeps every step.
    """

    __tablename__ = "reports"
    __table_args__ = (
        UniqueConstraint("occurrence_id", "org_id"),
        Index("ix_reports_org_status", "org_id", "status"),
        Index("ix_reports_item", "item_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    occurrence_id: Mapped[int] = mapped_column(ForeignKey("occurrences.id", ondelete="CASCADE"))
    # Kept here as well so an item's card counts its reports without touching occurrences.
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    org_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[ReportStatus] = mapped_column(Enum(ReportStatus, native_enum=False, length=16))
    event_date: Mapped[date] = mapped_column(Date)
    participants: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    link: Mapped[str | None] = mapped_column(String(1024))
    version: Mapped[int] = mapped_column(Integer, default=1)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review_comment: Mapped[str | None] = mapped_column(Text)

    # Always wanted with the report, and a lazy load cannot happen under asyncio.
    files: Mapped[list[ReportFile]] = relationship(
        order_by="ReportFile.position", cascade="all, delete-orphan", lazy="selectin"
    )


class EvidenceFile(Base):
    """A stored file, named by the sha256 of its bytes: the same photo sent twice is kept once."""

    __tablename__ = "evidence_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    mime_type: Mapped[str] = mapped_column(String(128))
    stored_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ReportFile(Base):
    __tablename__ = "report_files"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("evidence_files.sha256"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # photo | document
    file_id: Mapped[str] = mapped_column(String(256))
    file_unique_id: Mapped[str] = mapped_column(String(128))
    file_name: Mapped[str | None] = mapped_column(String(256))
    size: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)


class ReportEvent(Base):
    """The history of a report: submitted, returned (with the comment), amended, approved."""

    __tablename__ = "report_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(32))
    comment: Mapped[str | None] = mapped_column(Text)
    # Field -> [before, after] for an amendment.
    changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


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
