"""The three sample plans, as published (TXT) and rebuilt as DOCX, XLSX and CSV.

The expected JSON files were checked by hand against the sources; the spot checks below
name the cases that need more than reading a row: rows split by page breaks, repeated
numbers, a period taken from the deadlines, a column order of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.sandbox.plan_files import make_csv, make_docx, make_xlsx
from services.plans import parse_plan

DATA = Path(__file__).resolve().parents[2] / "data"
SAMPLES = ["vitebsk_itc_2026", "tomsk_engineering_2024", "tver_nationalproject_2024_2025"]


def expected(name: str) -> dict:
    return json.loads((DATA / f"{name}.expected.json").read_text(encoding="utf-8"))


def without_warnings(plan: dict) -> dict:
    return {key: value for key, value in plan.items() if key != "warnings"}


def item(plan: dict, section: str | None, number: str) -> dict:
    found = next(s for s in plan["sections"] if s["number"] == section)
    return next(i for i in found["items"] if i["number"] == number)


@pytest.mark.parametrize("name", SAMPLES)
def test_text_export_matches_the_checked_json(name: str) -> None:
    parsed = parse_plan(f"{name}.txt", (DATA / f"{name}.txt").read_bytes()).as_json()
    assert parsed == expected(name)


def test_vitebsk_spot_checks() -> None:
    plan = parse_plan("v.txt", (DATA / "vitebsk_itc_2026.txt").read_bytes()).as_json()
    assert plan["period"] == ["2026-01-01", "2026-12-31"]
    assert [s["number"] for s in plan["sections"]] == ["I", "II", "III"]
    # A row split by a page break: the title, the deadline and the responsible continue below.
    split = item(plan, "III", "8.")
    assert split["title"] == "Областной этап Республиканского конкурса учащихся ИТЦ «Про техно»"
    assert split["deadline_text"] == "сентябрь-ноябрь 2026 г."
    assert split["deadline"] == {"kind": "window", "windows": [["2026-09-01", "2026-11-30"]]}
    assert split["responsible"] == "Витебский областной институт развития образования"
    assert item(plan, "I", "6.")["deadline"] == {"kind": "window", "windows": [[None, "2026-02-16"]]}
    assert item(plan, "I", "9.")["deadline"] == {"kind": "recurring", "recurrence": "quarterly"}
    assert item(plan, "I", "4.")["deadline"] == {"kind": "ongoing"}
    assert item(plan, "I", "5.")["responsible"].endswith(
        "администраций районов г. Витебска, администрация УОСО Витебской области"
    )


def test_tomsk_spot_checks() -> None:
    plan = parse_plan("t.txt", (DATA / "tomsk_engineering_2024.txt").read_bytes()).as_json()
    assert plan["title"].startswith("Муниципальный план мероприятий по развитию инженерного образования")
    assert plan["period"] == ["2024-01-01", "2024-12-31"]  # from the deadlines: the title names no year
    assert item(plan, "2", "2.4.")["deadline"] == {
        "kind": "window",
        "windows": [["2024-10-01", "2024-10-31"]],
        "continues": True,
    }
    assert item(plan, "4", "4.6")["responsible"] == "МАОУ «Планирование карьеры» Руководители ОО"
    numbers = [i["number"] for i in next(s for s in plan["sections"] if s["number"] == "3")["items"]]
    assert numbers == ["3.1.", "3.2.", "3.3.", "3.2.", "3.3.", "3.4."]  # kept as published
    assert any("3.2 appears 2 times" in w for w in plan["warnings"])
    assert "<p>" not in item(plan, "4", "4.2.")["title"]


def test_tver_spot_checks() -> None:
    plan = parse_plan("tv.txt", (DATA / "tver_nationalproject_2024_2025.txt").read_bytes()).as_json()
    assert plan["period"] == ["2024-09-01", "2025-08-31"]
    assert len(plan["sections"]) == 11
    first = item(plan, "1", "1.1")
    assert first["audience"].startswith("Руководители, заместители руководителей")
    assert first["deadline"] == {"kind": "window", "windows": [["2024-10-01", "2024-10-31"]]}
    assert item(plan, "3", "3.2")["deadline"]["windows"] == [["2024-11-01", "2025-03-31"]]
    assert item(plan, "3", "3.1")["deadline"] == {"kind": "unspecified"}
    assert item(plan, "4", "4.4")["deadline"] == {"kind": "ongoing"}


@pytest.mark.parametrize("name", SAMPLES)
def test_docx_with_merged_sections_repeated_headers_and_multi_paragraph_cells(name: str) -> None:
    plan = expected(name)
    parsed = parse_plan(f"{name}.docx", make_docx(plan)).as_json()
    assert without_warnings(parsed) == without_warnings(plan)


def test_docx_nested_in_a_layout_table_with_its_own_column_order() -> None:
    plan = expected("tver_nationalproject_2024_2025")
    order = ["number", "deadline_text", "title", "responsible", "audience"]
    parsed = parse_plan("plan.docx", make_docx(plan, order=order, nested=True)).as_json()
    assert without_warnings(parsed) == without_warnings(plan)


@pytest.mark.parametrize("name", SAMPLES)
def test_xlsx_with_merged_cells(name: str) -> None:
    plan = expected(name)
    parsed = parse_plan(f"{name}.xlsx", make_xlsx(plan)).as_json()
    assert without_warnings(parsed) == without_warnings(plan)


@pytest.mark.parametrize(("delimiter", "encoding"), [(";", "cp1251"), (",", "utf-8"), ("\t", "utf-8-sig")])
def test_csv_in_the_encodings_offices_use(delimiter: str, encoding: str) -> None:
    plan = expected("vitebsk_itc_2026")
    parsed = parse_plan("plan.csv", make_csv(plan, delimiter=delimiter, encoding=encoding)).as_json()
    assert without_warnings(parsed) == without_warnings(plan)


def test_markdown_table() -> None:
    text = "\n".join(
        [
            "# План работы методического кабинета на 2025/2026 учебный год",
            "",
            "| № | Мероприятие | Срок | Ответственный |",
            "|---|---|---|---|",
            "| 1. | Заседание **методического** совета | сентябрь | Иванова А.А. |",
            "| 2. | Неделя науки | 2 четверть | Петров Б.Б. |",
        ]
    )
    plan = parse_plan("plan.md", text.encode()).as_json()
    assert plan["title"] == "План работы методического кабинета на 2025/2026 учебный год"
    assert plan["period"] == ["2025-09-01", "2026-08-31"]
    first, second = plan["sections"][0]["items"]
    assert plan["sections"][0]["number"] is None and plan["sections"][0]["title"] is None
    assert first["title"] == "Заседание методического совета"
    assert first["deadline"]["windows"] == [["2025-09-01", "2025-09-30"]]
    assert second["deadline"]["windows"] == [["2025-11-01", "2025-12-31"]]
