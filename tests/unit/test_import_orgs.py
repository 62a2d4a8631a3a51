"""`python -m bot import-orgs`: a list of organisations from CSV or XLSX."""

from __future__ import annotations

import io
import sqlite3
import subprocess
from pathlib import Path

import openpyxl

from tests.harness import run_bot_cli

CSV = (
    "Наименование;Краткое наименование;Тип;Вышестоящая организация;Синонимы;Часовой пояс\n"
    "СШ №1 г. Орши;СШ №1;школа;Оршанский РОО;Первая школа;\n"  # its parent comes later in the file
    "Отдел по образованию Оршанского райисполкома;Оршанский РОО;Отдел (управление) образования;;;Europe/Minsk\n"
    "ИТЦ на базе СШ №1 г. Орши;;ИТЦ;Оршанский РОО;;\n"
    "Гимназия №2;;гимназия-интернат;Оршанский РОО;;\n"
    "Лицей;;школа;Нет такого;;\n"
    "Школа на Марсе;;школа;;;Mars/Olympus\n"
)


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run_bot_cli(tmp_path, "import-orgs", *args)


def orgs(tmp_path: Path) -> list[tuple]:
    with sqlite3.connect(tmp_path / "data" / "bot.sqlite3") as db:
        return db.execute(
            "select o.name, o.kind, p.name, o.timezone from organisations o left join organisations p on p.id = o.parent_id order by o.id"
        ).fetchall()


def test_csv_creates_the_tree_reports_bad_rows_and_updates_on_rerun(tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_bytes(CSV.encode("cp1251"))
    dry = run(tmp_path, str(path), "--dry-run")
    assert dry.returncode == 0 and "4 organisations read, nothing saved" in dry.stdout
    assert "unknown kind «гимназия-интернат»" in dry.stderr and "Mars/Olympus" in dry.stderr

    first = run(tmp_path, str(path))
    assert first.returncode == 0, first.stderr
    assert "3 organisations created, 0 updated" in first.stdout
    assert "parent «Нет такого» of «Лицей» not found" in first.stderr
    assert set(orgs(tmp_path)) == {
        ("Регион", "department", None, None),
        ("Отдел по образованию Оршанского райисполкома", "department", "Регион", "Europe/Minsk"),
        ("СШ №1 г. Орши", "school", "Отдел по образованию Оршанского райисполкома", None),
        ("ИТЦ на базе СШ №1 г. Орши", "itc", "Отдел по образованию Оршанского райисполкома", None),
    }
    again = run(tmp_path, str(path))
    assert "0 organisations created, 3 updated" in again.stdout
    assert len(orgs(tmp_path)) == 4


def test_xlsx_and_bad_files(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Название организации", "Вид"])
    sheet.append(["IT-куб г. Витебска", "IT-куб"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    (tmp_path / "orgs.xlsx").write_bytes(buffer.getvalue())
    result = run(tmp_path, str(tmp_path / "orgs.xlsx"))
    assert "1 organisations created" in result.stdout
    assert ("IT-куб г. Витебска", "it_cube", "Регион", None) in orgs(tmp_path)

    (tmp_path / "orgs.docx").write_bytes(b"PK\x03\x04")
    bad = run(tmp_path, str(tmp_path / "orgs.docx"))
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    (tmp_path / "empty.csv").write_text("Наименование;Тип\n", encoding="utf-8")
    assert run(tmp_path, str(tmp_path / "empty.csv")).returncode == 2
