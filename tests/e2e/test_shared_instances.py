"""Two instances at work at once on one database and one Redis (INSTANCE_LEASE_SECONDS and
REDIS_URL), as a region deploys them: both send, under one Telegram limit; the leader alone polls
and sweeps. A month of alerts and a 2,000-recipient broadcast are each delivered exactly once,
behind a webhook balancer a teacher's report goes from one instance to the other mid-way, and
the fake Bot API never sees more than the configured rate."""

from __future__ import annotations

import asyncio
import json
import signal
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pydantic import SecretStr

from bot import factory
from bot.config import Settings
from bot.sandbox import FakeBotApi, FakeWorld, RateLimits
from bot.sandbox.redis_server import free_port
from bot.shared_limit import SharedRateLimiter
from db.models import InboxUpdate
from services.clock import FrozenClock
from tests.conftest import TOKEN
from tests.e2e.test_alerts import assert_the_month, live_through_march
from tests.e2e.test_webhook import PUBLIC, SECRET, WebhookBot
from tests.factories import (
    TEACHER,
    build_region,
    press,
    settle,
    submitted,
    two_photos_sent,
)
from tests.harness import AppRunner, bot_env, start_bot

LEASE = 3  # seconds


async def until(check, timeout: float = 15.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        assert loop.time() < deadline, "timed out"
        await asyncio.sleep(0.02)


def shared(settings: Settings, redis_url: str, **more) -> Settings:
    return settings.model_copy(update={"redis_url": redis_url, "instance_lease_seconds": LEASE, **more})


@pytest.mark.usefixtures("steady_fake_server")
async def test_a_month_of_alerts_from_two_instances_arrives_once(
    settings: Settings, fake: FakeBotApi, world: FakeWorld, clock: FrozenClock, redis_url: str
) -> None:
    # The second instance talks to Telegram through a front end of its own: its sends are counted apart.
    other_front = FakeBotApi(world)
    await other_front.start()
    runners = [
        AppRunner(shared(settings, redis_url), clock),
        AppRunner(shared(settings, redis_url, telegram_api_url=other_front.base_url), clock),
    ]
    for runner in runners:
        await runner.start()

    def fast_sends(runner: AppRunner) -> None:
        # Simulated hours pass in milliseconds: per-chat spacing is for real time.
        runner.app.digests.limiter = SharedRateLimiter(runner.app.redis, 1000, per_chat_interval=0)

    def leader() -> AppRunner:
        [leading] = [runner for runner in runners if runner.app.leading]
        return leading

    try:
        for runner in runners:
            fast_sends(runner)
        await until(lambda: any(r.app.leading for r in runners))
        ids = await build_region(leader(), world)

        async def hour(now: datetime) -> None:
            if now == datetime(2026, 3, 16, 12, tzinfo=UTC):
                # The leader is redeployed: the other takes over sweeping at once, and the
                # restarted one becomes the standby (both keep sending).
                old = leader()
                await old.stop()
                # Given back, taken by the other at its next try (a third of the lease); the
                # one redeployed comes back once it has (else it could take the lease again
                # first, as a restart faster than that try would).
                await until(lambda: any(r.app is not None and r.app.leading for r in runners))
                await old.start()
                fast_sends(old)
                await until(lambda: sum(r.app.leading for r in runners) == 1 and not old.app.leading)
            sweep = await leader().app.alerts.sweep()
            assert sweep.digests >= 0
            await settle(*runners)

        received = await live_through_march(world, clock, ids, lambda: runners[0].app.session_factory, hour)
        assert_the_month(received)  # every alert once: none lost at the handover, none twice
        assert world.counters.rate_limited == 0
        # The standby never polled: at most the old leader's last long poll, given up by its
        # client at the stop but still open at the server, was ended by the new leader's.
        assert world.counters.poll_conflicts <= 1
    finally:
        for runner in runners:
            await runner.stop()
        await other_front.stop()


async def test_behind_a_balancer_a_report_goes_from_one_instance_to_the_other(
    settings: Settings, fake: FakeBotApi, world: FakeWorld, clock: FrozenClock, redis_url: str, monkeypatch
) -> None:
    monkeypatch.setattr(factory, "PEER_CHECK_SECONDS", 0.2)
    ports = [free_port(), free_port()]
    fake.webhooks.route(PUBLIC, *(f"http://127.0.0.1:{port}/telegram" for port in ports))
    bots = [
        WebhookBot(
            shared(
                settings, redis_url, webhook_url=PUBLIC, webhook_secret=SecretStr(SECRET), webhook_port=port
            ),
            clock,
        )
        for port in ports
    ]
    for bot in bots:
        await bot.start()
    try:
        ask_date = await two_photos_sent(bots[0], world, (1, 2))
        ask_people = await press(world, TEACHER, ask_date, "Сегодня")
        assert ask_people.text
        world.send_text(TEACHER, "14")
        await world.expect(TEACHER)
        world.send_text(TEACHER, "Семинар")
        ask_link = await world.expect(TEACHER)
        summary = await press(world, TEACHER, ask_link, "Пропустить")
        await press(world, TEACHER, summary, "Отправить")
        report = await submitted(bots[0])
        assert (report.participants, report.text, len(report.files)) == (14, "Семинар", 2)
        handled = [bot.app.metrics.registry.get_sample_value("bot_updates_total") for bot in bots]
        assert all(n and n >= 3 for n in handled)  # the conversation went through both
        assert fake.webhooks.refused == 0

        # An instance stored a /help and died before handling it: the leader picks it up.
        help_update = {
            "update_id": 10**6,
            "message": {
                "message_id": 999, "date": 0, "text": "/help",
                "chat": {"id": TEACHER, "type": "private"},
                "from": {"id": TEACHER, "is_bot": False, "first_name": "Анна"},
            },
        }  # fmt: skip
        async with bots[0].app.session_factory() as session, session.begin():
            session.add(
                InboxUpdate(
                    update_id=10**6,
                    payload=json.dumps(help_update),
                    received_at=clock.now() - timedelta(minutes=3),
                )
            )
        assert "/cancel" in (await world.expect(TEACHER, timeout=10)).text
        await world.expect_nothing(TEACHER, wait=0.8)  # once, by one instance
    finally:
        for bot in bots:
            await bot.stop()


@pytest.mark.usefixtures("steady_fake_server")
async def test_a_broadcast_sent_by_two_instances_reaches_each_once_under_one_limit(
    fake: FakeBotApi, world: FakeWorld, tmp_path: Path, database_url: str, redis_url: str
) -> None:
    """Two processes: both take rows from the outbox, each recipient gets the message once, and
    together they stay under the rate Telegram allows them (no 429)."""
    from tests.e2e.test_broadcast_kill import AUTHOR, RECIPIENTS, prepare, received

    data = tmp_path / "data"
    data.mkdir()
    url = database_url or f"sqlite+aiosqlite:///{data / 'bot.sqlite3'}"
    await prepare(url, world)
    rate = 100
    world.limits = RateLimits(global_per_second=rate)  # Telegram's limit is the configured one
    other_front = FakeBotApi(world)
    await other_front.start()
    fronts = [fake, other_front]

    def env(front: FakeBotApi) -> dict[str, str]:
        return bot_env(
            BOT_TOKEN=TOKEN, TELEGRAM_API_URL=front.base_url, DATA_DIR=str(data), DATABASE_URL=database_url,
            REDIS_URL=redis_url, INSTANCE_LEASE_SECONDS=str(LEASE), SEND_RATE=str(rate),
            ALERT_SWEEP_SECONDS="0", LOG_LEVEL="WARNING",
        )  # fmt: skip

    processes = [await start_bot(tmp_path, env(front)) for front in fronts]
    try:
        # A cheap check, run at every message the fake server stores: it shares the server's
        # event loop, and a slow one would bunch the requests it then counts.
        await world.wait_until(lambda: world.counters.messages_delivered >= RECIPIENTS, timeout=240)
        await world.wait_until(lambda: world.bot_messages(AUTHOR), timeout=30)  # the summary
        await asyncio.sleep(1.0)  # anything sent twice would have arrived by now
        assert world.counters.poll_conflicts == 0  # the leader alone polled (until the stop below)
    finally:
        for process in processes:
            if process.returncode is None:
                process.send_signal(signal.SIGTERM)
                await asyncio.wait_for(process.wait(), 30)
        await other_front.stop()
    assert all(process.returncode == 0 for process in processes)
    counts = received(world)
    assert len(counts) == RECIPIENTS and set(counts) == {1}  # each once: no kill, no duplicate
    assert all(front.requests["copyMessage"] > 0 for front in fronts)  # both instances sent
    assert world.counters.rate_limited == 0  # together, never above the one limit
    assert len(world.bot_messages(AUTHOR)) == 1  # the author hears of the end once
