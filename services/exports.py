"""What an execution report of a plan is made of: every item × organisation × due date of the
part of the tree asked for, with its report and standing, and the tallies by section and by
district. The files themselves are written by `services.export_xlsx` (off the event loop)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from db.models import Organisation, ReportStatus
from db.repositories import Repositories
from db.repositories.progress import AuditRecord, EvidenceRecord, ExportRecord
from services.clock import Clock, local_today
from services.errors import AccessDenied, NotFound
from services.progress import (
    ProgressService,
    Standing,
    Tally,
    districts_of,
    reach_of,
    section_name,
    standing,
    tally,
)
from services.refs import PlanRef
from services.users import Viewer

REPORT_STATUS_KEYS = {
    ReportStatus.APPROVED: "export-status-done",
    ReportStatus.SUBMITTED: "export-status-review",
    ReportStatus.RETURNED: "export-status-returned",
}
STATUS_KEYS = (*REPORT_STATUS_KEYS.values(), "export-status-overdue", "export-status-waiting")


def status_key(status: ReportStatus | None, standing: Standing) -> str:
    """The locale key of what a row or a file says of its organisation: its report's state, or
    where the date stands when there is no report."""
    if status in REPORT_STATUS_KEYS:
        return REPORT_STATUS_KEYS[status]
    return "export-status-overdue" if standing is Standing.OVERDUE else "export-status-waiting"


@dataclass(frozen=True)
class ExportLine:
    record: ExportRecord
    standing: Standing
    section: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class PlanExport:
    plan: PlanRef
    scope_name: str
    today: date
    lines: list[ExportLine]
    sections: list[Tally]
    districts: list[Tally]  # the organisations themselves when there are no levels below


class ExportService:
    def __init__(self, repos: Repositories, clock: Clock, default_timezone: str) -> None:
        self._repos = repos
        self._clock = clock
        self._default_timezone = default_timezone

    async def gather(self, viewer: Viewer | None, plan_id: int, org_id: int | None = None) -> PlanExport:
        """`viewer` None: a trusted caller (the CLI) exporting `org_id`'s part, or the plan's
        organisation's. A viewer exports what they answer for (a head: their organisation), or
        the part of it under `org_id`."""
        stream = await self.stream(viewer, plan_id, org_id)
        lines = [line async for chunk in stream.chunks() for line in chunk]
        return PlanExport(
            stream.plan, stream.scope_name, stream.today, lines, stream.sections, stream.districts
        )

    async def stream(self, viewer: Viewer | None, plan_id: int, org_id: int | None = None) -> ExportStream:
        """`gather`, to be read a chunk at a time: the access is checked now, the rows are read
        as they are consumed."""
        scope = await self._scope(viewer, plan_id, org_id)
        files = await self._repos.progress.file_names(plan_id)
        chunks = self._repos.progress.export_chunks(plan_id, scope.org_ids)
        return ExportStream(scope, local_today(self._clock, scope.timezone), chunks, files)

    async def report_document(
        self, viewer: Viewer | None, plan_id: int, org_id: int | None = None
    ) -> ReportDocument:
        """What the DOCX «Информация о ходе выполнения» is written from: the export, the plan's
        outline (every item, given out or not) and the approved reports' photos."""
        export = await self.gather(viewer, plan_id, org_id)
        plan = await self._repos.plans.load_full(plan_id)
        outline = [
            (
                section_name(section.number, section.title) if section.number or section.title else "",
                [
                    OutlineItem(item.id, item.number, item.title, item.deadline_text, item.responsible)
                    for item in section.items
                ],
            )
            for section in (plan.sections if plan else [])
        ]
        return ReportDocument(export, outline, await self._repos.progress.photos(plan_id))

    async def evidence(
        self, viewer: Viewer | None, plan_id: int, org_id: int | None = None
    ) -> tuple[PlanRef, list[EvidenceRecord]]:
        """Every file of the reports of the same part of the tree as `gather`."""
        scope = await self._scope(viewer, plan_id, org_id)
        return scope.plan, await self._repos.progress.evidence_files(plan_id, scope.org_ids)

    async def audit(self, viewer: Viewer | None, plan_id: int, org_id: int | None = None) -> AuditExport:
        """Who imported the plan, assigned its items, reported and reviewed, for the same part
        of the tree as `gather`."""
        scope = await self._scope(viewer, plan_id, org_id)
        rows = await self._repos.progress.audit_rows(plan_id, scope.org_ids)
        return AuditExport(scope.plan, ZoneInfo(scope.timezone), rows)

    async def _scope(self, viewer: Viewer | None, plan_id: int, org_id: int | None) -> ExportScope:
        plan = await self._repos.browse.plan(plan_id)
        if plan is None:
            raise NotFound(f"plan {plan_id}")
        reach: set[int] | None = None
        orgs: dict[int, Organisation] = {}
        if viewer is not None:
            membership = ProgressService.scope_of(viewer)
            tree, reached = await reach_of(self._repos, membership)
            reach = set(reached)
            root = org_id if org_id is not None else membership.org_id
            if root not in reach:
                raise AccessDenied(f"export of organisation {root}")
            if root == membership.org_id:
                orgs = tree  # the same subtree: not asked for again
        else:
            root = org_id if org_id is not None else plan.org_id
        if root is not None and not orgs:
            orgs = {org.id: org for org in await self._repos.orgs.subtree([root])}
        org_ids = [o for o in orgs if reach is None or o in reach]
        # Not their plan: theirs to export only if items of it are given to them.
        outside = reach is not None and plan.org_id not in reach
        if outside and not await self._repos.browse.orgs_given_plan(plan_id, org_ids):
            raise AccessDenied(f"export of plan {plan_id}")
        timezone = (viewer.timezone if viewer else None) or self._default_timezone
        name = orgs[root].name if root in orgs else plan.title
        return ExportScope(PlanRef.of(plan), root, orgs, org_ids, name, timezone)


