"""What an organisation has to do: its assigned items and their next due dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Assignment, Item, Occurrence, Organisation, Plan
from db.repositories.orgs import OrgRepo
from services.clock import Clock, local_today
from services.permissions import Action, can
from services.users import Viewer


@dataclass(frozen=True)
class TaskLine:
    item_id: int
    plan_title: str
    number: str | None
    title: str
    next_due: date | None
    days_left: int | None
    # The last due date already behind, when none is ahead: the report is late (or done,
    # which reports will tell).
    last_due: date | None = None


@dataclass(frozen=True)
class OrgTasks:
    org_id: int
    org_name: str
    lines: list[TaskLine]


class TaskService:
    def __init__(self, session: AsyncSession, clock: Clock, default_timezone: str) -> None:
        self._session = session
        self._clock = clock
        self._default_timezone = default_timezone
        self._orgs = OrgRepo(session)

    async def for_viewer(self, viewer: Viewer) -> list[OrgTasks]:
        """Tasks of each organisation the viewer belongs to (and may see tasks of), soonest first."""
        result = []
        seen: set[int] = set()
        for membership in viewer.memberships:
            org_id = membership.org_id
            if org_id in seen or not can(
                viewer, Action.VIEW_TASKS, org_id, await self._orgs.ancestors(org_id)
            ):
                continue
            seen.add(org_id)
            org = await self._session.get(Organisation, org_id)
            if org is None:
                continue
            result.append(OrgTasks(org_id, org.name, await self._lines(org)))
        return result

    async def _lines(self, org: Organisation) -> list[TaskLine]:
        today = local_today(self._clock, org.timezone or self._default_timezone)
        dates = (
            select(
                Occurrence.item_id,
                func.min(Occurrence.due_on).filter(Occurrence.due_on >= today).label("next"),
                func.max(Occurrence.due_on).filter(Occurrence.due_on < today).label("last"),
            )
            .group_by(Occurrence.item_id)
            .subquery()
        )
        stmt = (
            select(Item.id, Plan.title, Item.number, Item.title, dates.c.next, dates.c.last)
            .join(Assignment, Assignment.item_id == Item.id)
            .join(Plan, Plan.id == Item.plan_id)
            .outerjoin(dates, dates.c.item_id == Item.id)
            .where(Assignment.org_id == org.id)
        )
        lines = [
            TaskLine(
                item_id,
                plan_title,
                number,
                title,
                due,
                (due - today).days if due else None,
                None if due else last,
            )
            for item_id, plan_title, number, title, due, last in (await self._session.execute(stmt)).all()
        ]
        # Late first, then by the next due date, then those without a date.
        return sorted(
            lines,
            key=lambda t: (0, t.last_due) if t.last_due else (1, t.next_due) if t.next_due else (2, date.max),
        )
