"""Plans, sections and items: queries only, the caller's unit of work commits."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.models import Item, Plan, Section


class PlanRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def find_by_title(self, org_id: int | None, key: str) -> Plan | None:
        """The plan of this organisation whose normalised title matches (a new version of it)."""
        stmt = select(Plan).where(Plan.org_id.is_(None) if org_id is None else Plan.org_id == org_id)
        for plan in (await self._session.scalars(stmt)).all():
            if title_key(plan.title) == key:
                return plan
        return None

    async def load_full(self, plan_id: int) -> Plan | None:
        stmt = (
            select(Plan)
            .where(Plan.id == plan_id)
            .options(selectinload(Plan.sections).selectinload(Section.items))
        )
        return await self._session.scalar(stmt)

    async def add(self, plan: Plan) -> Plan:
        self._session.add(plan)
        await self._session.flush()
        return plan

    async def flush(self) -> None:
        await self._session.flush()

    async def list_with_counts(self, org_ids: Sequence[int] | None = None) -> list[tuple[Plan, int]]:
        stmt = (
            select(Plan, func.count(Item.id))
            .outerjoin(Item, Item.plan_id == Plan.id)
            .group_by(Plan.id)
            .order_by(Plan.created_at.desc())
        )
        if org_ids is not None:
            stmt = stmt.where(Plan.org_id.in_(org_ids))
        return [(plan, count) for plan, count in (await self._session.execute(stmt)).all()]


def title_key(title: str | None) -> str:
    """Titles compared without case, ё/е and spacing differences."""
    return " ".join((title or "").lower().replace("ё", "е").split())
