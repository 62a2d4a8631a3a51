from datetime import date

from services.plans.model import Deadline, Period
from services.schedule import due_dates

CAL = Period(date(2026, 1, 1), date(2026, 12, 31))
SCHOOL = Period(date(2024, 9, 1), date(2025, 8, 31), school_year=True)
THREE_YEARS = Period(date(2026, 1, 1), date(2028, 12, 31))


def test_windows_end_on_their_last_day() -> None:
    deadline = Deadline("window", windows=((date(2026, 4, 1), date(2026, 5, 31)), (None, date(2026, 2, 16))))
    assert due_dates(deadline, CAL) == [date(2026, 2, 16), date(2026, 5, 31)]


def test_recurring_inside_the_period_from_start() -> None:
    quarterly = Deadline("recurring", recurrence="quarterly")
    assert due_dates(quarterly, CAL) == [
        date(2026, 3, 31),
        date(2026, 6, 30),
        date(2026, 9, 30),
        date(2026, 12, 31),
    ]
    assert due_dates(quarterly, SCHOOL) == [
        date(2024, 9, 30),
        date(2024, 12, 31),
        date(2025, 3, 31),
        date(2025, 6, 30),
    ]
    monthly_from_october = Deadline("recurring", recurrence="monthly", start=date(2026, 10, 1))
    assert due_dates(monthly_from_october, CAL) == [
        date(2026, 10, 31),
        date(2026, 11, 30),
        date(2026, 12, 31),
    ]
    assert len(due_dates(Deadline("recurring", recurrence="monthly"), THREE_YEARS)) == 36
    assert due_dates(Deadline("recurring", recurrence="half-yearly"), CAL) == [
        date(2026, 6, 30),
        date(2026, 12, 31),
    ]
    assert due_dates(Deadline("recurring", recurrence="yearly"), THREE_YEARS) == [
        date(2026, 12, 31),
        date(2027, 12, 31),
        date(2028, 12, 31),
    ]
    assert due_dates(Deadline("recurring", recurrence="yearly"), SCHOOL) == [date(2025, 8, 31)]
    weekly = due_dates(Deadline("recurring", recurrence="weekly"), CAL)
    assert len(weekly) == 52 and all(d.weekday() == 6 for d in weekly)


def test_ongoing_unspecified_and_no_period() -> None:
    assert due_dates(Deadline("ongoing"), SCHOOL) == [date(2025, 8, 31)]
    assert due_dates(Deadline("unspecified"), CAL) == []
    assert due_dates(Deadline("recurring", recurrence="monthly"), None) == []
