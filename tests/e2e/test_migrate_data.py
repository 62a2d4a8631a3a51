"""`python -m bot migrate-data`: a bot's SQLite database moved to PostgreSQL, every row of every
table, and the bot carries on there (new rows get new ids); a second copy into the same
database is refused and changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from bot.config import Settings
from bot.sandbox import FakeBotApi, FakeWorld
from db.base import Base
from db.engine import create_engine
from services.clock import FrozenClock
from tests import databases
from tests.conftest import ADMIN_ID, TOKEN
from tests.factories import HEAD, report_item_6, school_people, submitted
from tests.harness import AppRunner, run_bot_cli

pytestmark = pytest.mark.skipif(
    not databases.on_postgresql(),
    reason="moves data to PostgreSQL: needs TEST_DATABASE_URL (as .ci/run sets)",
)


async def row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return {
                table.name: int(await connection.scalar(select(func.count()).select_from(table)) or 0)
                for table in Base.metadata.sorted_tables
            }
    finally:
        await engine.dispose()


async def planner_row_counts(url: str, tables: list[str]) -> dict[str, int]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(
                text("SELECT relname, reltuples FROM pg_class WHERE relname = ANY(:names)"), {"names": tables}
            )
            return {name: int(count) for name, count in rows.all()}
    finally:
        await engine.dispose()


async def test_a_sqlite_bot_moves_to_postgresql_and_carries_on(
    fake: FakeBotApi, world: FakeWorld, clock: FrozenClock, tmp_path: Path, postgresql_template: bool
) -> None:
    data = tmp_path / "data"
    on_sqlite = Settings(
        _env_file=None, bot_token=TOKEN, database_url="", data_dir=data, telegram_api_url=fake.base_url,
        admin_ids=[ADMIN_ID], album_wait_seconds=0.2, alert_sweep_seconds=0,
    )  # fmt: skip
    runner = AppRunner(on_sqlite, clock)
    await runner.start()
    await school_people(runner, world)
    await report_item_6(world)
    await submitted(runner)
    await runner.stop()
    source = on_sqlite.database_url_resolved
    before = await row_counts(source)
    assert before["reports"] == 1 and before["report_files"] == 1 and before["organisations"] >= 4

    target, name = await databases.fresh_database()
    try:
        done = run_bot_cli(tmp_path, "migrate-data", "--from", source, "--to", target)
        assert done.returncode == 0, done.stderr
        assert await row_counts(target) == before
        # The planner knows what arrived (ANALYZE at the end of the copy), not empty tables.
        assert await planner_row_counts(target, ["organisations", "users", "reports"]) == {
            table: before[table] for table in ("organisations", "users", "reports")
        }
        again = run_bot_cli(tmp_path, "migrate-data", "--from", source, "--to", target)
        assert again.returncode == 2 and "not empty" in again.stderr
        assert await row_counts(target) == before

        # The bot on PostgreSQL: the head approves the report (new rows, new ids) and it holds.
        moved = AppRunner(on_sqlite.model_copy(update={"database_url": target}), clock)
        await moved.start()
        try:
            world.mark_read(HEAD)
            world.send_text(HEAD, "/review")
            queue = await world.expect(HEAD, timeout=10)
            assert "Отчёты на проверку</b>: 1" in queue.text
            card = await world.tap(HEAD, queue.message_id, "6. Составление")
            after = await world.tap(HEAD, card.message_id, "Принять")
            assert "Отчётов на проверку нет" in after.text
        finally:
            await moved.stop()
        counts = await row_counts(target)
        assert counts["report_events"] == before["report_events"] + 1
    finally:
        await databases.drop_database(name)
