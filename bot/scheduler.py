"""Scheduled work on APScheduler intervals: the alert sweep and the upkeep of the update inbox.
The jobs only start work that is driven by database rows (DESIGN §7), so a missed or doubled
run neither loses nor repeats a message."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

INBOX_UPKEEP_SECONDS = 3600


class RunningJobs:
    """The scheduled runs in progress. APScheduler's shutdown cancels them wherever they are
    (and logs each as failed); a stop lets them finish first, as it does the updates in hand."""

    def __init__(self) -> None:
        self._running: set[asyncio.Task[Any]] = set()

    def tracked(self, job: Callable[[], Awaitable[Any]]) -> Callable[[], Awaitable[Any]]:
        async def run() -> Any:
            task = asyncio.current_task()
            assert task is not None
            self._running.add(task)
            try:
                return await job()
            finally:
                self._running.discard(task)

        return run

    async def finish(self, grace: float) -> None:
        if self._running:
            await asyncio.wait(set(self._running), timeout=grace)


def build_scheduler(
    sweep: Callable[[], Awaitable[Any]] | None,
    every_seconds: int,
    upkeep: Callable[[], Awaitable[Any]],
    running: RunningJobs | None = None,
) -> AsyncIOScheduler:
    """`sweep` every `every_seconds` (None: no automatic sweep); `upkeep` every hour. Both run
    once right at start, so a bot that was down catches up instead of waiting a full interval.
    `running` (if given) keeps track of the runs in progress, for a clean stop."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    jobs = [(upkeep, INBOX_UPKEEP_SECONDS, "inbox-upkeep")]
    if sweep is not None:
        jobs.append((sweep, every_seconds, "alert-sweep"))
    for job, seconds, name in jobs:
        scheduler.add_job(
            running.tracked(job) if running is not None else job,
            IntervalTrigger(seconds=seconds, timezone=UTC),
            id=name,
            max_instances=1,  # a slow run is not overlapped by the next tick
            coalesce=True,  # ticks missed while busy or down become one run
            next_run_time=datetime.now(UTC),
        )
    return scheduler
