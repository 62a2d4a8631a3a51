"""Builds plan files from a plan in the import JSON shape, the way real offices lay them
out: a title above, merged section rows, repeated headers, a row of column numbers,
multi-paragraph cells, vertically merged cells, nested tables. Tests use it to check every
format against the same expected plan; the import benchmark uses it to make large plans."""

from __future__ import annotations

import csv
import io
from typing import Any

HEADERS = {
    "number": "№ п/п",
    "title": "Наименование мероприятия",
    "audience": "Целевая аудитория",
    "deadline_text": "Срок исполнения",
    "responsible": "Ответственные исполнители",
    "expected_result": "Ожидаемый результат",
}


def columns_of(plan: dict[str, Any], order: list[str] | None = None) -> list[str]:
    present = {key for s in plan["sections"] for item in s["items"] for key, value in item.items() if value}
    wanted = order or ["number", "title", "audience", "deadline_text", "responsible", "expected_result"]
    return [key for key in wanted if key in present or key in ("number", "title", "deadline_text")]


def section_text(section: dict[str, Any]) -> str | None:
    if section["title"] is None:
        return None
    return f"{section['number']}. {section['title']}" if section["number"] else section["title"]


def rows_of(plan: dict[str, Any], columns: list[str]) -> list[tuple[str, list[str]]]:
    """("section", [text]) or ("item", cells) in order."""
    rows: list[tuple[str, list[str]]] = []
    for section in plan["sections"]:
        text = section_text(section)
        if text:
            rows.append(("section", [text]))
        for item in section["items"]:
            rows.append(("item", [item[c] or "" for c in columns]))
    return rows


def make_docx(
    plan: dict[str, Any], *, order: list[str] | None = None, nested: bool = False, for_print: bool = False
) -> bytes:
    """`for_print`: laid out as plans are printed (and saved as PDF): landscape A4, a narrow
    number column, ruled cells."""
    import docx
    from docx.shared import Pt

    document = docx.Document()
    if for_print:
        _landscape(document)
    document.add_paragraph("УТВЕРЖДАЮ")
    document.add_paragraph("Начальник управления")
    document.add_paragraph("")
    if plan["title"]:
        words = plan["title"].split()
        # The title broken over two bold paragraphs, as offices type it.
        for part in (" ".join(words[:2]), " ".join(words[2:])):
            run = document.add_paragraph().add_run(part)
            run.bold = True
            run.font.size = Pt(14)
    document.add_paragraph("")
    columns = columns_of(plan, order)
    rows = rows_of(plan, columns)
    container = document
    if nested:  # the whole plan inside a one-cell layout table
        outer = document.add_table(rows=1, cols=1)
        container = outer.cell(0, 0)
    table = container.add_table(rows=0, cols=len(columns))
    header = table.add_row().cells
    for cell, key in zip(header, columns, strict=True):
        cell.text = HEADERS[key]
    numbers = table.add_row().cells
    for index, cell in enumerate(numbers, start=1):
        cell.text = str(index)

    previous_item_cells = None
    previous_values: list[str] | None = None
    for index, (kind, cells) in enumerate(rows):
        if index and index % 15 == 0:  # a header repeated after a page break
            for cell, key in zip(table.add_row().cells, columns, strict=True):
                cell.text = HEADERS[key]
        row = table.add_row().cells
        if kind == "section":
            merged = row[0].merge(row[-1])
            merged.text = cells[0]
            previous_item_cells = None
            continue
        for position, (cell, value) in enumerate(zip(row, cells, strict=True)):
            key = columns[position]
            if key == "title" and len(value.split()) > 6:
                words = value.split()
                cell.text = " ".join(words[:3])
                cell.add_paragraph(" ".join(words[3:]))  # a cell of two paragraphs
            else:
                cell.text = value
        # Identical responsible cells of consecutive items are merged vertically.
        if "responsible" in columns and previous_item_cells is not None and previous_values is not None:
            at = columns.index("responsible")
            if cells[at] and cells[at] == previous_values[at]:
                row[at].text = ""
                previous_item_cells[at].merge(row[at])
        previous_item_cells, previous_values = row, cells
    if for_print:
        _ruled(document, table)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _landscape(document: Any) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    for section in document.sections:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        section.left_margin = section.right_margin = Mm(20)


