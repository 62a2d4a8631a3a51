"""PDF plans (most are published as PDF: Word → PDF, with a text layer): each page's tables
become rows and the text around them lines, in reading order.

PDFium (pypdfium2) reads the pages: their characters with boxes and weights, and the ruling
lines of the tables. pdfplumber's table finder and text layout run on what PDFium read: the
same algorithms as on pdfplumber's own pages, without pdfminer's page interpreter, which is
written in Python and takes most of the time.

A table that goes on over pages is one table: the next page's part continues it, and a header
repeated at the top of a page is dropped. A PDF without a text layer (a scan) is refused with a
clear message; there is no OCR.
"""

from __future__ import annotations

import bisect
import ctypes
import re
import threading
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pypdfium2
import pypdfium2.raw as pdfium
from pdfplumber.table import TableFinder
from pdfplumber.utils.text import chars_to_textmap

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
    check_unpacked_size(data)
    # PDFium is not thread-safe: two admins' PDFs read at once would share its state.
    with PDFIUM:
        return _read_document(data, budget)


def _read_document(data: bytes, budget: TimeBudget) -> list[Block]:
    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if exc.err_code == pdfium.FPDF_ERR_PASSWORD:
            raise PlanFileError("pdf-encrypted") from exc
        raise PlanFileError("corrupt", format="PDF") from exc
    try:
        if len(document) > MAX_PAGES:
            raise PlanFileError("too-many-pages", limit=MAX_PAGES)
        return _read_pages(_page_views(document), budget)
    except PlanFileError:
        raise
    except Exception as exc:  # a broken or hostile file: whatever the parser trips on, nothing is saved
        raise PlanFileError("corrupt", format="PDF") from exc
    finally:
        document.close()


PDFIUM = threading.Lock()
MAX_UNPACKED_BYTES = 64 * 1024 * 1024  # a 300-page plan unpacks to about 10 MB
MAX_STREAMS = 50_000
_STREAM_START = re.compile(rb"(?<!end)stream\r?\n")


def check_unpacked_size(data: bytes) -> None:
    """A PDF bomb (a small file whose compressed streams unpack to gigabytes) is refused before
    PDFium unpacks anything: each Flate stream is unpacked here up to what is left of the limit."""
    total = 0
    for streams, match in enumerate(_STREAM_START.finditer(data), start=1):
        end = data.find(b"endstream", match.end())
        if end < 0:
            break
        inflater = zlib.decompressobj()
        try:
            total += len(inflater.decompress(data[match.end() : end], MAX_UNPACKED_BYTES - total + 1))
        except zlib.error:
            continue  # not Flate-compressed (a JPEG, plain text) or damaged: PDFium judges it
        if total > MAX_UNPACKED_BYTES or inflater.unconsumed_tail or streams > MAX_STREAMS:
            raise PlanFileError(
                "archive-too-big", limit_mb=MAX_UNPACKED_BYTES >> 20, limit_entries=MAX_STREAMS
            )


@dataclass
class PageView:
    """What pdfplumber's table finder and text layout need of a page, read by PDFium."""

    bbox: tuple[float, float, float, float]
    chars: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    weight: Callable[[int], int] = lambda _index: 400  # a character's font weight, asked when needed

    def extract_text_lines(self) -> list[dict[str, Any]]:
        if not self.chars:
            return []
        return chars_to_textmap(self.chars).extract_text_lines(strip=True, return_chars=True)

    def find_tables(self) -> list[Any]:
        return TableFinder(self).tables  # type: ignore[arg-type]

    def is_bold(self, char: dict[str, Any]) -> bool:
        return self.weight(char["index"]) >= BOLD_WEIGHT


BOLD_WEIGHT = 600


