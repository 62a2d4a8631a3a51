"""A named lease in the database: taken by one holder at a time, until it expires or is given
back. Conditional statements decide, so two instances trying at once have one winner."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Lease
from db.upsert import insert_ignoring_conflicts

RELEASED = datetime(1970, 1, 1, tzinfo=UTC)


class LeaseRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def take(self, name: str, holder: str, now: datetime, until: datetime) -> bool:
        """Take or renew the lease until `until`: True if `holder` has it now."""
        result = await self._session.execute(
            update(Lease)
            .where(Lease.name == name, or_(Lease.holder == holder, Lease.expires_at < now))
            .values(holder=holder, expires_at=until)
        )
        if result.rowcount:  # type: ignore[attr-defined]
            return True
        inserted = await self._session.execute(
            insert_ignoring_conflicts(self._session, Lease, ["name"])
            .values(name=name, holder=holder, expires_at=until)
            .returning(Lease.name)
        )
        return inserted.first() is not None

    async def give_back(self, name: str, holder: str) -> None:
        await self._session.execute(
            update(Lease).where(Lease.name == name, Lease.holder == holder).values(expires_at=RELEASED)
        )
