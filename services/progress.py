"""How far a plan has got, for the part of the tree a user answers for: every due date of every
item given to an organisation is done (approved), on review, overdue, due this week or later;
counted for the whole plan, by section, by district (the children of the user's organisation)
and by organisation, worst first."""

from __future__ import annotations

import enum
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from db.models import Organisation, ReportStatus
from db.repositories import Repositories
from services.clock import Clock, local_today
from services.errors import AccessDenied
from services.permissions import PERMISSIONS, Action, Scope, acting_membership
from services.refs import PlanRef
from services.users import MembershipView, Viewer

WEEK = timedelta(days=7)


class Standing(enum.StrEnum):
    DONE = "done"  # the report was approved
    REVIEW = "review"  # reported, not yet reviewed
    OVERDUE = "overdue"  # past its date with no report (or one returned)
    WEEK = "week"  # due within seven days
    LATER = "later"


def standing(status: ReportStatus | None, due_on: date, today: date) -> Standing:
    if status is ReportStatus.APPROVED:
        return Standing.DONE
    if status is ReportStatus.SUBMITTED:
        return Standing.REVIEW
    if due_on < today:  # a returned report is not done: the date still counts
        return Standing.OVERDUE
    return Standing.WEEK if due_on <= today + WEEK else Standing.LATER


@dataclass(frozen=True)
class Tally:
    """Counts of due dates by standing, with what a line of a list needs."""

    name: str
    counts: dict[Standing, int] = field(default_factory=dict)
    key: int | None = None  # the section's or organisation's id, to drill down

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def count(self, standing: Standing) -> int:
        return self.counts.get(standing, 0)

    @property
    def percent_done(self) -> int:
        return round(100 * self.count(Standing.DONE) / self.total) if self.total else 0

    @property
    def badness(self) -> tuple[float, float]:
        """Worst first: the largest share overdue, then the smallest share done."""
        total = self.total or 1
        return (-self.count(Standing.OVERDUE) / total, self.count(Standing.DONE) / total)


def tally(name: str, standings: Iterable[Standing], key: int | None = None) -> Tally:
    return Tally(name, dict(Counter(standings)), key)


@dataclass(frozen=True)
class PlanProgress:
    plan: PlanRef
    scope_name: str  # the organisation whose part of the tree is counted
    today: date
    whole: Tally
    sections: list[Tally]  # in the plan's order
    districts: list[Tally]  # worst first; empty when the scope has no organisations below
    orgs: list[Tally]  # worst first


@dataclass(frozen=True)
class WeeklyReports:
    progress: PlanProgress
    start: date
    end: date
    submitted: list[date]


