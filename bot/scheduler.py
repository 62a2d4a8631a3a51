"""Scheduled work: the alert sweep on an APScheduler interval. The jobs only start work that is
driven by database rows (DESIGN §7), so a missed or doubled run neither loses nor repeats a
message."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger


def build_scheduler(sweep: Callable[[], Awaitable[Any]], every_seconds: int) -> AsyncIOScheduler:
    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.add_job(
        sweep,
        IntervalTrigger(seconds=every_seconds, timezone=UTC),
        id="alert-sweep",
        max_instances=1,  # a slow sweep is not overlapped by the next tick
        coalesce=True,  # ticks missed while busy or down become one run
        next_run_time=datetime.now(UTC),  # catch up at start instead of waiting a full interval
    )
    return scheduler
