"""From blocks to a plan: the header and its column roles, sections, items, continuation rows
split by page breaks. The title and the period are read in `services.plans.heading`."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from services.plans.deadline_words import MONTH
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
    Window,
)
from services.plans.source import Block, TimeBudget

# ---- the header ----------------------------------------------------------------------------------

# Checked in order: "Срок проведения мероприятия" is a deadline, not an event title.
ROLE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("number", re.compile(r"^(?:№|n|no|№№|номер|п/п|№\s*п\s*/?\s*п|n\s*п/п|#)\.?$|^№")),
    ("deadline_text", re.compile(r"срок|дата|период|тэрмін|время провед|когда|час правядз")),
    ("responsible", re.compile(r"ответствен|исполнител|адказн|выканаўц|кто провод|куратор")),
    ("audience", re.compile(r"участник|аудитори|удзельн|для кого|категори|целев|^классы?\b|охват")),
    ("expected_result", re.compile(r"результат|вынік|показател|индикатор")),
    ("ignored", re.compile(r"форма|место|отметк|примечан|заўваг|месца|адзнак|финансир|источник|стоимост")),
    (
        "title",
        re.compile(
            r"мероприят|наименован|содержан|название|тема|мерапрыем|назва|змест|задач|вид\w* (?:работ|деятельност)"
            r"|действ|направлен|пункт"
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

# A heading that is a time: «Сентябрь», «II квартал», «Октябрь 2024 г.», «I четверть».
TIME_HEADING = re.compile(
    rf"^(?:(?:[IVXІ]{{1,4}}|[1-4])\s*-?\s*(?:й|я)?\s*(?:квартал|полугодие|четверть|триместр|чвэрць|паўгоддзе)"
    rf"|{MONTH})(?:\s*[-,]\s*{MONTH})?(?:\s+(?:19|20)\d{{2}}(?:\s*(?:г\.?|года))?)?\.?:?$",
    re.I,
)
# A title that breaks off: the next row continues it.
DANGLING_END = re.compile(r"(?:[,\-–—(«]|\s(?:и|в|на|по|для|с|к|о|об|при|от))$")


def breaks_off(text: str) -> bool:
    """A text cut short: a quote or bracket left open, a comma, a preposition at the end."""
    return (
        bool(DANGLING_END.search(text))
        or text.count("«") > text.count("»")
        or text.count("(") > text.count(")")
    )


def is_time_heading(text: str) -> bool:
    return bool(TIME_HEADING.match(text.strip()))


def looks_like_heading(text: str, bold: bool) -> bool:
    """A line of text between tables that heads the next one; a sentence, a signature does not."""
    if len(text) > 120 or text.endswith((".", ";", ",")) or "__" in text:
        return False
    return bold or bool(SECTION_START.match(text)) or text.endswith(":") or is_time_heading(text)


# A cell longer than this is cut at import (with a warning): an item card must fit one message.
MAX_CELL = 1000
LEADING_NUMBER = re.compile(r"^(?P<number>\d{1,3}(?:\.\d{1,3})*\.?)\s+(?P<rest>\S.*)$")
ROMAN_NUMBER = re.compile(r"^[IVXLІ]{1,6}\.?$")
ITEM_NUMBER = re.compile(r"^(?:\d{1,3}(?:\s*[.)]\s*\d{1,3})*[.)]?|[IVXLІ]{1,6}\.?\d*\.?)(?:\s*[а-яa-z])?\.?$")
SECTION_START = re.compile(
    r"^(?:(?P<word>раздел|направление|глава|блок|модуль|подраздел|часть|кірунак|раздзел|частка|section)\s*)"
    r"(?P<num>[\dIVXLІ]+(?:\.\d+)*)?\s*[.):]?\s*(?P<rest>.*)$"
    r"|^(?P<num2>[IVXLІ]{1,6}|\d{1,2})\s*[.)]?\s+(?P<rest2>[^\W\d]\S*.*)$",
    re.IGNORECASE,
)


# Marks of the points under an item: «1)», «1/», «а)», «б.» (a dash is blanked by `clean_text`
# and arrives as an item without a number).
SUB_MARK = re.compile(r"^(?:(?P<digit>\d{1,2})\s*[)/]|(?P<letter>[а-яa-z])\s*[).])$")


def number_style(number: str) -> str:
    """How a list closes its numbers: "1." -> ".", "1)" -> ")", "1" -> ""."""
    return number.rstrip()[-1] if number.rstrip()[-1:] in ".)" else ""


def split_section(text: str) -> tuple[str | None, str | None]:
    match = SECTION_START.match(text)
    if match:
        if match.group("word"):
            number = match.group("num")
            return (number.rstrip(".") if number else None), (match.group("rest").strip(" .:") or None)
        return match.group("num2"), match.group("rest2").strip(" :") or None
    return None, text.rstrip(" :")  # «Педсовет:»


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
    # Whether the item's table has a deadline column: without one, a heading's month is it.
    dated_table: bool = True
    sub_items: int = 0


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
    # The last item that is not a point under another: the parent of «1)», «а)».
    parent: ItemDraft | None = None
    top_style: str | None = None  # how the plan closes its item numbers
    table: int = 0
    heading: list[str] = field(default_factory=list)  # text lines since the last row

    def set_layout(self, cells: list[str]) -> None:
        """A header row: a repeat of the current one, or the next table's own columns."""
        roles = header_roles(cells)
        if roles != self.layout.roles:
            self.layout = Layout(roles, width=max(len(cells), 1))

    def add_text(self, block: Block) -> None:
        """A line between tables: a heading («Сентябрь», «II квартал», «Раздел 2») if it looks
        like one; it becomes a section when a table row follows it."""
        if looks_like_heading(block.text, block.bold):
            self.heading.append(block.text)
        else:
            self.heading.clear()

    def _open_heading(self) -> None:
        if self.heading:
            number, title = split_section(" ".join(self.heading))
            self.sections.append(ParsedSection(number, title))
            self.heading.clear()
            self.parent = None

    @property
    def current_section(self) -> ParsedSection:
        if not self.sections:
            self.sections.append(ParsedSection(None, None))
        return self.sections[-1]

    def add_row(self, block: Block) -> None:
        self._open_heading()
        if block.table != self.table:  # a merge never runs from one table into the next
            self.table, self.last_values = block.table, {}
        layout = self.layout
        cells = list(block.cells)
        for col in block.merged_down:  # a vertical merge: the cell above holds the text
            if col < len(cells) and not cells[col]:
                cells[col] = self.last_values.get(col, "")
        for col, value in enumerate(cells):
            if value:
                self.last_values[col] = value
        filled = [(i, c) for i, c in enumerate(cells) if c]
        if not filled or is_column_numbers(cells):  # header rows are taken by `build_plan`
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
            self.parent = None
            return
        values = layout.field_values(cells)
        if number and ROMAN_NUMBER.match(number) and set(values) <= {"number", "title"}:
            # "II." in the number column, the heading beside it: a section, not an item.
            self.sections.append(ParsedSection(number.rstrip("."), values.get("title")))
            return
        if number and self._is_sub_mark(number):
            self._start_sub_item(number, cells, block)
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
        if self._is_unnumbered_item(values, block):
            self._start_item(None, cells, block)
            return
        self._continue(cells, block)

    def _is_sub_mark(self, number: str) -> bool:
        match = SUB_MARK.match(number)
        if match is None or self.parent is None or self.parent.section is not self.current_section:
            return False
        # «1)» under «4.» is a point of item 4; in a plan numbered «1)», «2)» it is an item.
        return bool(match.group("letter")) or "/" in number or self.top_style != ")"

    def _start_sub_item(self, mark: str, cells: list[str], block: Block) -> None:
        parent = self.parent
        assert parent is not None
        values = self.layout.field_values(cells)
        values.pop("number", None)
        for role, text in parent.fields.items():  # what the point does not say, its item does
            if role != "title":
                values.setdefault(role, text)
        parent.sub_items += 1
        core = mark.strip(" )./")
        number = f"{parent.number.rstrip('.) ')}.{core}" if parent.number else core
        self.drafts.append(
            ItemDraft(number, values, block.ref, self.current_section, "deadline_text" in self.layout.roles)
        )

    def _is_unnumbered_item(self, values: dict[str, str], block: Block) -> bool:
        """A row without a number that is an item of its own, not the rest of the one above:
        its text starts a sentence and it names its own date or responsible where the item
        above already has one."""
        title = values.get("title", "")
        if (
            not self.drafts
            or not (title[:1].isupper() or title.startswith(("«", '"')))
            or "number" not in self.layout.roles
        ):
            return False
        last = self.drafts[-1]
        if last.section is not self.current_section:
            return True  # the first row under a heading continues nothing
        if breaks_off(last.fields.get("title", "")):
            return False
        own = {
            role
            for role in ("deadline_text", "responsible")
            if role in values
            and self.layout.roles[role] not in block.merged_down
            and not values[role][:1].islower()  # "учителей (далее – …)": the rest of a name
        }
        return any(role in last.fields for role in own)

    def _is_section(self, filled: list[tuple[int, str]], number_col: int | None, block: Block) -> bool:
        index, text = filled[0]
        if ITEM_NUMBER.match(text):
            return False  # a bare number: an item whose text is on the next row
        if index == (number_col if number_col is not None else 0) or index == 0:
            return True
        # A lone text in another column is a section only if it says so ("Раздел 2. ...",
        # «Педсовет:», «Сентябрь») or stands out in bold; otherwise it continues the item above.
        return text[:1].isupper() and (
            bool(SECTION_START.match(text))
            or index in block.bold_cells
            or text.endswith(":")
            or is_time_heading(text)
        )

    def _start_item(self, number: str | None, cells: list[str], block: Block) -> None:
        values = self.layout.field_values(cells)
        values.pop("number", None)
        self._promote_heading(number)
        if number and self.top_style is None:
            self.top_style = number_style(number)
        draft = ItemDraft(
            number, values, block.ref, self.current_section, "deadline_text" in self.layout.roles
        )
        self.drafts.append(draft)
        self.parent = draft

    def _promote_heading(self, number: str | None) -> None:
        """ "2 | Работа с кадрами" followed by "2.1 …": the row above was a section heading."""
        if not number or not self.drafts:
            return
        last = self.drafts[-1]
        base = (last.number or "").rstrip(".) ")
        if not (base.isdigit() and re.match(rf"{base}\.\d", number) and len(last.fields) <= 1):
            return
        # The heading may sit in whatever column follows the number («1 | Организационная
        # работа» in a table whose second column is the date): one text that is no date.
        heading = next(iter(last.fields.values()), None)
        if heading and "title" not in last.fields and read_deadline(heading)[0].kind != "unspecified":
            return
        self.drafts.pop()
        self.sections.append(ParsedSection(base, heading))
        self.parent = None

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
            # A cell merged down below takes the whole text, not the piece after a page break.
            self.last_values[self.layout.roles[role]] = draft.fields[role]


