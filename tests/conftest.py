"""Shared fixtures: a fake Telegram over HTTP and the real app running against it."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.config import Settings
from bot.sandbox import FakeBotApi, FakeWorld
from services.clock import FrozenClock
from tests import databases
from tests import redis_server as redis_server_module
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
def steady_fake_server() -> Iterator[None]:
    """For a test that counts requests per second at the fake server: it runs in this process,
    which holds hundreds of thousands of objects by then, and one full pass of the cyclic
    collector over them (a third of a second) would stamp the requests that arrive meanwhile
    all at once, as if sent in a burst. What is alive at the start is put out of the
    collector's reach until the test ends."""
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


@pytest.fixture(scope="session")
def postgresql_template() -> Iterator[bool]:
    """One migrated database per run that each test's database is copied from."""
    if not databases.on_postgresql():
        yield False
        return
    asyncio.run(databases.make_template())
    yield True
    asyncio.run(databases.drop_template())


@pytest.fixture
async def database_url(postgresql_template: bool) -> AsyncIterator[str]:
    """ "" (a SQLite file under the data folder) or a fresh PostgreSQL database."""
    if not postgresql_template:
        yield ""
        return
    url, name = await databases.fresh_database()
    yield url
    await databases.drop_database(name)


@pytest.fixture(scope="session")
def redis_server() -> Iterator[str]:
    with redis_server_module.running_redis() as url:
        yield url


@pytest.fixture
def redis_url(redis_server: str) -> str:
    """An empty Redis for a test that needs one."""
    redis_server_module.flush(redis_server)
    return redis_server


@pytest.fixture
def bot_redis_url(request: pytest.FixtureRequest) -> str | None:
    """REDIS_URL of the bot under test: with TEST_REDIS_URL every test's bot uses Redis."""
    if not redis_server_module.SERVER:
        return None
    return request.getfixturevalue("redis_url")


@pytest.fixture
def settings(tmp_path: Path, fake: FakeBotApi, database_url: str, bot_redis_url: str | None) -> Settings:
    return Settings(
        _env_file=None,
        bot_token=TOKEN,
        database_url=database_url,
        redis_url=bot_redis_url,
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
