"""Scheduled work on APScheduler intervals: the alert sweep and the upkeep of the update inbox.
The jobs only start work that is driven by database rows (DESIGN §7), so a missed or doubled
run neither loses nor repeats a message."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

INBOX_UPKEEP_SECONDS = 3600


def build_scheduler(
    sweep: Callable[[], Awaitable[Any]] | None,
    every_seconds: int,
    upkeep: Callable[[], Awaitable[Any]],
) -> AsyncIOScheduler:
    """`sweep` every `every_seconds` (None: no automatic sweep); `upkeep` every hour. Both run
    once right at start, so a bot that was down catches up instead of waiting a full interval."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    jobs = [(upkeep, INBOX_UPKEEP_SECONDS, "inbox-upkeep")]
    if sweep is not None:
        jobs.append((sweep, every_seconds, "alert-sweep"))
    for job, seconds, name in jobs:
        scheduler.add_job(
            job,
            IntervalTrigger(seconds=seconds, timezone=UTC),
            id=name,
            max_instances=1,  # a slow run is not overlapped by the next tick
            coalesce=True,  # ticks missed while busy or down become one run
            next_run_time=datetime.now(UTC),
        )
    return scheduler
