"""Broadcast queries: audiences, the outbox (written at once, claimed in batches, results written
in batches), progress counts and delivery lists. No commits: callers own the transaction, except
`BroadcastOutbox`, whose every call is a transaction of its own (the sender has no update)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.conditional import update_if
from db.models import (
    Assignment,
    Broadcast,
    BroadcastStatus,
    Item,
    Membership,
    Occurrence,
    Organisation,
    OutboxMessage,
    OutboxStatus,
    Plan,
    Report,
    ReportStatus,
    Role,
    User,
)

_UNREPORTED = or_(Report.id.is_(None), Report.status == ReportStatus.RETURNED)
_UNDELIVERED = (OutboxStatus.FAILED, OutboxStatus.UNREACHABLE)


@dataclass(frozen=True)
class Recipient:
    user_id: int
    chat_id: int
    reachable: bool


@dataclass(frozen=True)
class DeliveryRow:
    name: str
    status: OutboxStatus
    error: str | None


@dataclass(frozen=True)
class FailedRecipient:
    first_name: str
    last_name: str | None
    username: str | None
    tg_id: int
    status: OutboxStatus
    error: str | None


@dataclass(frozen=True, order=True)
class Claimed:
    outbox_id: int
    chat_id: int


class BroadcastRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def members_of(self, org_ids: Sequence[int], *, besides: int, role: Role | None) -> list[Recipient]:
        stmt = (
            select(User.id, User.tg_id, User.is_reachable)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.org_id.in_(org_ids), User.id != besides)
            .distinct()
        )
        if role is not None:
            stmt = stmt.where(Membership.role == role)
        return [Recipient(*row) for row in (await self._session.execute(stmt)).all()]

    async def orgs_of_kind(self, org_ids: Sequence[int], kind: str) -> list[int]:
        stmt = select(Organisation.id).where(Organisation.id.in_(org_ids), Organisation.kind == kind)
        return list((await self._session.scalars(stmt)).all())

    async def orgs_overdue(self, plan_id: int, org_ids: Sequence[int], today: date) -> list[int]:
        """Organisations with a due date of the plan behind them and no report (or a returned one)."""
        stmt = (
            select(Assignment.org_id)
            .join(Item, Item.id == Assignment.item_id)
            .join(Occurrence, Occurrence.item_id == Item.id)
            .outerjoin(
                Report, and_(Report.occurrence_id == Occurrence.id, Report.org_id == Assignment.org_id)
            )
            .where(
                Item.plan_id == plan_id,
                Assignment.org_id.in_(org_ids),
                Occurrence.due_on < today,
                _UNREPORTED,
            )
            .distinct()
        )
        return list((await self._session.scalars(stmt)).all())

    async def orgs_not_reported(self, item_id: int, occurrence_id: int, org_ids: Sequence[int]) -> list[int]:
        stmt = (
            select(Assignment.org_id)
            .outerjoin(
                Report, and_(Report.occurrence_id == occurrence_id, Report.org_id == Assignment.org_id)
            )
            .where(Assignment.item_id == item_id, Assignment.org_id.in_(org_ids), _UNREPORTED)
        )
        return list((await self._session.scalars(stmt)).all())

    async def add(self, broadcast: Broadcast, recipients: Sequence[Recipient]) -> Broadcast:
        """The broadcast and its whole outbox, one row per recipient, in one insert."""
        self._session.add(broadcast)
        await self._session.flush()
        await self._session.execute(
            OutboxMessage.__table__.insert(),
            [
                {
                    "broadcast_id": broadcast.id,
                    "user_id": r.user_id,
                    "chat_id": r.chat_id,
                    "status": OutboxStatus.PENDING,
                    "attempts": 0,
                }
                for r in recipients
            ],
        )
        return broadcast

    async def get(self, broadcast_id: int) -> Broadcast | None:
        return await self._session.get(Broadcast, broadcast_id)

    async def flush(self) -> None:
        await self._session.flush()

    async def stop(self, broadcast: Broadcast, at: datetime) -> bool:
        """Cancel a broadcast still sending or scheduled, in one conditional statement; False (and
        the row re-read) when it finished or stopped a moment ago."""
        running = Broadcast.status.in_([BroadcastStatus.SENDING, BroadcastStatus.SCHEDULED])
        stopped = await update_if(
            self._session, broadcast, running, status=BroadcastStatus.CANCELLED, finished_at=at
        )
        if not stopped:
            await self._session.refresh(broadcast, ["status", "finished_at"])
        return stopped

    async def by_author(self, user_id: int, limit: int) -> list[Broadcast]:
        stmt = (
            select(Broadcast).where(Broadcast.author_id == user_id).order_by(Broadcast.id.desc()).limit(limit)
        )
        return list((await self._session.scalars(stmt)).all())

    async def status_counts(self, broadcast_id: int) -> dict[OutboxStatus, int]:
        stmt = (
            select(OutboxMessage.status, func.count())
            .where(OutboxMessage.broadcast_id == broadcast_id)
            .group_by(OutboxMessage.status)
        )
        return {status: n for status, n in (await self._session.execute(stmt)).all()}

    async def delivery(self, broadcast_id: int, offset: int, limit: int) -> tuple[list[DeliveryRow], int]:
        total = await self._session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.broadcast_id == broadcast_id)
        )
        stmt = (
            select(User.first_name, OutboxMessage.status, OutboxMessage.error)
            .join(User, User.id == OutboxMessage.user_id)
            .where(OutboxMessage.broadcast_id == broadcast_id)
            .order_by(OutboxMessage.id)
            .offset(offset)
            .limit(limit)
        )
        return [DeliveryRow(*row) for row in (await self._session.execute(stmt)).all()], int(total or 0)

    async def failed(self, broadcast_id: int) -> list[FailedRecipient]:
        stmt = (
            select(
                User.first_name,
                User.last_name,
                User.username,
                User.tg_id,
                OutboxMessage.status,
                OutboxMessage.error,
            )
            .join(User, User.id == OutboxMessage.user_id)
            .where(OutboxMessage.broadcast_id == broadcast_id, OutboxMessage.status.in_(_UNDELIVERED))
            .order_by(OutboxMessage.id)
        )
        return [FailedRecipient(*row) for row in (await self._session.execute(stmt)).all()]

    async def plans_of(self, org_ids: Sequence[int]) -> list[Plan]:
        stmt = select(Plan).where(Plan.org_id.in_(org_ids)).order_by(Plan.created_at.desc())
        return list((await self._session.scalars(stmt)).all())

    async def children(self, org_id: int) -> list[Organisation]:
        stmt = select(Organisation).where(
            Organisation.parent_id == org_id, Organisation.archived_at.is_(None)
        )
        return list((await self._session.scalars(stmt.order_by(Organisation.name))).all())

    async def items_of(self, plan_id: int) -> list[Item]:
        stmt = select(Item).where(Item.plan_id == plan_id).order_by(Item.position)
        return list((await self._session.scalars(stmt)).all())

    async def reset_in_flight(
        self, claimed_before: datetime | None = None, broadcast_id: int | None = None
    ) -> int:
        """Rows a stopped sender had claimed go back to pending: all of them, or (with other
        senders at work) those claimed before a moment no live sender holds a row that long."""
        stmt = update(OutboxMessage).where(OutboxMessage.status == OutboxStatus.SENDING)
        if claimed_before is not None:
            stmt = stmt.where(OutboxMessage.claimed_at < claimed_before)
        if broadcast_id is not None:
            stmt = stmt.where(OutboxMessage.broadcast_id == broadcast_id)
        result = await self._session.execute(stmt.values(status=OutboxStatus.PENDING))
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


class BroadcastOutbox:
    """The sender's side of the outbox; each call commits on its own."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def reset_in_flight(
        self, claimed_before: datetime | None = None, broadcast_id: int | None = None
    ) -> int:
        async with self._session_factory() as session, session.begin():
            return await BroadcastRepo(session).reset_in_flight(claimed_before, broadcast_id)

    async def next_sending(self, now: datetime) -> int | None:
        """The oldest broadcast being sent; a scheduled one whose time has come starts now."""
        async with self._session_factory() as session, session.begin():
            await session.execute(
                update(Broadcast)
                .where(Broadcast.status == BroadcastStatus.SCHEDULED, Broadcast.scheduled_at <= now)
                .values(status=BroadcastStatus.SENDING)
            )
            stmt = (
                select(Broadcast.id).where(Broadcast.status == BroadcastStatus.SENDING).order_by(Broadcast.id)
            )
            return await session.scalar(stmt.limit(1))

    async def with_author(self, broadcast_id: int) -> tuple[Broadcast, User] | None:
        async with self._session_factory() as session:
            broadcast = await session.get(Broadcast, broadcast_id)
            author = await session.get(User, broadcast.author_id) if broadcast else None
        return (broadcast, author) if broadcast is not None and author is not None else None

    async def status(self, broadcast_id: int) -> BroadcastStatus | None:
        async with self._session_factory() as session:
            return await session.scalar(select(Broadcast.status).where(Broadcast.id == broadcast_id))

    async def claim(self, broadcast_id: int, now: datetime, batch: int) -> list[Claimed]:
        """Take the next pending recipients, atomically: a second sender skips them."""
        pending = (
            select(OutboxMessage.id)
            .where(OutboxMessage.broadcast_id == broadcast_id, OutboxMessage.status == OutboxStatus.PENDING)
            .order_by(OutboxMessage.id)
            .limit(batch)
            # PostgreSQL: rows another sender is claiming are passed over, not waited for (and
            # then found taken). SQLite has one writer at a time and ignores it.
            .with_for_update(skip_locked=True)
        )
        stmt = (
            update(OutboxMessage)
            .where(
                OutboxMessage.id.in_(pending.scalar_subquery()), OutboxMessage.status == OutboxStatus.PENDING
            )
            .values(status=OutboxStatus.SENDING, claimed_at=now, attempts=OutboxMessage.attempts + 1)
            .returning(OutboxMessage.id, OutboxMessage.chat_id)
        )
        async with self._session_factory() as session, session.begin():
            return sorted(Claimed(*row) for row in (await session.execute(stmt)).all())

    async def write_results(
        self, results: Sequence[tuple[int, OutboxStatus, str | None]], now: datetime
    ) -> None:
        """One transaction for a batch of (outbox row, status, error); an unreachable recipient
        is marked so on their user row too."""
        async with self._session_factory() as session, session.begin():
            await session.execute(
                update(OutboxMessage),
                [
                    {
                        "id": row,
                        "status": status,
                        "error": error,
                        "sent_at": now if status is OutboxStatus.SENT else None,
                    }
                    for row, status, error in results
                ],
            )
            blocked = [row for row, status, _error in results if status is OutboxStatus.UNREACHABLE]
            if blocked:
                users = select(OutboxMessage.user_id).where(OutboxMessage.id.in_(blocked))
                await session.execute(update(User).where(User.id.in_(users)).values(is_reachable=False))

    async def status_counts(self, broadcast_id: int) -> dict[OutboxStatus, int]:
        async with self._session_factory() as session:
            return await BroadcastRepo(session).status_counts(broadcast_id)

    async def finish(
        self, broadcast_id: int, now: datetime
    ) -> tuple[bool, BroadcastStatus | None, dict[OutboxStatus, int], list[FailedRecipient]]:
        """Mark a broadcast done if nothing of it is left to send or in flight (another sender's
        included); whether this caller is the one to report its end, its status, counts and
        undelivered recipients."""
        left = (
            select(OutboxMessage.id)
            .where(
                OutboxMessage.broadcast_id == broadcast_id,
                OutboxMessage.status.in_([OutboxStatus.PENDING, OutboxStatus.SENDING]),
            )
            .exists()
        )
        async with self._session_factory() as session, session.begin():
            await session.execute(
                update(Broadcast)
                .where(Broadcast.id == broadcast_id, Broadcast.status == BroadcastStatus.SENDING, ~left)
                .values(status=BroadcastStatus.DONE, finished_at=now)
            )
            # Of several senders that see the end (or the cancel), the first tells the author.
            result = await session.execute(
                update(Broadcast)
                .where(
                    Broadcast.id == broadcast_id,
                    Broadcast.status != BroadcastStatus.SENDING,
                    Broadcast.reported_at.is_(None),
                )
                .values(reported_at=now)
            )
            to_report = result.rowcount == 1  # type: ignore[attr-defined]
            status = await session.scalar(select(Broadcast.status).where(Broadcast.id == broadcast_id))
            repo = BroadcastRepo(session)
            counts = await repo.status_counts(broadcast_id)
            failed = await repo.failed(broadcast_id) if any(counts.get(s) for s in _UNDELIVERED) else []
        return to_report, status, counts, failed
