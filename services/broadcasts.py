"""Broadcasts: who an announcement goes to, its outbox (one row per recipient, written at once),
cancelling, progress and the delivery list. Sending is the bot's (bot/broadcaster.py)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

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
from db.repositories.orgs import OrgRepo
from services.clock import Clock, local_today
from services.errors import AccessDenied, DomainError, NotFound
from services.permissions import Action, can
from services.users import Viewer

AUDIENCE_KINDS = ("all", "role", "org_kind", "district", "orgs", "overdue", "not_reported")


class NoRecipients(DomainError):
    message_key = "broadcast-no-recipients"


class BadSchedule(DomainError):
    message_key = "broadcast-bad-time"


@dataclass(frozen=True)
class Progress:
    total: int
    sent: int
    failed: int
    unreachable: int

    @property
    def left(self) -> int:
        return self.total - self.sent - self.failed - self.unreachable


class BroadcastService:
    def __init__(self, session: AsyncSession, clock: Clock, default_timezone: str) -> None:
        self._session = session
        self._clock = clock
        self._default_timezone = default_timezone
        self._orgs = OrgRepo(session)

    async def scope(self, viewer: Viewer) -> Organisation:
        """Where the viewer broadcasts: the organisation they act for, if they may, else the first
        one they may broadcast in (admins: their part of the tree; heads: their organisation)."""
        candidates = [m for m in viewer.memberships if m.role in (Role.ADMIN, Role.HEAD)]
        active = viewer.active
        if active is not None and active in candidates:
            candidates.remove(active)
            candidates.insert(0, active)
        for membership in candidates:
            if can(
                viewer, Action.BROADCAST, membership.org_id, await self._orgs.ancestors(membership.org_id)
            ):
                org = await self._orgs.get(membership.org_id)
                if org is not None:
                    return org
        raise AccessDenied("broadcast")

    def is_admin_of(self, viewer: Viewer, org_id: int) -> bool:
        return any(m.role == Role.ADMIN and m.org_id == org_id for m in viewer.memberships)

    async def recipients(self, viewer: Viewer, audience: dict[str, Any]) -> tuple[list[tuple[int, int]], int]:
        """(user id, chat id) of reachable recipients, and how many were left out as unreachable."""
        scope = await self.scope(viewer)
        admin = self.is_admin_of(viewer, scope.id)
        kind = audience.get("kind")
        if kind not in AUDIENCE_KINDS or (not admin and kind not in ("all", "role")):
            raise AccessDenied(f"audience {kind}")
        reach = [org.id for org in await self._orgs.subtree([scope.id])] if admin else [scope.id]
        org_ids = await self._audience_orgs(kind, audience, reach)
        stmt = (
            select(User.id, User.tg_id, User.is_reachable)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.org_id.in_(org_ids), User.id != viewer.user_id)
            .distinct()
        )
        if kind == "role":
            role = (
                Role[str(audience.get("role", ""))]
                if str(audience.get("role", "")) in Role.__members__
                else None
            )
            if role is None:
                raise NotFound("role")
            stmt = stmt.where(Membership.role == role)
        rows = (await self._session.execute(stmt)).all()
        reachable = sorted((user_id, tg_id) for user_id, tg_id, ok in rows if ok)
        return reachable, len(rows) - len(reachable)

    async def _audience_orgs(self, kind: str, audience: dict[str, Any], reach: list[int]) -> list[int]:
        inside = set(reach)
        if kind in ("all", "role"):
            return reach
        if kind == "org_kind":
            stmt = select(Organisation.id).where(
                Organisation.id.in_(reach), Organisation.kind == str(audience.get("org_kind"))
            )
            return list((await self._session.scalars(stmt)).all())
        if kind == "district":
            district = int(audience.get("org", 0))
            if district not in inside:
                raise AccessDenied(f"district {district}")
            return [org.id for org in await self._orgs.subtree([district])]
        if kind == "orgs":
            chosen = [int(o) for o in audience.get("orgs", [])]
            if not chosen or not set(chosen) <= inside:
                raise AccessDenied("organisations")
            return chosen
        if kind == "overdue":
            return await self._orgs_overdue(int(audience.get("plan", 0)), reach)
        return await self._orgs_not_reported(int(audience.get("item", 0)), reach)

    async def _orgs_overdue(self, plan_id: int, reach: list[int]) -> list[int]:
        """Organisations with a due date of the plan behind them and no report (or a returned one)."""
        today = local_today(self._clock, self._default_timezone)
        stmt = (
            select(Assignment.org_id)
            .join(Item, Item.id == Assignment.item_id)
            .join(Occurrence, Occurrence.item_id == Item.id)
            .outerjoin(
                Report, and_(Report.occurrence_id == Occurrence.id, Report.org_id == Assignment.org_id)
            )
            .where(
                Item.plan_id == plan_id,
                Assignment.org_id.in_(reach),
                Occurrence.due_on < today,
                or_(Report.id.is_(None), Report.status == ReportStatus.RETURNED),
            )
            .distinct()
        )
        return list((await self._session.scalars(stmt)).all())

    async def _orgs_not_reported(self, item_id: int, reach: list[int]) -> list[int]:
        """Organisations given the item that have not reported its latest due date reached (or
        its first one, if none is reached yet)."""
        today = local_today(self._clock, self._default_timezone)
        dates = list(
            (
                await self._session.execute(
                    select(Occurrence.id, Occurrence.due_on)
                    .where(Occurrence.item_id == item_id)
                    .order_by(Occurrence.due_on)
                )
            ).all()
        )
        if not dates:
            raise NotFound(f"due dates of {item_id}")
        reached = [row for row in dates if row[1] <= today]
        occurrence_id = (reached[-1] if reached else dates[0])[0]
        stmt = (
            select(Assignment.org_id)
            .outerjoin(
                Report, and_(Report.occurrence_id == occurrence_id, Report.org_id == Assignment.org_id)
            )
            .where(
                Assignment.item_id == item_id,
                Assignment.org_id.in_(reach),
                or_(Report.id.is_(None), Report.status == ReportStatus.RETURNED),
            )
        )
        return list((await self._session.scalars(stmt)).all())

    async def create(
        self,
        viewer: Viewer,
        audience: dict[str, Any],
        source_chat_id: int,
        message_ids: list[int],
        scheduled_at: datetime | None = None,
    ) -> tuple[Broadcast, int]:
        """The broadcast and its whole outbox, in one transaction; and the recipients count."""
        scope = await self.scope(viewer)
        recipients, _unreachable = await self.recipients(viewer, audience)
        if not recipients:
            raise NoRecipients()
        now = self._clock.now()
        if scheduled_at is not None and scheduled_at <= now:
            raise BadSchedule(scheduled_at.isoformat())
        broadcast = Broadcast(
            author_id=viewer.user_id,
            org_id=scope.id,
            source_chat_id=source_chat_id,
            source_message_ids=list(message_ids),
            audience=audience,
            status=BroadcastStatus.SCHEDULED if scheduled_at else BroadcastStatus.SENDING,
            scheduled_at=scheduled_at,
            created_at=now,
        )
        self._session.add(broadcast)
        await self._session.flush()
        await self._session.execute(
            OutboxMessage.__table__.insert(),
            [
                {
                    "broadcast_id": broadcast.id,
                    "user_id": user_id,
                    "chat_id": chat_id,
                    "status": OutboxStatus.PENDING,
                    "attempts": 0,
                }
                for user_id, chat_id in recipients
            ],
        )
        return broadcast, len(recipients)

    async def own(self, viewer: Viewer, broadcast_id: int) -> Broadcast:
        broadcast = await self._session.get(Broadcast, broadcast_id)
        if broadcast is None:
            raise NotFound(f"broadcast {broadcast_id}")
        if broadcast.author_id != viewer.user_id:
            raise AccessDenied(f"broadcast {broadcast_id}")
        return broadcast

    async def set_progress_message(self, viewer: Viewer, broadcast_id: int, message_id: int) -> None:
        (await self.own(viewer, broadcast_id)).progress_message_id = message_id
        await self._session.flush()

    async def cancel(self, viewer: Viewer, broadcast_id: int) -> Broadcast:
        """Stop a broadcast still sending or scheduled; one conditional statement, so a stop and
        the sender finishing at the same moment leave one consistent status."""
        broadcast = await self.own(viewer, broadcast_id)
        running = Broadcast.status.in_([BroadcastStatus.SENDING, BroadcastStatus.SCHEDULED])
        stopped = await update_if(
            self._session, broadcast, running, status=BroadcastStatus.CANCELLED, finished_at=self._clock.now()
        )
        if not stopped:  # finished (or stopped) a moment ago: what it is now is what the author sees
            await self._session.refresh(broadcast, ["status", "finished_at"])
        return broadcast

    async def progress(self, broadcast_id: int) -> Progress:
        return await progress_of(self._session, broadcast_id)

    async def mine(self, viewer: Viewer, limit: int = 40) -> list[tuple[Broadcast, Progress]]:
        stmt = (
            select(Broadcast)
            .where(Broadcast.author_id == viewer.user_id)
            .order_by(Broadcast.id.desc())
            .limit(limit)
        )
        found = list((await self._session.scalars(stmt)).all())
        return [(b, await progress_of(self._session, b.id)) for b in found]

    async def delivery(
        self, viewer: Viewer, broadcast_id: int, offset: int, limit: int
    ) -> tuple[Broadcast, list[tuple[str, OutboxStatus, str | None]], int]:
        broadcast = await self.own(viewer, broadcast_id)
        total = int(
            await self._session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.broadcast_id == broadcast_id)
            )
            or 0
        )
        stmt = (
            select(User.first_name, OutboxMessage.status, OutboxMessage.error)
            .join(User, User.id == OutboxMessage.user_id)
            .where(OutboxMessage.broadcast_id == broadcast_id)
            .order_by(OutboxMessage.id)
            .offset(offset)
            .limit(limit)
        )
        return broadcast, [tuple(row) for row in (await self._session.execute(stmt)).all()], total  # type: ignore[misc]

    async def failures_csv(self, viewer: Viewer, broadcast_id: int) -> bytes:
        await self.own(viewer, broadcast_id)
        return await failures_csv(self._session, broadcast_id)

    async def plans_in_scope(self, viewer: Viewer) -> list[Plan]:
        scope = await self.scope(viewer)
        reach = [org.id for org in await self._orgs.subtree([scope.id])]
        stmt = select(Plan).where(Plan.org_id.in_(reach)).order_by(Plan.created_at.desc())
        return list((await self._session.scalars(stmt)).all())

    async def districts(self, viewer: Viewer) -> list[Organisation]:
        scope = await self.scope(viewer)
        stmt = select(Organisation).where(
            Organisation.parent_id == scope.id, Organisation.archived_at.is_(None)
        )
        return list((await self._session.scalars(stmt.order_by(Organisation.name))).all())

    async def orgs_in_scope(self, viewer: Viewer) -> list[Organisation]:
        scope = await self.scope(viewer)
        return [org for org in await self._orgs.subtree([scope.id]) if org.id != scope.id]

    async def items_of(self, viewer: Viewer, plan_id: int) -> list[Item]:
        if plan_id not in {plan.id for plan in await self.plans_in_scope(viewer)}:
            raise AccessDenied(f"plan {plan_id}")
        return list(
            (
                await self._session.scalars(
                    select(Item).where(Item.plan_id == plan_id).order_by(Item.position)
                )
            ).all()
        )

    def timezone_of(self, viewer: Viewer) -> ZoneInfo:
        return ZoneInfo(viewer.timezone or self._default_timezone)

    async def org_kinds(self, viewer: Viewer) -> list[tuple[str, dict[str, str]]]:
        """(code, names by language) of the kinds of organisation in the viewer's scope."""
        present = {org.kind for org in await self.orgs_in_scope(viewer)}
        kinds = {kind.code: kind.names for kind in await self._orgs.kinds() if kind.code in present}
        return sorted(((code, kinds.get(code, {})) for code in present), key=lambda pair: pair[0])


