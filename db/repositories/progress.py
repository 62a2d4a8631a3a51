"""What progress is counted from: every due date of every item given to an organisation, with
the organisation's report on it, if any."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Assignment, Item, Occurrence, Report, ReportStatus


class ProgressRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def due_dates(
        self, plan_id: int, org_ids: Sequence[int]
    ) -> list[tuple[int, int, date, ReportStatus | None]]:
        """(section id, organisation id, due date, report status) for each organisation given
        an item of the plan and each due date of that item; one query, no ORM objects."""
        if not org_ids:
            return []
        query = (
            select(Item.section_id, Assignment.org_id, Occurrence.due_on, Report.status)
            .join(Assignment, Assignment.item_id == Item.id)
            .join(Occurrence, Occurrence.item_id == Item.id)
            .outerjoin(
                Report, and_(Report.occurrence_id == Occurrence.id, Report.org_id == Assignment.org_id)
            )
            .where(Item.plan_id == plan_id, Assignment.org_id.in_(org_ids))
        )
        return [tuple(row) for row in (await self._session.execute(query)).all()]  # type: ignore[misc]
