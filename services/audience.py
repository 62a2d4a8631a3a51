"""Who a broadcast goes to: one dataclass per kind of audience, and the stored (JSON) form."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from db.models import Role
from services.errors import NotFound


@dataclass(frozen=True)
class Everyone:
    """Everyone in the author's reach."""


@dataclass(frozen=True)
class ByRole:
    role: Role


@dataclass(frozen=True)
class ByOrgKind:
    org_kind: str  # an organisation kind's code: "school", "kvantorium", …


@dataclass(frozen=True)
class District:
    org_id: int  # everyone in this organisation and below it


@dataclass(frozen=True)
class ChosenOrgs:
    org_ids: tuple[int, ...]


@dataclass(frozen=True)
class Overdue:
    plan_id: int  # organisations with a due date of the plan behind them and no report


@dataclass(frozen=True)
class NotReported:
    item_id: int  # organisations that have not reported the item's latest due date reached


Audience = Everyone | ByRole | ByOrgKind | District | ChosenOrgs | Overdue | NotReported


def audience_as_dict(audience: Audience) -> dict[str, Any]:
    """The form stored with a broadcast (kept as it always was, so old rows still read)."""
    match audience:
        case ByRole(role=role):
            return {"kind": "role", "role": role.name}
        case ByOrgKind(org_kind=kind):
            return {"kind": "org_kind", "org_kind": kind}
        case District(org_id=org_id):
            return {"kind": "district", "org": org_id}
        case ChosenOrgs(org_ids=org_ids):
            return {"kind": "orgs", "orgs": list(org_ids)}
        case Overdue(plan_id=plan_id):
            return {"kind": "overdue", "plan": plan_id}
        case NotReported(item_id=item_id):
            return {"kind": "not_reported", "item": item_id}
    return {"kind": "all"}


def audience_from_dict(data: dict[str, Any]) -> Audience:
    kind = data.get("kind")
    if kind == "role":
        name = str(data.get("role", ""))
        if name not in Role.__members__:
            raise NotFound("role")
        return ByRole(Role[name])
    if kind == "org_kind":
        return ByOrgKind(str(data.get("org_kind", "")))
    if kind == "district":
        return District(int(data.get("org", 0)))
    if kind == "orgs":
        return ChosenOrgs(tuple(int(o) for o in data.get("orgs", [])))
    if kind == "overdue":
        return Overdue(int(data.get("plan", 0)))
    if kind == "not_reported":
        return NotReported(int(data.get("item", 0)))
    if kind == "all":
        return Everyone()
    raise NotFound(f"audience {kind}")
