"""«Информация о ходе выполнения плана …» as DOCX, the layout sent upward: the plan's own
sections and numbered items with the deadline and responsible as written, and a column
«Информация о выполнении» filled from the approved reports (organisation, date, participants,
what was done, the link), up to three photo thumbnails per report below it; items not done
say so. A4 landscape, ready to print.

`docx_of` makes plain values where the locales and the database are; `write_docx` (pure
python-docx and Pillow, seconds for hundreds of photos) runs in a process of its own."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from db.models import ReportStatus
from services.evidence import EvidenceStore
from services.exports import ExportLine, ReportDocument

Text = Callable[..., str]
PHOTOS_PER_REPORT = 3
THUMBNAIL_PIXELS = 480  # the longer side; printed 4 cm wide
THUMBNAIL_CM = 4.0
# The photos a file may carry, in bytes: Telegram takes uploads up to 50 MB, and the text and
# tables need room too. Past it the photos are left out and the file says where they are.
PHOTO_BUDGET = 40 * 2**20
COLUMN_CM = (1.5, 8.0, 3.5, 4.5, 9.2)


@dataclass(frozen=True)
class DoneReport:
    text: str
    photos: tuple[Path, ...]


@dataclass(frozen=True)
class DocxItem:
    number: str
    title: str
    deadline: str
    responsible: str
    done: tuple[DoneReport, ...]
    not_done: str | None  # what to say when no report is approved


@dataclass
class DocxBook:
    heading: str
    scope: str
    columns: tuple[str, ...]
    photos_left_out: str  # said under the heading when the photos did not all fit
    rows: list[str | DocxItem] = field(default_factory=list)  # a section heading or an item


def docx_of(document: ReportDocument, evidence: Path, text: Text) -> DocxBook:
    export = document.export
    book = DocxBook(
        heading=text("export-docx-heading", title=export.plan.title),
        scope=text("export-scope", org=export.scope_name, today=export.today.strftime("%d.%m.%Y")),
        columns=tuple(
            text(f"export-docx-col-{c}") for c in ("number", "title", "deadline", "responsible", "done")
        ),
        photos_left_out=text("export-docx-photos-left-out"),
    )
    by_item: dict[int, list[ExportLine]] = {}
    for line in export.lines:
        by_item.setdefault(line.record.item_id, []).append(line)
    for heading, items in document.outline:
        if heading:
            book.rows.append(heading)
        for item in items:
            lines = by_item.get(item.item_id, [])
            done = tuple(
                DoneReport(_report_text(line, text), _photos(document, line, evidence))
                for line in lines
                if line.record.status is ReportStatus.APPROVED
            )
            waiting = any(line.record.status is ReportStatus.SUBMITTED for line in lines)
            not_done = None if done else text("export-docx-review" if waiting else "export-docx-not-done")
            book.rows.append(
                DocxItem(
                    item.number or "",
                    item.title,
                    item.deadline_text or "",
                    item.responsible or "",
                    done,
                    not_done,
                )
            )
    return book


def _photos(document: ReportDocument, line: ExportLine, evidence: Path) -> tuple[Path, ...]:
    store = EvidenceStore(evidence)
    return tuple(
        store.path_of(sha) for sha in document.photos.get(line.record.report_id or 0, [])[:PHOTOS_PER_REPORT]
    )


def _report_text(line: ExportLine, text: Text) -> str:
    record = line.record
    parts = [record.org_name]
    if record.event_date:
        parts.append(record.event_date.strftime("%d.%m.%Y"))
    if record.participants:
        parts.append(text("export-docx-participants", count=record.participants))
    head = ", ".join(parts)
    body = " ".join(p for p in (record.text, record.link) if p)
    return f"{head}. {body}" if body else head


def write_docx(book: DocxBook, path: Path, photo_budget: int = PHOTO_BUDGET) -> Path:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(1.5)
    document.styles["Normal"].font.size = Pt(11)
    heading = document.add_paragraph()
    heading.add_run(book.heading).bold = True
    document.add_paragraph(book.scope)
    note = document.add_paragraph()  # filled if photos had to be left out
    table = document.add_table(rows=1, cols=len(book.columns))
    table.style = document.styles["Table Grid"]
    for cell, title in zip(table.rows[0].cells, book.columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(title).bold = True
    for row in book.rows:
        cells = table.add_row().cells
        if isinstance(row, str):
            merged = cells[0].merge(cells[-1])
            merged.text = ""
            merged.paragraphs[0].add_run(row).bold = True
            continue
        for cell, value in zip(cells, (row.number, row.title, row.deadline, row.responsible), strict=False):
            cell.text = value
        photo_budget = _fill_done(cells[-1], row, Cm(THUMBNAIL_CM), photo_budget)
    if photo_budget < 0:
        note.add_run(book.photos_left_out).italic = True
    for row in table.rows:
        for cell, width in zip(row.cells, COLUMN_CM, strict=False):
            cell.width = Cm(width)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))
    return path


def _fill_done(cell: object, item: DocxItem, width: object, budget: int) -> int:
    """The item's reports and their thumbnails while `budget` (bytes) lasts; what is left of
    it, below zero once a photo had to be left out."""
    cell.text = item.not_done or ""  # type: ignore[attr-defined]
    first = True
    for report in item.done:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()  # type: ignore[attr-defined]
        paragraph.add_run(report.text)
        first = False
        if budget < 0:
            continue
        pictures = []
        for photo in report.photos:
            thumb = _thumbnail(photo)
            if thumb is None:
                continue
            size = thumb.getbuffer().nbytes
            if size > budget:
                budget = -1
                break
            budget -= size
            pictures.append(thumb)
        if pictures:
            line = cell.add_paragraph()  # type: ignore[attr-defined]
            for picture in pictures:
                line.add_run().add_picture(picture, width=width)
                line.add_run(" ")
    return budget


def _thumbnail(path: Path) -> io.BytesIO | None:
    """A small JPEG of the photo; a photo gone from the store is left out, not an error."""
    try:
        with Image.open(path) as image:
            image.thumbnail((THUMBNAIL_PIXELS, THUMBNAIL_PIXELS))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=80)
    except (OSError, ValueError):
        return None
    out.seek(0)
    return out
