"""Broadcast throughput against the fake Bot API (50 ms round trips), as a ratio of the rate
the bot is configured for.

Case 1: 5,000 recipients, the server's limit raised to 300 messages/s, the bot set to 300/s:
achieved / configured must be at least 0.9, and the server must have answered no 429.
Case 2: the server allows fewer messages than the bot tries to send: every message must still
arrive (429s are waited out and retried).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import UTC, datetime

from sqlalchemy import insert, select

from bench.common import DEFAULT_LATENCY, backend, fake_telegram, quiet, temp_settings
from bot.factory import create_app
from bot.sandbox import RateLimits
from db.models import (
    Broadcast,
    BroadcastStatus,
    Membership,
    Organisation,
    OutboxMessage,
    OutboxStatus,
    Role,
    User,
)

AUTHOR = 1
RECIPIENTS = 5000


async def _case(
    recipients: int, server_rate: float, bot_rate: float, in_flight: int
) -> tuple[float, int, int]:
    """(messages per second achieved, messages delivered, 429 answers)."""
    limits = RateLimits(global_per_second=server_rate, per_chat_per_second=1.0)
    async with fake_telegram(DEFAULT_LATENCY, limits) as api:
        world = api.world
        world.add_user(AUTHOR, "Автор")
        async with temp_settings(
            api, send_rate=bot_rate, broadcast_in_flight=in_flight, alert_sweep_seconds=0, throttle_burst=100
        ) as settings:
            app = await create_app(settings)
            task = asyncio.create_task(app.run(polling_timeout=1))
            try:
                source = await _prepare(app, world, recipients)
                delivered_before = world.counters.messages_delivered
                started = time.perf_counter()
                async with app.session_factory() as session, session.begin():
                    await session.execute(
                        Broadcast.__table__.update().values(
                            status=BroadcastStatus.SENDING, source_message_ids=[source]
                        )
                    )
                app.broadcasts.wake()
                await world.wait_until(
                    lambda: world.counters.messages_delivered - delivered_before >= recipients, timeout=600
                )
                elapsed = time.perf_counter() - started
                delivered = world.counters.messages_delivered - delivered_before
                return delivered / elapsed, delivered, world.counters.rate_limited
            finally:
                app.stop()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
                await app.close()


async def _prepare(app, world, recipients: int) -> int:
    """An author, `recipients` people, and a broadcast of the author's message, not started."""
    world.send_text(AUTHOR, "/start")
    await world.expect(AUTHOR)  # the bot is up and the author's message exists to be copied
    source = world.bot_messages(AUTHOR)[0].message_id
    now = datetime.now(UTC)
    async with app.session_factory() as session, session.begin():
        root = Organisation(kind="department", name="Регион", aliases=[], created_at=now)
        session.add(root)
        await session.flush()
        await session.execute(
            insert(User),
            [
                {"tg_id": 100_000 + n, "first_name": f"User {n}", "created_at": now, "updated_at": now}
                for n in range(recipients)
            ],
        )
        users = (await session.execute(select(User.id, User.tg_id).where(User.tg_id >= 100_000))).all()
        await session.execute(
            insert(Membership),
            [
                {"user_id": uid, "org_id": root.id, "role": Role.TEACHER, "created_at": now}
                for uid, _tg in users
            ],
        )
        author = await session.scalar(select(User.id).where(User.tg_id == AUTHOR))
        broadcast = Broadcast(
            author_id=author,
            org_id=root.id,
            source_chat_id=AUTHOR,
            source_message_ids=[source],
            audience={"kind": "all"},
            status=BroadcastStatus.CANCELLED,  # held back until the clock starts
            created_at=now,
        )
        session.add(broadcast)
        await session.flush()
        await session.execute(
            insert(OutboxMessage),
            [
                {"broadcast_id": broadcast.id, "user_id": uid, "chat_id": tg, "status": OutboxStatus.PENDING}
                for uid, tg in users
            ],
        )
    for _uid, tg in users:
        world.add_user(tg, "User")
    return source


def main(recipients: int = RECIPIENTS, in_flight: int = 32) -> None:
    quiet()
    print(f"on {backend()}")
    rate, delivered, throttled = asyncio.run(_case(recipients, 300, 300, in_flight))
    print(
        f"case 1: {recipients} recipients, server limit 300/s, bot 300/s, {in_flight} in flight, latency 50 ms"
    )
    print(f"  delivered {delivered}, achieved {rate:.1f}/s, 429 answers {throttled}")
    print(f"  ratio achieved/configured {rate / 300:.2f} (goal >= 0.9, and no 429)")
    rate2, delivered2, throttled2 = asyncio.run(_case(recipients, 200, 300, in_flight))
    print(
        f"case 2: server limit 200/s below the bot's 300/s: delivered {delivered2}/{recipients}, {rate2:.1f}/s, 429 answers {throttled2}"
    )
