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
        ("1-я неделя сентября 2024", {"kind": "window", "windows": [["2024-09-01", "2024-09-07"]]}),
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


# ---- as schools and centres write them -------------------------------------------------------------

OCTOBER_2024 = (date(2024, 10, 1), date(2024, 10, 31))
NOVEMBER_2024 = Period(date(2024, 11, 1), date(2024, 11, 30))


@pytest.mark.parametrize(
    ("text", "windows"),
    [
        # day ranges without a year: one window, placed by the plan's school year
        ("23.11-28.11", [["2024-11-23", "2024-11-28"]]),
        ("20-24.11", [["2024-11-20", "2024-11-24"]]),
        ("с 01.10 по 15.10", [["2024-10-01", "2024-10-15"]]),
        ("28.12-10.01", [["2024-12-28", "2025-01-10"]]),
        ("с 5 по 9 октября", [["2024-10-05", "2024-10-09"]]),
        # weeks of a month
        ("2 неделя октября", [["2024-10-08", "2024-10-14"]]),
        ("последняя неделя сентября", [["2024-09-24", "2024-09-30"]]),
        ("1-2 неделя ноября", [["2024-11-01", "2024-11-14"]]),
        # months shortened
        ("сент.", [["2024-09-01", "2024-09-30"]]),
        ("окт.-нояб.", [["2024-10-01", "2024-11-30"]]),
        (
            "сент., дек., март",
            [["2024-09-01", "2024-09-30"], ["2024-12-01", "2024-12-31"], ["2025-03-01", "2025-03-31"]],
        ),
        ("дек. 2024", [["2024-12-01", "2024-12-31"]]),
        ("янв.-февр.", [["2025-01-01", "2025-02-28"]]),
    ],
)
def test_how_schools_write_dates(text: str, windows: list) -> None:
    assert window(text, SCHOOL_2024) == windows


@pytest.mark.parametrize(
    "text",
    ["в теч. года", "в течение уч. года", "в теч. уч. г.", "весь год", "в течении года", "в теч. месяца"],
)
def test_shortened_all_the_time_is_ongoing(text: str) -> None:
    assert parse_deadline(text, SCHOOL_2024).as_json() == {"kind": "ongoing"}


@pytest.mark.parametrize("text", ["ежемес.", "ежемесячно", "еженед.", "ежекв."])
def test_shortened_rhythms(text: str) -> None:
    kind = parse_deadline(text, SCHOOL_2024).as_json()
    assert kind["kind"] == "recurring"
    assert kind["recurrence"] == {"ежемес.": "monthly", "ежемесячно": "monthly", "еженед.": "weekly"}.get(
        text, "quarterly"
    )


@pytest.mark.parametrize(
    ("text", "windows"),
    [
        ("1,2 недели", [["2024-10-01", "2024-10-14"]]),
        ("последняя неделя", [["2024-10-25", "2024-10-31"]]),
        ("в теч. мес.", [["2024-10-01", "2024-10-31"]]),
        ("в течении месяца", [["2024-10-01", "2024-10-31"]]),
        ("15", [["2024-10-15", "2024-10-15"]]),
        ("15-20", [["2024-10-15", "2024-10-20"]]),
        ("3 неделя", [["2024-10-15", "2024-10-21"]]),
        ("2 неделя декабря", [["2024-12-08", "2024-12-14"]]),  # the cell's own month wins
    ],
)
def test_the_heading_gives_the_month_of_days_and_weeks(text: str, windows: list) -> None:
    assert parse_deadline(text, SCHOOL_2024, hint=OCTOBER_2024).as_json()["windows"] == windows


def test_a_one_month_plan_is_the_month_of_its_weeks() -> None:
    assert parse_deadline("в течение месяца", NOVEMBER_2024).as_json()["windows"] == [
        ["2024-11-01", "2024-11-30"]
    ]
    assert parse_deadline("1 неделя", NOVEMBER_2024).as_json()["windows"] == [["2024-11-01", "2024-11-07"]]


def test_a_week_of_no_month_is_not_guessed() -> None:
    assert parse_deadline("1,2 недели", SCHOOL_2024).as_json() == {"kind": "unspecified"}
    assert parse_deadline("15", SCHOOL_2024).as_json() == {"kind": "unspecified"}


@pytest.mark.parametrize(
    ("text", "recurrence"),
    [
        ("по четвергам", "weekly"),
        ("каждый понедельник", "weekly"),
        ("по средам и пятницам", "weekly"),
        ("2 раза в месяц", "monthly"),
        ("в конце четверти", "quarterly"),
    ],
)
def test_school_rhythms(text: str, recurrence: str) -> None:
    assert parse_deadline(text, SCHOOL_2024).as_json() == {"kind": "recurring", "recurrence": recurrence}


@pytest.mark.parametrize("text", ["в течение четверти", "в течение полугодия", "в течение квартала"])
def test_within_a_term_without_naming_it_is_ongoing(text: str) -> None:
    assert parse_deadline(text, SCHOOL_2024).as_json() == {"kind": "ongoing"}