def _page_views(document: pypdfium2.PdfDocument) -> Iterator[PageView]:
    """Each page in turn; its text page stays open while the page is read (weights are asked
    of the few lines outside tables only)."""
    for index in range(len(document)):
        page = document[index]
        text_page = page.get_textpage()
        try:
            width, height = page.get_size()
            handle = text_page.raw
            yield PageView(
                (0.0, 0.0, width, height),
                _chars(text_page, height),
                _edges(page, height),
                lambda i, handle=handle: pdfium.FPDFText_GetFontWeight(handle, i),
            )
        finally:
            text_page.close()
            page.close()


def _chars(text_page: Any, height: float) -> list[dict[str, Any]]:
    """The page's characters as pdfplumber's char objects (top-down coordinates). Spaces and
    line ends PDFium generates are left out: the layout finds words from the gaps itself."""
    handle = text_page.raw
    count = pdfium.FPDFText_CountChars(handle)
    text = text_page.get_text_range(0, count) if count else ""
    if len(text) != count:  # characters outside the basic plane: ask one by one
        text = "".join(chr(pdfium.FPDFText_GetUnicode(handle, i)) for i in range(count))
    box = pdfium.FS_RECTF()
    chars = []
    for i, letter in enumerate(text):
        if letter in "\x02\ufffe":  # a hyphen PDFium takes for a word break at a line's end
            letter = "-"
        elif letter in "\r\n" or (letter == " " and pdfium.FPDFText_IsGenerated(handle, i) == 1):
            continue
        if not pdfium.FPDFText_GetLooseCharBox(handle, i, box):
            continue
        # As pdfminer does: a character is as tall as its font size, from the font's descent
        # up, so the letters of a line share one top whatever their ascenders.
        size = pdfium.FPDFText_GetFontSize(handle, i) or (box.top - box.bottom)
        bottom = height - box.bottom
        top = bottom - size
        chars.append(
            {
                "object_type": "char",
                "index": i,
                "text": letter,
                "x0": box.left,
                "x1": box.right,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "width": box.right - box.left,
                "height": size,
                "size": size,
                "upright": True,
            }
        )
    return chars


def _edges(page: Any, height: float) -> list[dict[str, Any]]:
    """The straight segments of the page's paths (table rules, cell borders), as pdfplumber's
    edges: horizontal or vertical, in page coordinates."""
    edges = []
    x, y = ctypes.c_float(), ctypes.c_float()
    matrix = pdfium.FS_MATRIX()
    for obj in page.get_objects(filter=(pdfium.FPDF_PAGEOBJ_PATH,), max_depth=4):
        handle = obj.raw
        if not pdfium.FPDFPageObj_GetMatrix(handle, matrix):
            continue
        a, b, c, d, e, f = matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f
        start = previous = None
        for n in range(pdfium.FPDFPath_CountSegments(handle)):
            segment = pdfium.FPDFPath_GetPathSegment(handle, n)
            if not pdfium.FPDFPathSegment_GetPoint(segment, x, y):
                continue
            point = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
            kind = pdfium.FPDFPathSegment_GetType(segment)
            if kind == pdfium.FPDF_SEGMENT_LINETO and previous is not None:
                _add_edge(edges, previous, point)
            if kind == pdfium.FPDF_SEGMENT_MOVETO:
                start = point
            previous = point
            if pdfium.FPDFPathSegment_GetClose(segment) and start is not None:
                _add_edge(edges, point, start)
                previous = start
    return edges


AXIS_SLACK = 0.5  # a rule drawn a hair off the axis is still straight


