"""Helpers shared by benchmarks: a fake Telegram with realistic latency, a temp data dir."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

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


@asynccontextmanager
async def temp_settings(api: FakeBotApi, **overrides: object) -> AsyncIterator[Settings]:
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        yield Settings(
            _env_file=None,
            bot_token=TOKEN,
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
