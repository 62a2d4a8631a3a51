"""The deadline grammar: a free-text cell ("апрель-май 2026 г.", "до 16.02.2026",
"декабрь 2023 г., далее – ежеквартально", "1 полугодие 2023/2024 учебного года") becomes a
`Deadline`.

The cell is normalised, then scanned left to right: at each position the most specific
expression that matches is taken (a date range before a date, a month range before a month),
so the scan is linear and never backtracks. Expressions may lack a year; years come from a
later expression of the same cell ("март, июнь 2026"), else from the plan period. Nothing is
guessed: a cell with no readable date becomes `unspecified` and the caller warns.
The words live in `deadline_words`, the expressions in `deadline_rules`.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from services.plans.deadline_rules import PREFIX, RULES, WORD, Context, Expr, ImpossibleDate
from services.plans.deadline_words import (
    CONTINUES,
    IMPLIED_RECURRENCE,
    ONGOING_PHRASES,
    RECURRENCE_WORDS,
    UNSPECIFIED_PHRASES,
    normalise,
)
from services.plans.model import ONGOING, UNSPECIFIED, Deadline, Period, Recurrence, Window

MIN_YEAR, MAX_YEAR = 1990, 2100
MONTH_NAMES = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)

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


def scan(text: str, period: Period | None, hint: Window | None = None) -> list[Expr]:
    """All date expressions of a normalised cell, in order, with their prefixes."""
    ctx = Context(period, hint)
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


def parse_deadline(text: str | None, period: Period | None = None, hint: Window | None = None) -> Deadline:
    """Read one deadline cell. Never raises; an unreadable cell is `unspecified`."""
    return read_deadline(text, period, hint)[0]


DAYS_ONLY = re.compile(r"^\d{1,2}(?:\s*[-,]\s*\d{1,2})*$")


def month_hint(period: Period | None, hint: Window | None) -> Window | None:
    """The month a cell's days and weeks belong to: the heading's, else a one-month plan's."""
    if hint is not None and hint[0] is not None:
        return hint
    if period is not None and (period.start.year, period.start.month) == (period.end.year, period.end.month):
        return period.start, period.end
    return None


def read_deadline(
    text: str | None, period: Period | None = None, hint: Window | None = None
) -> tuple[Deadline, bool]:
    """The deadline, and whether the cell names a day the calendar does not have («31.04.2026»):
    such a cell is `unspecified` as a whole, whatever else it says, so the admin sets the date.
    `hint` is the time the heading above the item names ("Октябрь"): the month of days and
    weeks that the cell gives alone ("15", "1,2 недели")."""
    if not text or not text.strip():
        return UNSPECIFIED, False
    norm = normalise(text)
    hint = month_hint(period, hint)
    if hint is not None and DAYS_ONLY.match(norm):
        norm = f"{norm} {MONTH_NAMES[hint[0].month - 1]} {hint[0].year}"  # "15-20" under «Октябрь»
    try:
        exprs = scan(norm, period, hint)
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
        except ImpossibleDate:
            return UNSPECIFIED, True
        except (ValueError, OverflowError):
            continue
        if _sane(window) and (window[0] is None or window[1] is None or window[0] <= window[1]):
            windows.append(window)

    recurrence = _recurrence(norm, bool(windows))
    if recurrence is not None:
        start = next((w[0] for w in windows if w[0] is not None), None)
        return Deadline("recurring", recurrence=recurrence, start=start), False
    if windows:
        return Deadline("window", windows=tuple(windows), continues=bool(CONTINUES.search(norm))), False
    if ONGOING_PHRASES.search(norm):
        return ONGOING, False
    return UNSPECIFIED, False


def is_known_unspecified(text: str) -> bool:
    """True for phrases that say on purpose that no date is fixed ("по отдельному графику")."""
    return bool(UNSPECIFIED_PHRASES.search(normalise(text)))


def explicit_years(text: str) -> list[int]:
    return [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)]