async def progress_of(session: AsyncSession, broadcast_id: int) -> Progress:
    stmt = (
        select(OutboxMessage.status, func.count())
        .where(OutboxMessage.broadcast_id == broadcast_id)
        .group_by(OutboxMessage.status)
    )
    counts = {status: n for status, n in (await session.execute(stmt)).all()}
    return Progress(
        total=sum(counts.values()),
        sent=counts.get(OutboxStatus.SENT, 0),
        failed=counts.get(OutboxStatus.FAILED, 0),
        unreachable=counts.get(OutboxStatus.UNREACHABLE, 0),
    )


async def failures_csv(session: AsyncSession, broadcast_id: int) -> bytes:
    """Recipients the broadcast did not reach: name, username, Telegram id, status, error."""
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
        .where(
            OutboxMessage.broadcast_id == broadcast_id,
            OutboxMessage.status.in_([OutboxStatus.FAILED, OutboxStatus.UNREACHABLE]),
        )
        .order_by(OutboxMessage.id)
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "username", "telegram_id", "status", "error"])
    for first, last, username, tg_id, status, error in (await session.execute(stmt)).all():
        name = " ".join(p for p in (first, last) if p)
        writer.writerow([_cell(name), _cell(username or ""), tg_id, status.value, _cell(error or "")])
    return out.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 with a BOM as UTF-8


