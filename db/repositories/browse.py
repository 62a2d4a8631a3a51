"""Reading plans: plans in reach with their item counts, sections, items, due dates. No commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Assignment, Item, Occurrence, Plan, Section


class BrowseRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def plans_with_counts(
        self, made_in: Sequence[int], given_to: Sequence[int]
    ) -> list[tuple[Plan, int]]:
        """Plans made in `made_in` or with items given to `given_to`, newest first, with item counts."""
        given = select(Item.plan_id).join(Assignment, Assignment.item_id == Item.id)
        given = given.where(Assignment.org_id.in_(given_to))
        counts = select(Item.plan_id, func.count().label("n")).group_by(Item.plan_id).subquery()
        stmt = (
            select(Plan, func.coalesce(counts.c.n, 0))
            .outerjoin(counts, counts.c.plan_id == Plan.id)
            .where(Plan.org_id.in_(made_in) | Plan.id.in_(given))
            .order_by(Plan.created_at.desc(), Plan.id.desc())
        )
        return [(plan, count) for plan, count in (await self._session.execute(stmt)).all()]

    async def plan(self, plan_id: int) -> Plan | None:
        return await self._session.get(Plan, plan_id)

    async def item(self, item_id: int) -> Item | None:
        return await self._session.get(Item, item_id)

    async def section(self, section_id: int) -> Section | None:
        return await self._session.get(Section, section_id)

    async def orgs_given_plan(self, plan_id: int, org_ids: Sequence[int]) -> set[int]:
        """Which of `org_ids` are given at least one item of the plan."""
        stmt = (
            select(Assignment.org_id)
            .join(Item, Item.id == Assignment.item_id)
            .where(Item.plan_id == plan_id, Assignment.org_id.in_(org_ids))
            .distinct()
        )
        return set((await self._session.scalars(stmt)).all())

    async def sections(self, plan_id: int) -> list[tuple[int, str | None, str | None, int]]:
        """(section id, number, title, item count), in the plan's order."""
        stmt = (
            select(Section.id, Section.number, Section.title, func.count(Item.id))
            .outerjoin(Item, Item.section_id == Section.id)
            .where(Section.plan_id == plan_id)
            .group_by(Section.id)
            .order_by(Section.position)
        )
        return [(row[0], row[1], row[2], row[3]) for row in (await self._session.execute(stmt)).all()]

    async def assigned_items(self, plan_id: int) -> int:
        """How many of the plan's items are given to at least one organisation."""
        stmt = (
            select(func.count(func.distinct(Assignment.item_id)))
            .join(Item, Item.id == Assignment.item_id)
            .where(Item.plan_id == plan_id)
        )
        return int(await self._session.scalar(stmt) or 0)

    async def item_lines(
        self, *, section_id: int | None = None, plan_id: int | None = None
    ) -> list[tuple[int, str | None, str]]:
        """(item id, number, title) of a section's or a plan's items, in order."""
        stmt = select(Item.id, Item.number, Item.title).order_by(Item.position)
        stmt = (
            stmt.where(Item.section_id == section_id)
            if section_id is not None
            else stmt.where(Item.plan_id == plan_id)
        )
        return [(row[0], row[1], row[2]) for row in (await self._session.execute(stmt)).all()]

    async def due_dates(self, item_id: int) -> list[tuple[int, date]]:
        """(occurrence id, due date) of an item, earliest first."""
        stmt = select(Occurrence.id, Occurrence.due_on).where(Occurrence.item_id == item_id)
        return [
            (row[0], row[1]) for row in (await self._session.execute(stmt.order_by(Occurrence.due_on))).all()
        ]

    async def occurrence_id(self, item_id: int, due: date) -> int | None:
        stmt = select(Occurrence.id).where(Occurrence.item_id == item_id, Occurrence.due_on == due)
        return await self._session.scalar(stmt)

    async def is_assigned(self, item_id: int, org_id: int) -> bool:
        stmt = select(Assignment.id).where(Assignment.item_id == item_id, Assignment.org_id == org_id)
        return await self._session.scalar(stmt) is not None

    async def flush(self) -> None:
        await self._session.flush()