class ProgressService:
    def __init__(self, repos: Repositories, clock: Clock, default_timezone: str) -> None:
        self._repos = repos
        self._clock = clock
        self._default_timezone = default_timezone

    @staticmethod
    def scope_of(viewer: Viewer) -> MembershipView:
        """The membership progress is read through."""
        return acting_membership(viewer, Action.VIEW_PROGRESS)

    async def plans(self, viewer: Viewer) -> list[PlanRef]:
        """Plans with items given to organisations the viewer answers for, newest first."""
        _tree, org_ids = await reach_of(self._repos, self.scope_of(viewer))
        found = await self._repos.browse.plans_with_counts([], org_ids)
        return [PlanRef.of(plan) for plan, _count in found]

    async def active_plans(self, viewer: Viewer, since: date) -> list[PlanRef]:
        """The plans of `plans` still running on `since` or after: begun by today (in the
        viewer's time zone) and not ended before `since` (plans without a period count)."""
        today = local_today(self._clock, viewer.timezone or self._default_timezone)
        return [
            plan
            for plan in await self.plans(viewer)
            if (plan.period_start is None or plan.period_start <= today)
            and (plan.period_end is None or plan.period_end >= since)
        ]

    async def plan(self, viewer: Viewer, plan_id: int) -> PlanProgress:
        return (await self._counted(viewer, plan_id))[0]

    async def _counted(self, viewer: Viewer, plan_id: int) -> tuple[PlanProgress, list[int]]:
        """The plan's progress, and the organisations it was counted over."""
        scope = self.scope_of(viewer)
        orgs, org_ids = await reach_of(self._repos, scope)
        plan = await self._repos.browse.plan(plan_id)
        rows = await self._repos.progress.due_dates(plan_id, org_ids) if plan is not None else []
        if plan is None or not rows:
            raise AccessDenied(f"progress of plan {plan_id}")
        today = local_today(self._clock, viewer.timezone or self._default_timezone)
        by_section: dict[int, list[Standing]] = defaultdict(list)
        by_org: dict[int, list[Standing]] = defaultdict(list)
        for section_id, org_id, due_on, status in rows:
            mark = standing(status, due_on, today)
            by_section[section_id].append(mark)
            by_org[org_id].append(mark)
        sections = [
            tally(section_name(number, title), by_section[section_id], section_id)
            for section_id, number, title, _items in await self._repos.browse.sections(plan_id)
            if section_id in by_section
        ]
        progress = PlanProgress(
            plan=PlanRef.of(plan),
            scope_name=scope.org_name,
            today=today,
            whole=tally(plan.title, (mark for marks in by_org.values() for mark in marks)),
            sections=sections,
            districts=worst_first(districts_of(scope.org_id, orgs, by_org)),
            orgs=worst_first(tally(orgs[org_id].name, marks, org_id) for org_id, marks in by_org.items()),
        )
        return progress, org_ids

    async def weekly(self, viewer: Viewer, plan_id: int) -> WeeklyReports:
        """When the reports came, for a chart by week: from the plan's start to today (or its end)."""
        progress, org_ids = await self._counted(viewer, plan_id)  # checks the viewer may see it
        timezone = ZoneInfo(viewer.timezone or self._default_timezone)
        sent = [
            moment.astimezone(timezone).date()
            for moment in await self._repos.progress.submitted_on(plan_id, org_ids)
        ]
        start = progress.plan.period_start or min(sent, default=progress.today)
        end = min(progress.plan.period_end or progress.today, progress.today)
        return WeeklyReports(progress, start, max(start, end), sent)


async def reach_of(repos: Repositories, scope: MembershipView) -> tuple[dict[int, Organisation], list[int]]:
    """The membership's subtree (to name and group organisations) in one query, and the part of
    it whose progress the membership reads: all of it, or its own organisation alone."""
    tree = {org.id: org for org in await repos.orgs.subtree([scope.org_id])}
    if PERMISSIONS[scope.role][Action.VIEW_PROGRESS] is Scope.SUBTREE:
        return tree, list(tree)
    return tree, [scope.org_id]


def section_name(number: str | None, title: str | None) -> str:
    return " ".join(part for part in (number and f"{number.rstrip('.')}.", title) if part) or "—"


def worst_first(tallies: Iterable[Tally]) -> list[Tally]:
    return sorted(tallies, key=lambda t: (t.badness, t.name))


def districts_of(root: int, orgs: dict[int, Organisation], by_org: dict[int, list[Standing]]) -> list[Tally]:
    """Each organisation counted under the child of `root` it sits in (a district under the
    region). Empty when that groups nothing: every organisation counted is such a child."""

    def district_of(org_id: int) -> int:
        node = org_id
        while node != root and orgs[node].parent_id not in (root, None):
            node = orgs[node].parent_id  # type: ignore[assignment]
        return node

    grouped: dict[int, list[Standing]] = defaultdict(list)
    for org_id, marks in by_org.items():
        grouped[district_of(org_id)].extend(marks)
    if set(grouped) == set(by_org):
        return []
    return [tally(orgs[node].name, marks) for node, marks in grouped.items()]
