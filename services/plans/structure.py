"""From blocks to a plan: the header and its column roles, sections, items, continuation rows
split by page breaks. The title and the period are read in `services.plans.heading`."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from services.plans.deadlines import is_known_unspecified, read_deadline
from services.plans.errors import PlanFileError
from services.plans.heading import find_title, period_from_deadlines, period_from_text
from services.plans.model import (
    UNSPECIFIED,
    Deadline,
    ImportWarning,
    ParsedItem,
    ParsedPlan,
    ParsedSection,
    Period,
)
from services.plans.source import Block, TimeBudget

# ---- the header ----------------------------------------------------------------------------------

# Checked in order: "Срок проведения мероприятия" is a deadline, not an event title.
ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("number", re.compile(r"^(?:№|n|no|№№|номер|п/п|№\s*п\s*/?\s*п|n\s*п/п|#)\.?$|^№")),
    ("deadline_text", re.compile(r"срок|дата|период|тэрмін|время провед|когда|час правядз")),
    ("responsible", re.compile(r"ответствен|исполнител|адказн|выканаўц|кто провод|куратор")),
    ("audience", re.compile(r"участник|аудитори|удзельн|для кого|категори|целев")),
    ("expected_result", re.compile(r"результат|вынік|показател|индикатор")),
    ("ignored", re.compile(r"форма|место|отметк|примечан|заўваг|месца|адзнак|финансир|источник|стоимост")),
    (
        "title",
        re.compile(
            r"мероприят|наименован|содержан|название|тема|мерапрыем|назва|змест|задач|вид\w* работ|действ|направлен|пункт"
        ),
    ),
)


def header_roles(cells: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for index, cell in enumerate(cells):
        text = cell.lower().strip()
        if not text or len(text) > 80:
            continue
        for role, pattern in ROLE_PATTERNS:
            if pattern.search(text) and role not in roles:
                roles[role] = index
                break
    roles.pop("ignored", None)
    return roles


def is_header(cells: list[str]) -> bool:
    roles = header_roles(cells)
    return "title" in roles and ("deadline_text" in roles or "responsible" in roles)


def is_column_numbers(cells: list[str]) -> bool:
    filled = [c for c in cells if c]
    return (
        len(filled) >= 2
        and all(c.rstrip(".").isdigit() for c in filled)
        and [int(c.rstrip(".")) for c in filled]
        == list(range(int(filled[0].rstrip(".")), int(filled[0].rstrip(".")) + len(filled)))
    )


# ---- rows ------------------------------------------------------------------------------------------

# A cell longer than this is cut at import (with a warning): an item card must fit one message.
MAX_CELL = 1000
LEADING_NUMBER = re.compile(r"^(?P<number>\d{1,3}(?:\.\d{1,3})*\.?)\s+(?P<rest>\S.*)$")
ROMAN_NUMBER = re.compile(r"^[IVXLІ]{1,6}\.?$")
ITEM_NUMBER = re.compile(r"^(?:\d{1,3}(?:\s*[.)]\s*\d{1,3})*[.)]?|[IVXLІ]{1,6}\.?\d*\.?)(?:\s*[а-яa-z])?\.?$")
SECTION_START = re.compile(
    r"^(?:(?P<word>раздел|направление|глава|блок|модуль|подраздел|часть|кірунак|раздзел|частка|section)\s*)"
    r"(?P<num>[\dIVXLІ]+(?:\.\d+)*)?\s*[.):]?\s*(?P<rest>.*)$"
    r"|^(?P<num2>[IVXLІ]{1,6}|\d{1,2})\s*[.)]\s+(?P<rest2>\S.*)$",
    re.IGNORECASE,
)


def split_section(text: str) -> tuple[str | None, str | None]:
    match = SECTION_START.match(text)
    if match:
        if match.group("word"):
            number = match.group("num")
            return (number.rstrip(".") if number else None), (match.group("rest").strip(" .:") or None)
        return match.group("num2"), match.group("rest2").strip() or None
    return None, text


def join_text(existing: str | None, addition: str) -> str:
    """Glue a continuation piece on; a piece the field already ends with is page-break debris."""
    if not existing:
        return addition
    if existing.endswith(addition) and len(addition) < len(existing):
        return existing
    if existing.endswith("-") and not existing.endswith(" -"):
        return existing + addition
    return f"{existing} {addition}"


@dataclass
class ItemDraft:
    number: str | None
    fields: dict[str, str]
    ref: str
    section: ParsedSection


@dataclass
class Layout:
    roles: dict[str, int]
    width: int

    def field_values(self, cells: list[str]) -> dict[str, str]:
        cells = list(cells)
        if len(cells) > self.width:  # overflow cells belong to the last column
            tail = " ".join(c for c in cells[self.width - 1 :] if c)
            cells = [*cells[: self.width - 1], tail]
        values: dict[str, str] = {}
        for role, index in self.roles.items():
            if index < len(cells) and cells[index]:
                values[role] = cells[index]
        return values


@dataclass
class Builder:
    layout: Layout
    warnings: list[ImportWarning]
    sections: list[ParsedSection] = field(default_factory=list)
    drafts: list[ItemDraft] = field(default_factory=list)
    last_values: dict[int, str] = field(default_factory=dict)

    @property
    def current_section(self) -> ParsedSection:
        if not self.sections:
            self.sections.append(ParsedSection(None, None))
        return self.sections[-1]

    def add_row(self, block: Block) -> None:
        layout = self.layout
        cells = list(block.cells)
        for col in block.merged_down:  # a vertical merge: the cell above holds the text
            if col < len(cells) and not cells[col]:
                cells[col] = self.last_values.get(col, "")
        for col, value in enumerate(cells):
            if value:
                self.last_values[col] = value
        filled = [(i, c) for i, c in enumerate(cells) if c]
        if not filled or is_header(cells) or is_column_numbers(cells):
            return
        number_col = layout.roles.get("number")
        number = cells[number_col] if number_col is not None and number_col < len(cells) else ""
        distinct = {c for _, c in filled}

        if number and number_col in block.merged_down:
            # The number cell continues from the row above: more lines of the same item.
            own = [c if i not in block.merged_down else "" for i, c in enumerate(cells)]
            self._continue(own, block)
            return
        if len(distinct) == 1 and self._is_section(filled, number_col, block):
            section_number, title = split_section(filled[0][1])
            self.sections.append(ParsedSection(section_number, title))
            return
        values = layout.field_values(cells)
        if number and ROMAN_NUMBER.match(number) and set(values) <= {"number", "title"}:
            # "II." in the number column, the heading beside it: a section, not an item.
            self.sections.append(ParsedSection(number.rstrip("."), values.get("title")))
            return
        if number and ITEM_NUMBER.match(number):
            self._start_item(number, cells, block)
            return
        if number_col is None and values.get("title") and len(filled) >= 2:
            # No № column: a number may lead the text ("1.2. Семинар …").
            match = LEADING_NUMBER.match(values["title"])
            if match:
                cells = list(cells)
                cells[self.layout.roles["title"]] = match.group("rest")
            self._start_item(match.group("number") if match else None, cells, block)
            return
        if number:
            # Text in the number column that is no number, with more beside it: a signature,
            # a total, a note. It belongs to no item.
            self.warnings.append(ImportWarning("row-ignored", block.ref, {"text": " ".join(distinct)[:80]}))
            return
        self._continue(cells, block)

    def _is_section(self, filled: list[tuple[int, str]], number_col: int | None, block: Block) -> bool:
        index, text = filled[0]
        if ITEM_NUMBER.match(text):
            return False  # a bare number: an item whose text is on the next row
        if index == (number_col if number_col is not None else 0) or index == 0:
            return True
        # A lone text in another column is a section only if it says so ("Раздел 2. ...") or
        # stands out in bold; otherwise it continues the item above.
        return text[:1].isupper() and (bool(SECTION_START.match(text)) or index in block.bold_cells)

    def _start_item(self, number: str | None, cells: list[str], block: Block) -> None:
        values = self.layout.field_values(cells)
        values.pop("number", None)
        self._promote_heading(number)
        self.drafts.append(ItemDraft(number, values, block.ref, self.current_section))

    def _promote_heading(self, number: str | None) -> None:
        """ "2 | Работа с кадрами" followed by "2.1 …": the row above was a section heading."""
        if not number or not self.drafts:
            return
        last = self.drafts[-1]
        base = (last.number or "").rstrip(".) ")
        if base.isdigit() and set(last.fields) <= {"title"} and re.match(rf"{base}\.\d", number):
            self.drafts.pop()
            self.sections.append(ParsedSection(base, last.fields.get("title")))

    def _continue(self, cells: list[str], block: Block) -> None:
        values = self.layout.field_values(cells)
        values.pop("number", None)
        if not values:
            return
        if not self.drafts:
            self.warnings.append(
                ImportWarning("orphan-continuation", block.ref, {"text": " ".join(values.values())[:80]})
            )
            return
        draft = self.drafts[-1]
        for role, text in values.items():
            draft.fields[role] = join_text(draft.fields.get(role), text)


# ---- assembly -----------------------------------------------------------------------------------


def build_plan(blocks: list[Block], year: int | None, budget: TimeBudget) -> ParsedPlan:
    header_at = next((i for i, b in enumerate(blocks) if b.is_row and is_header(b.cells)), None)
    if header_at is None:
        raise PlanFileError("no-table")
    header = blocks[header_at]
    layout = Layout(header_roles(header.cells), width=max(len(header.cells), 1))
    warnings: list[ImportWarning] = []
    builder = Builder(layout, warnings)
    for index, block in enumerate(blocks[header_at + 1 :], start=1):
        if index % 200 == 0:
            budget.check()
        if block.is_row:
            builder.add_row(block)

    before = [b for b in blocks[:header_at] if not b.is_row or len([c for c in b.cells if c]) == 1]
    title = find_title(before)
    period = period_from_text(title)
    if period is None:
        if year is not None:
            period = Period(date(year, 1, 1), date(year, 12, 31))
            warnings.append(ImportWarning("period-from-year", None, {"year": str(year)}))
        elif (period := period_from_deadlines(_dated_deadlines(builder))) is not None:
            warnings.append(
                ImportWarning("period-from-deadlines", None, {"period": f"{period.start} – {period.end}"})
            )
        else:
            warnings.append(ImportWarning("period-unknown"))
    if title is None:
        warnings.append(ImportWarning("title-missing"))

    sections = _finish_items(builder, period, warnings)
    if not any(section.items for section in sections):
        raise PlanFileError("no-items")
    _check_numbering(sections, warnings)
    return ParsedPlan(title=title, period=period, sections=sections, warnings=warnings)


def _dated_deadlines(builder: Builder) -> list[Deadline]:
    texts = [draft.fields.get("deadline_text") for draft in builder.drafts]
    return [read_deadline(text)[0] for text in texts if text]


def _finish_items(
    builder: Builder, period: Period | None, warnings: list[ImportWarning]
) -> list[ParsedSection]:
    for draft in builder.drafts:
        # A list cut by a page break leaves its separator behind ("…образования,").
        fields = {role: text.rstrip(",; ") for role, text in draft.fields.items()}
        number = draft.number
        if not fields.get("title"):
            warnings.append(ImportWarning("no-title-item", draft.ref, {"number": number or "—"}))
            continue
        label = number or fields["title"][:40]
        for role, text in fields.items():
            if len(text) > MAX_CELL:
                # The item card must fit one message; the cut is said, never silent.
                fields[role] = text[: MAX_CELL - 1].rstrip() + "…"
                warnings.append(
                    ImportWarning("cell-cut", draft.ref, {"number": label, "length": str(len(text))})
                )
        deadline_text = fields.get("deadline_text")
        deadline, impossible = read_deadline(deadline_text, period) if deadline_text else (UNSPECIFIED, False)
        if deadline_text is None:
            warnings.append(ImportWarning("deadline-missing", draft.ref, {"number": label}))
        elif impossible:
            warnings.append(
                ImportWarning("deadline-impossible", draft.ref, {"number": label, "text": deadline_text})
            )
        elif deadline.kind == "unspecified":
            code = "deadline-elsewhere" if is_known_unspecified(deadline_text) else "deadline-unreadable"
            warnings.append(ImportWarning(code, draft.ref, {"number": label, "text": deadline_text}))
        draft.section.items.append(
            ParsedItem(
                number=number,
                title=fields["title"],
                deadline_text=deadline_text,
                responsible=fields.get("responsible"),
                audience=fields.get("audience"),
                expected_result=fields.get("expected_result"),
                deadline=deadline,
                source_ref=draft.ref,
            )
        )
    return [s for s in builder.sections if s.items or s.title]


def _check_numbering(sections: list[ParsedSection], warnings: list[ImportWarning]) -> None:
    for section in sections:
        places: dict[str, list[str]] = defaultdict(list)
        previous: list[int] | None = None
        previous_text = None
        for item in section.items:
            if item.number is None:
                continue
            key = item.number.rstrip(".) ")
            places[key].append(item.source_ref)
            parts = [int(p) for p in re.findall(r"\d+", key)]
            same_level = previous and parts and len(parts) == len(previous) and parts[:-1] == previous[:-1]
            if same_level and parts[-1] > previous[-1] + 1:
                warnings.append(
                    ImportWarning(
                        "numbering-gap", item.source_ref, {"previous": previous_text, "number": key}
                    )
                )
            previous, previous_text = parts, key
        for key, refs in places.items():
            if len(refs) > 1:
                warnings.append(
                    ImportWarning(
                        "duplicate-number",
                        None,
                        {"number": key, "count": str(len(refs)), "places": ", ".join(refs)},
                    )
                )
