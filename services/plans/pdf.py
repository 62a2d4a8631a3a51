"""PDF plans (most are published as PDF: Word → PDF, with a text layer): each page's tables
become rows and the text around them lines, in reading order, with pdfplumber.

A table that goes on over pages is one table: the next page's part continues it, and a header
repeated at the top of a page is dropped. A PDF without a text layer (a scan) is refused with a
clear message; there is no OCR.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from services.plans.errors import PlanFileError
from services.plans.source import Block, TimeBudget, clean_text

MAX_PAGES = 300  # a plan of 2,000 items runs to about 120 pages
PDF_MAGIC = b"%PDF-"
# A compound broken after its hyphen at the end of a cell's line, "организационно-\nметодической",
# is one word again (the hyphen stays); a soft hyphen goes.
_BROKEN_COMPOUND = re.compile(r"(\w-)\n(?=\w)")
_SOFT_HYPHEN = re.compile(r"\u00ad\n?")
# A line that starts with closing punctuation continues the word above: "10.10\n." is "10.10.".
_PUNCTUATION_BELOW = re.compile(r"\n(?=[.,;:)»])")
PARAGRAPH_GAP = 0.6  # a gap above a line of more than this many line heights starts a paragraph


def read_pdf(data: bytes, budget: TimeBudget) -> list[Block]:
    if not data.startswith(PDF_MAGIC):
        raise PlanFileError("corrupt", format="PDF")
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise PlanFileError("too-many-pages", limit=MAX_PAGES)
            return _read_pages(pdf.pages, budget)
    except PlanFileError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise PlanFileError("pdf-encrypted") from exc
    except PdfminerException as exc:
        if isinstance(exc.args[0] if exc.args else None, PDFPasswordIncorrect | PDFEncryptionError):
            raise PlanFileError("pdf-encrypted") from exc
        raise PlanFileError("corrupt", format="PDF") from exc
    except Exception as exc:  # a broken or hostile file: whatever the parser trips on, nothing is saved
        raise PlanFileError("corrupt", format="PDF") from exc


def _read_pages(pages: list[Any], budget: TimeBudget) -> list[Block]:
    blocks: list[Block] = []
    header: list[str] | None = None
    table = 0
    has_text = False
    for number, page in enumerate(pages, start=1):
        budget.check()
        has_text = has_text or bool(page.chars)
        continues = bool(blocks) and blocks[-1].is_row  # the last thing read was a table row
        for kind, content, line_start in _page_content(page):
            if kind == "line":
                text, bold = content
                blocks.append(
                    Block(
                        [clean_text(text)],
                        f"page {number}",
                        is_row=False,
                        bold=bold,
                        paragraph_start=line_start,
                    )
                )
                continues = False
                continue
            rows = [row for row in (_row(raw) for raw in content) if any(row.cells)]
            if not rows:
                continue
            if header is not None and continues and _same(rows[0].cells, header):
                rows = rows[1:]  # the header Word repeats at the top of every page
            if not continues:
                table += 1
                header = rows[0].cells if rows else None
                if rows:
                    rows[0].merged_down.clear()  # nothing above the first row to merge with
            for n, row in enumerate(rows, 1):
                row.ref, row.table = f"page {number}, table row {n}", table
            blocks += rows
            continues = True
    if not has_text:
        raise PlanFileError("pdf-scanned")
    return blocks


def _row(raw: tuple[list[str | None], set[int]]) -> Block:
    """A table row; a cell pdfplumber gives as None is covered by a merged cell: from its left
    (a heading across the row) or from above (the same responsible for several items)."""
    texts, spanned = raw
    cells = [clean_text(_unbroken(cell or "")) for cell in texts]
    merged = {n for n, cell in enumerate(texts) if cell is None and n not in spanned}
    return Block(cells, "", is_row=True, merged_down=merged)


def _unbroken(text: str) -> str:
    """A cell's lines as one text, without the breaks the cell's width made inside words."""
    return _PUNCTUATION_BELOW.sub("", _BROKEN_COMPOUND.sub(r"\1", _SOFT_HYPHEN.sub("", text)))


def _rows_of(table: Any) -> list[tuple[list[str | None], set[int]]]:
    """Each row's texts, and which of its empty grid positions a cell to their left spans."""
    centres = [(column.bbox[0] + column.bbox[2]) / 2 for column in table.columns]
    found = []
    for texts, row in zip(table.extract(), table.rows, strict=False):
        right_edges = [cell[2] for cell in row.cells if cell is not None]
        spanned = {
            n
            for n, cell in enumerate(row.cells)
            if cell is None and n < len(centres) and any(edge > centres[n] for edge in right_edges[: n + 1])
        }
        found.append((texts, spanned))
    return found


def _page_content(page: Any) -> list[tuple[str, Any, bool]]:
    """("table", rows, False) and ("line", (text, bold), starts a paragraph), top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    found: list[tuple[float, str, Any, bool]] = [(t.bbox[1], "table", _rows_of(t), False) for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    if boxes and all(not outside(char) for char in page.chars):
        return [(kind, content, starts) for _top, kind, content, starts in found]  # tables only
    previous_bottom: float | None = None
    for line in page.filter(outside).extract_text_lines():
        text = line["text"].strip()
        if not text:
            continue
        bold = all(
            "bold" in str(char.get("fontname", "")).lower() for char in line["chars"] if char["text"].strip()
        )
        height = max(line["bottom"] - line["top"], 1.0)
        starts = previous_bottom is None or line["top"] - previous_bottom > PARAGRAPH_GAP * height
        found.append((line["top"], "line", (text, bold), starts))
        previous_bottom = line["bottom"]
    found.sort(key=lambda item: item[0])
    # A table between two lines ends the paragraph above it.
    for n in range(1, len(found)):
        if found[n][1] == "line" and found[n - 1][1] == "table":
            found[n] = (*found[n][:3], True)
    return [(kind, content, starts) for _top, kind, content, starts in found]


def _same(row: list[str], header: list[str]) -> bool:
    def words(cells: list[str]) -> list[str]:
        return [" ".join(c.casefold().split()) for c in cells]

    return words(row) == words(header)
