"""What the operators' endpoints read: whether the database answers, and the depths of the
queues kept in it (updates not yet handled, digests and broadcast messages not yet sent)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Digest, DigestStatus, InboxUpdate, OutboxMessage, OutboxStatus


@dataclass(frozen=True)
class QueueDepths:
    inbox: int
    digests: int
    outbox: int


class HealthRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def ping(self) -> None:
        """Raises if the database does not answer."""
        await self._session.execute(text("SELECT 1"))

    async def queue_depths(self) -> QueueDepths:
        def count(model: type, condition: object) -> object:
            return select(func.count()).select_from(model).where(condition).scalar_subquery()

        row = (
            await self._session.execute(
                select(
                    count(InboxUpdate, InboxUpdate.handled_at.is_(None)),
                    count(Digest, Digest.status == DigestStatus.PENDING),
                    count(
                        OutboxMessage, OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING])
                    ),
                )
            )
        ).one()
        return QueueDepths(int(row[0] or 0), int(row[1] or 0), int(row[2] or 0))
