"""Expressions of the deadline grammar: each rule is a regex tried at the scan position and a
builder that turns its match into an `Expr` (a window for a given year)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from services.plans.deadline_words import (
    MM,
    MONTH,
    MONTH_RES,
    NUM_SUFFIX,
    ORDINAL,
    ORDINAL_WORDS,
    PARTS,
    ROMAN,
    SCHOOL_YEAR,
    TAIL,
    WEEK_ORD,
    YEAR,
    YEAR_WORD,
    D,
)
from services.plans.model import Period, Window


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass(frozen=True)
class Expr:
    """A date expression before years are resolved: a function from a year to a window."""

    build: Callable[[int], Window]
    year: int | None  # explicit year, if the text gave one
    first_month: int  # decides the year of a year-less expression in a school year
    school: bool = False  # a school-year expression: `year` is the school year's first year
    prefix: str | None = None  # "until" / "from"
    bounded: bool = False  # gives both ends itself ("с 1 по 15 мая"): a prefix does not apply

    def window(self, year: int) -> Window:
        return self.build(year)


def month_window(year: int, month: int) -> Window:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _month(word: str) -> int:
    for regex, number in MONTH_RES:
        if regex.match(word):
            return number
    raise ValueError(word)


def _year(text: str | None) -> int | None:
    if not text:
        return None
    match = re.search(r"(?:19|20)\d{2}", text)
    return int(match.group()) if match else None


def _short_year(text: str) -> int:
    value = int(text)
    return value + 2000 if value < 100 else value


def _ordinal(token: str) -> int:
    token = token.strip().lower()
    if token.isdigit():
        return int(token)
    if token in ROMAN:
        return ROMAN[token]
    for stem, value in ORDINAL_WORDS:
        if token.startswith(stem):
            return value
    raise ValueError(token)


class ImpossibleDate(ValueError):
    """A day the calendar does not have (31.04, 29.02 of a common year): never bent to a near one."""


def _real_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError as exc:
        raise ImpossibleDate(f"{day:02d}.{month:02d}.{year}") from exc


# Each rule: a regex tried at the scan position, and a builder of an Expr from the match.
Rule = tuple[re.Pattern[str], Callable[[re.Match[str], "Context"], list[Expr]]]


@dataclass(frozen=True)
class Context:
    period: Period | None
    # The time a heading above the item gives ("Сентябрь", "II квартал"): the month of a week
    # or of "в течение месяца" that the cell itself does not name.
    hint: Window | None = None

    @property
    def hint_month(self) -> tuple[int, int] | None:
        start = self.hint[0] if self.hint else None
        return (start.year, start.month) if start else None


def _school_bounds(first_year: int) -> Window:
    return date(first_year, 9, 1), date(first_year + 1, 8, 31)


def _school_year(m: re.Match[str], ctx: Context) -> list[Expr]:
    first = int(m.group("sy1"))
    return [Expr(lambda _y, first=first: _school_bounds(first), first, 9, school=True, bounded=True)]


def _numeric_date_range(m: re.Match[str], ctx: Context) -> list[Expr]:
    d1, m1, y1, d2, m2, y2 = m.group("d1", "m1", "y1", "d2", "m2", "y2")
    end_year = _short_year(y2)
    start_year = _short_year(y1) if y1 else end_year

    def build(_y: int) -> Window:
        return _real_date(start_year, int(m1), int(d1)), _real_date(end_year, int(m2), int(d2))

    return [Expr(build, end_year, int(m1), bounded=True)]


def _impossible(text: str) -> Expr:
    def build(_y: int) -> Window:
        raise ImpossibleDate(text)

    return Expr(build, None, 1)


def _numeric_date(m: re.Match[str], ctx: Context) -> list[Expr]:
    day, month, year = int(m.group("d")), int(m.group("m")), m.groupdict().get("y")
    explicit = _short_year(year) if year else None

    def build(y: int) -> Window:
        d = _real_date(y, month, day)
        return d, d

    return [Expr(build, explicit, month)]


def _day_range_in_month(m: re.Match[str], ctx: Context) -> list[Expr]:
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    month = _month(m.group("mon"))

    def build(y: int) -> Window:
        return _real_date(y, month, d1), _real_date(y, month, d2)

    return [Expr(build, _year(m.group("yr")), month, bounded=True)]


def _range_years(y1: int | None, y2: int | None, crosses: bool) -> tuple[int, int] | None:
    """Years of both ends of a range when the text gives at least one ("ноябрь 2024 – март")."""
    if y2:
        return (y1 or (y2 - 1 if crosses else y2)), y2
    if y1:
        return y1, (y1 + 1 if crosses else y1)
    return None


def _numeric_day_month_range(m: re.Match[str], ctx: Context) -> list[Expr]:
    """ "23.11-28.11", "с 01.10 по 15.10": both ends without a year, placed by the first month."""
    d1, m1, d2, m2 = (int(g) for g in m.group("d1", "m1", "d2", "m2"))

    def build(y: int) -> Window:
        return _real_date(y, m1, d1), _real_date(y + 1 if m2 < m1 else y, m2, d2)

    return [Expr(build, None, m1, bounded=True)]


def _day_range_numeric_month(m: re.Match[str], ctx: Context) -> list[Expr]:
    """ "20-24.11", "20-24.11.2024"."""
    d1, d2, month = int(m.group("d1")), int(m.group("d2")), int(m.group("m"))
    explicit = _short_year(m.group("y")) if m.group("y") else None

    def build(y: int) -> Window:
        return _real_date(y, month, d1), _real_date(y, month, d2)

    return [Expr(build, explicit, month, bounded=True)]


def _week_number(token: str) -> int:
    token = token.strip()
    if token.isdigit():
        return int(token)
    if token.startswith(("последн", "апошн")):
        return -1
    if token.startswith("пят"):
        return 5
    return _ordinal(token)


def _weeks(m: re.Match[str], ctx: Context) -> list[Expr]:
    """Weeks of a month: days 1-7 are the first week, the last seven days the last one."""
    first = _week_number(m.group("w1"))
    last = _week_number(m.group("w2")) if m.group("w2") else first
    if m.group("mon"):
        month, explicit = _month(m.group("mon")), _year(m.group("yr"))
    elif ctx.hint_month is not None:
        explicit, month = ctx.hint_month
    else:
        raise ValueError("a week of no month")

    def bounds(y: int, week: int) -> Window:
        month_start, month_end = month_window(y, month)
        if week == -1:
            return month_end - timedelta(days=6), month_end
        start = month_start + timedelta(days=7 * (week - 1))
        if start > month_end:
            raise ValueError("no such week")
        return start, min(start + timedelta(days=6), month_end)

    def build(y: int) -> Window:
        return bounds(y, first)[0], bounds(y, last)[1]

    return [Expr(build, explicit, month, bounded=True)]


def _within_hint_month(m: re.Match[str], ctx: Context) -> list[Expr]:
    if ctx.hint_month is None:
        raise ValueError("no month to work within")
    year, month = ctx.hint_month
    return [Expr(lambda _y: month_window(year, month), year, month, bounded=True)]


def _word_date_range(m: re.Match[str], ctx: Context) -> list[Expr]:
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    mon1, mon2 = _month(m.group("mon1")), _month(m.group("mon2"))
    y1, y2 = _year(m.group("yr1")), _year(m.group("yr2"))
    crosses = mon1 > mon2
    if years := _range_years(y1, y2, crosses):
        start_year, end_year = years
        window = (_real_date(start_year, mon1, d1), _real_date(end_year, mon2, d2))
        return [Expr(lambda _y: window, end_year, mon2, bounded=True)]

    def build(y: int) -> Window:  # y: the year of the first day
        return _real_date(y, mon1, d1), _real_date(y + 1 if crosses else y, mon2, d2)

    return [Expr(build, None, mon1, bounded=True)]


def _word_date(m: re.Match[str], ctx: Context) -> list[Expr]:
    day, month = int(m.group("d")), _month(m.group("mon"))

    def build(y: int) -> Window:
        d = _real_date(y, month, day)
        return d, d

    return [Expr(build, _year(m.group("yr")), month)]


def _month_range(m: re.Match[str], ctx: Context) -> list[Expr]:
    mon1, mon2 = _month(m.group("mon1")), _month(m.group("mon2"))
    y1, y2 = _year(m.group("yr1")), _year(m.group("yr2"))
    crosses = mon1 > mon2
    if years := _range_years(y1, y2, crosses):
        start_year, end_year = years
        window = (month_window(start_year, mon1)[0], month_window(end_year, mon2)[1])
        return [Expr(lambda _y: window, end_year, mon2, bounded=True)]

    def build(y: int) -> Window:  # y: the year of the first month
        return month_window(y, mon1)[0], month_window(y + 1 if crosses else y, mon2)[1]

    return [Expr(build, None, mon1, bounded=True)]


def _month_single(m: re.Match[str], ctx: Context) -> list[Expr]:
    month = _month(m.group("mon"))
    part = (m.group("part") or "").strip()

    def build(y: int) -> Window:
        start, end = month_window(y, month)
        if part.startswith(("перв", "1 дек", "1-я дек", "i дек")):
            return start, start + timedelta(days=9)
        return start, end

    return [Expr(build, _year(m.group("yr")), month)]


def _months_in_unit(unit: str, index: int, school: bool) -> tuple[int, int] | None:
    """First and last month of the n-th quarter / half / school term."""
    if unit == "quarter" and 1 <= index <= 4:
        return 3 * index - 2, 3 * index
    if unit == "half" and index in (1, 2):
        if school:
            return (9, 12) if index == 1 else (1, 8)
        return (1, 6) if index == 1 else (7, 12)
    if unit == "term" and 1 <= index <= 4:
        return ((9, 10), (11, 12), (1, 3), (4, 5))[index - 1]
    if unit == "trimester" and 1 <= index <= 3:
        return ((9, 11), (12, 2), (3, 5))[index - 1]
    return None


def _unit_of(word: str) -> str:
    if word.startswith(("кв",)):
        return "quarter"
    if word.startswith(("полугод", "паўгод")):
        return "half"
    if word.startswith(("четверт", "чвэрц")):
        return "term"
    return "trimester"


def _school_first_year(school_year_text: str | None) -> int | None:
    if not school_year_text:
        return None
    match = re.search(r"((?:19|20)\d{2})\s*(?:/|-)", school_year_text)
    return int(match.group(1)) if match else None


def _span(
    unit: str, first: int, last: int, explicit: int | None, school_first: int | None, ctx: Context
) -> Expr:
    school = (
        school_first is not None
        or unit in ("term", "trimester")
        or (unit == "half" and explicit is None and ctx.period is not None and ctx.period.school_year)
    )
    months_first = _months_in_unit(unit, first, school)
    months_last = _months_in_unit(unit, last, school)
    if months_first is None or months_last is None:
        raise ValueError("no such part of the year")
    start_month, end_month = months_first[0], months_last[1]

    def build(y: int) -> Window:
        if school_first is not None:
            sy = school_first
            start_year = sy if start_month >= 9 else sy + 1
            end_year = sy if end_month >= 9 else sy + 1
        else:
            start_year = y
            end_year = y + 1 if end_month < start_month else y
        return month_window(start_year, start_month)[0], month_window(end_year, end_month)[1]

    if school_first is not None:
        return Expr(build, school_first, 9, school=True, bounded=True)
    return Expr(build, explicit, start_month, bounded=True)


def _part_range(m: re.Match[str], ctx: Context) -> list[Expr]:
    unit = _unit_of(m.group("unit"))
    first, last = _ordinal(m.group("n1")), _ordinal(m.group("n2"))
    if last < first:
        raise ValueError("range backwards")
    return [_span(unit, first, last, _year(m.group("yr")), _school_first_year(m.group("sy")), ctx)]


def _part_single(m: re.Match[str], ctx: Context) -> list[Expr]:
    unit = _unit_of(m.group("unit"))
    index = _ordinal(m.group("n"))
    return [_span(unit, index, index, _year(m.group("yr")), _school_first_year(m.group("sy")), ctx)]


_SEASONS = (
    (r"весн|вясн", (3, 5)),
    (r"лет|лец", (6, 8)),
    (r"осен|восен", (9, 11)),
    (r"зим|зім", (12, 2)),
)


def _season(m: re.Match[str], ctx: Context) -> list[Expr]:
    word = m.group("season")
    first, last = next(months for stem, months in _SEASONS if re.match(stem, word))
    explicit = _year(m.group("yr"))

    def build(y: int) -> Window:
        if first > last:  # winter: December of the year before to February
            return month_window(y - 1, first)[0], month_window(y, last)[1]
        return month_window(y, first)[0], month_window(y, last)[1]

    # Winter is placed by February: "зима 2026" is December 2025 - February 2026.
    return [Expr(build, explicit, last if first > last else first)]


def _year_range(m: re.Match[str], ctx: Context) -> list[Expr]:
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    if ctx.period is not None and ctx.period.school_year and y2 == y1 + 1 and not m.group("cal"):
        return [Expr(lambda _y, y1=y1: _school_bounds(y1), y1, 9, school=True, bounded=True)]
    return [Expr(lambda _y: (date(y1, 1, 1), date(y2, 12, 31)), y1, 1, bounded=True)]


def _year_only(m: re.Match[str], ctx: Context) -> list[Expr]:
    year = int(m.group("y"))
    return [Expr(lambda _y: (date(year, 1, 1), date(year, 12, 31)), year, 1)]


def _end_of_year(m: re.Match[str], ctx: Context) -> list[Expr]:
    explicit = _year(m.group("yr"))

    def build(y: int) -> Window:
        if explicit is None and ctx.period is not None:
            return None, ctx.period.end
        return None, date(y, 12, 31)

    return [Expr(build, explicit, 12, prefix="until")]


RULES: list[Rule] = [
    (
        _compile(rf"(?:до )?конц\w* (?:(?:календарного |текущего |учебного )?года|(?P<yr>{YEAR}))"),
        _end_of_year,
    ),
    (_compile(SCHOOL_YEAR), _school_year),
    (
        _compile(
            rf"(?P<d1>{D})\.(?P<m1>{MM})(?:\.(?P<y1>(?:19|20)?\d{{2}}))?(?:{YEAR_WORD})?\s*(?:-|по)\s*"
            rf"(?P<d2>{D})\.(?P<m2>{MM})\.(?P<y2>(?:19|20)?\d{{2}})\b{YEAR_WORD}"
        ),
        _numeric_date_range,
    ),
    (
        _compile(rf"(?P<d1>{D})\.(?P<m1>{MM})\s*(?:-|по)\s*(?P<d2>{D})\.(?P<m2>{MM})\b(?!\.\d)"),
        _numeric_day_month_range,
    ),
    (
        _compile(rf"(?P<d1>{D})\s*-\s*(?P<d2>{D})\.(?P<m>{MM})(?:\.(?P<y>(?:19|20)?\d{{2}}))?\b(?!\.\d)"),
        _day_range_numeric_month,
    ),
    (_compile(rf"(?P<d>{D})\.(?P<m>{MM})\.(?P<y>(?:19|20)\d{{2}}|\d{{2}})\b{YEAR_WORD}"), _numeric_date),
    # Shaped like a date but no day or month of the calendar ("32.13.2026"): refused, not read
    # as the bare year it ends with.
    (_compile(r"\d{1,2}\.\d{1,2}\.(?P<y>(?:19|20)\d{2})\b"), lambda m, ctx: [_impossible(m.group(0))]),
    (
        _compile(
            rf"(?P<w1>{WEEK_ORD}){NUM_SUFFIX}(?:\s*(?:-|,|и)\s*(?P<w2>{WEEK_ORD}){NUM_SUFFIX})?\s*(?:недел|тыдн|тыдз)\w*"
            rf"(?:\s+(?:(?P<mon>{MONTH})(?:\s*(?P<yr>{YEAR}))?|месяца))?"
        ),
        _weeks,
    ),
    (_compile(r"в течение (?:всего )?месяца"), _within_hint_month),
    (
        _compile(
            rf"(?P<d1>{D})\s*(?P<mon1>{MONTH})\s*(?P<yr1>{YEAR})?\s*(?:-|по|да)\s*"
            rf"(?P<d2>{D})\s*(?P<mon2>{MONTH})(?:\s*(?P<yr2>{YEAR}))?"
        ),
        _word_date_range,
    ),
    (
        _compile(rf"(?P<d1>{D})\s*(?:-|по|да)\s*(?P<d2>{D})\s*(?P<mon>{MONTH})(?:\s*(?P<yr>{YEAR}))?"),
        _day_range_in_month,
    ),
    (_compile(rf"(?P<d>{D})\s*(?P<mon>{MONTH})(?:\s*(?P<yr>{YEAR}))?"), _word_date),
    (_compile(rf"(?P<d>{D})\.(?P<m>{MM})\b(?!\.\d)"), _numeric_date),
    (
        _compile(
            rf"(?P<mon1>{MONTH})(?:\s*(?P<yr1>{YEAR}))?\.?\s*(?:-|по|да)\s*(?:(?:начал\w*|конец|конц\w*)\s+)?"
            rf"(?P<mon2>{MONTH})(?:\s*(?P<yr2>{YEAR}))?"
        ),
        _month_range,
    ),
    (
        _compile(
            rf"(?:(?P<part>начал\w*|середин\w*|конец|конц\w*|перв\w* (?:половин\w*|декад\w*)|1 декад\w*)\s+)?"
            rf"(?P<mon>{MONTH})(?:\s*(?P<yr>{YEAR}))?"
        ),
        _month_single,
    ),
    (
        _compile(
            rf"(?P<n1>{ORDINAL}){NUM_SUFFIX}\s*(?:-|и|,|і)\s*(?P<n2>{ORDINAL}){NUM_SUFFIX}\s*{PARTS}{TAIL}"
        ),
        _part_range,
    ),
    (_compile(rf"(?P<n>{ORDINAL}){NUM_SUFFIX}\s*{PARTS}{TAIL}"), _part_single),
    (
        _compile(
            rf"(?P<season>весн\w*|вясн\w*|лет(?:о|ом|н\w*)|лета|лецам|лец\w*|осен\w*|восен\w*|зим\w*|зім\w*)\b"
            rf"(?:\s*(?:период\w*|каникул\w*|канікул\w*))?(?:\s*(?P<yr>{YEAR}))?"
        ),
        _season,
    ),
    (
        _compile(
            r"(?P<y1>(?:19|20)\d{2})\s*-\s*(?P<y2>(?:19|20)\d{2})(?P<cal>\s*(?:гг\.?|годы|годов|гадоў))?"
        ),
        _year_range,
    ),
    (_compile(rf"(?P<y>(?:19|20)\d{{2}}){YEAR_WORD}"), _year_only),
]
PREFIX = re.compile(
    r"(?P<until>до|не позднее|не позже|не пазней|к|да|по)\s+|(?P<from>с|со|з|начиная с|пачынаючы з)\s+"
)
WORD = re.compile(r"\w+|\S")
