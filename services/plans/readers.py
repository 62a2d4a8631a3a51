"""Readers: bytes of a TXT/MD/CSV/DOCX/XLSX/PDF file become `Block`s, with the safety checks
that keep a hostile file from eating memory or time."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from xml.etree.ElementTree import ParseError

from defusedxml import ElementTree

from services.plans.errors import PlanFileError
from services.plans.pdf import read_pdf
from services.plans.source import Block, TimeBudget, clean_text, looks_bold
from services.plans.structure import is_header

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_ARCHIVE_ENTRIES = 10_000
MAX_ROWS = 20_000
MAX_COLUMNS = 60
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
FORMATS = {
    "txt": "txt",
    "md": "txt",
    "markdown": "txt",
    "text": "txt",
    "csv": "csv",
    "docx": "docx",
    "xlsx": "xlsx",
    "pdf": "pdf",
}


def detect_format(filename: str, data: bytes) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FORMATS:
        raise PlanFileError("unknown-format", extension=extension or filename)
    if not data:
        raise PlanFileError("empty")
    if len(data) > MAX_FILE_BYTES:
        raise PlanFileError("too-big", limit_mb=MAX_FILE_BYTES // (1024 * 1024))
    if data.startswith(OLE_MAGIC):
        raise PlanFileError("encrypted")
    return FORMATS[extension]


# ---- text --------------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise PlanFileError("not-text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Russian and Belarusian text from Windows tools: cp1251 decodes any byte, so check
        # that what comes out is mostly letters, not control characters.
        text = data.decode("cp1251", errors="replace")
    controls = sum(1 for ch in text[:20_000] if ord(ch) < 32 and ch not in "\t\r\n\f")
    if controls > max(10, len(text[:20_000]) // 100) or "\ufffd" in text[:20_000]:
        raise PlanFileError("not-text")
    return text


_MD_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def read_text(data: bytes, budget: TimeBudget) -> list[Block]:
    blocks: list[Block] = []
    previous_blank = True
    in_bold = False  # Markdown bold may open on one line and close lines later
    for number, raw in enumerate(decode_text(data).splitlines(), start=1):
        if number % 500 == 0:
            budget.check()
        if len(blocks) > MAX_ROWS * 2:
            raise PlanFileError("too-many-rows", limit=MAX_ROWS)
        ref = f"line {number}"
        if "\t" in raw:
            raw_cells = raw.split("\t")[:MAX_COLUMNS]
            bold_cells = {i for i, c in enumerate(raw_cells) if c.strip() and looks_bold(c)}
            blocks.append(Block([clean_text(c) for c in raw_cells], ref, is_row=True, bold_cells=bold_cells))
        elif raw.lstrip().startswith("|") and raw.count("|") >= 3:
            if not _MD_SEPARATOR.match(raw):
                inner = raw.strip().strip("|")
                blocks.append(Block([clean_text(c) for c in re.split(r"(?<!\\)\|", inner)], ref, is_row=True))
        else:
            text = clean_text(raw.lstrip().lstrip("#") if raw.lstrip().startswith("#") else raw)
            bold = in_bold or looks_bold(raw) or raw.lstrip().startswith("#")
            in_bold ^= raw.count("**") % 2 == 1
            if text:
                blocks.append(Block([text], ref, is_row=False, bold=bold, paragraph_start=previous_blank))
            previous_blank = not text
            continue
        previous_blank = False
    return blocks


def read_csv(data: bytes, budget: TimeBudget) -> list[Block]:
    """The sniffer's guess of the delimiter first; when that gives no plan header (a preamble
    full of commas misleads it), `;`, `,` and tab in turn, keeping the first with a header."""
    text = decode_text(data)
    try:
        guessed: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:20_000], delimiters=";,\t|")
    except csv.Error:
        guessed = csv.excel
    first = _csv_rows(text, guessed, budget)
    if any(block.is_row and is_header(block.cells) for block in first):
        return first
    for delimiter in CSV_DELIMITERS:
        if delimiter == getattr(guessed, "delimiter", None):
            continue
        blocks = _csv_rows(text, _dialect(delimiter), budget)
        if any(block.is_row and is_header(block.cells) for block in blocks):
            return blocks
    return first


CSV_DELIMITERS = (";", ",", "\t")


def _dialect(delimiter: str) -> type[csv.Dialect]:
    class Delimited(csv.excel):
        pass

    Delimited.delimiter = delimiter
    return Delimited


def _csv_rows(text: str, dialect: type[csv.Dialect] | csv.Dialect, budget: TimeBudget) -> list[Block]:
    blocks = []
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        for number, row in enumerate(reader, start=1):
            if number > MAX_ROWS:
                raise PlanFileError("too-many-rows", limit=MAX_ROWS)
            if number % 500 == 0:
                budget.check()
            cells = [clean_text(c) for c in row[:MAX_COLUMNS]]
            blocks.append(_row_or_text(cells, f"row {number}"))
    except csv.Error as exc:
        raise PlanFileError("corrupt", format="CSV") from exc
    return blocks


def _row_or_text(cells: list[str], ref: str, table: int = 0) -> Block:
    """A spreadsheet row with one filled cell before the table is a line of text (a title)."""
    filled = [c for c in cells if c]
    block = Block(cells, ref, is_row=True, table=table)
    if len(filled) <= 1:
        block.paragraph_start = True
    return block


# ---- zip containers ----------------------------------------------------------------------------


def open_zip(data: bytes, fmt: str) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise PlanFileError("corrupt", format=fmt.upper()) from exc
    if len(entries) > MAX_ARCHIVE_ENTRIES or sum(e.file_size for e in entries) > MAX_UNPACKED_BYTES:
        raise PlanFileError(
            "archive-too-big", limit_mb=MAX_UNPACKED_BYTES // (1024 * 1024), limit_entries=MAX_ARCHIVE_ENTRIES
        )
    if any(e.flag_bits & 0x1 for e in entries):
        raise PlanFileError("encrypted")
    return archive


# ---- DOCX --------------------------------------------------------------------------------------


def read_docx(data: bytes, budget: TimeBudget) -> list[Block]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    open_zip(data, "docx")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds for a broken package
        raise PlanFileError("corrupt", format="DOCX") from exc

    blocks: list[Block] = []
    tables = 0
    numbering = ListNumbering()
    try:
        for index, element in enumerate(document.iter_inner_content(), start=1):
            budget.check()
            if isinstance(element, Paragraph):
                # Every paragraph, and every line of one typed with line breaks ("УТВЕРЖДАЮ⏎
                # Директор…⏎ПЛАН…"), is a line of its own: the title is told from the approval
                # block above it line by line (`heading.find_title` joins the title's lines).
                bold = _paragraph_bold(element)
                for text in filter(None, (clean_text(line) for line in element.text.split("\n"))):
                    blocks.append(
                        Block([text], f"paragraph {index}", is_row=False, bold=bold, paragraph_start=True)
                    )
            elif isinstance(element, Table):
                tables += 1
                tables = _read_table(element, tables, blocks, budget, numbering)
    except PlanFileError:
        raise
    except Exception as exc:
        raise PlanFileError("corrupt", format="DOCX") from exc
    return blocks


def _paragraph_bold(paragraph: object) -> bool:
    runs = [run for run in paragraph.runs if run.text.strip()]  # type: ignore[attr-defined]
    return bool(runs) and all(_run_bold(run) for run in runs)


def _run_bold(run: object) -> bool:
    """Bold set on the run itself, else by its character style (looked up only when needed)."""
    if run.bold is not None:  # type: ignore[attr-defined]
        return bool(run.bold)  # type: ignore[attr-defined]
    style = run.style  # type: ignore[attr-defined]
    return bool(style is not None and style.font.bold)


class ListNumbering:
    """Word's automatic list numbers ("1.", "1.2.") are not text in the file: count them.

    The exact format of a list level (roman, letters, brackets) is not rendered; what matters
    is that every item gets its own number in the order Word shows them.
    """

    def __init__(self) -> None:
        self._counts: dict[str, list[int]] = {}

    def number_of(self, paragraph: object) -> str:
        ppr = paragraph._p.pPr  # type: ignore[attr-defined]
        numpr = ppr.numPr if ppr is not None else None
        if numpr is None or numpr.numId is None:
            return ""
        num_id = str(numpr.numId.val)
        level = int(numpr.ilvl.val) if numpr.ilvl is not None else 0
        counts = self._counts.setdefault(num_id, [])
        while len(counts) <= level:
            counts.append(0)
        counts[level] += 1
        del counts[level + 1 :]
        return ".".join(str(c) for c in counts[: level + 1]) + "."


def _read_table(
    table: object,
    number: int,
    blocks: list[Block],
    budget: TimeBudget,
    numbering: ListNumbering | None = None,
) -> int:
    """Rows of a table in grid layout; nested tables follow their row. Returns the last table number."""
    last = number
    for row_index, row in enumerate(table.rows, start=1):  # type: ignore[attr-defined]
        if len(blocks) > MAX_ROWS:
            raise PlanFileError("too-many-rows", limit=MAX_ROWS)
        if row_index % 200 == 0:
            budget.check()
        cells: list[str] = [""] * (row.grid_cols_before or 0)
        merged_down: set[int] = set()
        bold_cells: set[int] = set()
        nested: list[object] = []
        resolved = row.cells
        tcs = [tc for tc in row._tr.tc_lst for _ in range(tc.grid_span)]
        seen: set[int] = set()
        cell_objects: dict[int, object] = {}
        for position, (cell, tc) in enumerate(zip(resolved, tcs, strict=False)):
            grid = position + (row.grid_cols_before or 0)
            if id(cell._tc) in seen:
                cells.append("")
                continue
            seen.add(id(cell._tc))
            text = clean_text(cell.text)
            continued = tc.vMerge == "continue"
            if continued:
                merged_down.add(grid)
            elif not text and cell.paragraphs and numbering is not None:
                text = numbering.number_of(cell.paragraphs[0])
            cells.append(text)
            nested.extend(cell.tables)
            cell_objects[grid] = cell
        filled = [grid for grid, text in enumerate(cells) if text]
        if len(filled) == 1:
            # Only a row with one filled cell can be a heading; bold is costly to read, so
            # it is asked of those rows alone.
            only = filled[0]
            if all(_paragraph_bold(p) for p in cell_objects[only].paragraphs if p.text.strip()):
                bold_cells.add(only)
        blocks.append(
            Block(
                cells[:MAX_COLUMNS],
                f"table {number}, row {row_index}",
                is_row=True,
                merged_down=merged_down,
                bold_cells=bold_cells,
                table=number,
            )
        )
        for inner in nested:
            last += 1
            last = _read_table(inner, last, blocks, budget, numbering)
    return last


# ---- XLSX --------------------------------------------------------------------------------------


def read_xlsx(data: bytes, budget: TimeBudget) -> list[Block]:
    import openpyxl

    archive = open_zip(data, "xlsx")
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise PlanFileError("corrupt", format="XLSX") from exc
    blocks: list[Block] = []
    try:
        for sheet_number, sheet in enumerate(workbook.worksheets, start=1):
            if (sheet.max_row or 0) > MAX_ROWS:
                raise PlanFileError("too-many-rows", limit=MAX_ROWS)
            merges = _vertical_merges(archive, getattr(sheet, "_worksheet_path", None))
            for row_number, values in enumerate(
                sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS), start=1
            ):
                if row_number > MAX_ROWS:
                    raise PlanFileError("too-many-rows", limit=MAX_ROWS)
                if row_number % 500 == 0:
                    budget.check()
                cells = [_cell_text(value) for value in values]
                block = _row_or_text(cells, f"sheet {sheet_number}, row {row_number}", table=sheet_number)
                block.merged_down = {col for col, rows in merges.items() if row_number in rows}
                blocks.append(block)
    except PlanFileError:
        raise
    except Exception as exc:
        raise PlanFileError("corrupt", format="XLSX") from exc
    finally:
        workbook.close()
    return blocks


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


_CELL_REF = re.compile(r"([A-Z]+)(\d+)")


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _vertical_merges(archive: zipfile.ZipFile, path: str | None) -> dict[int, set[int]]:
    """Column -> rows that continue a merge from above (read-only openpyxl does not give merges)."""
    if not path:
        return {}
    merges: dict[int, set[int]] = {}
    try:
        with archive.open(path.lstrip("/")) as source:
            for _event, element in ElementTree.iterparse(source):
                if element.tag.endswith("}mergeCell"):
                    ref = element.get("ref", "")
                    match = [_CELL_REF.fullmatch(part) for part in ref.split(":")]
                    if len(match) == 2 and all(match):
                        (c1, r1), (c2, r2) = (m.groups() for m in match)  # type: ignore[union-attr]
                        for col in range(_column_index(c1), _column_index(c2) + 1):
                            merges.setdefault(col, set()).update(range(int(r1) + 1, int(r2) + 1))
                element.clear()
    except (KeyError, ParseError, ValueError):
        return {}
    return merges


def read_blocks(filename: str, data: bytes, budget: TimeBudget) -> Iterator[Block] | list[Block]:
    fmt = detect_format(filename, data)
    reader = {"txt": read_text, "csv": read_csv, "docx": read_docx, "xlsx": read_xlsx, "pdf": read_pdf}[fmt]
    return reader(data, budget)
