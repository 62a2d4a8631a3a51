"""What REDIS_URL shares between instances, against a real Redis: one send rate limit (a 429's
pause included), the identity cache's invalidation, update de-duplication, conversation states
that outlive a restart, and a health check that names Redis when it is down."""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import UTC, datetime

import aiohttp
from pydantic import SecretStr
from redis.asyncio import Redis
from sqlalchemy import func, select

from bot.config import Settings
from bot.factory import redis_namespace
from bot.sandbox.redis_server import free_port
from bot.shared_limit import SharedRateLimiter
from bot.update_dedupe import DedupedInbox
from bot.viewer_sync import SharedViewerCache
from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from db.models import FsmState, InboxUpdate
from services.clock import FrozenClock
from services.users import TelegramProfile, Viewer
from tests.conftest import TOKEN
from tests.factories import TEACHER, press, submitted, two_photos_sent
from tests.harness import AppRunner, run_bot_cli


def most_in_one_second(moments: list[float]) -> int:
    moments = sorted(moments)
    return max(sum(1 for later in moments[i:] if later - start < 1.0) for i, start in enumerate(moments))


async def test_two_instances_never_send_faster_than_the_one_limit(redis_url: str) -> None:
    clients = [Redis.from_url(redis_url) for _ in range(2)]
    limiters = [SharedRateLimiter(client, per_second=20) for client in clients]
    sent: list[float] = []
    same_chat: list[float] = []

    async def send(limiter: SharedRateLimiter, chat: int, into: list[float]) -> None:
        await limiter.acquire(chat)
        into.append(time.monotonic())

    try:
        # 50 chats, half through each instance; and one chat that both write to.
        await asyncio.gather(
            *(send(limiters[n % 2], 5000 + n, sent) for n in range(50)),
            *(send(limiters[n % 2], 42, same_chat) for n in range(3)),
        )
        assert most_in_one_second(sent + same_chat) <= 20  # together, never above the limit
        gaps = [b - a for a, b in zip(sorted(same_chat), sorted(same_chat)[1:], strict=False)]
        assert min(gaps) >= 0.95  # one message a second in a private chat, across instances

        # Telegram's "retry after" seen by one instance holds the other back too.
        limiters[0].pause(1.0)
        await asyncio.sleep(0.05)  # the pause reaches Redis
        began = time.monotonic()
        await limiters[1].acquire(7)
        assert time.monotonic() - began >= 0.85
    finally:
        for client in clients:
            await client.aclose()


async def test_without_redis_the_limiter_limits_locally_and_says_so(caplog) -> None:
    client = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0", socket_connect_timeout=0.5)
    limiter = SharedRateLimiter(client, per_second=20)
    sent: list[float] = []
    try:
        with caplog.at_level(logging.WARNING, logger="bot.shared_limit"):
            for n in range(25):
                await limiter.acquire(100 + n)
                sent.append(time.monotonic())
    finally:
        await client.aclose()
    assert most_in_one_second(sent) <= 20
    assert sum("limiting locally" in r.getMessage() for r in caplog.records) == 1  # once, not per send


async def test_a_role_change_on_one_instance_drops_the_cache_of_the_other(redis_url: str) -> None:
    clients = [Redis.from_url(redis_url) for _ in range(2)]
    here, there = (SharedViewerCache(client, ttl=3600) for client in clients)
    stop = asyncio.Event()
    listening = [asyncio.create_task(cache.listen(stop)) for cache in (here, there)]
    profile = TelegramProfile(tg_id=77, first_name="Анна", last_name=None, username=None, language_code="ru")
    viewer = Viewer(
        user_id=1, tg_id=77, first_name="Анна", locale="ru", language_code="ru", timezone=None, memberships=()
    )
    try:
        await asyncio.wait_for(asyncio.gather(here.subscribed.wait(), there.subscribed.wait()), 5)
        there.put(profile, viewer)
        here.put(profile, viewer)
        assert there.get(profile) == viewer
        here.invalidate()  # a commit on this instance wrote a membership
        assert here.get(profile) is None
        for _ in range(100):
            if there.get(profile) is None:
                break
            await asyncio.sleep(0.02)
        assert there.get(profile) is None  # dropped there too, long before its hour is up
    finally:
        stop.set()
        await asyncio.gather(*listening)
        for client in clients:
            await client.aclose()


