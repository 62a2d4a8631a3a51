"""Prometheus metrics at /metrics (webhook mode): updates handled and how long each took, 429s
from Telegram, whether this instance leads, and the depths of the queues kept in the database — the update inbox, the
digests waiting to be sent, the broadcast outbox. Each app has a registry of its own."""

from __future__ import annotations

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.unit_of_work import reading

CONTENT_TYPE = CONTENT_TYPE_LATEST
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.updates = Counter("bot_updates", "Updates handled", registry=self.registry)
        self.update_seconds = Histogram(
            "bot_update_seconds", "Time to handle one update", buckets=LATENCY_BUCKETS, registry=self.registry
        )
        self.retry_after = Counter(
            "bot_telegram_retry_after", "429 answers from Telegram", registry=self.registry
        )
        self.inbox_pending = Gauge(
            "bot_inbox_pending", "Updates stored, not yet handled", registry=self.registry
        )
        self.digests_pending = Gauge(
            "bot_digests_pending", "Digests waiting to be sent", registry=self.registry
        )
        self.outbox_pending = Gauge(
            "bot_outbox_pending", "Broadcast messages waiting to be sent", registry=self.registry
        )
        self.leader = Gauge(
            "bot_leader",
            "1 while this instance holds the lease (it sweeps, and polls)",
            registry=self.registry,
        )

    def saw_retry_after(self, _seconds: float) -> None:
        self.retry_after.inc()

    async def render(self, session_factory: async_sessionmaker[AsyncSession]) -> bytes:
        """The text a scrape gets, the queue depths read now."""
        async with reading(session_factory) as repos:
            depths = await repos.health.queue_depths()
        self.inbox_pending.set(depths.inbox)
        self.digests_pending.set(depths.digests)
        self.outbox_pending.set(depths.outbox)
        return generate_latest(self.registry)
