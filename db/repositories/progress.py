"""What progress is counted from: every due date of every item given to an organisation, with
the organisation's report on it, if any."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, String, and_, cast, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from db.models import (
    Assignment,
    AuditEntry,
    Broadcast,
    EvidenceFile,
    Item,
    Occurrence,
    Organisation,
    OutboxMessage,
    Plan,
    Report,
    ReportEvent,
    ReportFile,
    ReportStatus,
    Section,
    User,
)


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

    async def submitted_on(self, plan_id: int, org_ids: Sequence[int]) -> list[datetime]:
        """When each report of the organisations on the plan's items was first sent."""
        if not org_ids:
            return []
        query = (
            select(Report.submitted_at)
            .join(Item, Item.id == Report.item_id)
            .where(Item.plan_id == plan_id, Report.org_id.in_(org_ids))
        )
        return list((await self._session.scalars(query)).all())

    async def export_rows(self, plan_id: int, org_ids: Sequence[int]) -> list[ExportRecord]:
        """One row per item × organisation × due date, in the plan's order, with the report."""
        return [record async for chunk in self.export_chunks(plan_id, org_ids) for record in chunk]

    async def export_chunks(
        self, plan_id: int, org_ids: Sequence[int], size: int = 1_000
    ) -> AsyncIterator[list[ExportRecord]]:
        """`export_rows` a few thousand at a time, read as they are consumed: a region's
        60,000 rows are never all in memory."""
        if not org_ids:
            return
        result = await self._session.stream(self._export_query(plan_id, org_ids))
        try:
            async for rows in result.partitions(size):
                yield [ExportRecord(*row) for row in rows]
        finally:
            await result.close()

    @staticmethod
    def _export_query(plan_id: int, org_ids: Sequence[int]) -> Select[Any]:
        reviewer = aliased(User)
        return (
            select(
                Section.number,
                Section.title,
                Item.id,
                Item.number,
                Item.title,
                Item.deadline_text,
                Assignment.org_id,
                Organisation.name,
                Occurrence.due_on,
                Report.id,
                Report.status,
                Report.submitted_at,
                Report.event_date,
                Report.participants,
                Report.text,
                Report.link,
                reviewer.first_name,
            )
            .select_from(Item)
            .join(Section, Section.id == Item.section_id)
            .join(Assignment, Assignment.item_id == Item.id)
            .join(Organisation, Organisation.id == Assignment.org_id)
            .join(Occurrence, Occurrence.item_id == Item.id)
            .outerjoin(
                Report, and_(Report.occurrence_id == Occurrence.id, Report.org_id == Assignment.org_id)
            )
            .outerjoin(reviewer, reviewer.id == Report.reviewed_by)
            .where(Item.plan_id == plan_id, Assignment.org_id.in_(org_ids))
            .order_by(Section.position, Item.position, Organisation.name, Occurrence.due_on)
        )

    async def photos(self, plan_id: int) -> dict[int, list[str]]:
        """Report id → the sha256 of its photos (the evidence store keeps them by it), in order."""
        query = (
            select(ReportFile.report_id, ReportFile.sha256)
            .join(Report, Report.id == ReportFile.report_id)
            .join(Item, Item.id == Report.item_id)
            .where(Item.plan_id == plan_id, ReportFile.kind == "photo")
            .order_by(ReportFile.report_id, ReportFile.position)
        )
        found: dict[int, list[str]] = {}
        for report_id, sha256 in (await self._session.execute(query)).all():
            found.setdefault(report_id, []).append(sha256)
        return found

    async def evidence_files(self, plan_id: int, org_ids: Sequence[int]) -> list[EvidenceRecord]:
        """Every file of every report of the organisations on the plan, in the plan's order."""
        if not org_ids:
            return []
        query = (
            select(
                Section.number,
                Section.title,
                Item.number,
                Item.title,
                Organisation.name,
                Report.status,
                Report.event_date,
                ReportFile.position,
                ReportFile.kind,
                ReportFile.file_name,
                ReportFile.sha256,
                EvidenceFile.mime_type,
                EvidenceFile.size,
            )
            .select_from(ReportFile)
            .join(Report, Report.id == ReportFile.report_id)
            .join(EvidenceFile, EvidenceFile.sha256 == ReportFile.sha256)
            .join(Item, Item.id == Report.item_id)
            .join(Section, Section.id == Item.section_id)
            .join(Organisation, Organisation.id == Report.org_id)
            .where(Item.plan_id == plan_id, Report.org_id.in_(org_ids))
            .order_by(Section.position, Item.position, Organisation.name, Report.id, ReportFile.position)
        )
        return [EvidenceRecord(*row) for row in (await self._session.execute(query)).all()]

    async def file_names(self, plan_id: int) -> dict[int, list[str]]:
        """Report id → the names of its files (a photo has none: it is named by its place)."""
        query = (
            select(ReportFile.report_id, ReportFile.kind, ReportFile.file_name, ReportFile.position)
            .join(Report, Report.id == ReportFile.report_id)
            .join(Item, Item.id == Report.item_id)
            .where(Item.plan_id == plan_id)
            .order_by(ReportFile.report_id, ReportFile.position)
        )
        names: dict[int, list[str]] = {}
        for report_id, kind, file_name, position in (await self._session.execute(query)).all():
            names.setdefault(report_id, []).append(file_name or f"{kind}-{position + 1}")
        return names

    async def audit_rows(self, plan_id: int, org_ids: Sequence[int]) -> list[AuditRecord]:
        """Who did what on the plan, oldest first: its import, each assignment to one of
        `org_ids`, each step of their reports (submitted, amended, approved, returned); and in
        those organisations, the invitations, who joined by them, and the announcements sent."""
        actor = aliased(User)
        imported = (
            select(
                Plan.created_at,
                actor.first_name,
                literal("imported"),
                literal(None),
                literal(None),
                Plan.title,
                Plan.source_name,
            )
            .outerjoin(actor, actor.id == Plan.created_by)
            .where(Plan.id == plan_id)
        )
        assigned = (
            select(
                Assignment.created_at,
                actor.first_name,
                literal("assigned"),
                Organisation.name,
                Item.number,
                Item.title,
                literal(None),
            )
            .join(Item, Item.id == Assignment.item_id)
            .join(Organisation, Organisation.id == Assignment.org_id)
            .outerjoin(actor, actor.id == Assignment.assigned_by)
            .where(Item.plan_id == plan_id, Assignment.org_id.in_(org_ids))
        )
        reported = (
            select(
                ReportEvent.at,
                actor.first_name,
                ReportEvent.action,
                Organisation.name,
                Item.number,
                Item.title,
                ReportEvent.comment,
            )
            .join(Report, Report.id == ReportEvent.report_id)
            .join(Item, Item.id == Report.item_id)
            .join(Organisation, Organisation.id == Report.org_id)
            .outerjoin(actor, actor.id == ReportEvent.actor_id)
            .where(Item.plan_id == plan_id, Report.org_id.in_(org_ids))
        )
        # Invitations to the organisations and people joining by them; announcements sent from
        # them (the audience's kind, and how many it went to).
        invited = (
            select(
                AuditEntry.at,
                actor.first_name,
                AuditEntry.action,
                Organisation.name,
                literal(None),
                literal(None),
                AuditEntry.details["role"].as_string(),
            )
            .join(Organisation, Organisation.id == AuditEntry.org_id)
            .outerjoin(actor, actor.id == AuditEntry.actor_id)
            .where(AuditEntry.action.in_(("invite.create", "member.join")), AuditEntry.org_id.in_(org_ids))
        )
        recipients = (
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.broadcast_id == Broadcast.id)
            .scalar_subquery()
        )
        broadcast = (
            select(
                Broadcast.created_at,
                actor.first_name,
                literal("broadcast"),
                Organisation.name,
                literal(None),
                Broadcast.audience["kind"].as_string(),
                cast(recipients, String),
            )
            .join(Organisation, Organisation.id == Broadcast.org_id)
            .outerjoin(actor, actor.id == Broadcast.author_id)
            .where(Broadcast.org_id.in_(org_ids))
        )
        # Ties (one moment, as a frozen clock or one bulk assignment gives) keep the order above.
        parts = [
            part.add_columns(literal(rank).label("rank"))
            for rank, part in enumerate((imported, assigned, reported, invited, broadcast))
        ]
        union = parts[0].union_all(*parts[1:]).subquery()
        query = select(*list(union.c)[:7]).order_by(union.c[0], union.c.rank)
        return [AuditRecord(*row) for row in (await self._session.execute(query)).all()]


@dataclass(frozen=True)
class ExportRecord:
    section_number: str | None
    section_title: str | None
    item_id: int
    number: str | None
    title: str
    deadline_text: str | None
    org_id: int
    org_name: str
    due_on: date
    report_id: int | None
    status: ReportStatus | None
    submitted_at: datetime | None
    event_date: date | None
    participants: int | None
    text: str | None
    link: str | None
    reviewer: str | None


@dataclass(frozen=True)
class EvidenceRecord:
    section_number: str | None
    section_title: str | None
    number: str | None
    title: str
    org_name: str
    status: ReportStatus
    event_date: date
    position: int
    kind: str
    file_name: str | None
    sha256: str
    mime_type: str
    size: int


@dataclass(frozen=True)
class AuditRecord:
    at: datetime
    actor: str | None
    action: str
    org_name: str | None
    number: str | None
    title: str | None
    details: str | None