async def test_organisations_imported_from_the_command_line_drop_the_running_bots_cache(
    redis_url: str, tmp_path
) -> None:
    namespace = redis_namespace(Settings(_env_file=None, bot_token=SecretStr(TOKEN)))
    client = Redis.from_url(redis_url)
    running = SharedViewerCache(client, ttl=3600, namespace=namespace)
    stop = asyncio.Event()
    listening = asyncio.create_task(running.listen(stop))
    profile = TelegramProfile(tg_id=77, first_name="Анна", last_name=None, username=None, language_code="ru")
    viewer = Viewer(
        user_id=1, tg_id=77, first_name="Анна", locale="ru", language_code="ru", timezone=None, memberships=()
    )
    (tmp_path / "orgs.csv").write_text("Наименование;Тип\nШкола №1;школа\n", encoding="utf-8")
    try:
        await asyncio.wait_for(running.subscribed.wait(), 5)
        running.put(profile, viewer)
        done = await asyncio.to_thread(
            run_bot_cli,
            tmp_path,
            "import-orgs",
            str(tmp_path / "orgs.csv"),
            BOT_TOKEN=TOKEN,
            REDIS_URL=redis_url,
        )
        assert done.returncode == 0 and "1 organisations created" in done.stdout, done.stderr
        for _ in range(100):
            if running.get(profile) is None:
                break
            await asyncio.sleep(0.02)
        assert running.get(profile) is None  # dropped at once, not when its hour is up
        # Redis gone: the import still holds, and the command says the bot learns of it later.
        dead = f"redis://127.0.0.1:{free_port()}/0"
        (tmp_path / "more.csv").write_text("Наименование;Тип\nШкола №2;школа\n", encoding="utf-8")
        late = await asyncio.to_thread(
            run_bot_cli, tmp_path, "import-orgs", str(tmp_path / "more.csv"), BOT_TOKEN=TOKEN, REDIS_URL=dead
        )
        assert late.returncode == 0 and "1 organisations created" in late.stdout
        assert "could not be told at once (Redis: ConnectionError)" in late.stderr
    finally:
        stop.set()
        await listening
        await client.aclose()


async def test_a_copy_of_an_update_is_turned_away_by_any_instance(
    redis_url: str, tmp_path, database_url
) -> None:
    url = database_url or f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    await upgrade(url)
    engine = create_engine(url)
    clients = [Redis.from_url(redis_url) for _ in range(2)]
    try:
        factory = create_session_factory(engine)
        first, second = (DedupedInbox(factory, client) for client in clients)
        at = datetime(2026, 3, 2, 9, tzinfo=UTC)
        assert await first.accept([(1, "{}"), (2, "{}")], at) == {1, 2}
        # Telegram posts update 2 again, to the other instance, with a new one.
        assert await second.accept([(2, "{}"), (3, "{}")], at) == {3}
        assert second.turned_away == 1  # known from Redis, without asking the database
        async with factory() as session:
            assert await session.scalar(select(func.count()).select_from(InboxUpdate)) == 3
        # Redis forgot (flushed): the inbox still refuses the copy.
        await clients[0].flushdb()
        assert await second.accept([(1, "{}")], at) == set()
    finally:
        for client in clients:
            await client.aclose()
        await engine.dispose()


async def test_a_report_in_progress_lives_in_redis_across_a_restart(
    settings: Settings, clock: FrozenClock, world, redis_url: str
) -> None:
    runner = AppRunner(settings.model_copy(update={"redis_url": redis_url}), clock)
    await runner.start()
    try:
        ask_date = await two_photos_sent(runner, world, (1, 2))
        await runner.restart()
        ask_people = await press(world, TEACHER, ask_date, "Сегодня")
        assert ask_people.text
        world.send_text(TEACHER, "9")
        await world.expect(TEACHER)
        # The conversation is in Redis, not in the database's state table.
        client = Redis.from_url(redis_url)
        try:
            assert [key async for key in client.scan_iter("plan-bot:*:fsm:*")]
        finally:
            await client.aclose()
        async with runner.app.session_factory() as session:
            assert await session.scalar(select(func.count()).select_from(FsmState)) == 0
        world.send_text(TEACHER, "Семинар")
        ask_link = await world.expect(TEACHER)
        summary = await press(world, TEACHER, ask_link, "Пропустить")
        await press(world, TEACHER, summary, "Отправить")
        report = await submitted(runner)
        assert (report.participants, report.text, len(report.files)) == (9, "Семинар", 2)
    finally:
        await runner.stop()


async def test_health_names_redis_when_it_cannot_be_reached(
    settings: Settings, clock: FrozenClock, world, redis_url: str
) -> None:
    from tests.e2e.test_webhook import PUBLIC, SECRET, WebhookBot

    async def health(redis: str) -> tuple[int, dict]:
        port = free_port()
        hooked = settings.model_copy(
            update={
                "webhook_url": PUBLIC,
                "webhook_secret": SecretStr(SECRET),
                "webhook_port": port,
                "redis_url": redis,
            }
        )
        runner = WebhookBot(hooked, clock)
        await runner.start()
        try:
            async with aiohttp.ClientSession() as http:
                for _ in range(100):
                    try:
                        async with http.get(f"http://127.0.0.1:{port}/healthz") as answer:
                            return answer.status, await answer.json()
                    except aiohttp.ClientConnectionError:
                        await asyncio.sleep(0.05)
            raise AssertionError("the webhook server did not start")
        finally:
            await runner.stop()

    assert await health(redis_url) == (200, {"ok": True, "database": "ok", "redis": "ok"})
    status, body = await health(f"redis://127.0.0.1:{free_port()}/0")
    assert status == 503 and body["ok"] is False and body["database"] == "ok" and body["redis"] != "ok"
