"""The bot's own bookkeeping: the update inbox, conversation states, and the lease that makes
one of several instances the one that works."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Index,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base, UTCDateTime


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


class SweepMark(Base):
    """Something the alert sweep must look at again: an item whose due dates, assignments,
    reports or teachers changed ("item", its id), who is who ("people"), or everything ("all":
    a plan's rules, an organisation's time zone or archiving).

    Written by triggers (migration 0010), so every writer is seen, the bot's own and any other;
    the sweep takes the marks in its transaction. A mark is a key, not a log: a plan assigned to
    5,000 schools leaves one mark per item, whatever the number of rows.
    """

    __tablename__ = "sweep_marks"

    scope: Mapped[str] = mapped_column(String(8), primary_key=True)
    ref: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)


class Lease(Base):
    """Who holds a named lease, until when. Instances of the bot share one database; the one
    holding "leader" polls, sweeps and sends, the others wait for the lease to be free."""

    __tablename__ = "leases"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(128))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
