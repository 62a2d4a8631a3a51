"""The plan's title (the whole heading between the approval block and the table) and the
period it covers (from the title, else from the span of the deadlines' own windows)."""

from __future__ import annotations

import io

import docx
import pytest

from services.plans import parse_plan

TABLE = "№\tМероприятие\tСрок\tОтветственный\n1.\tСеминар для педагогов\t{deadline}\tМетодист\n"


def txt(heading: str, deadline: str = "октябрь") -> bytes:
    return (heading + "\n\n" + TABLE.format(deadline=deadline)).encode("utf-8")


def title_and_period(data: bytes, name: str = "plan.txt") -> tuple[str | None, list[str] | None]:
    plan = parse_plan(name, data).as_json()
    return plan["title"], plan["period"]


TVER_HEADING = """УТВЕРЖДАЮ
Министр образования Тверской области
_________ Иванов И.И.
«28» августа 2023 г.

КОМПЛЕКСНЫЙ ПЛАН МЕРОПРИЯТИЙ

по организационно-методической поддержке центров «Точка роста», «IT-куб», «Кванториум»

на 2023/2024 учебный год"""


def test_a_title_over_three_paragraphs_is_read_whole_and_names_the_school_year() -> None:
    title, period = title_and_period(txt(TVER_HEADING))
    assert title == (
        "КОМПЛЕКСНЫЙ ПЛАН МЕРОПРИЯТИЙ по организационно-методической поддержке центров «Точка роста», "
        "«IT-куб», «Кванториум» на 2023/2024 учебный год"
    )
    assert period == ["2023-09-01", "2024-08-31"]


def test_the_goal_after_the_title_is_not_part_of_it() -> None:
    heading = "П Л А Н\nработы центра «Точка роста» МБОУ СОШ № 5\nна 2024-2025 учебный год\n\nЦель: развитие интереса к науке."
    title, period = title_and_period(txt(heading))
    assert title == "ПЛАН работы центра «Точка роста» МБОУ СОШ № 5 на 2024-2025 учебный год"
    assert period == ["2024-09-01", "2025-08-31"]


@pytest.mark.parametrize(
    ("heading", "period"),
    [
        ("План мероприятий на 2025-2026 годы", ["2025-01-01", "2026-12-31"]),
        ("План мероприятий на 2026 год", ["2026-01-01", "2026-12-31"]),
        ("План работы IT-куба на 2024/25 уч. год", ["2024-09-01", "2025-08-31"]),
    ],
)
def test_the_title_decides_the_period(heading: str, period: list[str]) -> None:
    assert title_and_period(txt(heading, deadline="в течение года"))[1] == period


def _table_plan(deadlines: list[str], heading: str = "План мероприятий") -> bytes:
    rows = "".join(f"{n}.\tМероприятие {n}\t{d}\tМетодист\n" for n, d in enumerate(deadlines, start=1))
    return f"{heading}\n\n№\tМероприятие\tСрок\tОтветственный\n{rows}".encode()


@pytest.mark.parametrize(
    ("deadlines", "period"),
    [
        # from August 2023 to the 2023/2024 school year: the months they span, not whole years
        (
            ["август 2023 г.", "в течение 2023/2024 учебного года"],
            ["2023-08-01", "2024-08-31"],
        ),
        (["октябрь 2024 г.", "май 2025 г."], ["2024-09-01", "2025-08-31"]),
        (["март 2026 г.", "до 16.11.2026"], ["2026-01-01", "2026-12-31"]),
    ],
)
def test_without_a_period_in_the_title_the_deadlines_span_decides(
    deadlines: list[str], period: list[str]
) -> None:
    plan = parse_plan("plan.txt", _table_plan(deadlines))
    assert plan.as_json()["period"] == period
    assert [w.code for w in plan.warnings if w.code.startswith("period")] == ["period-from-deadlines"]


def _docx(paragraphs: list[str | list[str]]) -> bytes:
    """Paragraphs before a plan table; a list is one paragraph with line breaks."""
    document = docx.Document()
    for paragraph in paragraphs:
        if isinstance(paragraph, list):
            run = document.add_paragraph().add_run()
            for number, line in enumerate(paragraph):
                if number:
                    run.add_break()
                run.add_text(line)
        else:
            document.add_paragraph(paragraph)
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["№", "Мероприятие", "Срок", "Ответственный"], strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1.", "Семинар", "октябрь", "Методист"], strict=True):
        cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_docx_title_below_an_approval_block_typed_with_line_breaks() -> None:
    data = _docx(
        [
            [
                "УТВЕРЖДАЮ",
                "Директор МБОУ «Гимназия № 2»",
                "_______ Петрова А.А.",
                "Приказ № 112 от 30.08.2024",
            ],
            ["ПЛАН", "учебно-воспитательных мероприятий центра «Точка роста»", "на 2024-2025 учебный год"],
        ]
    )
    title, period = title_and_period(data, "План_2024-2025.docx")
    assert title == "ПЛАН учебно-воспитательных мероприятий центра «Точка роста» на 2024-2025 учебный год"
    assert period == ["2024-09-01", "2025-08-31"]


def test_a_docx_title_in_paragraphs_of_their_own() -> None:
    data = _docx(
        [
            "Приложение 1 к приказу от 01.09.2023 № 45",
            "Комплексный план мероприятий",
            "по развитию IT-куба",
            "на 2023/2024 учебный год",
        ]
    )
    assert title_and_period(data, "plan.docx") == (
        "Комплексный план мероприятий по развитию IT-куба на 2023/2024 учебный год",
        ["2023-09-01", "2024-08-31"],
    )
