"""What an execution report of a plan is made of: every item × organisation × due date of the
part of the tree asked for, with its report and standing, and the tallies by section and by
district. The files themselves are written by `services.export_xlsx` (off the event loop)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from db.models import Organisation
from db.repositories import Repositories
from db.repositories.progress import ExportRecord
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
        plan = await self._repos.browse.plan(plan_id)
        if plan is None:
            raise NotFound(f"plan {plan_id}")
        reach: set[int] | None = None
        if viewer is not None:
            scope = ProgressService.scope_of(viewer)
            reach = set(await reach_of(self._repos, scope))
            root = org_id if org_id is not None else scope.org_id
            if root not in reach:
                raise AccessDenied(f"export of organisation {root}")
        else:
            root = org_id if org_id is not None else plan.org_id
        orgs = {org.id: org for org in await self._repos.orgs.subtree([root])} if root is not None else {}
        org_ids = [o for o in orgs if reach is None or o in reach]
        records = await self._repos.progress.export_rows(plan_id, org_ids)
        if viewer is not None and not records and plan.org_id not in (reach or set()):
            raise AccessDenied(f"export of plan {plan_id}")
        timezone = (viewer.timezone if viewer else None) or self._default_timezone
        today = local_today(self._clock, timezone)
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
        scope_name = orgs[root].name if root in orgs else plan.title
        return PlanExport(
            PlanRef.of(plan), scope_name, today, lines, _by_section(lines), _by_district(root, orgs, lines)
        )


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