def _add_edge(edges: list[dict[str, Any]], p0: tuple[float, float], p1: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = p0, p1
    if abs(y0 - y1) <= AXIS_SLACK and abs(x0 - x1) > AXIS_SLACK:
        top = (y0 + y1) / 2
        edges.append(_edge(min(x0, x1), max(x0, x1), top, top, "h"))
    elif abs(x0 - x1) <= AXIS_SLACK and abs(y0 - y1) > AXIS_SLACK:
        left = (x0 + x1) / 2
        edges.append(_edge(left, left, min(y0, y1), max(y0, y1), "v"))


def _edge(x0: float, x1: float, top: float, bottom: float, orientation: str) -> dict[str, Any]:
    return {
        "object_type": "line",
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
    }


def _read_pages(pages: Iterable[PageView], budget: TimeBudget) -> list[Block]:
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


def _rows_of(table: Any, chars: list[dict[str, Any]]) -> list[tuple[list[str | None], set[int]]]:
    """Each row's texts, and which of its empty grid positions a cell to their left spans."""
    # Grid columns start where cells start (as pdfplumber lays rows out); a column's middle
    # is halfway to the next start. A column's own bbox would take in a heading across the row.
    starts = sorted({cell[0] for cell in table.cells})
    ends = [*starts[1:], table.bbox[2]]
    centres = [(start + end) / 2 for start, end in zip(starts, ends, strict=True)]
    found = []
    rows = table.rows
    for texts, row in zip(_cell_texts(rows, chars), rows, strict=False):
        spanned = {
            n
            for n, cell in enumerate(row.cells)
            if cell is None
            and n < len(centres)
            and any(left is not None and left[2] > centres[n] for left in row.cells[:n])
        }
        found.append((texts, spanned))
    return found


def _cell_texts(rows: list[Any], chars: list[dict[str, Any]]) -> list[list[str | None]]:
    """The text of every cell, as pdfplumber's `Table.extract` gives it: each character goes
    to the cell its centre is in, found by bisection instead of testing every cell."""
    tops = [row.bbox[1] for row in rows]
    found: list[list[list[dict[str, Any]]]] = [[[] for _ in row.cells] for row in rows]
    for char in chars:
        middle = (char["top"] + char["bottom"]) / 2
        at = bisect.bisect_right(tops, middle) - 1
        if at < 0 or middle >= rows[at].bbox[3]:
            continue
        centre = (char["x0"] + char["x1"]) / 2
        for n, cell in enumerate(rows[at].cells):
            if cell is not None and cell[0] <= centre < cell[2] and cell[1] <= middle < cell[3]:
                found[at][n].append(char)
                break
    return [
        [None if cell is None else _text(found[r][n]) for n, cell in enumerate(row.cells)]
        for r, row in enumerate(rows)
    ]


X_TOLERANCE = Y_TOLERANCE = 3.0  # pdfplumber's: a wider gap between letters is a space


def _text(chars: list[dict[str, Any]]) -> str:
    """Characters as lines of words: a line is the characters whose tops are within the
    tolerance, left to right; a gap wider than the tolerance, or a space, separates words."""
    if not chars:
        return ""
    lines: list[list[dict[str, Any]]] = []
    for char in sorted(chars, key=lambda c: c["top"]):
        if lines and char["top"] - lines[-1][0]["top"] <= Y_TOLERANCE:
            lines[-1].append(char)
        else:
            lines.append([char])
    texts = []
    for line in lines:
        words, previous = [], None
        for char in sorted(line, key=lambda c: c["x0"]):
            if char["text"].isspace():
                previous = None
                words.append(" ")
                continue
            if previous is not None and char["x0"] - previous["x1"] > X_TOLERANCE:
                words.append(" ")
            words.append(char["text"])
            previous = char
        texts.append(" ".join("".join(words).split()))
    return "\n".join(text for text in texts if text)


def _page_content(page: PageView) -> list[tuple[str, Any, bool]]:
    """("table", rows, False) and ("line", (text, bold), starts a paragraph), top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    found: list[tuple[float, str, Any, bool]] = [
        (t.bbox[1], "table", _rows_of(t, page.chars), False) for t in tables
    ]

    around = page.chars
    for x0, top, x1, bottom in boxes:
        around = [
            c
            for c in around
            if not (x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom)
        ]
    if not around:
        return [(kind, content, starts) for _top, kind, content, starts in found]  # tables only
    previous_bottom: float | None = None
    for line in PageView(page.bbox, around).extract_text_lines():
        text = line["text"].strip()
        if not text:
            continue
        bold = all(page.is_bold(char) for char in line["chars"] if char["text"].strip())
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
