"""Assignments, due dates and teachers' shares of them: queries only, no commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Integer, func, literal, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from db.base import UTCDateTime
from db.models import Assignment, Item, Occurrence, Organisation, TeacherAssignment
from db.statistics import BULK_ROWS, refresh_statistics
from db.upsert import insert_ignoring_conflicts


class AssignmentRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add_pairs(
        self, item_ids: Sequence[int], org_ids: Sequence[int], assigned_by: int | None, at: datetime
    ) -> None:
        """Every item to every organisation, in one INSERT … SELECT built by the database."""
        pairs = (
            select(
                Item.id,
                Organisation.id,
                literal(assigned_by, type_=Integer),
                literal(at, type_=UTCDateTime()),
            )
            .select_from(Item)
            .join(Organisation, true())  # a deliberate cross join
            .where(Item.id.in_(item_ids), Organisation.id.in_(org_ids))
        )
        statement = insert_ignoring_conflicts(self._session, Assignment, ["item_id", "org_id"]).from_select(
            ["item_id", "org_id", "assigned_by", "created_at"], pairs
        )
        await self._session.execute(statement)

    async def after_adding(self, added: int) -> None:
        """After many assignments at once the planner is told of them (see db.statistics)."""
        if added >= BULK_ROWS:
            await refresh_statistics(self._session, ["assignments", "occurrences"])

    async def count_for_items(self, item_ids: Sequence[int]) -> int:
        stmt = select(func.count()).select_from(Assignment).where(Assignment.item_id.in_(item_ids))
        return int(await self._session.scalar(stmt) or 0)

    async def add_due_dates(self, rows: Sequence[dict[str, Any]]) -> None:
        """Rows of item_id, due_on, manual; a date an item already has is left alone."""
        if rows:
            statement = insert_ignoring_conflicts(self._session, Occurrence, ["item_id", "due_on"])
            await self._session.execute(statement, list(rows))

    async def due_dates(self, item_id: int) -> list[date]:
        stmt = select(Occurrence.due_on).where(Occurrence.item_id == item_id).order_by(Occurrence.due_on)
        return list((await self._session.scalars(stmt)).all())

    async def assigned_orgs(self, item_id: int) -> set[int]:
        stmt = select(Assignment.org_id).where(Assignment.item_id == item_id)
        return set((await self._session.scalars(stmt)).all())

    async def find(self, item_id: int, org_id: int) -> Assignment | None:
        return await self._session.scalar(
            select(Assignment).where(Assignment.item_id == item_id, Assignment.org_id == org_id)
        )

    async def delete(self, obj: object) -> None:
        await self._session.delete(obj)
        await self._session.flush()

    async def counts_for_plan(self, plan_id: int) -> dict[int, int]:
        """Item id -> how many organisations it is given to."""
        stmt = (
            select(Assignment.item_id, func.count())
            .join(Item, Item.id == Assignment.item_id)
            .where(Item.plan_id == plan_id)
            .group_by(Assignment.item_id)
        )
        return {item_id: count for item_id, count in (await self._session.execute(stmt)).all()}

    # ---- teachers ----

    async def teachers_of(self, assignment_id: int) -> set[int]:
        stmt = select(TeacherAssignment.user_id).where(TeacherAssignment.assignment_id == assignment_id)
        return set((await self._session.scalars(stmt)).all())

    async def teacher_share(self, assignment_id: int, user_id: int) -> TeacherAssignment | None:
        return await self._session.scalar(
            select(TeacherAssignment).where(
                TeacherAssignment.assignment_id == assignment_id, TeacherAssignment.user_id == user_id
            )
        )

    async def add_teacher_share(self, share: TeacherAssignment) -> None:
        self._session.add(share)
        await self._session.flush()

    async def items_of_teacher(self, user_id: int) -> set[int]:
        stmt = (
            select(Assignment.item_id)
            .join(TeacherAssignment, TeacherAssignment.assignment_id == Assignment.id)
            .where(TeacherAssignment.user_id == user_id)
        )
        return set((await self._session.scalars(stmt)).all())
