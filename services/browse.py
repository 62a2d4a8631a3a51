"""Reading plans: which plans a user sees, their sections and items, an item's card with the
status of each organisation, search within a plan, and who has not reported.

Two ways of looking: an admin or observer over the plan's organisation sees every
organisation the item is given to ("overview"); a head or teacher sees their own
organisation's status ("own").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from db.models import Item, ReportStatus, Role
from db.repositories import Repositories
from services.clock import Clock, local_today
from services.errors import AccessDenied, NotFound
from services.permissions import Action, can
from services.refs import ItemInfo, PlanRef
from services.report_draft import OrgStatus, org_status
from services.review import HistoryLine, history_of
from services.users import Viewer


@dataclass(frozen=True)
class PlanAccess:
    plan: PlanRef
    overview: bool  # sees every organisation (admin, observer)
    manage: bool  # may assign and set dates (admin)
    own_orgs: tuple[int, ...]  # the viewer's organisations given items of this plan


@dataclass(frozen=True)
class SectionLine:
    section_id: int
    number: str | None
    title: str | None
    items: int


@dataclass(frozen=True)
class ItemLine:
    item_id: int
    number: str | None
    title: str


@dataclass
class ItemCard:
    item: ItemInfo
    plan: PlanRef
    access: PlanAccess
    today: date
    due_dates: list[date]
    shown: int | None  # index into due_dates of the due date the statuses are about
    assigned: int = 0
    counts: dict[OrgStatus, int] = field(default_factory=dict)
    own_status: OrgStatus | None = None
    own_org_id: int | None = None
    own_org_name: str | None = None
    own_comment: str | None = None  # the reviewer's, when the own report was returned
    history: list[HistoryLine] = field(default_factory=list)

    @property
    def due(self) -> date | None:
        return self.due_dates[self.shown] if self.shown is not None else None


class BrowseService:
    def __init__(self, repos: Repositories, clock: Clock, default_timezone: str) -> None:
        self._clock = clock
        self._default_timezone = default_timezone
        self._orgs = repos.orgs
        self._reports = repos.reports
        self._repo = repos.browse

    @property
    def timezone(self) -> str:
        return self._default_timezone

    async def plans(self, viewer: Viewer) -> list[tuple[PlanRef, int]]:
        """Plans made in the viewer's part of the tree (admins, observers), and plans with items
        given to the viewer's organisations; newest first, with their item counts."""
        wide = [m.org_id for m in viewer.memberships if m.role in (Role.ADMIN, Role.OBSERVER)]
        reach = [org.id for org in await self._orgs.subtree(wide)] if wide else []
        found = await self._repo.plans_with_counts(reach, [m.org_id for m in viewer.memberships])
        return [(PlanRef.of(plan), count) for plan, count in found]

    async def access(self, viewer: Viewer, plan_id: int) -> PlanAccess:
        plan = await self._repo.plan(plan_id)
        if plan is None:
            raise NotFound(f"plan {plan_id}")
        overview = manage = False
        if plan.org_id is not None:
            ancestors = await self._orgs.ancestors(plan.org_id)
            manage = can(viewer, Action.ASSIGN_TO_ORGS, plan.org_id, ancestors)
            overview = manage or any(
                m.role == Role.OBSERVER and (m.org_id == plan.org_id or m.org_id in ancestors)
                for m in viewer.memberships
            )
        own_ids = list(dict.fromkeys(m.org_id for m in viewer.memberships))
        given = await self._repo.orgs_given_plan(plan_id, own_ids)
        own = tuple(org_id for org_id in own_ids if org_id in given)
        if not overview and not own:
            raise AccessDenied(f"plan {plan_id}")
        return PlanAccess(PlanRef.of(plan), overview, manage, own)

    async def sections(self, viewer: Viewer, plan_id: int) -> tuple[PlanAccess, list[SectionLine]]:
        access = await self.access(viewer, plan_id)
        return access, [SectionLine(*row) for row in await self._repo.sections(plan_id)]

    async def assigned_items(self, plan_id: int) -> int:
        """How many of the plan's items are given to at least one organisation."""
        return await self._repo.assigned_items(plan_id)

    async def items(
        self, viewer: Viewer, plan_id: int, section_id: int
    ) -> tuple[SectionLine, list[ItemLine]]:
        await self.access(viewer, plan_id)
        section = await self._repo.section(section_id)
        if section is None or section.plan_id != plan_id:
            raise NotFound(f"section {section_id}")
        items = [ItemLine(*row) for row in await self._repo.item_lines(section_id=section_id)]
        return SectionLine(section.id, section.number, section.title, len(items)), items

    async def search(self, viewer: Viewer, plan_id: int, query: str, limit: int = 40) -> list[ItemLine]:
        """Items whose number is the query ("2.3", "2.3." too) or whose title holds all its words."""
        await self.access(viewer, plan_id)
        words = [w for w in query.casefold().replace("ё", "е").split() if w]
        if not words:
            return []
        number = query.strip().rstrip(".")
        found = []
        for item_id, item_number, title in await self._repo.item_lines(plan_id=plan_id):
            haystack = title.casefold().replace("ё", "е")
            if (item_number or "").rstrip(".") == number or all(w in haystack for w in words):
                found.append(ItemLine(item_id, item_number, title))
                if len(found) >= limit:
                    break
        return found

    async def item_card(self, viewer: Viewer, item_id: int, shown: int | None = None) -> ItemCard:
        item = await self._repo.item(item_id)
        if item is None:
            raise NotFound(f"item {item_id}")
        access = await self.access(viewer, item.plan_id)
        if not access.overview:
            return await self._own_card(item, access)
        today = await self._today(access.plan.org_id)
        occurrences = await self._repo.due_dates(item_id)
        dates = [due for _id, due in occurrences]
        if shown is None or not 0 <= shown < len(dates):
            shown = _default_shown(dates, today)
        card = ItemCard(ItemInfo.of(item), access.plan, access, today, dates, shown)
        card.assigned = await self._reports.assigned_count(item_id)
        if shown is not None:
            occurrence_id, due = occurrences[shown]
            counts = await self._reports.status_counts(occurrence_id)
            for status, count in counts.items():
                card.counts[org_status(status, due, today)] = count
            missing = card.assigned - sum(counts.values())
            if missing:
                card.counts[org_status(None, due, today)] = missing
        return card

    async def _own_card(self, item: Item, access: PlanAccess) -> ItemCard:
        org_id = None
        for candidate in access.own_orgs:
            if await self._repo.is_assigned(item.id, candidate):
                org_id = candidate
                break
        if org_id is None:
            raise AccessDenied(f"item {item.id}")
        org = await self._orgs.get(org_id)
        today = await self._today(org_id)
        rows = await self._reports.occurrences_with_reports(item.id, org_id)
        dates = [occurrence.due_on for occurrence, _report in rows]
        # The due date to act on: the first one still open, else the last one reported.
        shown = next(
            (
                n
                for n, (_o, report) in enumerate(rows)
                if report is None or report.status is ReportStatus.RETURNED
            ),
            len(rows) - 1 if rows else None,
        )
        card = ItemCard(
            ItemInfo.of(item),
            access.plan,
            access,
            today,
            dates,
            shown,
            own_org_id=org_id,
            own_org_name=org.name if org else None,
        )
        if shown is not None:
            occurrence, report = rows[shown]
            card.own_status = org_status(report.status if report else None, occurrence.due_on, today)
            if report is not None:
                card.own_comment = report.review_comment
                card.history = history_of(await self._reports.events(report.id))
        return card

    async def _today(self, org_id: int | None) -> date:
        org = await self._orgs.get(org_id) if org_id is not None else None
        return local_today(self._clock, (org.timezone if org else None) or self._default_timezone)

    async def missing(
        self, viewer: Viewer, item_id: int, shown: int | None, offset: int, limit: int
    ) -> tuple[ItemCard, list[str], int]:
        """Who has not reported the shown due date: organisations (overview) or, for a head,
        the teachers given the item while their organisation has not reported."""
        card = await self.item_card(viewer, item_id, shown)
        if card.shown is None:
            return card, [], 0
        if card.access.overview:
            occurrence_id = await self._occurrence_id(item_id, card.due_dates[card.shown])
            orgs, total = await self._reports.orgs_without_report(item_id, occurrence_id, offset, limit)
            return card, [org.short_name or org.name for org in orgs], total
        org_id = card.own_org_id
        assert org_id is not None
        if not can(viewer, Action.REVIEW, org_id, await self._orgs.ancestors(org_id)):
            raise AccessDenied(f"who has not reported {item_id}")
        if card.own_status not in (OrgStatus.NOT_STARTED, OrgStatus.OVERDUE, OrgStatus.RETURNED):
            return card, [], 0
        names = sorted(
            user.first_name
            for shared_item, user in await self._reports.teacher_shares(org_id)
            if shared_item == item_id
        )
        return card, names[offset : offset + limit], len(names)

    async def statuses(
        self, viewer: Viewer, item_id: int, shown: int | None, offset: int, limit: int
    ) -> tuple[ItemCard, list[tuple[str, OrgStatus]], int]:
        """Every organisation given the item with its status for the shown due date (overview)."""
        card = await self.item_card(viewer, item_id, shown)
        if not card.access.overview:
            raise AccessDenied(f"statuses of {item_id}")
        if card.shown is None:
            return card, [], 0
        due = card.due_dates[card.shown]
        occurrence_id = await self._occurrence_id(item_id, due)
        rows = await self._reports.orgs_with_status(item_id, occurrence_id, offset, limit)
        named = [(org.short_name or org.name, org_status(status, due, card.today)) for org, status in rows]
        return card, named, card.assigned

    async def _occurrence_id(self, item_id: int, due: date) -> int:
        occurrence_id = await self._repo.occurrence_id(item_id, due)
        if occurrence_id is None:
            raise NotFound(f"due date {due} of {item_id}")
        return occurrence_id

    async def toggle_text_only(self, viewer: Viewer, item_id: int) -> bool:
        item = await self._repo.item(item_id)
        if item is None:
            raise NotFound(f"item {item_id}")
        if not (await self.access(viewer, item.plan_id)).manage:
            raise AccessDenied(f"item {item_id}")
        item.text_only = not item.text_only
        await self._repo.flush()
        return item.text_only


def _default_shown(dates: list[date], today: date) -> int | None:
    """The latest due date already reached (its reports are what matters now), else the first."""
    if not dates:
        return None
    passed = [n for n, due in enumerate(dates) if due <= today]
    return passed[-1] if passed else 0
