"""Assigning plan items to organisations, with suggestions read from the "responsible" text.

A suggestion comes from two kinds of evidence:
- kind words: "учреждения общего среднего образования", "ИТЦ", "Кванториум" name every
  organisation of that kind in the admin's scope (the words are data, in org_kinds);
- names: an organisation whose name, short name or alias appears in the text (fuzzy, with
  rapidfuzz, so "Витебский областной институт развития образования" matches its
  declension and small typos).
The admin accepts a section's suggestions in one tap or changes them item by item.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from rapidfuzz import fuzz

from db.models import Item, Organisation, OrgKind, Plan, Role
from db.repositories import Repositories
from services.clock import Clock
from services.errors import AccessDenied, DomainError, NotFound
from services.permissions import Action, can, require
from services.plans.deadlines import parse_deadline
from services.plans.model import Deadline, Period
from services.refs import ItemInfo, PlanRef
from services.schedule import due_dates
from services.users import Viewer

NAME_SCORE = 90  # partial_ratio of a name inside the responsible text
MIN_NAME_LENGTH = 5


@dataclass(frozen=True)
class OrgRef:
    id: int
    name: str
    kind: str
    labels: tuple[str, ...]  # name, short name, aliases


@dataclass
class Suggestion:
    item_id: int
    org_ids: set[int] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)  # kinds named by the text


def _word_pattern(word: str) -> re.Pattern[str]:
    # An abbreviation ("ОО", "ИТЦ") must match as a whole word and in capitals; a phrase
    # matches from a word start in any case ("школ" in "школы").
    if word.isupper() and len(word) <= 6:
        return re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])")
    return re.compile(rf"(?<!\w){re.escape(word)}", re.IGNORECASE)


class Suggester:
    def __init__(self, orgs: Sequence[OrgRef], kinds: Sequence[OrgKind], exclude: Iterable[int] = ()) -> None:
        # The plan's own organisation wrote the plan; it is not given its own items.
        excluded = set(exclude)
        orgs = [org for org in orgs if org.id not in excluded]
        self._orgs = orgs
        self._by_kind: dict[str, set[int]] = {}
        for org in orgs:
            self._by_kind.setdefault(org.kind, set()).add(org.id)
        self._kind_patterns = [
            (kind.code, [_word_pattern(w) for w in kind.words if w.strip()]) for kind in kinds
        ]

    def suggest(self, item_id: int, responsible: str | None) -> Suggestion:
        suggestion = Suggestion(item_id)
        if not responsible:
            return suggestion
        for code, patterns in self._kind_patterns:
            if any(p.search(responsible) for p in patterns):
                suggestion.kinds.add(code)
                suggestion.org_ids |= self._by_kind.get(code, set())
        text = expand_number_lists(responsible).lower()
        for org in self._orgs:
            for label in org.labels:
                if len(label) < MIN_NAME_LENGTH:
                    if label.isupper() and _word_pattern(label).search(responsible):
                        suggestion.org_ids.add(org.id)
                        break
                    continue
                if fuzz.partial_ratio(label.lower(), text, score_cutoff=NAME_SCORE) and _numbers_agree(
                    label, text
                ):
                    suggestion.org_ids.add(org.id)
                    break
        return suggestion


_NUMBER_LIST = re.compile(r"(?P<word>[^\W\d_]+)\s*№\s*(?P<numbers>\d+(?:\s*,\s*\d+)+)")


def expand_number_lists(text: str) -> str:
    """ "СОШ № 4, 16, 46" names three schools: "СОШ № 4, СОШ № 16, СОШ № 46"."""

    def expand(match: re.Match[str]) -> str:
        numbers = re.findall(r"\d+", match.group("numbers"))
        return ", ".join(f"{match.group('word')} № {number}" for number in numbers)

    return _NUMBER_LIST.sub(expand, text)


def _numbers_agree(label: str, text: str) -> bool:
    """ "Гимназия № 29" is not "гимназия № 13": every number of a name must stand in the text."""
    found = set(re.findall(r"\d+", text))
    return all(number in found for number in re.findall(r"\d+", label))


def org_refs(orgs: Iterable[Organisation]) -> list[OrgRef]:
    return [
        OrgRef(o.id, o.name, o.kind, tuple(x for x in (o.name, o.short_name, *(o.aliases or [])) if x))
        for o in orgs
    ]


def plan_period(plan: Plan) -> Period | None:
    if plan.period_start and plan.period_end:
        school = plan.period_start.month == 9 and plan.period_end.month == 8
        return Period(plan.period_start, plan.period_end, school_year=school)
    return None


class AssignmentService:
    def __init__(self, repos: Repositories, clock: Clock | None = None, default_timezone: str = "") -> None:
        self._repo = repos.assignments

    async def assign(
        self,
        viewer: Viewer | None,
        plan: Plan,
        items: Sequence[Item],
        org_ids: Iterable[int],
        now: datetime,
        ancestors: dict[int, list[int]] | None = None,
        by: int | None = None,
    ) -> int:
        """Give the items to the organisations; returns how many assignments are new.

        `viewer` None is a trusted caller (CLI, benchmark, or a service that checked the scope
        itself and names the user in `by`, for the audit trail). Due dates are created once per
        item (see `Occurrence`), so assigning to thousands of organisations stays cheap.
        """
        org_ids = list(dict.fromkeys(org_ids))
        if viewer is not None:
            for org_id in org_ids:
                require(viewer, Action.ASSIGN_TO_ORGS, org_id, (ancestors or {}).get(org_id, []))
        await self.ensure_occurrences(items, plan_period(plan))
        if not items or not org_ids:
            return 0
        item_ids = [item.id for item in items]
        before = await self._repo.count_for_items(item_ids)
        await self._repo.add_pairs(item_ids, org_ids, viewer.user_id if viewer else by, now)
        added = await self._repo.count_for_items(item_ids) - before
        await self._repo.after_adding(added)
        return added

    async def ensure_occurrences(self, items: Sequence[Item], period: Period | None) -> None:
        await self._repo.add_due_dates(
            [
                {"item_id": item.id, "due_on": due, "manual": False}
                for item in items
                for due in due_dates(Deadline.from_json(item.deadline), period)
            ]
        )

    async def due_on(self, item_id: int) -> list[date]:
        return await self._repo.due_dates(item_id)


def _item_of(plan: Plan, item_id: int) -> Item:
    item = next((i for section in plan.sections for i in section.items if i.id == item_id), None)
    if item is None:
        raise NotFound(f"item {item_id}")
    return item


class DueDateError(DomainError):
    message_key = "assign-date-bad"


@dataclass(frozen=True)
class SectionSuggestions:
    section_id: int
    number: str | None
    title: str | None
    items: list[tuple[ItemInfo, set[int]]]

    @property
    def org_ids(self) -> set[int]:
        return set().union(*(orgs for _, orgs in self.items)) if self.items else set()


@dataclass(frozen=True)
class OrgChoice:
    id: int
    label: str  # the short name where there is one


@dataclass(frozen=True)
class ItemAssignees:
    number: str | None
    title: str
    responsible: str | None
    assigned: set[int]
    ordered: list[OrgChoice]


class PlanAssignments:
    """What an admin does with a plan's assignments from the chat: suggest, accept, adjust."""

    def __init__(self, repos: Repositories, clock: Clock, default_timezone: str = "") -> None:
        self._clock = clock
        self._orgs = repos.orgs
        self._plans = repos.plans
        self._repo = repos.assignments
        self._assign = AssignmentService(repos)

    async def _plan(self, viewer: Viewer, plan_id: int) -> Plan:
        plan = await self._plans.load_full(plan_id)
        if plan is None:
            raise NotFound(f"plan {plan_id}")
        org_id = plan.org_id
        if org_id is None or not can(
            viewer, Action.ASSIGN_TO_ORGS, org_id, await self._orgs.ancestors(org_id)
        ):
            raise AccessDenied(f"plan {plan_id}")
        return plan

    async def _orgs_in_scope(self, viewer: Viewer, plan: Plan) -> list[Organisation]:
        return [o for o in await self._orgs.subtree(viewer.org_ids(Role.ADMIN)) if o.id != plan.org_id]

    async def _suggester(self, viewer: Viewer, plan: Plan) -> tuple[list[Organisation], Suggester]:
        orgs = await self._orgs_in_scope(viewer, plan)
        return orgs, Suggester(org_refs(orgs), await self._orgs.kinds(), exclude=[plan.org_id or 0])

    async def suggestions(
        self, viewer: Viewer, plan_id: int, section_id: int | None = None
    ) -> tuple[PlanRef, list[SectionSuggestions]]:
        """Suggested organisations per item, for every section or just one."""
        plan = await self._plan(viewer, plan_id)
        return PlanRef.of(plan), await self._suggest(viewer, plan, section_id)

    async def _suggest(self, viewer: Viewer, plan: Plan, section_id: int | None) -> list[SectionSuggestions]:
        _orgs, suggester = await self._suggester(viewer, plan)
        return [
            SectionSuggestions(
                section.id,
                section.number,
                section.title,
                [
                    (
                        ItemInfo.of(item),
                        suggester.suggest(item.id, item.responsible).org_ids,
                    )
                    for item in section.items
                ],
            )
            for section in plan.sections
            if section_id is None or section.id == section_id
        ]

    async def accept_section(self, viewer: Viewer, plan_id: int, section_id: int) -> int:
        plan = await self._plan(viewer, plan_id)
        sections = await self._suggest(viewer, plan, section_id)
        if not sections:
            raise NotFound(f"section {section_id}")
        now = self._clock.now()
        created = 0
        for item, org_ids in sections[0].items:
            if org_ids:  # scope checked above
                created += await self._assign.assign(
                    None, plan, [_item_of(plan, item.item_id)], org_ids, now, by=viewer.user_id
                )
        return created

    async def item_view(self, viewer: Viewer, plan_id: int, item_id: int) -> ItemAssignees:
        """The item, whom it is assigned to, and who could be chosen: the text's suggestions
        first, then the assigned, then the rest by name (the likely taps are on page one)."""
        plan = await self._plan(viewer, plan_id)
        item = _item_of(plan, item_id)
        orgs, suggester = await self._suggester(viewer, plan)
        suggested = suggester.suggest(item.id, item.responsible).org_ids
        assigned = await self.assigned(item_id)
        choices = [OrgChoice(o.id, o.short_name or o.name) for o in orgs]
        choices.sort(key=lambda o: (o.id not in suggested, o.id not in assigned, o.label))
        return ItemAssignees(item.number, item.title, item.responsible, assigned, choices)

    async def due_dates(self, item_id: int) -> list[date]:
        return await self._assign.due_on(item_id)

    async def add_due_date(
        self, viewer: Viewer, plan_id: int, item_id: int, text: str
    ) -> tuple[str | None, date]:
        """An admin names a date for an item whose deadline gave none (or one more date)."""
        plan = await self._plan(viewer, plan_id)
        item = _item_of(plan, item_id)
        deadline = parse_deadline(text, plan_period(plan))
        ends = [end for _start, end in deadline.windows if end is not None]
        if deadline.kind != "window" or len(ends) != 1:
            raise DueDateError(text[:40])
        await self._repo.add_due_dates([{"item_id": item.id, "due_on": ends[0], "manual": True}])
        return item.number, ends[0]

    async def assigned(self, item_id: int) -> set[int]:
        return await self._repo.assigned_orgs(item_id)

    async def toggle(self, viewer: Viewer, plan_id: int, item_id: int, org_id: int) -> bool:
        """Assign or unassign one organisation; returns whether it is now assigned."""
        plan = await self._plan(viewer, plan_id)
        item = _item_of(plan, item_id)
        if org_id not in {o.id for o in await self._orgs_in_scope(viewer, plan)}:
            raise AccessDenied(f"organisation {org_id}")
        existing = await self._repo.find(item_id, org_id)
        if existing is not None:
            await self._repo.delete(existing)
            return False
        await self._assign.assign(None, plan, [item], [org_id], self._clock.now(), by=viewer.user_id)
        return True

    async def counts(self, plan_id: int) -> dict[int, int]:
        return await self._repo.counts_for_plan(plan_id)
