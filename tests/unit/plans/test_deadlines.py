"""The deadline grammar, case by case, and its properties over any input."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.plans.deadlines import parse_deadline
from services.plans.model import Period

CAL_2026 = Period(date(2026, 1, 1), date(2026, 12, 31))
CAL_2024 = Period(date(2024, 1, 1), date(2024, 12, 31))
SCHOOL_2024 = Period(date(2024, 9, 1), date(2025, 8, 31), school_year=True)


def window(text: str, period: Period | None = CAL_2026) -> list[list[str | None]]:
    deadline = parse_deadline(text, period).as_json()
    assert deadline["kind"] == "window", deadline
    return deadline["windows"]


@pytest.mark.parametrize(
    ("text", "period", "windows"),
    [
        ("июнь 2026 г.", CAL_2026, [["2026-06-01", "2026-06-30"]]),
        ("Январь 2024", None, [["2024-01-01", "2024-01-31"]]),
        ("до 16.02.2026 г.", CAL_2026, [[None, "2026-02-16"]]),
        ("не позднее 1 марта", CAL_2026, [[None, "2026-03-01"]]),
        ("20.01.2025", None, [["2025-01-20", "2025-01-20"]]),
        ("1 сентября 2025 года", None, [["2025-09-01", "2025-09-01"]]),
        ("апрель-май 2026 г.", CAL_2026, [["2026-04-01", "2026-05-31"]]),
        ("сентябрь - декабрь 2024 года", SCHOOL_2024, [["2024-09-01", "2024-12-31"]]),
        ("ноябрь 2024 года. – март 2025 года", SCHOOL_2024, [["2024-11-01", "2025-03-31"]]),
        ("ноябрь-февраль", SCHOOL_2024, [["2024-11-01", "2025-02-28"]]),
        ("январь", SCHOOL_2024, [["2025-01-01", "2025-01-31"]]),
        ("с 1 по 15 мая 2026 г.", None, [["2026-05-01", "2026-05-15"]]),
        ("10-12 марта", CAL_2026, [["2026-03-10", "2026-03-12"]]),
        ("01.02.2026 - 15.02.2026", None, [["2026-02-01", "2026-02-15"]]),
        ("2 квартал", CAL_2026, [["2026-04-01", "2026-06-30"]]),
        ("I-II квартал 2026 г.", None, [["2026-01-01", "2026-06-30"]]),
        ("IV кв. 2026", None, [["2026-10-01", "2026-12-31"]]),
        ("1 полугодие 2023/2024 учебного года", None, [["2023-09-01", "2023-12-31"]]),
        ("II полугодие 2026 года", None, [["2026-07-01", "2026-12-31"]]),
        ("3 четверть", SCHOOL_2024, [["2025-01-01", "2025-03-31"]]),
        ("лето", CAL_2026, [["2026-06-01", "2026-08-31"]]),
        ("зима 2026", None, [["2025-12-01", "2026-02-28"]]),
        ("2023/2024 учебный год", None, [["2023-09-01", "2024-08-31"]]),
        ("в течение 2024-2025 учебного года", SCHOOL_2024, [["2024-09-01", "2025-08-31"]]),
        ("2024-2025 гг.", None, [["2024-01-01", "2025-12-31"]]),
        ("в течение 2026 года", None, [["2026-01-01", "2026-12-31"]]),
        (
            "март, июнь, сентябрь, декабрь 2026",
            None,
            [
                ["2026-03-01", "2026-03-31"],
                ["2026-06-01", "2026-06-30"],
                ["2026-09-01", "2026-09-30"],
                ["2026-12-01", "2026-12-31"],
            ],
        ),
        ("февраль; октябрь 2026 г.", None, [["2026-02-01", "2026-02-28"], ["2026-10-01", "2026-10-31"]]),
        ("1 декада июня", CAL_2026, [["2026-06-01", "2026-06-10"]]),
        ("до конца года", CAL_2026, [[None, "2026-12-31"]]),
        # Belarusian
        ("чэрвень 2026 г.", None, [["2026-06-01", "2026-06-30"]]),
        ("да 16.02.2026", None, [[None, "2026-02-16"]]),
        ("студзень - люты 2026 г.", None, [["2026-01-01", "2026-02-28"]]),
        ("І паўгоддзе 2026", None, [["2026-01-01", "2026-06-30"]]),
        ("верасень-кастрычнік", SCHOOL_2024, [["2024-09-01", "2024-10-31"]]),
        ("3 чвэрць", SCHOOL_2024, [["2025-01-01", "2025-03-31"]]),
    ],
)
def test_windows(text: str, period: Period | None, windows: list) -> None:
    assert window(text, period) == windows


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "В течение 2024, далее-постоянно",
            {"kind": "window", "windows": [["2024-01-01", "2024-12-31"]], "continues": True},
        ),
        (
            "Октябрь 2024, и далее",
            {"kind": "window", "windows": [["2024-10-01", "2024-10-31"]], "continues": True},
        ),
        ("ежеквартально", {"kind": "recurring", "recurrence": "quarterly"}),
        ("ежемесячно", {"kind": "recurring", "recurrence": "monthly"}),
        ("еженедельно", {"kind": "recurring", "recurrence": "weekly"}),
        ("ежегодно", {"kind": "recurring", "recurrence": "yearly"}),
        ("1 раз в полугодие", {"kind": "recurring", "recurrence": "half-yearly"}),
        ("штоквартальна", {"kind": "recurring", "recurrence": "quarterly"}),
        (
            "с октября 2023 г. ежемесячно",
            {"kind": "recurring", "recurrence": "monthly", "start": "2023-10-01"},
        ),
        (
            "декабрь 2023 г., далее – ежеквартально",
            {"kind": "recurring", "recurrence": "quarterly", "start": "2023-12-01"},
        ),
        ("по итогам полугодия", {"kind": "recurring", "recurrence": "half-yearly"}),
        ("по итогам квартала", {"kind": "recurring", "recurrence": "quarterly"}),
        ("до 5 числа месяца, следующего за отчетным", {"kind": "recurring", "recurrence": "monthly"}),
        ("декабрь 2024 (по итогам года)", {"kind": "window", "windows": [["2024-12-01", "2024-12-31"]]}),
        ("1-я неделя сентября 2024", {"kind": "window", "windows": [["2024-09-01", "2024-09-30"]]}),
        ("в течение года", {"kind": "ongoing"}),
        ("Постоянно", {"kind": "ongoing"}),
        ("по запросу", {"kind": "ongoing"}),
        ("на працягу года", {"kind": "ongoing"}),
        ("в сроки, определяемые организаторами", {"kind": "unspecified"}),
        ("согласно отдельному графику", {"kind": "unspecified"}),
        ("", {"kind": "unspecified"}),
        ("абракадабра", {"kind": "unspecified"}),
    ],
)
def test_kinds(text: str, expected: dict) -> None:
    assert parse_deadline(text, CAL_2024).as_json() == expected


def test_a_month_without_year_and_without_period_is_not_guessed() -> None:
    assert parse_deadline("май", None).as_json() == {"kind": "unspecified"}


CELL_WORDS = st.sampled_from(
    [
        "январь",
        "мая",
        "сентября",
        "2024",
        "2026 г.",
        "года",
        "-",
        "–",
        "до",
        "с",
        "по",
        ",",
        ";",
        "и",
        "квартал",
        "II",
        "1",
        "15",
        "31",
        "полугодие",
        "четверть",
        "лето",
        "зима",
        "2023/2024",
        "учебного",
        "ежемесячно",
        "далее",
        "постоянно",
        "01.09.2026",
        "29.02.2025",
        "32.13.2026",
        "в течение",
        "чэрвень",
        "да",
        "І",
        "кв.",
    ]
)
PERIODS = st.sampled_from([None, CAL_2026, SCHOOL_2024])


@settings(max_examples=400, deadline=None)
@given(st.lists(CELL_WORDS, max_size=12).map(" ".join), PERIODS)
def test_grammar_never_raises_and_windows_are_ordered_and_sane(text: str, period: Period | None) -> None:
    deadline = parse_deadline(text, period)
    assert deadline.kind in ("window", "recurring", "ongoing", "unspecified")
    for start, end in deadline.windows:
        assert start is not None or end is not None
        if start and end:
            assert start <= end
        for day in (start, end):
            assert day is None or 1990 <= day.year <= 2100


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200), PERIODS)
def test_any_text_at_all(text: str, period: Period | None) -> None:
    deadline = parse_deadline(text, period)
    assert deadline.as_json()["kind"] == deadline.kind
