from datetime import UTC, datetime
from pathlib import Path

from aiogram.fsm.storage.base import StorageKey

from bot.fsm_storage import DatabaseStorage
from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from services.clock import FrozenClock

KEY = StorageKey(bot_id=1, chat_id=2, user_id=2)


async def test_state_and_data_survive_a_new_storage(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.sqlite3'}"
    await upgrade(url)
    clock = FrozenClock(datetime(2026, 1, 1, tzinfo=UTC))
    engine = create_engine(url)
    storage = DatabaseStorage(create_session_factory(engine), clock)
    await storage.set_state(KEY, "Report:photos")
    await storage.update_data(KEY, {"photos": ["a", "b"]})
    await engine.dispose()

    engine = create_engine(url)
    again = DatabaseStorage(create_session_factory(engine), clock)
    assert await again.get_state(KEY) == "Report:photos"
    assert await again.get_data(KEY) == {"photos": ["a", "b"]}
    assert await again.get_state(StorageKey(bot_id=1, chat_id=3, user_id=3)) is None
    await again.set_state(KEY, None)
    assert await again.get_state(KEY) is None
    await engine.dispose()