# ---- assembly -----------------------------------------------------------------------------------


def build_plan(
    blocks: list[Block], year: int | None, budget: TimeBudget, period: Period | None = None
) -> ParsedPlan:
    header_at = next((i for i, b in enumerate(blocks) if b.is_row and is_header(b.cells)), None)
    if header_at is None:
        raise PlanFileError("no-table")
    header = blocks[header_at]
    layout = Layout(header_roles(header.cells), width=max(len(header.cells), 1))
    warnings: list[ImportWarning] = []
    builder = Builder(layout, warnings)
    builder.heading = _heading_of_first_table(blocks[:header_at])
    for index, block in enumerate(blocks[header_at + 1 :], start=1):
        if index % 200 == 0:
            budget.check()
        if block.is_row and is_header(block.cells):
            builder.set_layout(block.cells)
        elif block.is_row:
            builder.add_row(block)
        else:
            builder.add_text(block)

    before = [b for b in blocks[:header_at] if not b.is_row or len([c for c in b.cells if c]) == 1]
    title = find_title(before)
    period = period or period_from_text(title)
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


def _heading_of_first_table(before: list[Block]) -> list[str]:
    """«Сентябрь» right above the first table heads it as the next month heads the next one
    (in bold or not: the title above is bold too, so only what reads as a heading counts)."""
    lines: list[str] = []
    for block in reversed(before):
        if block.is_row or not looks_like_heading(block.text, bold=False):
            break
        lines.insert(0, block.text)
    return lines


