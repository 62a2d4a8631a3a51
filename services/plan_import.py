"""Saving a parsed plan: a new plan, or a new version of one already imported.

A new version is matched by its title (within the importing organisation). Items are matched
by their number (the n-th "3.2" with the n-th "3.2" when a plan repeats a number), or by their
text when they have none; a matched item keeps its id, so whatever is attached to it (assignments,
reports) stays. Items no longer in the file are removed; new ones are added.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from db.models import Item, Plan, Section
from db.repositories import Repositories
from db.repositories.plans import title_key
from services.assignment import AssignmentService
from services.clock import Clock
from services.permissions import Action, Role, acting_membership
from services.plans.model import ParsedItem, ParsedPlan
from services.users import MembershipView, Viewer

ItemKey = tuple[str, ...]
COMPARED_FIELDS = ("title", "deadline_text", "responsible", "audience", "expected_result")


@dataclass(frozen=True)
class PlanDiff:
    plan_id: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass(frozen=True)
class ImportSummary:
    title: str | None
    sections: int
    items: int
    kinds: dict[str, int]
    warnings: int
    diff: PlanDiff | None
    plan_id: int | None = None
    # A head's own plan: the organisation its items are assigned to on saving.
    own_org: str | None = None


def summarise(
    parsed: ParsedPlan, diff: PlanDiff | None, plan_id: int | None = None, own_org: str | None = None
) -> ImportSummary:
    kinds = Counter(item.deadline.kind for item in parsed.items)
    return ImportSummary(
        title=parsed.title,
        sections=len(parsed.sections),
        items=len(parsed.items),
        kinds=dict(kinds),
        warnings=len(parsed.warnings),
        diff=diff,
        plan_id=plan_id,
        own_org=own_org,
    )


def _label(number: str | None, title: str) -> str:
    short = title if len(title) <= 60 else title[:57] + "…"
    return f"{number} {short}" if number else short


def _keys(items: list[tuple[str, str | None, str]]) -> list[ItemKey]:
    """Identity of items across versions: section, number and which repeat of that number.

    Numbering restarts in every section of many plans ("1." in I, II and III), so the
    section is part of the key; an item without a number is known by its text.
    """
    seen: dict[tuple[str, str], int] = defaultdict(int)
    keys: list[ItemKey] = []
    for section, number, title in items:
        if number:
            base = number.rstrip(".) ").strip()
            seen[(section, base)] += 1
            keys.append(("n", section, base, str(seen[(section, base)])))
        else:
            keys.append(("t", section, " ".join(title.lower().split())))
    return keys


def _section_key(number: str | None, title: str | None) -> str:
    return number or " ".join((title or "").lower().split())


def _old_keys(plan: Plan) -> dict[ItemKey, Item]:
    rows = [(section, item) for section in plan.sections for item in section.items]
    keys = _keys([(_section_key(s.number, s.title), i.number, i.title) for s, i in rows])
    return dict(zip(keys, (item for _, item in rows), strict=True))


def _new_keys(parsed: ParsedPlan) -> list[ItemKey]:
    return _keys(
        [(_section_key(s.number, s.title), i.number, i.title) for s in parsed.sections for i in s.items]
    )


def _importing_membership(viewer: Viewer) -> MembershipView:
    """Where a plan is imported: an admin imports for their part of the tree, a head their
    organisation's own plan."""
    return acting_membership(viewer, Action.IMPORT_PLAN)


def _own_org(membership: MembershipView) -> str | None:
    return membership.org_name if membership.role == Role.HEAD else None


