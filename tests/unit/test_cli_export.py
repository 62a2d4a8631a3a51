"""`python -m bot export`: a plan's execution report, its DOCX and its audit trail written to a
file from the command line (one imported plan, no reports yet)."""

from __future__ import annotations

from pathlib import Path

import docx
import openpyxl

from tests.harness import run_bot_cli

DATA = Path(__file__).resolve().parents[1] / "data"


def test_cli_exports_xlsx_docx_and_the_audit_trail_and_refuses_an_unknown_plan(tmp_path: Path) -> None:
    assert run_bot_cli(tmp_path, "import-plan", str(DATA / "vitebsk_itc_2026.txt")).returncode == 0

    done = run_bot_cli(tmp_path, "export", "1", "--format", "xlsx", "--out", "report.xlsx")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "report.xlsx"
    book = openpyxl.load_workbook(tmp_path / "report.xlsx", read_only=True)
    assert book.sheetnames == ["Сводка", "По пунктам"]
    summary = [row[0] for row in book["Сводка"].iter_rows(values_only=True) if row]
    assert summary[0].startswith("План развития инженерно-технических центров")

    done = run_bot_cli(tmp_path, "export", "1", "--format", "docx")
    assert done.returncode == 0, done.stderr
    table = docx.Document(str(tmp_path / "plan-1.docx")).tables[0]
    items = [row for row in table.rows[1:] if len({c.text for c in row.cells}) > 1]
    assert len(items) == 36  # every item of the plan, given out or not
    assert {row.cells[-1].text for row in items} == {"Не выполнено: отчётов нет."}

    done = run_bot_cli(tmp_path, "export", "1", "--format", "audit")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "plan-1-audit.csv"
    lines = (tmp_path / "plan-1-audit.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Когда;Кто;Действие;Организация;№;Пункт / план;Подробности"
    assert ";загрузил план;" in lines[1]  # imported from the command line: no one in «Кто»

    missing = run_bot_cli(tmp_path, "export", "99")
    assert missing.returncode == 2 and "plan 99" in missing.stderr