def _ruled(document: Any, table: Any) -> None:
    from docx.shared import Mm

    table.style = document.styles["Table Grid"]
    count = len(table.columns)
    widths = [Mm(15)] + [Mm((257 - 15) // (count - 1))] * (count - 1)
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def make_xlsx(plan: dict[str, Any], *, order: list[str] | None = None) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    columns = columns_of(plan, order)
    width = len(columns)
    sheet.cell(row=1, column=1, value="Приложение 1")
    if plan["title"]:
        sheet.cell(row=2, column=1, value=plan["title"])
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    for col, key in enumerate(columns, start=1):
        sheet.cell(row=4, column=col, value=HEADERS[key])
        sheet.cell(row=5, column=col, value=col)
    row_number = 6
    previous: list[str] | None = None
    merge_start: int | None = None
    at = columns.index("responsible") if "responsible" in columns else None
    for kind, cells in rows_of(plan, columns):
        if kind == "section":
            sheet.cell(row=row_number, column=1, value=cells[0])
            sheet.merge_cells(start_row=row_number, start_column=1, end_row=row_number, end_column=width)
            previous = merge_start = None
            row_number += 1
            continue
        for col, value in enumerate(cells, start=1):
            if value and not (at is not None and col - 1 == at and previous and previous[at] == value):
                sheet.cell(row=row_number, column=col, value=value)
        if at is not None and previous is not None and cells[at] and previous[at] == cells[at]:
            start = merge_start or row_number - 1
            sheet.merge_cells(start_row=start, start_column=at + 1, end_row=row_number, end_column=at + 1)
            merge_start = start
        else:
            merge_start = None
        previous = cells
        row_number += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_csv(plan: dict[str, Any], *, delimiter: str = ";", encoding: str = "cp1251") -> bytes:
    columns = columns_of(plan)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    if plan["title"]:
        writer.writerow([plan["title"]])
    writer.writerow([HEADERS[c] for c in columns])
    for kind, cells in rows_of(plan, columns):
        writer.writerow(cells if kind == "item" else [cells[0]] + [""] * (len(columns) - 1))
    return buffer.getvalue().encode(encoding)


def make_txt(plan: dict[str, Any]) -> bytes:
    columns = columns_of(plan)
    lines = [plan["title"] or "", ""] if plan["title"] else []
    lines.append("\t".join(HEADERS[c] for c in columns))
    for kind, cells in rows_of(plan, columns):
        lines.append("\t".join(cells if kind == "item" else [cells[0]] + [""] * (len(columns) - 1)))
    return "\n".join(lines).encode("utf-8")


DEADLINES = [
    "январь 2026 г.",
    "до 16.02.2026 г.",
    "ежеквартально",
    "в течение года",
    "апрель-май 2026 г.",
    "2 квартал",
]


def synthetic_plan(items: int, per_section: int = 50) -> dict[str, Any]:
    """A plan of `items` items in sections of `per_section`, with varied deadlines."""
    sections = []
    for s in range(0, items, per_section):
        number = s // per_section + 1
        sections.append(
            {
                "number": str(number),
                "title": f"Направление работы номер {number}",
                "items": [
                    {
                        "number": f"{number}.{i + 1}.",
                        "title": f"Мероприятие {number}.{i + 1}: семинар для педагогов центров «Точка роста»",
                        "deadline_text": DEADLINES[i % len(DEADLINES)],
                        "responsible": f"Отдел образования района {i % 17 + 1}",
                        "audience": None,
                        "expected_result": None,
                    }
                    for i in range(min(per_section, items - s))
                ],
            }
        )
    return {"title": "План работы на 2026 год", "period": ["2026-01-01", "2026-12-31"], "sections": sections}
