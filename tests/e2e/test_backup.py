"""`python -m bot backup PATH`: a consistent copy taken while the bot runs and writes, which a
bot started on it (restored) serves as before; refusals that change nothing."""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
from pathlib import Path

import pytest

from bot.sandbox import FakeWorld
from services.clock import FrozenClock
from tests.conftest import ADMIN_ID
from tests.databases import on_postgresql
from tests.factories import import_plan
from tests.harness import AppRunner, run_bot_cli


@pytest.mark.skipif(on_postgresql(), reason="SQLite's online backup; PostgreSQL is backed up with pg_dump")
async def test_a_backup_taken_while_the_bot_writes_restores_and_the_bot_runs_on_it(
    app: AppRunner, world: FakeWorld, clock: FrozenClock, tmp_path: Path
) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    await import_plan(world, "vitebsk_itc_2026.txt")
    world.mark_read(ADMIN_ID)

    # The bot keeps writing (every update lands in its inbox) while the copy is taken.
    async def keep_writing() -> None:
        for _n in range(40):
            world.send_text(ADMIN_ID, "/help")
            await asyncio.sleep(0.02)

    data_dir = app.settings.data_dir
    writing = asyncio.create_task(keep_writing())
    done = await asyncio.to_thread(
        run_bot_cli, tmp_path, "backup", str(tmp_path / "copy.sqlite3"), DATA_DIR=str(data_dir)
    )
    await writing
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(str(tmp_path / "copy.sqlite3"))
    with sqlite3.connect(tmp_path / "copy.sqlite3") as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert copy.execute("SELECT title FROM plans").fetchone()[0].startswith("План развития")

    # Restore: the copy becomes the database of a new data folder, and the bot starts on it.
    await app.stop()
    restored = tmp_path / "restored"
    restored.mkdir()
    shutil.copy(tmp_path / "copy.sqlite3", restored / "bot.sqlite3")
    again = AppRunner(app.settings.model_copy(update={"data_dir": restored}), clock)
    await again.start()
    try:
        world.mark_read(ADMIN_ID)
        world.send_text(ADMIN_ID, "/plans")
        plans = await world.expect(ADMIN_ID, timeout=10)
        while "Загруженные планы" not in (plans.text or ""):  # /help answers still coming in
            plans = await world.expect(ADMIN_ID, timeout=10)
        assert any("План развития" in button["text"] for button in plans.buttons())
    finally:
        await again.stop()


def test_the_backup_refuses_what_it_cannot_do_and_writes_nothing(tmp_path: Path) -> None:
    missing = run_bot_cli(tmp_path, "backup", "out.sqlite3")
    assert missing.returncode == 2 and "no database" in missing.stderr
    assert not (tmp_path / "out.sqlite3").exists()

    assert run_bot_cli(tmp_path, "migrate").returncode == 0
    assert run_bot_cli(tmp_path, "backup", "out.sqlite3").returncode == 0
    again = run_bot_cli(tmp_path, "backup", "out.sqlite3")
    assert again.returncode == 2 and "--force" in again.stderr
    assert run_bot_cli(tmp_path, "backup", "out.sqlite3", "--force").returncode == 0

    other = run_bot_cli(tmp_path, "backup", "pg.sql", DATABASE_URL="postgresql+asyncpg://bot@localhost/bot")
    assert other.returncode == 2 and "pg_dump" in other.stderr
    assert not (tmp_path / "pg.sql").exists()
