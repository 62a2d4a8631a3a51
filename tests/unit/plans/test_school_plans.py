"""Plans of schools and centres: a «Точка роста» annual plan (DOCX, the same saved as PDF, and
as XLSX) with «Участники» and «Ожидаемый результат» columns, points under items and rows
without numbers; a gymnasium's plan with one table per month (DOCX and TXT), whose columns
differ from table to table and whose November table has no date column; an IT-куб plan for
one month (CSV from Excel, cp1251), the date column second and section headings in it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from services.plans import parse_plan
from tests.unit.plans.test_pdf import fields

DATA = Path(__file__).resolve().parents[2] / "data"
CENTRE = "tochka_rosta_lipki_2024_2025"
MONTHLY = "gymnasium7_monthly_2024"
ONE_MONTH = "itcube_shadrinsk_2024_11"


def parsed(name: str, extension: str) -> dict[str, Any]:
    return parse_plan(f"{name}.{extension}", (DATA / f"{name}.{extension}").read_bytes()).as_json()


def expected(name: str) -> dict[str, Any]:
    return json.loads((DATA / f"{name}.expected.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("name", "extension"),
    [
        (CENTRE, "docx"),
        (CENTRE, "pdf"),
        (CENTRE, "xlsx"),
        (MONTHLY, "docx"),
        (MONTHLY, "txt"),
        (ONE_MONTH, "csv"),
    ],
)
def test_a_school_or_centre_plan_reads_as_the_checked_json(name: str, extension: str) -> None:
    want, got = fields(expected(name)), fields(parsed(name, extension))
    wrong = [(key, value, got.get(key)) for key, value in want.items() if got.get(key) != value]
    assert 1 - len(wrong) / len(want) >= 0.98, wrong


def items_of(plan: dict[str, Any]) -> dict[str | None, dict[str, Any]]:
    return {
        item["number"] or item["title"]: item for section in plan["sections"] for item in section["items"]
    }


def test_points_under_an_item_are_items_that_keep_what_the_item_says() -> None:
    items = items_of(parsed(CENTRE, "docx"))
    point = items["4.1"]
    assert point["title"] == "«Использование цифровых лабораторий на уроках»"
    assert point["deadline_text"] == "окт."
    assert point["responsible"] == "Руководитель центра"  # the cell was empty: the item's
    assert [items[n]["deadline"]["windows"] for n in ("8.а", "8.б")] == [
        [["2024-09-24", "2024-09-30"]],
        [["2024-12-23", "2024-12-27"]],
    ]


def test_a_row_without_a_number_is_an_item_not_the_end_of_the_one_above() -> None:
    plan = parsed(CENTRE, "docx")
    items = items_of(plan)
    assert items["4.2"]["title"] == "«Проектная деятельность обучающихся: от темы к защите»"
    monitoring = items["Мониторинг посещаемости занятий в центре"]
    assert monitoring["number"] is None
    assert monitoring["deadline"] == {"kind": "recurring", "recurrence": "monthly"}


def test_a_bold_line_ending_with_a_colon_and_a_roman_numeral_open_sections() -> None:
    sections = [(s["number"], s["title"], len(s["items"])) for s in parsed(CENTRE, "docx")["sections"]]
    assert sections == [
        ("1", "Методическое сопровождение", 7),
        ("2", "Учебно-воспитательные мероприятия", 8),
        (None, "Педагогический совет", 2),
        ("III", "Внеурочная деятельность и социокультурные мероприятия", 4),
    ]


def test_each_table_keeps_its_own_columns_and_its_heading_gives_the_month() -> None:
    plan = parsed(MONTHLY, "docx")
    assert [s["title"] for s in plan["sections"]] == ["Сентябрь", "Октябрь", "Ноябрь", "Декабрь"]
    september, october, november, december = (s["items"] for s in plan["sections"])
    # «1,2 недели» and «последняя неделя» are weeks of September
    assert september[1]["deadline"]["windows"] == [["2024-09-01", "2024-09-14"]]
    assert september[2]["deadline"]["windows"] == [["2024-09-24", "2024-09-30"]]
    # October's table puts the date first; «администрация» stays a responsible, not a date
    assert october[0]["deadline_text"] == "01.10"
    assert october[2]["responsible"] == "Руководитель МО учителей математики"
    assert october[3]["deadline"]["windows"] == [["2024-10-01", "2024-10-31"]]  # «в теч. мес.»
    # November has no date column: the heading is the deadline
    assert {(i["deadline_text"], tuple(map(tuple, i["deadline"]["windows"]))) for i in november} == {
        ("Ноябрь", (("2024-11-01", "2024-11-30"),))
    }
    assert december[1]["deadline"]["windows"] == [["2024-12-22", "2024-12-28"]]  # «4 неделя»


def _txt(rows: list[str], heading: str = "План работы на 2024-2025 учебный год") -> bytes:
    return (heading + "\n\n№\tМероприятие\tСрок\tОтветственный\n" + "\n".join(rows) + "\n").encode()


def test_a_plan_numbered_with_brackets_has_items_not_points() -> None:
    plan = parse_plan(
        "plan.txt", _txt(["1)\tСеминар\tсент.\tМетодист", "2)\tКонкурс\tокт.\tМетодист"])
    ).as_json()
    assert [i["number"] for i in plan["sections"][0]["items"]] == ["1)", "2)"]


@pytest.mark.parametrize(
    ("row", "section"),
    [
        ("Раздел 1\t\t\t", ("1", None)),
        ("1 Организационная работа\t\t\t", ("1", "Организационная работа")),
        ("1. Организационная работа\t\t\t", ("1", "Организационная работа")),
        ("IV. Работа с родителями\t\t\t", ("IV", "Работа с родителями")),
    ],
)
def test_sections_numbered_every_way(row: str, section: tuple[str | None, str | None]) -> None:
    plan = parse_plan("plan.txt", _txt([row, "1.1\tСеминар\tсент.\tМетодист"])).as_json()
    assert (plan["sections"][0]["number"], plan["sections"][0]["title"]) == section
    assert plan["sections"][0]["items"][0]["title"] == "Семинар"


def test_a_signature_below_the_table_is_no_section() -> None:
    plan = parse_plan(
        "plan.txt", _txt(["1.\tСеминар\tсент.\tМетодист", "Директор школы ________ Иванова\t\t\t"])
    ).as_json()
    assert [s["title"] for s in plan["sections"]] == [None]


def test_a_plan_for_one_month_dates_its_weeks_in_that_month() -> None:
    plan = parsed(ONE_MONTH, "csv")
    assert plan["period"] == ["2024-11-01", "2024-11-30"]  # «на ноябрь 2024 года»
    assert [(s["number"], s["title"]) for s in plan["sections"]] == [
        ("1", "Организационно-методическая работа"),  # written in the date column, after the number
        ("2", "Учебно-воспитательная работа"),
        ("3", "Работа с родителями"),
    ]
    items = items_of(plan)
    assert items["1.2"]["deadline"]["windows"] == [["2024-11-01", "2024-11-30"]]  # «в течение месяца»
    assert items["1.3"]["deadline"]["windows"] == [["2024-11-01", "2024-11-07"]]  # «1 неделя»
    assert items["2.2"]["deadline"] == {"kind": "recurring", "recurrence": "weekly"}  # «по средам»
