"""Reports, their files and history, and the per-organisation status of due dates: queries only."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from db.conditional import update_if
from db.models import (
    Assignment,
    EvidenceFile,
    Item,
    Membership,
    Occurrence,
    Organisation,
    Plan,
    Report,
    ReportEvent,
    ReportFile,
    ReportStatus,
    Role,
    TeacherAssignment,
    User,
)
from db.upsert import insert_ignoring_conflicts

# A due date is open for an organisation until a report is sent that was not returned.
_OPEN = or_(Report.id.is_(None), Report.status == ReportStatus.RETURNED)


class TaskRow(NamedTuple):
    item_id: int
    plan_title: str
    number: str | None
    title: str
    open_due: date | None  # the first due date not reported (or whose report was returned)
    due_dates: int


class ReportRepo:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def transition(self, report: Report, expected: ReportStatus, **values: object) -> bool:
        """Move a report on only if it still is in `expected`: one conditional statement, so two
        reviewers deciding at the same moment have one winner. The loaded object is brought up
        to date without being marked changed."""
        return await update_if(self._session, report, Report.status == expected, **values)

    # ---- one organisation's due dates ----

    async def occurrences_with_reports(
        self, item_id: int, org_id: int
    ) -> list[tuple[Occurrence, Report | None]]:
        stmt = (
            select(Occurrence, Report)
            .outerjoin(Report, and_(Report.occurrence_id == Occurrence.id, Report.org_id == org_id))
            .where(Occurrence.item_id == item_id)
            .order_by(Occurrence.due_on)
        )
        return [(occurrence, report) for occurrence, report in (await self._session.execute(stmt)).all()]

    async def org_task_rows(self, org_id: int) -> list[TaskRow]:
        """One row per item assigned to the organisation, in plan order."""
        open_due = func.min(case((_OPEN, Occurrence.due_on)))
        stmt = (
            select(Item.id, Plan.title, Item.number, Item.title, open_due, func.count(Occurrence.id))
            .select_from(Assignment)
            .join(Item, Item.id == Assignment.item_id)
            .join(Plan, Plan.id == Item.plan_id)
            .outerjoin(Occurrence, Occurrence.item_id == Item.id)
            .outerjoin(Report, and_(Report.occurrence_id == Occurrence.id, Report.org_id == org_id))
            .where(Assignment.org_id == org_id)
            .group_by(Item.id, Plan.title, Item.number, Item.title, Item.position)
            .order_by(Item.plan_id, Item.position)
        )
        return [TaskRow(*row) for row in (await self._session.execute(stmt)).all()]

    async def latest_statuses(self, org_id: int) -> dict[int, tuple[ReportStatus, date]]:
        """Item id -> (status, due date) of the organisation's latest report on it."""
        stmt = (
            select(Report.item_id, Report.status, Occurrence.due_on)
            .join(Occurrence, Occurrence.id == Report.occurrence_id)
            .where(Report.org_id == org_id)
            .order_by(Occurrence.due_on)
        )
        return {item_id: (status, due) for item_id, status, due in (await self._session.execute(stmt)).all()}

    # ---- one due date across organisations ----

    async def status_counts(self, occurrence_id: int) -> dict[ReportStatus, int]:
        stmt = (
            select(Report.status, func.count())
            .where(Report.occurrence_id == occurrence_id)
            .group_by(Report.status)
        )
        return {status: count for status, count in (await self._session.execute(stmt)).all()}

    async def assigned_count(self, item_id: int) -> int:
        stmt = select(func.count()).select_from(Assignment).where(Assignment.item_id == item_id)
        return int(await self._session.scalar(stmt) or 0)

    async def orgs_without_report(
        self, item_id: int, occurrence_id: int, offset: int, limit: int
    ) -> tuple[list[Organisation], int]:
        """Organisations given the item whose report for the due date is missing or returned."""
        base = (
            select(Organisation)
            .join(Assignment, Assignment.org_id == Organisation.id)
            .outerjoin(Report, and_(Report.occurrence_id == occurrence_id, Report.org_id == Organisation.id))
            .where(Assignment.item_id == item_id, _OPEN)
        )
        total = int(await self._session.scalar(select(func.count()).select_from(base.subquery())) or 0)
        rows = await self._session.scalars(base.order_by(Organisation.name).offset(offset).limit(limit))
        return list(rows.all()), total

    async def orgs_with_status(
        self, item_id: int, occurrence_id: int, offset: int, limit: int
    ) -> list[tuple[Organisation, ReportStatus | None]]:
        """Every organisation given the item, with its report's status for the due date."""
        stmt = (
            select(Organisation, Report.status)
            .join(Assignment, Assignment.org_id == Organisation.id)
            .outerjoin(Report, and_(Report.occurrence_id == occurrence_id, Report.org_id == Organisation.id))
            .where(Assignment.item_id == item_id)
            .order_by(Organisation.name)
            .offset(offset)
            .limit(limit)
        )
        return [(org, status) for org, status in (await self._session.execute(stmt)).all()]

    # ---- reports ----

    async def get(self, report_id: int) -> Report | None:
        return await self._session.get(Report, report_id, options=[selectinload(Report.files)])

    async def find(self, occurrence_id: int, org_id: int) -> Report | None:
        return await self._session.scalar(
            select(Report)
            .options(selectinload(Report.files))
            .where(Report.occurrence_id == occurrence_id, Report.org_id == org_id)
        )

    async def add(self, report: Report) -> Report:
        self._session.add(report)
        await self._session.flush()
        return report

    async def add_event(self, event: ReportEvent) -> None:
        self._session.add(event)
        await self._session.flush()

    async def events(self, report_id: int) -> list[tuple[ReportEvent, User | None]]:
        stmt = (
            select(ReportEvent, User)
            .outerjoin(User, User.id == ReportEvent.actor_id)
            .where(ReportEvent.report_id == report_id)
            .order_by(ReportEvent.at, ReportEvent.id)
        )
        return [(event, user) for event, user in (await self._session.execute(stmt)).all()]

    async def record_evidence(self, rows: Sequence[dict[str, object]]) -> None:
        if rows:
            statement = insert_ignoring_conflicts(self._session, EvidenceFile, ["sha256"])
            await self._session.execute(statement, list(rows))

    async def mime_types(self, hashes: Sequence[str]) -> dict[str, str]:
        if not hashes:
            return {}
        stmt = select(EvidenceFile.sha256, EvidenceFile.mime_type).where(
            EvidenceFile.sha256.in_(list(hashes))
        )
        return {sha: mime for sha, mime in (await self._session.execute(stmt)).all()}

    async def evidence_hashes(self) -> set[str]:
        return set((await self._session.scalars(select(EvidenceFile.sha256))).all())

    async def reused_files(self, report_id: int, hashes: Sequence[str]) -> dict[str, list[int]]:
        """sha256 -> ids of other reports holding the same file."""
        if not hashes:
            return {}
        stmt = (
            select(ReportFile.sha256, ReportFile.report_id)
            .where(ReportFile.sha256.in_(hashes), ReportFile.report_id != report_id)
            .distinct()
        )
        found: dict[str, list[int]] = {}
        for sha, other in (await self._session.execute(stmt)).all():
            found.setdefault(sha, []).append(other)
        return found

    async def waiting(
        self, org_ids: Sequence[int], author_roles: Sequence[Role] | None, exclude_author: int
    ) -> list[tuple[Report, Item, Organisation, User]]:
        """Submitted reports of these organisations, oldest first; optionally only by authors of
        the given roles in the report's organisation."""
        stmt = (
            select(Report, Item, Organisation, User)
            .join(Item, Item.id == Report.item_id)
            .join(Organisation, Organisation.id == Report.org_id)
            .join(User, User.id == Report.author_id)
            .where(
                Report.status == ReportStatus.SUBMITTED,
                Report.org_id.in_(org_ids),
                Report.author_id != exclude_author,
            )
            .order_by(Report.submitted_at, Report.id)
        )
        if author_roles is not None:
            stmt = stmt.where(
                select(Membership.id)
                .where(
                    Membership.user_id == Report.author_id,
                    Membership.org_id == Report.org_id,
                    Membership.role.in_(author_roles),
                )
                .exists()
            )
        return [tuple(row) for row in (await self._session.execute(stmt)).all()]  # type: ignore[misc]

    async def member_roles(self, user_id: int, org_id: int) -> set[Role]:
        stmt = select(Membership.role).where(Membership.user_id == user_id, Membership.org_id == org_id)
        return set((await self._session.scalars(stmt)).all())

    async def members_with_role(self, org_ids: Sequence[int], role: Role) -> list[tuple[int, User]]:
        stmt = (
            select(Membership.org_id, User)
            .join(User, User.id == Membership.user_id)
            .where(Membership.org_id.in_(org_ids), Membership.role == role)
        )
        return [(org_id, user) for org_id, user in (await self._session.execute(stmt)).all()]

    async def teacher_shares(self, org_id: int) -> list[tuple[int, User]]:
        """(item id, teacher) for every item the organisation's head gave to a teacher."""
        stmt = (
            select(Assignment.item_id, User)
            .join(TeacherAssignment, TeacherAssignment.assignment_id == Assignment.id)
            .join(User, User.id == TeacherAssignment.user_id)
            .where(Assignment.org_id == org_id)
        )
        return [(item_id, user) for item_id, user in (await self._session.execute(stmt)).all()]

    async def occurrence(self, occurrence_id: int) -> Occurrence | None:
        return await self._session.get(Occurrence, occurrence_id)

    async def item(self, item_id: int) -> Item | None:
        return await self._session.get(Item, item_id)

    async def user(self, user_id: int) -> User | None:
        return await self._session.get(User, user_id)

    async def flush(self) -> None:
        await self._session.flush()