def _cell(text: str) -> str:
    """A name from Telegram is user input: a leading = + - @ would run as a spreadsheet formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


async def reset_in_flight(session: AsyncSession) -> int:
    """After a restart: rows a stopped sender had claimed go back to pending. Their message may
    have been delivered just before the stop; sending it again is the one duplicate per message
    in flight that a crash can cause (the alternative, never resending, could lose it)."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == OutboxStatus.SENDING)
        .values(status=OutboxStatus.PENDING)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def parse_send_time(text: str, now: datetime, timezone: str) -> datetime:
    """ "18:30" (today, or tomorrow if past), "25.12 18:30" or "25.12.2026 18:30", local to the
    author; returned in UTC, and always in the future."""
    match = re.match(r"^\s*(?:([0-9]{1,2})\.([0-9]{1,2})(?:\.([0-9]{4}))?\s+)?([0-9]{1,2})[:.]([0-9]{2})\s*$", text)
    if not match:
        raise BadSchedule(text[:40])
    day, month, year, hour, minute = match.groups()
    zone = ZoneInfo(timezone)
    local_now = now.astimezone(zone)
    try:
        if day is None:
            moment = local_now.replace(hour=int(hour), minute=int(minute), second=0, microsecond=0)
            if moment <= local_now:
                moment += timedelta(days=1)
        else:
            moment = datetime(
                int(year or local_now.year), int(month), int(day), int(hour), int(minute), tzinfo=zone
            )
            if year is None and moment <= local_now:
                # "05.01 10:00" typed on 28 December means the coming January.
                moment = moment.replace(year=local_now.year + 1)
    except ValueError as exc:
        raise BadSchedule(text[:40]) from exc
    if moment <= local_now:
        raise BadSchedule(text[:40])
    return moment.astimezone(now.tzinfo)