class PlanImportService:
    def __init__(self, repos: Repositories, clock: Clock, default_timezone: str = "") -> None:
        self._repo = repos.plans
        self._clock = clock
        self._assignments = AssignmentService(repos, clock)

    async def preview(self, viewer: Viewer, parsed: ParsedPlan) -> ImportSummary:
        membership = _importing_membership(viewer)
        existing = await self._existing(membership.org_id, parsed)
        return summarise(
            parsed, self._diff(existing, parsed) if existing else None, own_org=_own_org(membership)
        )

    async def save(
        self,
        viewer: Viewer | None,
        parsed: ParsedPlan,
        *,
        source_name: str,
        sha256: str,
        org_id: int | None = None,
    ) -> ImportSummary:
        """Store the plan in the caller's transaction. `viewer` None: a trusted CLI import into `org_id`.
        A head's plan is their organisation's own: every item is assigned to it at once (new
        items of a new version too), so it is in their tasks and they give it to teachers."""
        membership = _importing_membership(viewer) if viewer is not None else None
        if membership is not None:
            org_id = membership.org_id
        existing = await self._existing(org_id, parsed)
        now = self._clock.now()
        if existing is None:
            plan = Plan(
                org_id=org_id,
                title=parsed.title or source_name,
                source_name=source_name,
                source_sha256=sha256,
                warnings=[],
                created_by=viewer.user_id if viewer else None,
                created_at=now,
                updated_at=now,
                sections=[],
            )
            diff = None
        else:
            plan = existing
            diff = self._diff(existing, parsed)
        plan.period_start = parsed.period.start if parsed.period else None
        plan.period_end = parsed.period.end if parsed.period else None
        plan.warnings = [w.english() for w in parsed.warnings]
        plan.source_name, plan.source_sha256, plan.updated_at = source_name, sha256, now
        if existing is None:
            await self._repo.add(plan)
        await self._apply(plan, parsed)
        own_org = _own_org(membership) if membership is not None else None
        if own_org is not None and org_id is not None:
            items = [item for section in plan.sections for item in section.items]
            await self._assignments.assign(
                None, plan, items, [org_id], now, by=viewer.user_id if viewer else None
            )
        return summarise(parsed, diff, plan.id, own_org=own_org)

    async def _existing(self, org_id: int | None, parsed: ParsedPlan) -> Plan | None:
        if not parsed.title:
            return None
        found = await self._repo.find_by_title(org_id, title_key(parsed.title))
        return await self._repo.load_full(found.id) if found else None

    @staticmethod
    def _diff(existing: Plan, parsed: ParsedPlan) -> PlanDiff:
        old = _old_keys(existing)
        new = dict(zip(_new_keys(parsed), parsed.items, strict=True))
        diff = PlanDiff(plan_id=existing.id)
        for key, item in new.items():
            before = old.get(key)
            if before is None:
                diff.added.append(_label(item.number, item.title))
            elif _changed(before, item):
                diff.changed.append(_label(item.number, item.title))
        diff.removed.extend(_label(i.number, i.title) for key, i in old.items() if key not in new)
        return diff

    async def _apply(self, plan: Plan, parsed: ParsedPlan) -> None:
        old = _old_keys(plan)
        new_keys = _new_keys(parsed)
        old_sections = {(s.number, s.title): s for s in plan.sections}
        kept_sections: list[Section] = []
        position = 0
        for section_position, parsed_section in enumerate(parsed.sections):
            section = old_sections.pop((parsed_section.number, parsed_section.title), None)
            if section is None:
                section = Section(
                    plan=plan, number=parsed_section.number, title=parsed_section.title, items=[]
                )
            section.position = section_position
            kept_sections.append(section)
            for parsed_item in parsed_section.items:
                key = new_keys[position]
                item = old.pop(key, None)
                if item is None:
                    item = Item(plan_id=plan.id)
                    section.items.append(item)
                elif item.section is not section:
                    item.section = section
                _fill(item, parsed_item, position)
                position += 1
        for item in old.values():  # no longer in the plan: delete-orphan removes it
            item.section.items.remove(item)
        plan.sections = kept_sections  # sections left out are orphans and go too
        await self._repo.flush()


def _changed(before: Item, after: ParsedItem) -> bool:
    return any(getattr(before, name) != getattr(after, name) for name in COMPARED_FIELDS) or (
        before.deadline != after.deadline.as_json()
    )


def _fill(item: Item, parsed: ParsedItem, position: int) -> None:
    item.position = position
    item.number = parsed.number
    item.title = parsed.title
    item.deadline_text = parsed.deadline_text
    item.responsible = parsed.responsible
    item.audience = parsed.audience
    item.expected_result = parsed.expected_result
    item.deadline = parsed.deadline.as_json()
