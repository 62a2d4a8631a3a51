"""What an organisation has to do: its assigned items grouped as overdue, this week, later and
done, and (for heads) how each teacher stands."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from rapidfuzz import fuzz, process, utils

from db.models import ReportStatus, Role, TeacherAssignment
from db.repositories import Repositories
from services.clock import Clock, local_today
from services.errors import AccessDenied, NotFound
from services.permissions import Action, can, require
from services.report_draft import OrgStatus, org_status
from services.users import Viewer


class Group(enum.StrEnum):
    OVERDUE = "overdue"
    WEEK = "week"
    LATER = "later"
    DONE = "done"


WEEK_DAYS = 7
QUICK_CHOICES = 6  # tasks offered for a photo sent outside a flow
CAPTION_MATCH = 60  # rapidfuzz score (0–100) from which a caption is taken to name a task


@dataclass(frozen=True)
class TaskLine:
    item_id: int
    plan_title: str
    number: str | None
    title: str
    group: Group
    due: date | None  # the first due date still open; for a done item, the last reported one
    days_left: int | None
    status: OrgStatus | None  # None: no due date yet
    mine: bool = False  # given to the viewer personally by their head


@dataclass(frozen=True)
class TeacherLine:
    name: str
    counts: dict[Group, int]


@dataclass(frozen=True)
class OrgTasks:
    org_id: int
    org_name: str
    today: date  # in the organisation's time zone: what "days left" count from
    lines: list[TaskLine]
    teachers: list[TeacherLine] = field(default_factory=list)  # for heads

    def group(self, group: Group) -> list[TaskLine]:
        return [line for line in self.lines if line.group is group]


@dataclass(frozen=True)
class OpenTask:
    item_id: int
    number: str | None
    title: str
    due: date


def likely_tasks(tasks: list[OpenTask], caption: str | None, limit: int = QUICK_CHOICES) -> list[OpenTask]:
    """The tasks a photo sent without a flow is most likely for: its caption's best matches
    (token-set similarity of at least `CAPTION_MATCH`), then the nearest due."""
    picked: list[OpenTask] = []
    if caption:
        titles = {n: f"{task.number or ''} {task.title}" for n, task in enumerate(tasks)}
        for _title, score, n in process.extract(
            caption, titles, scorer=fuzz.token_set_ratio, processor=utils.default_process, limit=3
        ):
            if score >= CAPTION_MATCH:
                picked.append(tasks[n])
    for task in tasks:
        if len(picked) >= limit:
            break
        if task not in picked:
            picked.append(task)
    return picked


class TaskService:
    def __init__(self, repos: Repositories, clock: Clock, default_timezone: str) -> None:
        self._clock = clock
        self._default_timezone = default_timezone
        self._orgs = repos.orgs
        self._reports = repos.reports
        self._assignments = repos.assignments

    async def for_viewer(self, viewer: Viewer) -> list[OrgTasks]:
        """Tasks of each organisation the viewer belongs to (and may see tasks of)."""
        result = []
        seen: set[int] = set()
        mine = await self._assignments.items_of_teacher(viewer.user_id)
        for membership in viewer.memberships:
            org_id = membership.org_id
            if org_id in seen:
                continue
            ancestors = await self._orgs.ancestors(org_id)
            if not can(viewer, Action.VIEW_TASKS, org_id, ancestors):
                continue
            seen.add(org_id)
            org = await self._orgs.get(org_id)
            if org is None:
                continue
            today = local_today(self._clock, org.timezone or self._default_timezone)
            lines = await self._lines(org.id, today, mine)
            teachers: list[TeacherLine] = []
            if can(viewer, Action.ASSIGN_TO_TEACHERS, org_id, ancestors):
                teachers = await self._teachers(org_id, lines)
            result.append(OrgTasks(org_id, org.name, today, lines, teachers))
        return result

    async def open_tasks(self, viewer: Viewer) -> list[OpenTask]:
        """The open tasks of the viewer's organisations, each item once, nearest due first."""
        seen: set[int] = set()
        found = []
        for org_tasks in await self.for_viewer(viewer):
            for line in org_tasks.lines:
                if line.group is not Group.DONE and line.due is not None and line.item_id not in seen:
                    seen.add(line.item_id)
                    found.append(OpenTask(line.item_id, line.number, line.title, line.due))
        return sorted(found, key=lambda task: task.due)

    async def of_org(self, viewer: Viewer, org_id: int) -> OrgTasks:
        for tasks in await self.for_viewer(viewer):
            if tasks.org_id == org_id:
                return tasks
        raise AccessDenied(f"tasks of {org_id}")

    async def _lines(self, org_id: int, today: date, mine: set[int]) -> list[TaskLine]:
        latest = await self._reports.latest_statuses(org_id)
        lines = []
        for item_id, plan_title, number, title, open_due, dates in await self._reports.org_task_rows(org_id):
            reported = latest.get(item_id)
            if open_due is not None:
                returned = reported is not None and reported == (ReportStatus.RETURNED, open_due)
                status = OrgStatus.RETURNED if returned else org_status(None, open_due, today)
                days = (open_due - today).days
                group = Group.OVERDUE if days < 0 else Group.WEEK if days < WEEK_DAYS else Group.LATER
                due: date | None = open_due
            elif dates:
                assert reported is not None  # every due date has a report
                status, due = org_status(reported[0], reported[1], today), reported[1]
                group, days = Group.DONE, None
            else:
                status, due, group, days = None, None, Group.LATER, None
            lines.append(
                TaskLine(item_id, plan_title, number, title, group, due, days, status, item_id in mine)
            )
        order = list(Group)
        return sorted(
            lines,
            key=lambda t: (
                (order.index(t.group), t.due or date.max)
                if t.group is not Group.DONE
                else (order.index(t.group), -(t.due or date.min).toordinal())
            ),
        )

    async def _teachers(self, org_id: int, lines: list[TaskLine]) -> list[TeacherLine]:
        groups = {line.item_id: line.group for line in lines}
        counts: dict[int, tuple[str, dict[Group, int]]] = {}
        for item_id, user in await self._reports.teacher_shares(org_id):
            _name, per_group = counts.setdefault(user.id, (user.first_name, {}))
            group = groups.get(item_id)
            if group is not None:
                per_group[group] = per_group.get(group, 0) + 1
        return sorted((TeacherLine(name, c) for name, c in counts.values()), key=lambda t: t.name)


