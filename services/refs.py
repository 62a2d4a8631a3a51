"""Plans and items as the screens show them: plain data a service hands out instead of rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from db.models import Item, Plan


@dataclass(frozen=True)
class PlanRef:
    plan_id: int
    title: str
    org_id: int | None  # the organisation that made it
    period_start: date | None
    period_end: date | None

    @classmethod
    def of(cls, plan: Plan) -> PlanRef:
        return cls(plan.id, plan.title, plan.org_id, plan.period_start, plan.period_end)


@dataclass(frozen=True)
class ItemInfo:
    item_id: int
    section_id: int
    number: str | None
    title: str
    deadline_text: str | None
    responsible: str | None
    text_only: bool

    @classmethod
    def of(cls, item: Item) -> ItemInfo:
        return cls(
            item.id,
            item.section_id,
            item.number,
            item.title,
            item.deadline_text,
            item.responsible,
            item.text_only,
        )
