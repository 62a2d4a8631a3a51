"""The XLSX writer process: rows fed a chunk at a time end up in the file in order, with real
dates; a failure in the writer is reported, not a half file; only plain values cross the pipe."""

from __future__ import annotations

import io
import pickle
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from bot.i18n import I18n
from db.models import ReportStatus
from db.repositories.progress import ExportRecord
from services.export_xlsx import XlsxWriterFailed, write_xlsx_apart
from services.exports import ExportLine
from services.progress import Standing, tally
from services.refs import PlanRef
from services.xlsx_writer import PlainValues

TEXT = I18n("ru").get("ru")


def line(n: int, status: ReportStatus | None) -> ExportLine:
    record = ExportRecord(
        "1", "Мероприятия", n, f"1.{n}.", f"Пункт {n}", "май 2026 г.", 7, f"Школа №{n}", date(2026, 5, 31),
        n if status else None, status, datetime(2026, 5, 20, 10) if status else None,
        date(2026, 5, 19) if status else None, 12 if status else None, "=сделано" if status else None,
        None, None,
    )  # fmt: skip
    return ExportLine(record, Standing.DONE if status else Standing.OVERDUE, "1. Мероприятия", ())


@dataclass
class FakeStream:
    """What write_xlsx_apart reads of an export: the header, the chunks, then the tallies."""

    chunks_of: list[list[ExportLine]]
    fail_after: int | None = None
    plan: PlanRef = field(default_factory=lambda: PlanRef(1, "План на 2026 год", 1, None, None))
    scope_name: str = "Регион"
    today: date = date(2026, 6, 1)

    async def chunks(self) -> AsyncIterator[list[ExportLine]]:
        for n, chunk in enumerate(self.chunks_of):
            if self.fail_after is not None and n == self.fail_after:
                raise RuntimeError("the database went away")
            yield chunk

    @property
    def sections(self):
        marks = [ln.standing for chunk in self.chunks_of for ln in chunk]
        return [tally("1. Мероприятия", marks)]

    @property
    def districts(self):
        return []


async def test_chunks_become_rows_in_order_with_real_dates(tmp_path: Path) -> None:
    chunks = [[line(n, ReportStatus.APPROVED if n % 2 else None) for n in range(k, k + 3)] for k in (1, 4, 7)]
    figures: dict[str, float] = {}
    path = await write_xlsx_apart(FakeStream(chunks), tmp_path / "out" / "report.xlsx", TEXT, figures)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Сводка", "По пунктам"]
    rows = list(book["По пунктам"].iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert [r[header.index("Организация")] for r in body] == [f"Школа №{n}" for n in range(1, 10)]
    first = dict(zip(header, body[0], strict=False))
    assert first["Дата срока"] == datetime(2026, 5, 31) and first["Дата проведения"] == datetime(2026, 5, 19)
    assert first["Статус"] == "выполнено" and first["Что сделано"] == "=сделано"  # text, not a formula
    assert dict(zip(header, body[1], strict=False))["Статус"] == "просрочено"
    summary = list(book["Сводка"].iter_rows(values_only=True))
    assert summary[0][0] == "План на 2026 год"
    assert next(r for r in summary if r[0] == "1. Мероприятия")[:3] == ("1. Мероприятия", 9, 5)
    assert 0 < figures["writer_peak_mb"] < 300


async def test_a_writer_that_fails_says_why(tmp_path: Path) -> None:
    with pytest.raises(XlsxWriterFailed, match="IsADirectoryError"):
        await write_xlsx_apart(FakeStream([[line(1, None)]]), tmp_path, TEXT)  # the path is a folder


async def test_a_failed_read_stops_the_writer_and_is_raised(tmp_path: Path) -> None:
    stream = FakeStream([[line(1, None)], [line(2, None)]], fail_after=1)
    with pytest.raises(RuntimeError, match="database went away"):
        await write_xlsx_apart(stream, tmp_path / "report.xlsx", TEXT)


def test_only_plain_values_are_unpickled() -> None:
    plain = ("rows", [("a", 1, 2.5, None, date(2026, 1, 2))])
    assert PlainValues(io.BytesIO(pickle.dumps(plain))).load() == plain
    with pytest.raises(pickle.UnpicklingError, match="not a plain value"):
        PlainValues(io.BytesIO(pickle.dumps(Path("/etc/passwd")))).load()
