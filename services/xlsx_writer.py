"""Writes the execution report's XLSX from plain values, with XlsxWriter in constant-memory
mode: each row goes to disk as it is written, so memory stays flat however many rows.

This module imports nothing of the bot but XlsxWriter: run as `python -m services.xlsx_writer`
it is the writer process, and it starts in a fraction of a second. The rows arrive over its
stdin a chunk at a time while the bot is still reading the next ones, so reading and writing
overlap on two cores; the summary, counted on the way, comes last and goes to the first sheet
(constant-memory mode writes each sheet to a file of its own, in any order between sheets).
"""

from __future__ import annotations

import pickle
import sys
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import xlsxwriter

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
DATE_COLUMNS = frozenset(n for n, c in enumerate(ITEM_COLUMNS) if c in ("due", "submitted", "event-date"))
NUMBER_COLUMNS = frozenset({ITEM_COLUMNS.index("participants")})
EXCEL_EPOCH = date(1899, 12, 30)  # day 0 of Excel's 1900 date system (for dates after March 1900)

Row = Sequence[object]


@dataclass(frozen=True)
class Header:
    """What the file says before any row: the plan, whose part and when, and the labels (the
    texts are made by the caller, where the locales are)."""

    title: str
    scope: str
    labels: dict[str, str]


class ReportWriter:
    def __init__(self, path: str, header: Header) -> None:
        self._header = header
        self._book = xlsxwriter.Workbook(
            path,
            {
                "constant_memory": True,
                # Cells are data as written: a report's text is never a formula, a link or a number.
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        labels = header.labels
        self._bold = self._book.add_format({"bold": True})
        self._day = self._book.add_format({"num_format": "dd.mm.yyyy"})
        self._summary = self._book.add_worksheet(labels["export-sheet-summary"])
        self._items = self._book.add_worksheet(labels["export-sheet-items"])
        for column, width in enumerate(ITEM_WIDTHS):
            self._items.set_column(column, column, width)
        self._items.freeze_panes(1, 0)
        self._items.write_row(0, 0, [labels[f"export-col-{c}"] for c in ITEM_COLUMNS], self._bold)
        self._row = 0
        # A date is written as its serial number with a date format, as Excel stores it: a
        # report has a few distinct dates over 60,000 rows, each converted once.
        self._serials: dict[date, int] = {}

    def rows(self, rows: Iterable[Row]) -> None:
        write_string, write_number = self._items.write_string, self._items.write_number
        serials, day = self._serials, self._day
        row = self._row
        for values in rows:
            row += 1
            for column, value in enumerate(values):
                if value is None or value == "":
                    continue
                if column in DATE_COLUMNS:
                    serial = serials.get(value)  # type: ignore[call-overload]
                    if serial is None:
                        serial = serials[value] = (value - EXCEL_EPOCH).days  # type: ignore[operator]
                    write_number(row, column, serial, day)
                elif column in NUMBER_COLUMNS:
                    write_number(row, column, value)  # type: ignore[arg-type]
                else:
                    write_string(row, column, value)  # type: ignore[arg-type]
        self._row = row

    def finish(self, sections: Sequence[Row], districts: Sequence[Row]) -> None:
        """The summary sheet, then the file is closed."""
        self._items.autofilter(0, 0, max(self._row, 1), len(ITEM_COLUMNS) - 1)
        try:
            self._write_summary(sections, districts)
        finally:
            self._book.close()

    def _write_summary(self, sections: Sequence[Row], districts: Sequence[Row]) -> None:
        labels, sheet, bold = self._header.labels, self._summary, self._bold
        share = self._book.add_format({"num_format": "0%"})
        for column, width in enumerate(SUMMARY_WIDTHS):
            sheet.set_column(column, column, width)
        sheet.write_string(0, 0, self._header.title, bold)
        sheet.write_string(1, 0, self._header.scope)
        row = 2
        for heading, tallies in (
            (labels["export-by-sections"], sections),
            (labels["export-by-districts"], districts),
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


# ---- the writer process: `python -m services.xlsx_writer` ----
#
# It reads pickled messages on stdin: (path, header fields) first, then ("rows", [...]) any
# number of times, then ("end", sections, districts); and answers once on stdout: ("done", its
# peak memory in MB) or ("failed", the traceback). The messages are plain values of the bot's
# own making; the pipe's buffer, not memory, holds a backlog while the writer is behind.

ROWS, END = "rows", "end"
DONE, FAILED = "done", "failed"


def peak_memory_mb() -> float | None:
    """This process's peak resident memory (Linux), for the benchmark's figure."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


class PlainValues(pickle.Unpickler):
    """Unpickles plain values only (strings, numbers, tuples, lists, dates): a message that
    names any other class is refused, whoever wrote it."""

    def find_class(self, module: str, name: str) -> type:
        if (module, name) == ("datetime", "date"):
            return date
        raise pickle.UnpicklingError(f"{module}.{name} is not a plain value")


def main() -> int:
    source, answer = sys.stdin.buffer, sys.stdout.buffer
    try:
        # One unpickler per message: each was pickled on its own, with its own memo.
        path, fields = PlainValues(source).load()
        writer = ReportWriter(path, Header(*fields))
        while True:
            message = PlainValues(source).load()
            if message[0] == ROWS:
                writer.rows(message[1])
            elif message[0] == END:
                writer.finish(message[1], message[2])
                result: tuple[str, object] = (DONE, peak_memory_mb())
                break
    except EOFError:
        return 1  # the bot gave up on the file (it stopped, or the export was cancelled)
    except Exception:
        result = (FAILED, traceback.format_exc())
    pickle.dump(result, answer)
    answer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
