"""Broadcasts: who an announcement goes to, its outbox (one row per recipient, written at once),
cancelling, progress and the delivery list. Sending is the bot's (bot/broadcaster.py)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from db.models import Broadcast, BroadcastStatus, OutboxStatus, Role
from db.repositories import Repositories
from db.repositories.broadcasts import DeliveryRow, FailedRecipient, Recipient
from services.audience import (
    Audience,
    ByOrgKind,
    ByRole,
    ChosenOrgs,
    District,
    Everyone,
    NotReported,
    Overdue,
    audience_as_dict,
)
from services.clock import Clock, local_today
from services.errors import AccessDenied, DomainError, NotFound
from services.orgs import OrgInfo
from services.permissions import Action, can
from services.refs import ItemInfo, PlanRef
from services.users import Viewer


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

    @classmethod
    def of(cls, counts: dict[OutboxStatus, int]) -> Progress:
        return cls(
            total=sum(counts.values()),
            sent=counts.get(OutboxStatus.SENT, 0),
            failed=counts.get(OutboxStatus.FAILED, 0),
            unreachable=counts.get(OutboxStatus.UNREACHABLE, 0),
        )


@dataclass(frozen=True)
class BroadcastState:
    broadcast_id: int
    status: BroadcastStatus


@dataclass(frozen=True)
class PastBroadcast:
    broadcast_id: int
    created_at: datetime
    status: BroadcastStatus
    progress: Progress


@dataclass(frozen=True)
class Delivery:
    broadcast_id: int
    rows: list[DeliveryRow]
    total: int


class BroadcastService:
    def __init__(self, repos: Repositories, clock: Clock, default_timezone: str) -> None:
        self._clock = clock
        self._default_timezone = default_timezone
        self._orgs = repos.orgs
        self._repo = repos.broadcasts
        self._browse = repos.browse

    async def scope(self, viewer: Viewer) -> OrgInfo:
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
                    return OrgInfo.of(org)
        raise AccessDenied("broadcast")

    def is_admin_of(self, viewer: Viewer, org_id: int) -> bool:
        return any(m.role == Role.ADMIN and m.org_id == org_id for m in viewer.memberships)

    async def may_choose_widely(self, viewer: Viewer) -> bool:
        """Admins choose organisations, kinds, districts and plans; heads only everyone or a role."""
        return self.is_admin_of(viewer, (await self.scope(viewer)).id)

    async def recipients(self, viewer: Viewer, audience: Audience) -> tuple[list[Recipient], int]:
        """Reachable recipients, and how many were left out as unreachable."""
        scope = await self.scope(viewer)
        admin = self.is_admin_of(viewer, scope.id)
        if not admin and not isinstance(audience, Everyone | ByRole):
            raise AccessDenied(f"audience {audience_as_dict(audience)['kind']}")
        reach = [org.id for org in await self._orgs.subtree([scope.id])] if admin else [scope.id]
        org_ids = await self._audience_orgs(audience, reach)
        role = audience.role if isinstance(audience, ByRole) else None
        rows = await self._repo.members_of(org_ids, besides=viewer.user_id, role=role)
        reachable = sorted((r for r in rows if r.reachable), key=lambda r: (r.user_id, r.chat_id))
        return reachable, len(rows) - len(reachable)

    async def _audience_orgs(self, audience: Audience, reach: list[int]) -> list[int]:
        inside = set(reach)
        match audience:
            case Everyone() | ByRole():
                return reach
            case ByOrgKind(org_kind=kind):
                return await self._repo.orgs_of_kind(reach, kind)
            case District(org_id=district):
                if district not in inside:
                    raise AccessDenied(f"district {district}")
                return [org.id for org in await self._orgs.subtree([district])]
            case ChosenOrgs(org_ids=chosen):
                if not chosen or not set(chosen) <= inside:
                    raise AccessDenied("organisations")
                return list(chosen)
            case Overdue(plan_id=plan_id):
                today = local_today(self._clock, self._default_timezone)
                return await self._repo.orgs_overdue(plan_id, reach, today)
            case NotReported(item_id=item_id):
                return await self._orgs_not_reported(item_id, reach)
        raise AccessDenied("audience")

    async def _orgs_not_reported(self, item_id: int, reach: list[int]) -> list[int]:
        """Organisations given the item that have not reported its latest due date reached (or
        its first one, if none is reached yet)."""
        today = local_today(self._clock, self._default_timezone)
        dates = await self._browse.due_dates(item_id)
        if not dates:
            raise NotFound(f"due dates of {item_id}")
        reached = [row for row in dates if row[1] <= today]
        occurrence_id = (reached[-1] if reached else dates[0])[0]
        return await self._repo.orgs_not_reported(item_id, occurrence_id, reach)

    async def create(
        self,
        viewer: Viewer,
        audience: Audience,
        source_chat_id: int,
        message_ids: list[int],
        scheduled_at: datetime | None = None,
    ) -> tuple[int, int]:
        """The broadcast and its whole outbox, in one transaction: its id and the recipients count."""
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
            audience=audience_as_dict(audience),
            status=BroadcastStatus.SCHEDULED if scheduled_at else BroadcastStatus.SENDING,
            scheduled_at=scheduled_at,
            created_at=now,
        )
        await self._repo.add(broadcast, recipients)
        return broadcast.id, len(recipients)

    async def own(self, viewer: Viewer, broadcast_id: int) -> BroadcastState:
        """The viewer's own broadcast and its status."""
        broadcast = await self._own(viewer, broadcast_id)
        return BroadcastState(broadcast.id, broadcast.status)

    async def _own(self, viewer: Viewer, broadcast_id: int) -> Broadcast:
        broadcast = await self._repo.get(broadcast_id)
        if broadcast is None:
            raise NotFound(f"broadcast {broadcast_id}")
        if broadcast.author_id != viewer.user_id:
            raise AccessDenied(f"broadcast {broadcast_id}")
        return broadcast

    async def set_progress_message(self, viewer: Viewer, broadcast_id: int, message_id: int) -> None:
        (await self._own(viewer, broadcast_id)).progress_message_id = message_id
        await self._repo.flush()

    async def cancel(self, viewer: Viewer, broadcast_id: int) -> BroadcastState:
        """Stop a broadcast still sending or scheduled; one conditional statement, so a stop and
        the sender finishing at the same moment leave one consistent status (the one returned:
        cancelled, or what it had become a moment before)."""
        broadcast = await self._own(viewer, broadcast_id)
        await self._repo.stop(broadcast, self._clock.now())
        return BroadcastState(broadcast.id, broadcast.status)

    async def progress(self, broadcast_id: int) -> Progress:
        return Progress.of(await self._repo.status_counts(broadcast_id))

    async def mine(self, viewer: Viewer, limit: int = 40) -> list[PastBroadcast]:
        found = await self._repo.by_author(viewer.user_id, limit)
        return [PastBroadcast(b.id, b.created_at, b.status, await self.progress(b.id)) for b in found]

    async def delivery(self, viewer: Viewer, broadcast_id: int, offset: int, limit: int) -> Delivery:
        await self._own(viewer, broadcast_id)
        rows, total = await self._repo.delivery(broadcast_id, offset, limit)
        return Delivery(broadcast_id, rows, total)

    async def failures_csv(self, viewer: Viewer, broadcast_id: int) -> bytes:
        await self._own(viewer, broadcast_id)
        return failures_csv(await self._repo.failed(broadcast_id))

    async def plans_in_scope(self, viewer: Viewer) -> list[PlanRef]:
        scope = await self.scope(viewer)
        plans = await self._repo.plans_of([org.id for org in await self._orgs.subtree([scope.id])])
        return [PlanRef.of(plan) for plan in plans]

    async def districts(self, viewer: Viewer) -> list[OrgInfo]:
        return [OrgInfo.of(org) for org in await self._repo.children((await self.scope(viewer)).id)]

    async def orgs_in_scope(self, viewer: Viewer) -> list[OrgInfo]:
        scope = await self.scope(viewer)
        return [OrgInfo.of(org) for org in await self._orgs.subtree([scope.id]) if org.id != scope.id]

    async def items_of(self, viewer: Viewer, plan_id: int) -> list[ItemInfo]:
        if plan_id not in {plan.plan_id for plan in await self.plans_in_scope(viewer)}:
            raise AccessDenied(f"plan {plan_id}")
        return [ItemInfo.of(item) for item in await self._repo.items_of(plan_id)]

    def timezone_of(self, viewer: Viewer) -> ZoneInfo:
        return ZoneInfo(viewer.timezone or self._default_timezone)

    def send_time(self, viewer: Viewer, text: str) -> datetime:
        """A time the author typed, in their zone, as a moment in the future (UTC)."""
        return parse_send_time(text, self._clock.now(), str(self.timezone_of(viewer)))

    async def org_kinds(self, viewer: Viewer) -> list[tuple[str, dict[str, str]]]:
        """(code, names by language) of the kinds of organisation in the viewer's scope."""
        present = {org.kind for org in await self.orgs_in_scope(viewer)}
        kinds = {kind.code: kind.names for kind in await self._orgs.kinds() if kind.code in present}
        return sorted(((code, kinds.get(code, {})) for code in present), key=lambda pair: pair[0])


def failures_csv(rows: list[FailedRecipient]) -> bytes:
    """Recipients the broadcast did not reach: name, username, Telegram id, status, error."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["name", "username", "telegram_id", "status", "error"])
    for row in rows:
        name = " ".join(p for p in (row.first_name, row.last_name) if p)
        writer.writerow(
            [_cell(name), _cell(row.username or ""), row.tg_id, row.status.value, _cell(row.error or "")]
        )
    return out.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 with a BOM as UTF-8


def _cell(text: str) -> str:
    """A name from Telegram is user input: a leading = + - @ would run as a spreadsheet formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def parse_send_time(text: str, now: datetime, timezone: str) -> datetime:
    """ "18:30" (today, or tomorrow if past), "25.12 18:30" or "25.12.2026 18:30", local to the
    author; returned in UTC, and always in the future."""
    match = re.match(
        r"^\s*(?:([0-9]{1,2})\.([0-9]{1,2})(?:\.([0-9]{4}))?\s+)?([0-9]{1,2})[:.]([0-9]{2})\s*$", text
    )
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
