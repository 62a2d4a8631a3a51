"""Helpers shared by benchmarks: a fake Telegram with realistic latency, a temp data dir."""

from __future__ import annotations

import logging
import os
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.config import Settings
from bot.sandbox import FakeBotApi, FakeWorld, RateLimits

TOKEN = "123456789:BENCH-token"
# DESIGN.md §4: a Bot API round trip takes 50-150 ms.
DEFAULT_LATENCY = 0.05


@asynccontextmanager
async def fake_telegram(
    latency: float = DEFAULT_LATENCY, limits: RateLimits | None = None
) -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi(FakeWorld(token=TOKEN, latency=latency, limits=limits))
    await api.start()
    try:
        yield api
    finally:
        await api.stop()


def backend() -> str:
    return "PostgreSQL" if os.environ.get("BENCH_DATABASE_URL") else "SQLite"


@asynccontextmanager
async def temp_settings(api: FakeBotApi, **overrides: object) -> AsyncIterator[Settings]:
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        async with database(Path(tmp)) as url:
            yield Settings(
                _env_file=None,
                bot_token=TOKEN,
                database_url=url,
                data_dir=Path(tmp),
                telegram_api_url=api.base_url,
                log_level="WARNING",
                **overrides,
            )


def quiet() -> None:
    logging.basicConfig(level=logging.WARNING)
    for name in ("aiogram", "aiogram.event", "aiogram.dispatcher"):
        logging.getLogger(name).setLevel(logging.WARNING)


async def wait_delivered(world: FakeWorld, total: int, timeout: float = 300.0) -> None:
    await world.wait_until(lambda: world.counters.messages_delivered >= total, timeout)


@asynccontextmanager
async def database(folder: Path) -> AsyncIterator[str]:
    """An SQLite file in `folder`, or with BENCH_DATABASE_URL (a PostgreSQL server) a fresh
    database there, dropped after."""
    server = os.environ.get("BENCH_DATABASE_URL", "")
    if not server:
        yield f"sqlite+aiosqlite:///{folder / 'bot.sqlite3'}"
        return
    import asyncpg

    name = f"bench_{uuid.uuid4().hex[:12]}"
    admin = make_url(server).set(drivername="postgresql").render_as_string(hide_password=False)

    async def execute(statement: str) -> None:
        connection = await asyncpg.connect(admin)
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    await execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        await execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
