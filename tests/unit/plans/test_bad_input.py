"""Broken and hostile files: a clear error code, never a traceback, never a hang."""

from __future__ import annotations

import io
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from bot.sandbox.plan_files import make_xlsx
from services.plans import PlanFileError, parse_plan
from tests.harness import run_bot_cli

DATA = Path(__file__).resolve().parents[2] / "data"


def error_of(name: str, data: bytes, **kwargs) -> str:
    with pytest.raises(PlanFileError) as info:
        parse_plan(name, data, **kwargs)
    return info.value.code


def zip_of(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_unknown_extension_and_empty_file() -> None:
    assert error_of("plan.odt", b"PK\x03\x04") == "unknown-format"
    assert error_of("plan", b"data") == "unknown-format"
    assert error_of("plan.txt", b"") == "empty"


def test_too_big() -> None:
    assert error_of("plan.txt", b"a" * (20 * 1024 * 1024 + 1)) == "too-big"


def test_binary_garbage_posing_as_text() -> None:
    assert error_of("plan.txt", bytes(range(256)) * 100) == "not-text"


def test_text_without_a_table() -> None:
    assert error_of("letter.txt", "Уважаемые коллеги!\nПросим представить отчёт.".encode()) == "no-table"


def test_table_with_header_but_no_items() -> None:
    assert error_of("plan.txt", "№\tМероприятие\tСрок\tОтветственный\n".encode()) == "no-items"


def test_corrupt_and_protected_office_files() -> None:
    assert error_of("plan.docx", b"PK\x03\x04garbage") == "corrupt"
    assert error_of("plan.docx", zip_of({"hello.txt": b"not a document"})) == "corrupt"
    assert error_of("plan.xlsx", zip_of({"hello.txt": b"not a workbook"})) == "corrupt"
    # Password-protected OOXML is an OLE compound file, like the old .doc/.xls.
    assert error_of("plan.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000) == "encrypted"


def test_zip_bombs_are_refused_before_unpacking() -> None:
    bomb = zip_of({"word/document.xml": b"\0" * (101 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    assert error_of("plan.docx", bomb) == "archive-too-big"
    many = zip_of({f"part{i}.xml": b"" for i in range(10_001)})
    assert error_of("plan.xlsx", many) == "archive-too-big"


def test_xlsx_claiming_a_million_rows() -> None:
    plan = json.loads((DATA / "vitebsk_itc_2026.expected.json").read_text(encoding="utf-8"))
    source = zipfile.ZipFile(io.BytesIO(make_xlsx(plan)))
    patched = {}
    for info in source.infolist():
        content = source.read(info)
        if info.filename.startswith("xl/worksheets/sheet"):
            content = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:E1000000"', content, count=1)
        patched[info.filename] = content
    assert error_of("plan.xlsx", zip_of(patched)) == "too-many-rows"


def test_csv_with_too_many_rows() -> None:
    rows = "№;Мероприятие;Срок;Ответственный\n" + "".join(
        f"{i}.;Событие {i};май;Иванов\n" for i in range(20_001)
    )
    assert error_of("plan.csv", rows.encode()) == "too-many-rows"


def test_time_budget_stops_parsing() -> None:
    rows = "№\tМероприятие\tСрок\tОтветственный\n" + "".join(
        f"{i}.\tСобытие {i}\tмай 2026\tИванов\n" for i in range(5000)
    )
    assert error_of("plan.txt", rows.encode(), seconds=0.0) == "too-slow"


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_bot_cli(cwd, "import-plan", *args)


def test_cli_prints_the_contract_json(tmp_path: Path) -> None:
    result = run_cli(str(DATA / "tver_nationalproject_2024_2025.txt"), "--dry-run", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == json.loads(
        (DATA / "tver_nationalproject_2024_2025.expected.json").read_text(encoding="utf-8")
    )
    assert not (tmp_path / "data").exists()  # a dry run writes nothing


@pytest.mark.parametrize(
    ("name", "content"),
    [("scan.pdf", b"%PDF-1.7"), ("plan.docx", b"PK\x03\x04broken"), ("plan.txt", b"\x00\x01\x02" * 100)],
)
def test_cli_bad_input_is_one_line_and_exit_2(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    result = run_cli(str(path), cwd=tmp_path)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "data" / "bot.sqlite3").exists()


def test_cli_missing_file(tmp_path: Path) -> None:
    result = run_cli(str(tmp_path / "nope.txt"), cwd=tmp_path)
    assert result.returncode == 2 and "cannot read" in result.stderr


def test_cli_saves_and_updates(tmp_path: Path) -> None:
    first = run_cli(str(DATA / "vitebsk_itc_2026.txt"), cwd=tmp_path)
    assert first.returncode == 0 and "saved as plan #1" in first.stdout
    again = run_cli(str(DATA / "vitebsk_itc_2026.txt"), cwd=tmp_path)
    assert "updated plan #1: 0 added, 0 removed, 0 changed" in again.stdout
