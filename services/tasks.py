"""What an organisation has to do: its assigned items and their next due dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Organisation, Role, TeacherAssignment
from db.repositories.assignments import AssignmentRepo
from db.repositories.orgs import OrgRepo
from services.clock import Clock, local_today
from services.errors import AccessDenied, NotFound
from services.permissions import Action, can, require
from services.users import Viewer


@dataclass(frozen=True)
class TaskLine:
    item_id: int
    plan_title: str
    number: str | None
    title: str
    next_due: date | None
    days_left: int | None
    mine: bool = False  # given to the viewer personally by their head
    # The last due date already behind, when none is ahead: the report is late (or done,
    # which reports will tell).
    last_due: date | None = None


@dataclass(frozen=True)
class OrgTasks:
    org_id: int
    org_name: str
    lines: list[TaskLine]


class TaskService:
    def __init__(self, session: AsyncSession, clock: Clock, default_timezone: str) -> None:
        self._session = session
        self._clock = clock
        self._default_timezone = default_timezone
        self._orgs = OrgRepo(session)

    async def for_viewer(self, viewer: Viewer) -> list[OrgTasks]:
        """Tasks of each organisation the viewer belongs to (and may see tasks of), soonest first."""
        result = []
        seen: set[int] = set()
        mine = await AssignmentRepo(self._session).items_of_teacher(viewer.user_id)
        for membership in viewer.memberships:
            org_id = membership.org_id
            if org_id in seen or not can(
                viewer, Action.VIEW_TASKS, org_id, await self._orgs.ancestors(org_id)
            ):
                continue
            seen.add(org_id)
            org = await self._orgs.get(org_id)
            if org is None:
                continue
            result.append(OrgTasks(org_id, org.name, await self._lines(org, mine)))
        return result

    async def _lines(self, org: Organisation, mine: set[int]) -> list[TaskLine]:
        today = local_today(self._clock, org.timezone or self._default_timezone)
        rows = await AssignmentRepo(self._session).org_items_with_dates(org.id, today)
        lines = [
            TaskLine(
                item_id,
                plan_title,
                number,
                title,
                due,
                (due - today).days if due else None,
                mine=item_id in mine,
                last_due=None if due else last,
            )
            for item_id, plan_title, number, title, due, last in rows
        ]
        # Late first, then by the next due date, then those without a date.
        return sorted(
            lines,
            key=lambda t: (0, t.last_due) if t.last_due else (1, t.next_due) if t.next_due else (2, date.max),
        )


class TeacherAssignments:
    """A head gives the organisation's items to its teachers."""

    def __init__(self, session: AsyncSession, clock: Clock) -> None:
        self._clock = clock
        self._orgs = OrgRepo(session)
        self._repo = AssignmentRepo(session)

    async def check(self, viewer: Viewer, org_id: int) -> None:
        require(viewer, Action.ASSIGN_TO_TEACHERS, org_id, await self._orgs.ancestors(org_id))

    async def teachers(self, viewer: Viewer, org_id: int, item_id: int) -> list[tuple[int, str, bool]]:
        """(user id, name, assigned?) for every teacher of the organisation."""
        await self.check(viewer, org_id)
        assignment = await self._repo.find(item_id, org_id)
        chosen = await self._repo.teachers_of(assignment.id) if assignment else set()
        return [
            (user.id, user.first_name, user.id in chosen)
            for membership, user in await self._orgs.members(org_id)
            if membership.role == Role.TEACHER
        ]

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
