"""Organisation lists from CSV/XLSX: name, short name, kind, parent, aliases, time zone.

A parent is named by its name or short name and may come earlier or later in the file; an
organisation already in the database with the same name under the same parent is updated,
not duplicated. The same limits as plan files apply (size, archives, rows, time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from db.models import Organisation, OrgKind
from db.repositories.orgs import OrgRepo
from services.plans.errors import PlanFileError
from services.plans.readers import detect_format, read_csv, read_xlsx
from services.plans.source import TimeBudget

ORG_COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("short_name", re.compile(r"кратк|сокращ|short|скарач")),
    ("parent", re.compile(r"вышестоящ|родител|район|округ|муниципал|parent|district|падпарадк")),
    ("kind", re.compile(r"^тип|^вид|kind|type|катэгор")),
    ("aliases", re.compile(r"синоним|псевдоним|также|alias|другие назв")),
    ("timezone", re.compile(r"час\w* пояс|timezone|time zone|зон")),
    ("name", re.compile(r"наименован|название|организац|учрежден|name|назва|установ")),
)


@dataclass
class OrgRow:
    name: str
    short_name: str | None
    kind: str
    parent: str | None
    aliases: list[str]
    timezone: str | None
    ref: str


@dataclass
class OrgImportResult:
    rows: list[OrgRow]
    problems: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0


def _columns(cells: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        text = cell.lower().strip()
        for role, pattern in ORG_COLUMNS:
            if text and pattern.search(text) and role not in roles:
                roles[role] = index
                break
    return roles


def _kind_code(text: str, kinds: list[OrgKind]) -> str | None:
    wanted = text.strip().lower()
    labels = [
        (kind.code, label.lower())
        for kind in kinds
        for label in (kind.code, *kind.names.values(), *kind.words)
    ]
    exact = next((code for code, label in labels if wanted == label), None)
    if exact:
        return exact
    # "школа" names the kind "Школа (учреждение общего среднего образования)".
    return next((code for code, label in labels if len(wanted) >= 3 and wanted in label.split(" (")[0]), None)


def read_org_rows(filename: str, data: bytes, kinds: list[OrgKind]) -> OrgImportResult:
    fmt = detect_format(filename, data)
    if fmt not in ("csv", "xlsx"):
        raise PlanFileError("unknown-format", extension=filename.rsplit(".", 1)[-1])
    budget = TimeBudget(5.0)
    blocks = read_csv(data, budget) if fmt == "csv" else read_xlsx(data, budget)
    header_at = next((i for i, b in enumerate(blocks) if "name" in _columns(b.cells)), None)
    if header_at is None:
        raise PlanFileError("no-table")
    columns = _columns(blocks[header_at].cells)
    result = OrgImportResult(rows=[])

    def cell(cells: list[str], role: str) -> str:
        index = columns.get(role)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    for block in blocks[header_at + 1 :]:
        name = cell(block.cells, "name")
        if not name:
            continue
        kind_text = cell(block.cells, "kind")
        kind = _kind_code(kind_text, kinds) if kind_text else "school"
        if kind is None:
            result.problems.append(f"{block.ref}: unknown kind «{kind_text}» for «{name}»")
            continue
        timezone = cell(block.cells, "timezone") or None
        if timezone:
            try:
                ZoneInfo(timezone)
            except (ZoneInfoNotFoundError, ValueError):
                result.problems.append(f"{block.ref}: unknown time zone «{timezone}» for «{name}»")
                continue
        aliases = [a.strip() for a in re.split(r"[;|]", cell(block.cells, "aliases")) if a.strip()]
        result.rows.append(
            OrgRow(
                name,
                cell(block.cells, "short_name") or None,
                kind,
                cell(block.cells, "parent") or None,
                aliases,
                timezone,
                block.ref,
            )
        )
    if not result.rows and not result.problems:
        raise PlanFileError("no-items")
    return result


async def save_orgs(repo: OrgRepo, result: OrgImportResult, root: Organisation, now: datetime) -> None:
    """Create or update the organisations of `result` under `root`, parents first."""
    existing = await repo.all()
    by_name: dict[str, Organisation] = {}
    for org in existing:
        for label in (org.name, org.short_name):
            if label:
                by_name.setdefault(label.lower(), org)
    pending = list(result.rows)
    while pending:
        progressed = False
        for row in list(pending):
            parent = by_name.get(row.parent.lower()) if row.parent else root
            if parent is None:
                if not any(
                    r.name.lower() == row.parent.lower() or (r.short_name or "").lower() == row.parent.lower()
                    for r in pending
                    if r is not row
                ):
                    result.problems.append(f"{row.ref}: parent «{row.parent}» of «{row.name}» not found")
                    pending.remove(row)
                continue
            org = next(
                (o for o in existing if o.name.lower() == row.name.lower() and o.parent_id == parent.id), None
            )
            if org is None:
                org = await repo.add(
                    Organisation(
                        parent_id=parent.id,
                        kind=row.kind,
                        name=row.name,
                        short_name=row.short_name,
                        aliases=row.aliases,
                        timezone=row.timezone,
                        created_at=now,
                    )
                )
                existing.append(org)
                result.created += 1
            else:
                org.kind, org.short_name, org.aliases, org.timezone = (
                    row.kind,
                    row.short_name,
                    row.aliases,
                    row.timezone,
                )
                result.updated += 1
            for label in (org.name, org.short_name):
                if label:
                    by_name[label.lower()] = org
            pending.remove(row)
            progressed = True
        if not progressed:
            for row in pending:
                result.problems.append(f"{row.ref}: parent «{row.parent}» of «{row.name}» is part of a cycle")
            break