def section_hint(title: str | None, period: Period | None) -> Window | None:
    """The time a section's heading names, if it names nothing else («Октябрь», «II квартал»)."""
    if not title or not is_time_heading(title):
        return None
    deadline, _ = read_deadline(title, period)
    if deadline.kind == "window" and len(deadline.windows) == 1 and None not in deadline.windows[0]:
        return deadline.windows[0]
    return None


def _dated_deadlines(builder: Builder) -> list[Deadline]:
    texts = [draft.fields.get("deadline_text") for draft in builder.drafts]
    return [read_deadline(text)[0] for text in texts if text]


def _finish_items(
    builder: Builder, period: Period | None, warnings: list[ImportWarning]
) -> list[ParsedSection]:
    hints: dict[int, Window | None] = {}
    for draft in builder.drafts:
        # A list cut by a page break leaves its separator behind ("…образования,").
        fields = {role: text.rstrip(",; ") for role, text in draft.fields.items()}
        section = draft.section
        if id(section) not in hints:
            hints[id(section)] = section_hint(section.title, period)
        hint = hints[id(section)]
        if hint is not None and "deadline_text" not in fields and not draft.dated_table:
            fields["deadline_text"] = section.title or ""  # a table without dates under «Ноябрь»
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
        deadline, impossible = (
            read_deadline(deadline_text, period, hint) if deadline_text else (UNSPECIFIED, False)
        )
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
    kept = [s for s in builder.sections if s.items or s.title]
    while kept and not kept[-1].items:  # a signature, a note below the table
        kept.pop()
    return kept


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
