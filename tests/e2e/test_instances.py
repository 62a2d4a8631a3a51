"""Two instances of the bot on one database (INSTANCE_LEASE_SECONDS): one leads and polls, the
other waits; every message is answered once; after a kill -9 of the leader the other takes
over within the lease and nothing is lost."""

from __future__ import annotations

import asyncio
import signal
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.sandbox import FakeBotApi, FakeWorld, RateLimits
from db.engine import create_engine, create_session_factory
from db.models import Lease
from tests.conftest import ADMIN_ID, TOKEN
from tests.harness import bot_env, start_bot

LEASE = 3  # seconds


async def leader_pid(url: str) -> int | None:
    engine = create_engine(url)
    try:
        async with create_session_factory(engine)() as session:
            holder = await session.scalar(select(Lease.holder).where(Lease.name == "leader"))
    finally:
        await engine.dispose()
    return int(holder.split(":")[1]) if holder else None


async def test_one_leads_the_other_takes_over_after_a_kill(
    fake: FakeBotApi, world: FakeWorld, tmp_path: Path, database_url: str
) -> None:
    data = tmp_path / "data"
    # One SQLite file both processes open, or (with TEST_DATABASE_URL) one PostgreSQL database.
    url = database_url or f"sqlite+aiosqlite:///{data / 'bot.sqlite3'}"
    env = bot_env(
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=fake.base_url,
        DATA_DIR=str(data),
        DATABASE_URL=database_url,
        ADMIN_IDS=str(ADMIN_ID),
        INSTANCE_LEASE_SECONDS=str(LEASE),
        ALERT_SWEEP_SECONDS="0",
        LOG_LEVEL="WARNING",
    )

    def start():
        return start_bot(tmp_path, env)

    def answers() -> int:
        return len(world.bot_messages(ADMIN_ID))

    world.add_user(ADMIN_ID, "Ольга")
    first = await start()
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID, timeout=60)  # the first instance is up and leads
    second = await start()
    try:
        assert await leader_pid(url) == first.pid
        await asyncio.sleep(LEASE + 3)  # the second is up by now, and waiting
        assert await leader_pid(url) == first.pid
        for _n in range(5):
            world.send_text(ADMIN_ID, "/help")
        await world.wait_until(lambda: answers() >= 6, timeout=30)
        await asyncio.sleep(1.0)
        assert answers() == 6  # each answered once
        assert world.counters.poll_conflicts == 0  # never two instances polling at once

        first.send_signal(signal.SIGKILL)
        await first.wait()
        world.send_text(ADMIN_ID, "/menu")  # sent while no one leads: kept by Telegram
        await world.wait_until(lambda: answers() >= 7, timeout=LEASE + 30)
        assert await leader_pid(url) == second.pid
        await asyncio.sleep(1.0)
        assert answers() == 7
        # At most the killed leader's own long poll, still open at the server, ended by the new one.
        assert world.counters.poll_conflicts <= 1
    finally:
        for process in (first, second):
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(process.wait(), 30)
    assert second.returncode == 0
    engine = create_engine(url)
    async with create_session_factory(engine)() as session:
        expires = await session.scalar(select(Lease.expires_at).where(Lease.name == "leader"))
    await engine.dispose()
    assert expires < datetime.now(UTC)  # given back at the stop: the next start leads at once


@pytest.mark.usefixtures("steady_fake_server")
async def test_a_broadcast_survives_its_leader_and_is_delivered_once(
    fake: FakeBotApi, world: FakeWorld, tmp_path: Path, database_url: str
) -> None:
    """A 2,000-recipient broadcast under way when the leader is killed: the standby finishes
    it; everyone gets it, at most the one message in flight twice, never over the rate."""
    from tests.e2e.test_broadcast_kill import RECIPIENTS, prepare, received

    data = tmp_path / "data"
    data.mkdir()
    url = database_url or f"sqlite+aiosqlite:///{data / 'bot.sqlite3'}"
    await prepare(url, world)
    world.limits = RateLimits(global_per_second=400)
    env = bot_env(
        BOT_TOKEN=TOKEN, TELEGRAM_API_URL=fake.base_url, DATA_DIR=str(data),
        DATABASE_URL=database_url, INSTANCE_LEASE_SECONDS=str(LEASE), SEND_RATE="300",
        BROADCAST_IN_FLIGHT="1", ALERT_SWEEP_SECONDS="0", LOG_LEVEL="WARNING",
    )  # fmt: skip

    def start():
        return start_bot(tmp_path, env)

    first = await start()
    await world.wait_until(lambda: world.counters.messages_delivered >= 200, timeout=90)
    second = await start()
    try:
        await asyncio.sleep(2)  # the second is up and waiting
        assert world.counters.poll_conflicts == 0  # it does not poll while the first leads
        first.send_signal(signal.SIGKILL)
        await first.wait()
        await world.wait_until(lambda: min(received(world)) >= 1, timeout=180)
        assert await leader_pid(url) == second.pid
    finally:
        for process in (first, second):
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(process.wait(), 30)
    counts = received(world)
    assert len(counts) == RECIPIENTS and min(counts) == 1
    assert sum(n - 1 for n in counts if n > 1) <= 1  # the one message in flight at the kill
    assert world.counters.rate_limited == 0
    # At most the killed leader's own long poll, still open at the server, ended by the new one.
    assert world.counters.poll_conflicts <= 1
