"""Which alert is current on which day, when a user may be written to, and the send limiter."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.ratelimit import HEADROOM, RateLimiter
from services.alerts.prefs import (
    AlertTimeInQuietHours,
    BadTime,
    Prefs,
    check_alert_time,
    in_quiet,
    parse_hhmm,
    quiet_hours,
)
from services.alerts.rules import ESCALATE_ADMIN, ESCALATE_HEAD, AlertRules


def test_default_rules_day_by_day() -> None:
    rules = AlertRules()
    stages = {days: rules.reminder(days) for days in range(10, -9, -1)}
    assert stages[10] is None and stages[8] is None
    assert {stages[d] for d in (7, 6, 5, 4, 3, 2)} == {"before_7"}  # a late start still gets "7 days"
    assert stages[1] == "before_1" and stages[0] == "due"
    assert stages[-1] is None and stages[-2] == "overdue_2" and stages[-3] == "overdue_2"
    assert stages[-4] == "overdue_4" and stages[-8] == "overdue_8"
    assert rules.escalations(0) == [] and rules.escalations(-1) == [ESCALATE_HEAD]
    assert rules.escalations(-3) == [ESCALATE_HEAD, ESCALATE_ADMIN]


def test_when_each_stage_began() -> None:
    rules = AlertRules()
    due = date(2026, 3, 20)
    assert rules.stage_start("before_7", due) == date(2026, 3, 13)
    assert rules.stage_start("due", due) == due
    assert rules.stage_start("overdue_4", due) == date(2026, 3, 24)
    assert rules.stage_start(ESCALATE_ADMIN, due) == date(2026, 3, 23)


def test_rules_an_admin_set_and_switched_off() -> None:
    rules = AlertRules.from_json(
        {"before": [1, 14, 7, 99, -1], "on_due": False, "overdue_every": 0, "head_after": 0}
    )
    assert rules.before == (14, 7, 1) and rules.reach_ahead == 14
    assert rules.reminder(0) is None and rules.reminder(-10) is None
    assert rules.escalations(-5) == [ESCALATE_ADMIN]
    assert AlertRules.from_json(rules.as_json()) == rules
    assert AlertRules.from_json(None) == AlertRules()


@given(days=st.integers(min_value=-400, max_value=400))
def test_a_reminder_is_current_only_from_its_own_start(days: int) -> None:
    rules = AlertRules()
    kind = rules.reminder(days)
    if kind is not None:
        due = date(2026, 6, 1)
        today = date.fromordinal(due.toordinal() - days)
        assert rules.stage_start(kind, due) <= today


def test_quiet_hours_across_midnight_and_alert_times() -> None:
    quiet = (time(21), time(8))
    assert in_quiet(time(23, 30), quiet) and in_quiet(time(7, 59), quiet)
    assert not in_quiet(time(8), quiet) and not in_quiet(time(20, 59), quiet)
    assert not in_quiet(time(3), None)
    assert quiet_hours(None, None) == quiet and quiet_hours("", "") is None
    assert parse_hhmm("8.30") == time(8, 30)
    for bad in ("25:00", "9", "noon"):
        with pytest.raises(BadTime):
            parse_hhmm(bad)
    with pytest.raises(AlertTimeInQuietHours):
        check_alert_time(time(22), quiet)


def test_delivery_waits_for_the_readers_alert_time() -> None:
    minsk = Prefs("Europe/Minsk")
    # A stage that began at midnight in Vladivostok (17:00 the day before in Minsk).
    began = datetime(2026, 3, 22, 14, 0, tzinfo=UTC)
    assert minsk.delivery_moment(began) == datetime(2026, 3, 23, 6, 0, tzinfo=UTC)
    assert minsk.deliverable(datetime(2026, 3, 23, 6, 0, tzinfo=UTC))
    assert not minsk.deliverable(datetime(2026, 3, 23, 5, 59, tzinfo=UTC))


async def test_the_limiter_spaces_sends_globally_and_per_chat() -> None:
    now = [0.0]
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    limiter = RateLimiter(10 / HEADROOM, per_chat_interval=1.0, monotonic=lambda: now[0], sleep=sleep)
    await asyncio.gather(*(limiter.acquire(chat) for chat in range(5)))
    assert slept == pytest.approx([0.1, 0.2, 0.3, 0.4])  # 10 a second (with the headroom), one after another
    slept.clear()
    await limiter.acquire(0)  # the same chat again: a second after its last message
    assert slept == pytest.approx([1.0])
    limiter.pause(30)
    slept.clear()
    await limiter.acquire(99)
    assert slept == pytest.approx([30.0])
    await limiter.acquire(-100)  # a group: 20 a minute
    slept.clear()
    await limiter.acquire(-100)
    assert slept[0] == pytest.approx(30.1 + 3.0)
