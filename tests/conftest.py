"""Shared fixtures: a fake Telegram over HTTP and the real app running against it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Settings
from bot.sandbox import FakeBotApi, FakeWorld
from services.clock import FrozenClock
from tests.harness import AppRunner

TOKEN = "123456789:TEST-token-that-must-never-be-logged"
ADMIN_ID = 1001


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    api = FakeBotApi(FakeWorld(token=TOKEN))
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
def world(fake: FakeBotApi) -> FakeWorld:
    return fake.world


@pytest.fixture
def settings(tmp_path: Path, fake: FakeBotApi) -> Settings:
    return Settings(
        _env_file=None,
        bot_token=TOKEN,
        data_dir=tmp_path / "data",
        telegram_api_url=fake.base_url,
        admin_ids=[ADMIN_ID],
        album_wait_seconds=0.2,
        notice_window_seconds=1.0,
        # Tests run sweeps themselves, at the moments their clock says.
        alert_sweep_seconds=0,
    )


@pytest.fixture
async def app(settings: Settings, clock: FrozenClock) -> AsyncIterator[AppRunner]:
    runner = AppRunner(settings, clock)
    await runner.start()
    yield runner
    await runner.stop()
