"""The app against the fake Bot API over HTTP: menus by role, /cancel, restarts, duplicates, 429."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.sandbox import FakeWorld
from db.models import InboxUpdate, Membership, Role, User
from tests.conftest import ADMIN_ID
from tests.harness import AppRunner

STRANGER_ID = 2002


async def test_admin_from_settings_gets_admin_menu(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(ADMIN_ID, "Ольга", language_code="ru")
    world.send_text(ADMIN_ID, "/start")
    reply = await world.expect(ADMIN_ID)
    assert "Здравствуйте, Ольга!" in reply.text
    assert "администратор региона" in reply.text
    assert "📥 Импорт плана" in reply.keyboard_texts()

    async with app.app.session_factory() as session:
        user = await session.scalar(select(User).where(User.tg_id == ADMIN_ID))
        roles = (await session.scalars(select(Membership.role).where(Membership.user_id == user.id))).all()
    assert roles == [Role.ADMIN]


async def test_stranger_is_told_to_ask_for_an_invite(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(STRANGER_ID, "Иван")
    world.send_text(STRANGER_ID, "/start")
    reply = await world.expect(STRANGER_ID)
    assert "ссылку-приглашение" in reply.text
    assert reply.keyboard_texts() == []
    world.send_text(STRANGER_ID, "/import")
    assert "приглашению" in (await world.expect(STRANGER_ID)).text

    async with app.app.session_factory() as session:
        memberships = await session.scalar(select(func.count()).select_from(Membership))
    assert memberships == 0


async def test_language_follows_telegram_client(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(3003, "Alice", language_code="en")
    world.add_user(3004, "Алесь", language_code="be")
    world.send_text(3003, "/start")
    world.send_text(3004, "/start")
    assert "invite link" in (await world.expect(3003)).text
    assert "спасылку-запрашэнне" in (await world.expect(3004)).text


async def test_cancel_leaves_a_conversation(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/import")
    assert "Отправьте файл плана" in (await world.expect(ADMIN_ID)).text
    world.send_text(ADMIN_ID, "/cancel")
    assert "Действие отменено" in (await world.expect(ADMIN_ID)).text
    world.send_text(ADMIN_ID, "просто текст")
    assert "Не понял" in (await world.expect(ADMIN_ID)).text
    world.send_text(ADMIN_ID, "/cancel")
    assert "нечего отменять" in (await world.expect(ADMIN_ID)).text


async def test_restart_mid_conversation_keeps_the_state(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/import")
    assert "Отправьте файл плана" in (await world.expect(ADMIN_ID)).text

    await app.restart()

    world.send_text(ADMIN_ID, "это не файл")
    reply = await world.expect(ADMIN_ID)
    assert "файл" in reply.text and "Не понял" not in reply.text


async def test_duplicated_update_is_handled_once(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(STRANGER_ID, "Иван")
    await app.stop()
    update_id = world.send_text(STRANGER_ID, "/help")
    body = {"message": world.message_json(world.chats[STRANGER_ID][-1])}
    world.redeliver(update_id, body)
    await app.start()

    assert "Команды" in (await world.expect(STRANGER_ID)).text
    await world.expect_nothing(STRANGER_ID)
    async with app.app.session_factory() as session:
        rows = (await session.scalars(select(InboxUpdate))).all()
    assert [(row.update_id, row.handled_at is not None) for row in rows] == [(update_id, True)]


async def test_update_replayed_after_restart_is_skipped(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(STRANGER_ID, "Иван")
    update_id = world.send_text(STRANGER_ID, "/help")
    await world.expect(STRANGER_ID)
    await app.stop()
    # Telegram re-sends what the bot never confirmed; this one was handled and committed.
    world.redeliver(update_id, {"message": world.message_json(world.chats[STRANGER_ID][0])})
    await app.start()
    world.send_text(STRANGER_ID, "/menu")
    assert "ссылку-приглашение" in (await world.expect(STRANGER_ID)).text
    await world.expect_nothing(STRANGER_ID)


async def test_flood_limited_send_is_retried_after_retry_after(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(STRANGER_ID, "Иван")
    world.fail("sendMessage", 429, "Too Many Requests: retry after 3", retry_after=3, chat_id=STRANGER_ID)
    world.send_text(STRANGER_ID, "/help")
    assert "Команды" in (await world.expect(STRANGER_ID)).text
    assert app.slept == [3]
    assert len(world.bot_messages(STRANGER_ID)) == 1


async def test_commands_are_registered_per_language(app: AppRunner, world: FakeWorld) -> None:
    await world.wait_until(lambda: len(world.commands) >= 4)
    english = next(v for (scope, lang), v in world.commands.items() if lang == "en")
    belarusian = next(v for (scope, lang), v in world.commands.items() if lang == "be")
    assert {"command": "help", "description": "Help"} in english
    assert {"command": "help", "description": "Даведка"} in belarusian


async def test_unexpected_error_gets_a_polite_message(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    world.fail("sendMessage", 500, "Internal Server Error", chat_id=ADMIN_ID)
    world.send_text(ADMIN_ID, "/help")
    reply = await world.expect(ADMIN_ID)
    assert "Что-то пошло не так" in reply.text and "Traceback" not in reply.text
    await world.expect_nothing(ADMIN_ID)


async def test_update_stored_but_not_handled_before_a_crash_is_handled_after_restart(
    app: AppRunner, world: FakeWorld
) -> None:
    from datetime import UTC, datetime

    from aiogram.types import Update

    from db.repositories.inbox import UpdateInbox

    world.add_user(STRANGER_ID, "Иван")
    await app.stop()
    # What a crash leaves behind: the update was stored and confirmed to Telegram, not handled.
    world.send_text(STRANGER_ID, "/help")
    raw = world.take_updates(None, 1)[0]
    world.take_updates(raw["update_id"] + 1, 1)
    update = Update.model_validate(raw)
    from db.engine import create_engine, create_session_factory

    engine = create_engine(app.settings.database_url_resolved)
    await UpdateInbox(create_session_factory(engine)).accept(
        [(update.update_id, update.model_dump_json(exclude_none=True))], datetime.now(UTC)
    )
    await engine.dispose()
    assert world.pending_updates == 0

    await app.start()
    assert "Команды" in (await world.expect(STRANGER_ID)).text


async def test_blocked_user_does_not_stop_the_bot(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(STRANGER_ID, "Иван")
    world.add_user(3005, "Пётр")
    world.block(STRANGER_ID)
    world.send_text(STRANGER_ID, "/help")
    world.send_text(3005, "/help")
    assert "Команды" in (await world.expect(3005)).text
    assert world.bot_messages(STRANGER_ID) == []