@dataclass(frozen=True)
class TeacherChoice:
    item_number: str | None
    item_title: str
    teachers: list[tuple[int, str, bool]]  # (user id, name, given the item?)


class TeacherAssignments:
    """A head gives the organisation's items to its teachers."""

    def __init__(self, repos: Repositories, clock: Clock, default_timezone: str = "") -> None:
        self._clock = clock
        self._orgs = repos.orgs
        self._repo = repos.assignments
        self._reports = repos.reports

    async def check(self, viewer: Viewer, org_id: int) -> None:
        require(viewer, Action.ASSIGN_TO_TEACHERS, org_id, await self._orgs.ancestors(org_id))

    async def teachers(self, viewer: Viewer, org_id: int, item_id: int) -> TeacherChoice:
        """Every teacher of the organisation, and whether the item is given to them."""
        await self.check(viewer, org_id)
        item = await self._reports.item(item_id)
        if item is None:
            raise NotFound(f"item {item_id}")
        assignment = await self._repo.find(item_id, org_id)
        chosen = await self._repo.teachers_of(assignment.id) if assignment else set()
        teachers = [
            (user.id, user.first_name, user.id in chosen)
            for membership, user in await self._orgs.members(org_id)
            if membership.role == Role.TEACHER
        ]
        return TeacherChoice(item.number, item.title, teachers)

    async def toggle(self, viewer: Viewer, org_id: int, item_id: int, teacher_id: int) -> bool:
        await self.check(viewer, org_id)
        assignment = await self._repo.find(item_id, org_id)
        if assignment is None:
            raise NotFound(f"item {item_id} of organisation {org_id}")
        if not await self._orgs.has_membership(teacher_id, org_id, Role.TEACHER):
            raise AccessDenied(f"user {teacher_id} is no teacher of {org_id}")
        existing = await self._repo.teacher_share(assignment.id, teacher_id)
        if existing is not None:
            await self._repo.delete(existing)
            return False
        await self._repo.add_teacher_share(
            TeacherAssignment(
                assignment_id=assignment.id,
                user_id=teacher_id,
                assigned_by=viewer.user_id,
                created_at=self._clock.now(),
            )
        )
        return True