@dataclass(frozen=True)
class OutlineItem:
    item_id: int
    number: str | None
    title: str
    deadline_text: str | None
    responsible: str | None


@dataclass(frozen=True)
class ReportDocument:
    export: PlanExport
    outline: list[tuple[str, list[OutlineItem]]]  # (section heading, its items), in order
    photos: dict[int, list[str]]  # report id → photo sha256s


@dataclass(frozen=True)
class ExportScope:
    plan: PlanRef
    root: int | None
    orgs: dict[int, Organisation]
    org_ids: list[int]
    name: str
    timezone: str


@dataclass(frozen=True)
class AuditExport:
    plan: PlanRef
    timezone: ZoneInfo
    rows: list[AuditRecord]


class ExportStream:
    """An export read as it is written: its lines a chunk at a time, then the tallies by
    section and by district, counted on the way."""

    def __init__(
        self,
        scope: ExportScope,
        today: date,
        records: AsyncIterator[list[ExportRecord]],
        files: dict[int, list[str]],
    ) -> None:
        self.plan = scope.plan
        self.scope_name = scope.name
        self.today = today
        self._scope = scope
        self._records = records
        self._files = files
        self._by_section: dict[str, list[Standing]] = {}
        self._by_org: dict[int, list[Standing]] = defaultdict(list)
        self._read = False

    async def chunks(self) -> AsyncIterator[list[ExportLine]]:
        today, files = self.today, self._files
        async for records in self._records:
            lines = [
                ExportLine(
                    record,
                    standing(record.status, record.due_on, today),
                    section_name(record.section_number, record.section_title),
                    tuple(files.get(record.report_id, ())) if record.report_id else (),
                )
                for record in records
            ]
            for line in lines:
                self._by_section.setdefault(line.section, []).append(line.standing)
                self._by_org[line.record.org_id].append(line.standing)
            yield lines
        self._read = True

    @property
    def sections(self) -> list[Tally]:
        assert self._read, "the tallies are known once every chunk was read"
        return [tally(name, marks) for name, marks in self._by_section.items()]

    @property
    def districts(self) -> list[Tally]:
        """By the children of the export's organisation; the organisations themselves when
        there are no levels below."""
        assert self._read, "the tallies are known once every chunk was read"
        root, orgs = self._scope.root, self._scope.orgs
        if root is not None and (districts := districts_of(root, orgs, self._by_org)):
            return districts
        return [tally(orgs[org_id].name, marks) for org_id, marks in self._by_org.items() if org_id in orgs]
