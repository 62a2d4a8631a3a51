"""The execution report as XLSX: «Сводка» (by section, by district) and «По пунктам» (one row
per item × organisation × due date), with XlsxWriter in constant-memory mode: each row goes to
disk as it is written, so memory stays flat however many rows (and it writes about twice as
fast as openpyxl's write-only mode). `write_xlsx_apart` writes in a process of its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path

import xlsxwriter

from services.exports import STATUS_KEYS, PlanExport, status_key
from services.offload import in_own_process
from services.progress import Standing, Tally

Text = Callable[..., str]  # a locale message by key, as the caller's translator gives it
Labels = dict[str, str]

SUMMARY_COLUMNS = ("name", "total", "done", "review", "overdue", "week", "later", "percent")
SUMMARY_WIDTHS = (60, 10, 12, 12, 12, 14, 12, 12)
ITEM_COLUMNS = (
    "section",
    "number",
    "title",
    "deadline",
    "org",
    "due",
    "status",
    "submitted",
    "event-date",
    "participants",
    "text",
    "link",
    "reviewer",
    "files",
)
ITEM_WIDTHS = (30, 8, 60, 22, 40, 12, 18, 12, 12, 12, 60, 30, 18, 30)
STANDING_COLUMNS = (Standing.DONE, Standing.REVIEW, Standing.OVERDUE, Standing.WEEK, Standing.LATER)


@dataclass(frozen=True)
class Workbook:
    """The file's content as plain values (strings, numbers, dates), cheap to hand to another
    process: the texts are made here, where the locales are."""

    title: str
    scope: str
    labels: Labels
    sections: list[tuple[object, ...]]
    districts: list[tuple[object, ...]]
    rows: list[tuple[object, ...]]


def workbook_of(export: PlanExport, text: Text) -> Workbook:
    keys = [
        "export-sheet-summary",
        "export-sheet-items",
        "export-by-sections",
        "export-by-districts",
        *(f"export-col-{column}" for column in (*SUMMARY_COLUMNS, *ITEM_COLUMNS)),
    ]
    statuses = {key: text(key) for key in STATUS_KEYS}  # five texts, not one lookup per row
    rows = []
    for line in export.lines:
        record = line.record
        rows.append(
            (
                line.section,
                record.number,
                record.title,
                record.deadline_text,
                record.org_name,
                record.due_on,
                statuses[status_key(line.record.status, line.standing)],
                record.submitted_at.date() if record.submitted_at else None,
                record.event_date,
                record.participants,
                record.text,
                record.link,
                record.reviewer,
                ", ".join(line.files),
            )
        )
    return Workbook(
        title=export.plan.title,
        scope=text("export-scope", org=export.scope_name, today=export.today.strftime("%d.%m.%Y")),
        labels={key: text(key) for key in keys},
        sections=[_tally_row(t) for t in export.sections],
        districts=[_tally_row(t) for t in export.districts],
        rows=rows,
    )


def _tally_row(tally: Tally) -> tuple[object, ...]:
    return (tally.name, tally.total, *(tally.count(s) for s in STANDING_COLUMNS), tally.percent_done / 100)


def write_xlsx(export: PlanExport, path: Path, text: Text) -> Path:
    return write_workbook(workbook_of(export, text), path)


async def write_xlsx_apart(export: PlanExport, path: Path, text: Text) -> Path:
    """`write_xlsx` with the writing in a process of its own: 60,000 rows are seconds of pure
    Python, and in a thread they would hold the interpreter lock from the bot's event loop."""
    return await in_own_process(write_workbook, workbook_of(export, text), path)


def write_workbook(book: Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            # Cells are data as written: a report's text is never a formula, a link or a number.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    try:
        _summary(workbook, book)
        _items(workbook, book)
    finally:
        workbook.close()
    return path


def _summary(workbook: xlsxwriter.Workbook, book: Workbook) -> None:
    labels = book.labels
    sheet = workbook.add_worksheet(labels["export-sheet-summary"])
    bold = workbook.add_format({"bold": True})
    share = workbook.add_format({"num_format": "0%"})
    for column, width in enumerate(SUMMARY_WIDTHS):
        sheet.set_column(column, column, width)
    sheet.write_string(0, 0, book.title, bold)
    sheet.write_string(1, 0, book.scope)
    row = 2
    for heading, tallies in (
        (labels["export-by-sections"], book.sections),
        (labels["export-by-districts"], book.districts),
    ):
        row += 1
        sheet.write_string(row, 0, heading, bold)
        row += 1
        sheet.write_row(row, 0, [labels[f"export-col-{column}"] for column in SUMMARY_COLUMNS], bold)
        for tally in tallies:
            row += 1
            sheet.write_string(row, 0, str(tally[0]))
            sheet.write_row(row, 1, tally[1:-1])
            sheet.write_number(row, len(SUMMARY_COLUMNS) - 1, tally[-1], share)  # type: ignore[arg-type]
        row += 1


DATE_COLUMNS = frozenset({5, 7, 8})
NUMBER_COLUMNS = frozenset({9})


def _items(workbook: xlsxwriter.Workbook, book: Workbook) -> None:
    labels = book.labels
    sheet = workbook.add_worksheet(labels["export-sheet-items"])
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "dd.mm.yyyy"})
    for column, width in enumerate(ITEM_WIDTHS):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(book.rows), 1), len(ITEM_COLUMNS) - 1)
    sheet.write_row(0, 0, [labels[f"export-col-{column}"] for column in ITEM_COLUMNS], bold)
    write_string, write_number, write_datetime = sheet.write_string, sheet.write_number, sheet.write_datetime
    for row, values in enumerate(book.rows, start=1):
        for column, value in enumerate(values):
            if value is None or value == "":
                continue
            if column in DATE_COLUMNS:
                write_datetime(row, column, datetime.combine(value, time()), day)  # type: ignore[arg-type]
            elif column in NUMBER_COLUMNS:
                write_number(row, column, value)  # type: ignore[arg-type]
            else:
                write_string(row, column, value)  # type: ignore[arg-type]
