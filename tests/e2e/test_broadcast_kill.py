"""A broadcast to 2,000 people survives being killed twenty times: everyone gets the message,
and each kill repeats at most the one message that was in flight."""

from __future__ import annotations

import asyncio
import random
import signal
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from bot.sandbox import FakeBotApi, FakeWorld
from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from db.models import Broadcast, BroadcastStatus, Organisation, OutboxMessage, OutboxStatus, User
from tests.conftest import TOKEN
from tests.harness import bot_env, start_bot

AUTHOR = 7000
RECIPIENTS = 2000
KILLS = 20


async def prepare(url: str, world: FakeWorld) -> None:
    """A broadcast already confirmed by its author, as the bot stores it, not yet sent."""
    await upgrade(url)
    source = world.post(AUTHOR, "Объявление: совещание в пятницу")
    now = datetime.now(UTC)
    engine = create_engine(url)
    async with create_session_factory(engine)() as session, session.begin():
        org = Organisation(kind="department", name="Регион", aliases=[], created_at=now)
        author = User(tg_id=AUTHOR, first_name="Автор", created_at=now, updated_at=now)
        session.add_all([org, author])
        await session.flush()
        await session.execute(
            insert(User),
            [
                {"tg_id": 100_000 + n, "first_name": f"U{n}", "created_at": now, "updated_at": now}
                for n in range(RECIPIENTS)
            ],
        )
        broadcast = Broadcast(
            author_id=author.id,
            org_id=org.id,
            source_chat_id=AUTHOR,
            source_message_ids=[source.message_id],
            audience={"kind": "all"},
            status=BroadcastStatus.SENDING,
            created_at=now,
        )
        session.add(broadcast)
        await session.flush()
        await session.execute(
            insert(OutboxMessage),
            [
                {
                    "broadcast_id": broadcast.id,
                    "user_id": author.id + 1 + n,
                    "chat_id": 100_000 + n,
                    "status": OutboxStatus.PENDING,
                }
                for n in range(RECIPIENTS)
            ],
        )
    await engine.dispose()
    for n in range(RECIPIENTS):
        world.add_user(100_000 + n, f"U{n}")


def received(world: FakeWorld) -> list[int]:
    return [
        sum(1 for m in world.bot_messages(100_000 + n) if "copied_from" in m.payload)
        for n in range(RECIPIENTS)
    ]


async def test_twenty_kills_lose_nothing_and_repeat_at_most_the_message_in_flight(
    fake: FakeBotApi, world: FakeWorld, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    await prepare(f"sqlite+aiosqlite:///{data / 'bot.sqlite3'}", world)
    world.latency = 0.002
    env = bot_env(
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=fake.base_url,
        DATA_DIR=str(data),
        SEND_RATE="1000",
        BROADCAST_IN_FLIGHT="1",  # so "the message in flight" is one message
        ALERT_SWEEP_SECONDS="0",
        LOG_LEVEL="WARNING",
    )
    rng = random.Random(2026)

    def start():
        return start_bot(tmp_path, env)

    def delivered() -> int:
        return world.counters.messages_delivered

    for _kill in range(KILLS):
        process = await start()
        target = delivered() + rng.randint(1, 60)  # a random moment while it is sending
        await world.wait_until(lambda target=target: delivered() >= target, timeout=60)
        process.send_signal(signal.SIGKILL)
        await process.wait()
    assert min(received(world)) == 0  # twenty kills in, the broadcast is not finished

    process = await start()
    try:
        await world.wait_until(lambda: min(received(world)) >= 1, timeout=120)
    finally:
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 30)
    counts = received(world)
    duplicates = sum(n - 1 for n in counts if n > 1)
    assert min(counts) == 1
    assert duplicates <= KILLS
