"""What an execution report of a plan is made of: every item × organisation × due date of the
part of the tree asked for, with its report and standing, and the tallies by section and by
district. The files themselves are written by `services.export_xlsx` (off the event loop)."""

from __future__ import annotations

from collections import defaultdict
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
        scope = await self._scope(viewer, plan_id, org_id)
        records = await self._repos.progress.export_rows(plan_id, scope.org_ids)
        today = local_today(self._clock, scope.timezone)
        files = await self._repos.progress.file_names(plan_id)
        lines = [
            ExportLine(
                record,
                standing(record.status, record.due_on, today),
                section_name(record.section_number, record.section_title),
                tuple(files.get(record.report_id, ())) if record.report_id else (),
            )
            for record in records
        ]
        return PlanExport(
            scope.plan,
            scope.name,
            today,
            lines,
            _by_section(lines),
            _by_district(scope.root, scope.orgs, lines),
        )

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


def _by_section(lines: list[ExportLine]) -> list[Tally]:
    grouped: dict[str, list[Standing]] = {}
    for line in lines:
        grouped.setdefault(line.section, []).append(line.standing)
    return [tally(name, marks) for name, marks in grouped.items()]


def _by_district(root: int | None, orgs: dict[int, Organisation], lines: list[ExportLine]) -> list[Tally]:
    by_org: dict[int, list[Standing]] = defaultdict(list)
    for line in lines:
        by_org[line.record.org_id].append(line.standing)
    if root is not None and (districts := districts_of(root, orgs, by_org)):
        return districts
    return [tally(orgs[org_id].name, marks) for org_id, marks in by_org.items() if org_id in orgs]
