"""`python -m bot export`: a plan's execution report written to a file from the command line."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.harness import run_bot_cli

DATA = Path(__file__).resolve().parents[1] / "data"


def test_cli_exports_a_plan_to_xlsx_and_refuses_an_unknown_one(tmp_path: Path) -> None:
    assert run_bot_cli(tmp_path, "import-plan", str(DATA / "vitebsk_itc_2026.txt")).returncode == 0
    done = run_bot_cli(tmp_path, "export", "1", "--format", "xlsx", "--out", "report.xlsx")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "report.xlsx"
    book = openpyxl.load_workbook(tmp_path / "report.xlsx", read_only=True)
    assert book.sheetnames == ["Сводка", "По пунктам"]
    summary = [row[0] for row in book["Сводка"].iter_rows(values_only=True) if row]
    assert summary[0].startswith("План развития инженерно-технических центров")
    missing = run_bot_cli(tmp_path, "export", "99")
    assert missing.returncode == 2 and "plan 99" in missing.stderr


def test_cli_writes_the_audit_trail_as_csv(tmp_path: Path) -> None:
    assert run_bot_cli(tmp_path, "import-plan", str(DATA / "vitebsk_itc_2026.txt")).returncode == 0
    done = run_bot_cli(tmp_path, "export", "1", "--format", "audit")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "plan-1-audit.csv"
    text = (tmp_path / "plan-1-audit.csv").read_text(encoding="utf-8-sig").splitlines()
    assert text[0] == "Когда;Кто;Действие;Организация;№;Пункт / план;Подробности"
    assert ";загрузил план;" in text[1]  # imported from the command line: no one in the «Кто» cell


def test_cli_writes_the_docx_report_of_a_plan_with_no_reports(tmp_path: Path) -> None:
    import docx

    assert run_bot_cli(tmp_path, "import-plan", str(DATA / "vitebsk_itc_2026.txt")).returncode == 0
    done = run_bot_cli(tmp_path, "export", "1", "--format", "docx")
    assert done.returncode == 0, done.stderr
    document = docx.Document(str(tmp_path / "plan-1.docx"))
    table = document.tables[0]
    items = [row for row in table.rows[1:] if len({c.text for c in row.cells}) > 1]
    assert len(items) == 36  # every item of the plan, given out or not
    assert {row.cells[-1].text for row in items} == {"Не выполнено: отчётов нет."}
