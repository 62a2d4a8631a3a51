"""The execution report as XLSX: «Сводка» (by section, by district) and «По пунктам» (one row
per item × organisation × due date), in openpyxl's write-only mode so memory stays flat
however many rows. Synchronous: callers run it in a worker thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from db.models import ReportStatus
from services.exports import ExportLine, PlanExport
from services.progress import Standing, Tally

Text = Callable[..., str]  # a locale message by key, as the caller's translator gives it

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


def status_key(line: ExportLine) -> str:
    """What the row says of the organisation: its report's state, or where the date stands."""
    status = line.record.status
    if status is ReportStatus.APPROVED:
        return "export-status-done"
    if status is ReportStatus.SUBMITTED:
        return "export-status-review"
    if status is ReportStatus.RETURNED:
        return "export-status-returned"
    return "export-status-overdue" if line.standing is Standing.OVERDUE else "export-status-waiting"


def write_xlsx(export: PlanExport, path: Path, text: Text) -> Path:
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet(text("export-sheet-summary"))
    _frame(summary, SUMMARY_WIDTHS)
    summary.append([export.plan.title])
    summary.append([text("export-scope", org=export.scope_name, today=export.today.strftime("%d.%m.%Y"))])
    for heading, tallies in (
        (text("export-by-sections"), export.sections),
        (text("export-by-districts"), export.districts),
    ):
        summary.append([])
        summary.append([heading])
        summary.append([text(f"export-col-{column}") for column in SUMMARY_COLUMNS])
        for row in tallies:
            summary.append(_tally_row(row))

    items = workbook.create_sheet(text("export-sheet-items"))
    _frame(items, ITEM_WIDTHS)
    items.freeze_panes = "A2"
    items.auto_filter.ref = f"A1:{get_column_letter(len(ITEM_COLUMNS))}{len(export.lines) + 1}"
    items.append([text(f"export-col-{column}") for column in ITEM_COLUMNS])
    for line in export.lines:
        record = line.record
        items.append(
            [
                line.section,
                record.number,
                record.title,
                record.deadline_text,
                record.org_name,
                record.due_on,
                text(status_key(line)),
                record.submitted_at.date() if record.submitted_at else None,
                record.event_date,
                record.participants,
                record.text,
                record.link,
                record.reviewer,
                ", ".join(line.files) or None,
            ]
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _frame(sheet: object, widths: tuple[int, ...]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width  # type: ignore[attr-defined]


def _tally_row(row: Tally) -> list[object]:
    return [row.name, row.total, *(row.count(s) for s in STANDING_COLUMNS), row.percent_done / 100]
