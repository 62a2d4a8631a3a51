"""Two instances sending one broadcast together, under the one Telegram limit they share through
Redis (REDIS_URL, INSTANCE_LEASE_SECONDS), against the fake Bot API (50 ms round trips) whose
global limit is the configured rate itself.

Each instance is set to the full rate with enough requests in flight to reach it alone; only
the shared limiter keeps the two together under it.
Printed: one instance alone, then two together, as achieved / configured (goal ≥ 0.9 for the
two, and no 429), and each instance's share. Redis is BENCH_REDIS_URL or a private redis-server;
the database SQLite, or PostgreSQL with BENCH_DATABASE_URL.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import time
from collections.abc import Iterator

from redis.asyncio import Redis
from sqlalchemy import update

from bench.broadcast import _prepare
from bench.common import DEFAULT_LATENCY, backend, fake_telegram, quiet, temp_settings
from bot.factory import App, create_app, redis_namespace
from bot.sandbox import FakeBotApi, RateLimits
from bot.sandbox.redis_server import private_redis
from db.models import Broadcast, BroadcastStatus

RATE = 300.0
RECIPIENTS = 6000
LEASE = 5.0


@contextlib.contextmanager
def redis_for_bench() -> Iterator[str]:
    given = os.environ.get("BENCH_REDIS_URL")
    if given:
        yield given
        return
    with private_redis() as url:
        yield url


async def _forget_the_last_world(redis_url: str, namespace: str) -> None:
    """Each case's fake Telegram numbers its updates from 1 again: the bot's keys of the last
    case (update ids, rate slots) go, as a new bot's would not be there."""
    client = Redis.from_url(redis_url)
    try:
        keys = [key async for key in client.scan_iter(f"{namespace}:*")]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()


async def _case(instances: int, recipients: int, redis_url: str) -> tuple[float, int, list[int]]:
    """(messages per second together, 429 answers, messages sent through each instance)."""
    limits = RateLimits(global_per_second=RATE, per_chat_per_second=1.0)
    async with fake_telegram(DEFAULT_LATENCY, limits) as api:
        world = api.world
        fronts = [api]
        for _ in range(instances - 1):  # each instance reaches Telegram through a front end of its own
            front = FakeBotApi(world)
            await front.start()
            fronts.append(front)
        async with temp_settings(
            api,
            send_rate=RATE,
            broadcast_in_flight=32,  # enough for one instance alone to reach the limit at 50 ms
            alert_sweep_seconds=0,
            throttle_burst=100,
            redis_url=redis_url,
            instance_lease_seconds=LEASE,
        ) as settings:
            await _forget_the_last_world(redis_url, redis_namespace(settings))
            apps: list[App] = []
            tasks = []
            try:
                for front in fronts:
                    app = await create_app(settings.model_copy(update={"telegram_api_url": front.base_url}))
                    apps.append(app)
                    tasks.append(asyncio.create_task(app.run(polling_timeout=1)))
                for _ in range(500):
                    if any(app.leading for app in apps):
                        break
                    await asyncio.sleep(0.02)
                await _prepare(apps[0], world, recipients)
                source = world.bot_messages(1)[0].message_id
                before = world.counters.messages_delivered
                sent_before = [front.requests["copyMessage"] for front in fronts]
                started = time.perf_counter()
                async with apps[0].session_factory() as session, session.begin():
                    await session.execute(
                        update(Broadcast).values(status=BroadcastStatus.SENDING, source_message_ids=[source])
                    )
                for app in apps:
                    app.broadcasts.wake()
                await world.wait_until(
                    lambda: world.counters.messages_delivered - before >= recipients, timeout=600
                )
                elapsed = time.perf_counter() - started
                shares = [
                    front.requests["copyMessage"] - n for front, n in zip(fronts, sent_before, strict=True)
                ]
                return recipients / elapsed, world.counters.rate_limited, shares
            finally:
                for app in apps:
                    app.stop()
                for task in tasks:
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
                for app in apps:
                    await app.close()
                for front in fronts[1:]:
                    await front.stop()


def main(recipients: int = RECIPIENTS) -> None:
    quiet()
    print(f"on {backend()} + Redis; server limit {RATE:.0f}/s = the configured rate; latency 50 ms")
    with redis_for_bench() as redis_url:
        alone, throttled1, _ = asyncio.run(_case(1, recipients, redis_url))
        together, throttled2, shares = asyncio.run(_case(2, recipients, redis_url))
    print(f"one instance:  {alone:6.1f}/s, ratio {alone / RATE:.2f}, 429 answers {throttled1}")
    print(
        f"two instances: {together:6.1f}/s together, ratio {together / RATE:.2f} (goal >= 0.9, and no 429), "
        f"429 answers {throttled2}; sent by each {shares}"
    )
