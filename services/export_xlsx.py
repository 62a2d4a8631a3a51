"""The execution report as XLSX: «Сводка» (by section, by district) and «По пунктам» (one row
per item × organisation × due date). The texts and rows are made here; the file is written by
`services.xlsx_writer`, in this process (`write_xlsx`, for the command line and tests) or in a
process of its own fed a chunk at a time as the rows are read (`write_xlsx_apart`, for the bot:
60,000 rows are seconds of pure Python that would hold the interpreter lock from the event
loop, and neither process ever holds all the rows)."""

from __future__ import annotations

import asyncio
import io
import os
import pickle
import sys
from asyncio.subprocess import PIPE
from collections.abc import Callable
from dataclasses import astuple
from datetime import date
from pathlib import Path

from services.exports import STATUS_KEYS, ExportLine, ExportStream, PlanExport, status_key
from services.progress import Standing, Tally
from services.refs import PlanRef
from services.xlsx_writer import (
    DONE,
    END,
    ITEM_COLUMNS,
    ROWS,
    SUMMARY_COLUMNS,
    Header,
    PlainValues,
    ReportWriter,
    Row,
)

Text = Callable[..., str]  # a locale message by key, as the caller's translator gives it
STANDING_COLUMNS = (Standing.DONE, Standing.REVIEW, Standing.OVERDUE, Standing.WEEK, Standing.LATER)
LABEL_KEYS = (
    "export-sheet-summary",
    "export-sheet-items",
    "export-by-sections",
    "export-by-districts",
    *(f"export-col-{column}" for column in (*SUMMARY_COLUMNS, *ITEM_COLUMNS)),
)


WRITER = "services.xlsx_writer"
ROOT = Path(__file__).resolve().parent.parent  # where `services` is found by the writer process


class XlsxWriterFailed(RuntimeError):
    pass


def header_of(plan: PlanRef, scope_name: str, today_text: str, text: Text) -> Header:
    return Header(
        title=plan.title,
        scope=text("export-scope", org=scope_name, today=today_text),
        labels={key: text(key) for key in LABEL_KEYS},
    )


def rows_of(lines: list[ExportLine], statuses: dict[str, str]) -> list[Row]:
    """Plain values, in ITEM_COLUMNS order; `statuses` maps status keys to their texts."""
    rows: list[Row] = []
    for line in lines:
        record = line.record
        rows.append(
            (
                line.section,
                record.number,
                record.title,
                record.deadline_text,
                record.org_name,
                record.due_on,
                statuses[status_key(record.status, line.standing)],
                record.submitted_at.date() if record.submitted_at else None,
                record.event_date,
                record.participants,
                record.text,
                record.link,
                record.reviewer,
                ", ".join(line.files),
            )
        )
    return rows


def tally_rows(tallies: list[Tally]) -> list[Row]:
    return [(t.name, t.total, *(t.count(s) for s in STANDING_COLUMNS), t.percent_done / 100) for t in tallies]


def write_xlsx(export: PlanExport, path: Path, text: Text) -> Path:
    """The whole file in this process, from an export already gathered."""
    path.parent.mkdir(parents=True, exist_ok=True)
    statuses = {key: text(key) for key in STATUS_KEYS}  # five texts, not one lookup per row
    writer = ReportWriter(str(path), header_of(export.plan, export.scope_name, _day(export.today), text))
    writer.rows(rows_of(export.lines, statuses))
    writer.finish(tally_rows(export.sections), tally_rows(export.districts))
    return path


async def write_xlsx_apart(
    stream: ExportStream, path: Path, text: Text, figures: dict[str, float] | None = None
) -> Path:
    """The file written by a process of its own, fed each chunk of rows as it is read.
    `figures` (if given) receives the writer's peak memory, for the benchmark."""
    path.parent.mkdir(parents=True, exist_ok=True)
    statuses = {key: text(key) for key in STATUS_KEYS}
    header = header_of(stream.plan, stream.scope_name, _day(stream.today), text)
    # A process of its own, started afresh: it imports XlsxWriter alone, not the bot.
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH")))),
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", WRITER, stdin=PIPE, stdout=PIPE, env=env
    )
    assert process.stdin is not None and process.stdout is not None
    pipe = process.stdin

    async def send(message: object) -> None:
        pipe.write(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))
        await pipe.drain()  # waits while the writer is behind

    try:
        try:
            await send((str(path), astuple(header)))
            async for lines in stream.chunks():
                await send((ROWS, rows_of(lines, statuses)))
            await send((END, tally_rows(stream.sections), tally_rows(stream.districts)))
            pipe.close()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the writer stopped early: its answer says why
        raw = await process.stdout.read()
        await process.wait()
    finally:
        if process.returncode is None:  # cancelled, or reading the rows failed
            process.kill()
            await process.wait()
    answer, detail = PlainValues(io.BytesIO(raw)).load() if raw else (None, f"exit {process.returncode}")
    if answer != DONE:
        raise XlsxWriterFailed(f"the XLSX could not be written: {detail}")
    if figures is not None and isinstance(detail, float):
        figures["writer_peak_mb"] = detail
    return path


def _day(value: date) -> str:
    return value.strftime("%d.%m.%Y")
