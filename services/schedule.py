"""Due dates of an item, from its deadline and the plan period (DESIGN §6).

- window: the end of each window (a window with no start is a plain due date);
- recurring: the end of every month / quarter / half-year / year / week inside the plan
  period, from `start` when the deadline gives one;
- ongoing: the end of the plan period;
- unspecified: none, until an admin sets a date.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from services.plans.model import Deadline, Period

MAX_DUE_DATES = 600  # a weekly item over ten years; anything more is a malformed period


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _period_ends(start: date, end: date, months: int) -> list[date]:
    """Ends of calendar periods `months` long (1, 3, 6, 12) that overlap [start, end]."""
    dates: list[date] = []
    year, month = start.year, start.month
    month = ((month - 1) // months) * months + 1  # the first month of the period holding `start`
    while len(dates) < MAX_DUE_DATES:
        last_month = month + months - 1
        last_year = year + (last_month - 1) // 12
        last_month = (last_month - 1) % 12 + 1
        due = _month_end(last_year, last_month)
        if due >= start:
            if due > end:
                break
            dates.append(due)
        month += months
        year += (month - 1) // 12
        month = (month - 1) % 12 + 1
    return dates


def _week_ends(start: date, end: date) -> list[date]:
    """Every Sunday from the week holding `start` to `end`."""
    sunday = start + timedelta(days=6 - start.weekday())
    dates = []
    while sunday <= end and len(dates) < MAX_DUE_DATES:
        dates.append(sunday)
        sunday += timedelta(weeks=1)
    return dates


def _year_ends(start: date, end: date) -> list[date]:
    """The end of the period and its anniversaries back to `start` (a school year ends in August)."""
    dates = []
    year = end.year
    while len(dates) < MAX_DUE_DATES:
        due = (
            _month_end(year, end.month)
            if end.day == _month_end(end.year, end.month).day
            else date(year, end.month, end.day)
        )
        if due < start:
            break
        dates.append(due)
        year -= 1
    return sorted(dates)


RECURRENCE_MONTHS = {"monthly": 1, "quarterly": 3, "half-yearly": 6}


def due_dates(deadline: Deadline, period: Period | None) -> list[date]:
    if deadline.kind == "window":
        ends = sorted(
            {end if end is not None else (period.end if period else None) for _, end in deadline.windows}
            - {None}
        )
        return ends  # type: ignore[return-value]
    if period is None:
        return []
    if deadline.kind == "ongoing":
        return [period.end]
    if deadline.kind == "recurring" and deadline.recurrence is not None:
        start = max(deadline.start or period.start, period.start)
        if deadline.recurrence == "weekly":
            return _week_ends(start, period.end)
        if deadline.recurrence == "yearly":
            return _year_ends(start, period.end)
        return _period_ends(start, period.end, RECURRENCE_MONTHS[deadline.recurrence])
    return []
