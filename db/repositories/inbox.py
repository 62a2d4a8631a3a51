"""The update inbox: what Telegram delivered, and which of it was handled."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import InboxUpdate
from db.upsert import insert_ignoring_conflicts


class UpdateInbox:
    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def accept(self, updates: Sequence[tuple[int, str]], at: datetime) -> set[int]:
        """Store fetched updates; returns the ids that are new (re-deliveries are dropped)."""
        if not updates:
            return set()
        ids = [update_id for update_id, _ in updates]
        async with self._session_factory() as session, session.begin():
            known = set(
                (
                    await session.scalars(select(InboxUpdate.update_id).where(InboxUpdate.update_id.in_(ids)))
                ).all()
            )
            fresh = {update_id: payload for update_id, payload in updates if update_id not in known}
            if fresh:
                rows = [
                    {"update_id": update_id, "payload": payload, "received_at": at}
                    for update_id, payload in fresh.items()
                ]
                # executemany of one compiled statement: far cheaper than a multi-VALUES literal.
                await session.execute(insert_ignoring_conflicts(session, InboxUpdate), rows)
        return set(fresh)

    async def pending(self, received_before: datetime | None = None) -> list[str]:
        """Updates stored but not handled (of those, with a moment, the ones stored before it)."""
        async with self._session_factory() as session:
            stmt = (
                select(InboxUpdate.payload)
                .where(InboxUpdate.handled_at.is_(None))
                .order_by(InboxUpdate.update_id)
            )
            if received_before is not None:
                stmt = stmt.where(InboxUpdate.received_at < received_before)
            return list((await session.scalars(stmt)).all())

    async def mark_handled(self, update_ids: Collection[int], at: datetime) -> None:
        if not update_ids:
            return
        async with self._session_factory() as session, session.begin():
            await session.execute(
                update(InboxUpdate)
                .where(InboxUpdate.update_id.in_(update_ids), InboxUpdate.handled_at.is_(None))
                .values(handled_at=at)
            )

    @staticmethod
    async def claim_in(session: AsyncSession, update_id: int, at: datetime) -> bool:
        """Mark handled inside the caller's transaction; False if it already was."""
        result = await session.execute(
            update(InboxUpdate)
            .where(InboxUpdate.update_id == update_id, InboxUpdate.handled_at.is_(None))
            .values(handled_at=at)
        )
        return result.rowcount == 1  # type: ignore[attr-defined]

    async def forget_handled_before(self, before: datetime) -> int:
        async with self._session_factory() as session, session.begin():
            result = await session.execute(
                delete(InboxUpdate).where(
                    InboxUpdate.handled_at.is_not(None), InboxUpdate.handled_at < before
                )
            )
            return result.rowcount  # type: ignore[attr-defined]


INBOX_RETENTION = timedelta(days=7)
