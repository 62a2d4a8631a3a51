"""The deadline grammar: a free-text cell ("апрель-май 2026 г.", "до 16.02.2026",
"декабрь 2023 г., далее – ежеквартально", "1 полугодие 2023/2024 учебного года") becomes a
`Deadline`.

The cell is normalised, then scanned left to right: at each position the most specific
expression that matches is taken (a date range before a date, a month range before a month),
so the scan is linear and never backtracks. Expressions may lack a year; years come from a
later expression of the same cell ("март, июнь 2026"), else from the plan period. Nothing is
guessed: a cell with no readable date becomes `unspecified` and the caller warns.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from services.plans.model import ONGOING, UNSPECIFIED, Deadline, Period, Recurrence, Window

MIN_YEAR, MAX_YEAR = 1990, 2100

# ---- vocabulary -----------------------------------------------------------------------------

_MONTH_STEMS: tuple[tuple[str, int], ...] = (
    (r"январ\w*|студзен\w*|студзен|january|jan", 1),
    (r"феврал\w*|лют\w*|february|feb", 2),
    (r"март\w*|сакав\w*|march|mar", 3),
    (r"апрел\w*|красав\w*|april|apr", 4),
    (r"ма(?:й|я|е|ю)|тра[вў]\w*|may", 5),
    (r"июн\w*|чэрв\w*|june|jun", 6),
    (r"июл\w*|ліп\w*|july|jul", 7),
    (r"август\w*|жн[іi][вў]\w*|august|aug", 8),
    (r"сентябр\w*|верас\w*|september|sep", 9),
    (r"октябр\w*|кастрычн\w*|october|oct", 10),
    (r"ноябр\w*|лістапад\w*|november|nov", 11),
    (r"декабр\w*|снеж\w*|december|dec", 12),
)
MONTH = "(?:" + "|".join(f"(?:{stem})" for stem, _ in _MONTH_STEMS) + r")\b"
_MONTH_RES = [(re.compile(rf"^(?:{stem})$"), number) for stem, number in _MONTH_STEMS]

# A year, with whatever word follows it in the source ("2026 г.", "2026 года", "2026 гг.").
YEAR_WORD = r"(?:\s*(?:гг\.?|г\.?|годы|годов|года|год|гадоў|гадах|году)(?!\w))?"
YEAR = rf"(?:19|20)\d{{2}}{YEAR_WORD}"
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "і": 1, "іі": 2, "ііі": 3, "іv": 4}
ORDINAL = r"(?:[1-4]|iv|i{1,3}|і{1,3}|іv|перв\w*|втор\w*|трет\w*|четв[её]рт\w*|перш\w*|друг\w*|трэц\w*|чацв[её]рт\w*)"
_ORDINAL_WORDS = (
    ("перв", 1),
    ("перш", 1),
    ("втор", 2),
    ("друг", 2),
    ("трет", 3),
    ("трэц", 3),
    ("четв", 4),
    ("чацв", 4),
)
NUM_SUFFIX = r"(?:\s*-?\s*(?:[йяеоаг]|ый|ой|ий|ое|ая|го|му)\b)?"
SCHOOL_WORD = r"(?:учебн\w*|уч\.?|навучальн\w*|навуч\.?)\s*(?:г(?:од\w*|\.)?|г\b)?"
SCHOOL_YEAR = rf"(?P<sy1>(?:19|20)\d{{2}})\s*(?:/|-)\s*(?P<sy2>(?:19|20)?\d{{2}}){YEAR_WORD}\s*{SCHOOL_WORD}"

RECURRENCE_WORDS: tuple[tuple[str, Recurrence], ...] = (
    (
        r"ежемесячн\w*|штомесяц\w*|штомесячн\w*|кажд\w* месяц\w*|раз в месяц|помесячно",
        "monthly",
    ),
    (
        r"ежеквартальн\w*|штоквартальн\w*|раз в квартал|кажд\w* квартал\w*|поквартально|раз в четверть"
        r"|кажд\w* четверт\w*|по четвертям",
        "quarterly",
    ),
    (r"еженедельн\w*|штотыднев\w*|штотыдзень|раз в неделю|каждую неделю", "weekly"),
    (
        r"раз в полугодие|раз в паўгоддзе|каждое полугодие|(?:2|два) раза в год|по полугодиям"
        r"|полугодов\w*|штопаўгод\w*",
        "half-yearly",
    ),
    (r"ежегодн\w*|штогод\w*|раз в год|каждый год", "yearly"),
)
# Phrases that imply a rhythm only when the cell names no date of its own: "декабрь (по итогам
# года)" is one date in December, "по итогам квартала" alone is every quarter.
IMPLIED_RECURRENCE: tuple[tuple[str, Recurrence], ...] = (
    (r"по итогам (?:каждого )?месяца|следующего за отчетным", "monthly"),
    (r"по итогам (?:каждой )?четверти|по итогам (?:каждого )?квартала", "quarterly"),
    (r"по итогам (?:каждого )?полугодия", "half-yearly"),
    (r"по итогам (?:учебного |календарного )?года", "yearly"),
)
ONGOING_PHRASES = re.compile(
    r"в течение (?:всего )?(?:года|учебного года|периода|срока|календарного года)"
    r"|на протяжении (?:всего )?(?:года|периода|учебного года)|постоянно|пастаянна"
    r"|на працягу (?:усяго )?(?:года|навучальнага года|перыяду)|по (?:мере )?необходимости"
    r"|па (?:меры )?неабходнасці|по запросу|по запросам|па запыце|ежедневно|штодня|систематически"
    r"|регулярно|весь период|круглогодично|в течение всего|текущ\w+ год|бессрочно"
)
UNSPECIFIED_PHRASES = re.compile(
    r"в сроки,? (?:определ|установл|указ)\w*|по отдельному (?:графику|плану)|согласно (?:\w+ )?"
    r"(?:графику|плану|положени\w*|приказу)|по графику|по плану|по согласованию|по приглашению"
    r"|в соответствии с (?:\w+ )?(?:графиком|планом|положением)|по мере (?:поступления|объявления)"
    r"|будет определ\w*|уточняется|у тэрміны,? (?:вызначан|устаноўлен)\w*|па графіку|згодна з"
)
CONTINUES = re.compile(r"далее|в дальнейшем|і далей|и далее|надалей|далей|постоянно|пастаянна")


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# ---- normalisation ------------------------------------------------------------------------------


def normalise(text: str) -> str:
    text = text.lower().replace("ё", "е").replace("\u00a0", " ")
    text = re.sub(r"[‐‑‒–—―−]", "-", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip()


# ---- expressions -----------------------------------------------------------------------------


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
    for regex, number in _MONTH_RES:
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
    for stem, value in _ORDINAL_WORDS:
        if token.startswith(stem):
            return value
    raise ValueError(token)


def _safe_date(year: int, month: int, day: int) -> date:
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day, last))


# Each rule: a regex tried at the scan position, and a builder of an Expr from the match.
Rule = tuple[re.Pattern[str], Callable[[re.Match[str], "Context"], list[Expr]]]


@dataclass(frozen=True)
class Context:
    period: Period | None


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
        return _safe_date(start_year, int(m1), int(d1)), _safe_date(end_year, int(m2), int(d2))

    return [Expr(build, end_year, int(m1), bounded=True)]


def _numeric_date(m: re.Match[str], ctx: Context) -> list[Expr]:
    day, month, year = int(m.group("d")), int(m.group("m")), m.groupdict().get("y")
    explicit = _short_year(year) if year else None

    def build(y: int) -> Window:
        d = _safe_date(y, month, day)
        return d, d

    return [Expr(build, explicit, month)]


def _day_range_in_month(m: re.Match[str], ctx: Context) -> list[Expr]:
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    month = _month(m.group("mon"))

    def build(y: int) -> Window:
        return _safe_date(y, month, d1), _safe_date(y, month, d2)

    return [Expr(build, _year(m.group("yr")), month, bounded=True)]


def _range_years(y1: int | None, y2: int | None, crosses: bool) -> tuple[int, int] | None:
    """Years of both ends of a range when the text gives at least one ("ноябрь 2024 – март")."""
    if y2:
        return (y1 or (y2 - 1 if crosses else y2)), y2
    if y1:
        return y1, (y1 + 1 if crosses else y1)
    return None


def _word_date_range(m: re.Match[str], ctx: Context) -> list[Expr]:
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    mon1, mon2 = _month(m.group("mon1")), _month(m.group("mon2"))
    y1, y2 = _year(m.group("yr1")), _year(m.group("yr2"))
    crosses = mon1 > mon2
    if years := _range_years(y1, y2, crosses):
        start_year, end_year = years
        window = (_safe_date(start_year, mon1, d1), _safe_date(end_year, mon2, d2))
        return [Expr(lambda _y: window, end_year, mon2, bounded=True)]

    def build(y: int) -> Window:  # y: the year of the first day
        return _safe_date(y, mon1, d1), _safe_date(y + 1 if crosses else y, mon2, d2)

    return [Expr(build, None, mon1, bounded=True)]


def _word_date(m: re.Match[str], ctx: Context) -> list[Expr]:
    day, month = int(m.group("d")), _month(m.group("mon"))

    def build(y: int) -> Window:
        d = _safe_date(y, month, day)
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


PARTS = r"(?P<unit>квартал\w*|кв\b\.?|полугоди\w*|паўгоддз\w*|четверт\w*|чвэрц\w*|триместр\w*|трыместр\w*)"
# A school year first: "1 полугодие 2023/2024 учебного года" must not stop at "2023".
TAIL = (
    rf"(?:\s*(?P<sy>(?:19|20)\d{{2}}\s*(?:/|-)\s*(?:19|20)?\d{{2}}{YEAR_WORD}\s*(?:{SCHOOL_WORD})?))?"
    rf"(?:\s*(?P<yr>{YEAR}))?"
)
D = r"(?:0?[1-9]|[12]\d|3[01])"
MM = r"(?:0?[1-9]|1[0-2])"

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
    (_compile(rf"(?P<d>{D})\.(?P<m>{MM})\.(?P<y>(?:19|20)\d{{2}}|\d{{2}})\b{YEAR_WORD}"), _numeric_date),
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


# ---- resolution --------------------------------------------------------------------------------


def _resolve_year(expr: Expr, explicit_later: int | None, period: Period | None) -> int | None:
    if expr.year is not None:
        return expr.year
    if explicit_later is not None:
        return explicit_later
    if period is None:
        return None
    if period.school_year:
        return period.start.year if expr.first_month >= 9 else period.start.year + 1
    if period.start.year == period.end.year:
        return period.start.year
    for year in range(period.start.year, period.end.year + 1):
        candidate = date(year, expr.first_month, 1)
        if period.start <= candidate <= period.end:
            return year
    return period.start.year


def _apply_prefix(window: Window, prefix: str | None, period: Period | None) -> Window:
    start, end = window
    if prefix == "until":
        return None, end
    if prefix == "from":
        return start, period.end if period is not None and start is not None and period.end >= start else end
    return window


def scan(text: str, period: Period | None) -> list[Expr]:
    """All date expressions of a normalised cell, in order, with their prefixes."""
    ctx = Context(period)
    found: list[Expr] = []
    pos, prefix = 0, None
    while pos < len(text):
        if text[pos] == " ":
            pos += 1
            continue
        prefix_match = PREFIX.match(text, pos)
        if prefix_match and (pos == 0 or not text[pos - 1].isalnum()):
            prefix = "until" if prefix_match.group("until") else "from"
            pos = prefix_match.end()
            continue
        for regex, builder in RULES:
            match = regex.match(text, pos)
            if match is None or (pos > 0 and text[pos - 1].isalnum()):
                continue
            try:
                exprs = builder(match, ctx)
            except ValueError:
                continue
            found.extend(replace(e, prefix=e.prefix or (None if e.bounded else prefix)) for e in exprs)
            pos, prefix = match.end(), None
            break
        else:
            word = WORD.match(text, pos)
            pos = word.end() if word else pos + 1
            if word and word.group() not in ("-", ",", ";", "и", "і", "."):
                prefix = None
    return found


def _recurrence(text: str, has_windows: bool) -> Recurrence | None:
    rules = RECURRENCE_WORDS if has_windows else RECURRENCE_WORDS + IMPLIED_RECURRENCE
    for pattern, recurrence in rules:
        if re.search(pattern, text):
            return recurrence
    return None


def _sane(window: Window) -> bool:
    return all(d is None or MIN_YEAR <= d.year <= MAX_YEAR for d in window)


def parse_deadline(text: str | None, period: Period | None = None) -> Deadline:
    """Read one deadline cell. Never raises; an unreadable cell is `unspecified`."""
    if not text or not text.strip():
        return UNSPECIFIED
    norm = normalise(text)
    try:
        exprs = scan(norm, period)
    except (ValueError, OverflowError):  # pragma: no cover - builders validate their input
        exprs = []
    windows: list[Window] = []
    for index, expr in enumerate(exprs):
        later = next((e.year for e in exprs[index + 1 :] if e.year is not None and not e.school), None)
        year = _resolve_year(expr, later, period)
        if year is None or not MIN_YEAR <= year <= MAX_YEAR:
            continue
        try:
            window = _apply_prefix(expr.window(year), expr.prefix, period)
        except (ValueError, OverflowError):
            continue
        if _sane(window) and (window[0] is None or window[1] is None or window[0] <= window[1]):
            windows.append(window)

    recurrence = _recurrence(norm, bool(windows))
    if recurrence is not None:
        start = next((w[0] for w in windows if w[0] is not None), None)
        return Deadline("recurring", recurrence=recurrence, start=start)
    if windows:
        return Deadline("window", windows=tuple(windows), continues=bool(CONTINUES.search(norm)))
    if ONGOING_PHRASES.search(norm):
        return ONGOING
    return UNSPECIFIED


def is_known_unspecified(text: str) -> bool:
    """True for phrases that say on purpose that no date is fixed ("по отдельному графику")."""
    return bool(UNSPECIFIED_PHRASES.search(normalise(text)))


def explicit_years(text: str) -> list[int]:
    return [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)]
