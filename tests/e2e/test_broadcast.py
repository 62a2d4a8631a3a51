"""Admins and heads broadcast announcements: copied as they are, to the chosen people, once."""

from __future__ import annotations

import asyncio
import contextlib
import io
from datetime import UTC, datetime

from PIL import Image
from sqlalchemy import select

from bot.callback_data import AudienceChoice, BroadcastAction, BroadcastButton
from bot.ratelimit import RateLimiter
from bot.sandbox import FakeWorld
from bot.sandbox.world import ChatMessage
from db.engine import create_engine, create_session_factory
from db.models import Broadcast, BroadcastStatus, OutboxMessage, OutboxStatus, User
from services.clock import FrozenClock
from tests.conftest import ADMIN_ID
from tests.factories import HEAD_K, HEAD_V, TEACHER_K, build_region, press
from tests.harness import AppRunner, answered, eventually


def jpeg(seed: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (seed * 50 % 256, 90, 10)).save(out, "JPEG")
    return out.getvalue()


def copies(world: FakeWorld, chat: int) -> list[ChatMessage]:
    return [m for m in world.bot_messages(chat) if "copied_from" in m.payload]


async def choose_and_send(world: FakeWorld, user: int, audience: list[str]) -> None:
    """From "who should get it?" through the audience buttons to "send now"."""
    screen = await world.expect(user)
    assert "Кому отправить" in screen.text
    for label in audience:
        screen = await world.tap(user, screen.message_id, label)
    assert "Получателей" in screen.text
    await world.tap(user, screen.message_id, "Отправить сейчас")


async def test_admin_sends_a_text_to_teachers_and_an_album_to_everyone(
    app: AppRunner, world: FakeWorld
) -> None:
    await build_region(app, world)
    app.app.broadcasts.limiter = RateLimiter(1000, per_chat_interval=0)
    world.send_text(ADMIN_ID, "/broadcast")
    assert "Пришлите сообщение" in (await world.expect(ADMIN_ID)).text
    world.send_text(ADMIN_ID, "<b>Собрание</b> в пятницу в 15:00")
    await choose_and_send(world, ADMIN_ID, ["По роли", "Педагог"])
    assert await eventually(lambda: _done(app))
    [copy] = copies(world, TEACHER_K)
    assert "Собрание" in copy.text and copies(world, HEAD_K) == [] and copies(world, HEAD_V) == []
    assert await world.wait_until(
        lambda: "Рассылка завершена. Доставлено: 1" in _last_bot_text(world, ADMIN_ID)
    )

    world.send_text(ADMIN_ID, "/broadcast")
    await world.expect(ADMIN_ID)
    world.send_album(ADMIN_ID, [jpeg(1), jpeg(2)], caption="Фото с семинара")
    await choose_and_send(world, ADMIN_ID, ["Всем"])
    assert await eventually(lambda: _done(app, 2))
    for chat in (TEACHER_K, HEAD_K, HEAD_V):
        album = [m for m in copies(world, chat) if "photo" in m.payload]
        assert len(album) == 2  # the album arrived as an album, once
    # By kind of organisation: both schools' people, named in the admin's language.
    world.send_text(ADMIN_ID, "/broadcast")
    await world.expect(ADMIN_ID)
    world.send_text(ADMIN_ID, "Для школ")
    screen = await world.expect(ADMIN_ID)
    kinds = await world.tap(ADMIN_ID, screen.message_id, "По типу организации")
    preview = await world.tap(ADMIN_ID, kinds.message_id, "Школа (учреждение общего среднего образования)")
    assert "Получателей: <b>3</b>" in preview.text
    await world.tap(ADMIN_ID, preview.message_id, "Отмена")

    world.send_text(ADMIN_ID, "/broadcasts")
    listing = await world.expect(ADMIN_ID)
    assert "3/3" in str(listing.buttons()) and "1/1" in str(listing.buttons())
    delivery = await world.tap(ADMIN_ID, listing.message_id, "3/3")
    assert delivery.text.count("✅") == 3 and "Вера" in delivery.text


async def test_blocked_users_are_marked_and_flood_limits_are_waited_out(
    app: AppRunner, world: FakeWorld
) -> None:
    await build_region(app, world)
    app.app.broadcasts.limiter = RateLimiter(1000, per_chat_interval=0)
    world.block(HEAD_V)
    world.fail("copyMessage", 429, "Too Many Requests: retry after 2", retry_after=2, times=1)
    world.send_text(ADMIN_ID, "/broadcast")
    await world.expect(ADMIN_ID)
    world.send_text(ADMIN_ID, "Важное объявление")
    await choose_and_send(world, ADMIN_ID, ["Всем"])
    assert await eventually(lambda: _done(app))
    assert len(copies(world, TEACHER_K)) == 1 and len(copies(world, HEAD_K)) == 1
    assert 2 in app.slept  # the 429 was waited out, then the message went
    summary = await world.wait_until(lambda: _find(world, ADMIN_ID, "Рассылка завершена"))
    assert "Доставлено: 2" in summary and "заблокировали бота: 1" in summary
    report = await world.wait_until(
        lambda: [m for m in world.bot_messages(ADMIN_ID) if "document" in m.payload]
    )
    assert report
    async with app.app.session_factory() as session:
        blocked = await session.scalar(select(User).where(User.tg_id == HEAD_V))
        statuses = sorted(s.value for s in (await session.scalars(select(OutboxMessage.status))).all())
    assert blocked.is_reachable is False and statuses == ["sent", "sent", "unreachable"]


async def test_a_scheduled_broadcast_waits_for_its_time(
    app: AppRunner, world: FakeWorld, clock: FrozenClock
) -> None:
    await build_region(app, world)
    world.send_text(ADMIN_ID, "/broadcast")
    await world.expect(ADMIN_ID)
    world.send_text(ADMIN_ID, "Напоминание о совещании")
    screen = await world.expect(ADMIN_ID)
    screen = await world.tap(ADMIN_ID, screen.message_id, "Всем")
    ask = await press(world, ADMIN_ID, screen, "Запланировать")
    assert "Когда отправить" in ask.text
    world.send_text(ADMIN_ID, "08:00")  # already past today (12:00 in Moscow): tomorrow
    scheduled = await world.expect(ADMIN_ID)
    assert "запланирована на 03.03.2026 08:00" in scheduled.text
    app.app.broadcasts.wake()
    await world.expect_nothing(TEACHER_K, wait=1.2)
    clock.set(datetime(2026, 3, 3, 5, 1, tzinfo=UTC))  # 08:01 in Moscow
    app.app.broadcasts.wake()
    assert await world.wait_until(lambda: copies(world, TEACHER_K))
    assert await eventually(lambda: _done(app))


async def test_a_restart_resumes_and_a_head_reaches_only_their_organisation(
    app: AppRunner, world: FakeWorld
) -> None:
    await build_region(app, world)
    world.send_text(HEAD_K, "/broadcast")
    assert "Школа Калининград" in (await world.expect(HEAD_K)).text
    world.send_text(HEAD_K, "Педсовет завтра")
    screen = await world.expect(HEAD_K)
    assert "По району" not in str(screen.buttons())  # heads choose only by role in their organisation
    forged = BroadcastButton(action=BroadcastAction.PICK, choice=AudienceChoice.ORG_KIND, target="school")
    world.press(HEAD_K, screen.message_id, forged.pack())
    assert await eventually(lambda: answered(world, "недоступно"))
    screen = await world.tap(HEAD_K, screen.message_id, "Всем")
    assert "Получателей: <b>1</b>" in screen.text  # the teacher; not the other school's head


async def test_a_restart_resumes_an_unfinished_broadcast(app: AppRunner, world: FakeWorld) -> None:
    ids = await build_region(app, world)
    source = world.bot_messages(ADMIN_ID)[0]  # the admin's own chat holds what is copied
    await app.stop()
    # As the bot left it: one message recorded as sent, one claimed when it stopped (maybe sent,
    # so sent again), one not reached yet.
    engine = create_engine(app.settings.database_url_resolved)
    async with create_session_factory(engine)() as session, session.begin():
        admin = await session.scalar(select(User).where(User.tg_id == ADMIN_ID))
        now = datetime(2026, 3, 2, 9, tzinfo=UTC)
        broadcast = Broadcast(
            author_id=admin.id,
            org_id=ids["k"],
            source_chat_id=ADMIN_ID,
            source_message_ids=[source.message_id],
            audience={"kind": "all"},
            status=BroadcastStatus.SENDING,
            created_at=now,
        )
        session.add(broadcast)
        await session.flush()
        for name, status in (
            ("Анна", OutboxStatus.SENDING),
            ("Пётр", OutboxStatus.SENT),
            ("Вера", OutboxStatus.PENDING),
        ):
            user = await session.scalar(select(User).where(User.first_name == name))
            session.add(
                OutboxMessage(broadcast_id=broadcast.id, user_id=user.id, chat_id=user.tg_id, status=status)
            )
    await engine.dispose()
    await app.start()
    assert await eventually(lambda: _done(app))
    assert (len(copies(world, TEACHER_K)), len(copies(world, HEAD_K)), len(copies(world, HEAD_V))) == (
        1,
        0,
        1,
    )


async def _done(app: AppRunner, count: int = 1) -> bool:
    async with app.app.session_factory() as session:
        statuses = (await session.scalars(select(Broadcast.status))).all()
    return len(statuses) == count and all(s is BroadcastStatus.DONE for s in statuses)


def _last_bot_text(world: FakeWorld, chat: int) -> str:
    return " ".join(m.text or "" for m in world.bot_messages(chat))


def _find(world: FakeWorld, chat: int, text: str) -> str | None:
    return next((m.text for m in world.bot_messages(chat) if m.text and text in m.text), None)


async def test_send_failures_are_results_and_never_carry_the_token(
    app: AppRunner, world: FakeWorld, monkeypatch
) -> None:
    """On the old main an HTML 502 page or a redirect loop (not Telegram errors) killed the sender
    task: the broadcast stayed "sending" forever. And a network error's text, which holds the
    request URL with the token, was stored and shown in /broadcasts and the CSV."""
    from bot.broadcaster import BroadcastSender
    from bot.sandbox.faults import Fault, FaultKind
    from tests.conftest import TOKEN

    await build_region(app, world)
    sender = app.app.broadcasts
    sender._retry_delays = (0.05, 0.05)
    real_next = BroadcastSender._next_broadcast
    failures = {"left": 1}

    async def flaky_next(self):
        if failures["left"]:
            failures["left"] -= 1
            raise RuntimeError("database is locked")
        return await real_next(self)

    monkeypatch.setattr(BroadcastSender, "_next_broadcast", flaky_next)
    # One recipient meets an HTML 502 page once (retried, then delivered); another meets a redirect
    # loop on every attempt (recorded as failed).
    world.fault(Fault(FaultKind.HTML_502), method="copyMessage", times=1, chat_id=TEACHER_K)
    world.fault(Fault(FaultKind.REDIRECT), method="copyMessage", times=3, chat_id=HEAD_K)
    world.send_text(ADMIN_ID, "/broadcast")
    await world.expect(ADMIN_ID)
    world.send_text(ADMIN_ID, "Объявление")
    await choose_and_send(world, ADMIN_ID, ["Всем"])
    assert await eventually(lambda: _done(app), timeout=15)
    async with app.app.session_factory() as session:
        rows = (await session.execute(select(OutboxMessage.status, OutboxMessage.error))).all()
    assert sorted(status.value for status, _ in rows) == ["failed", "sent", "sent"]
    [error] = [error for status, error in rows if status is OutboxStatus.FAILED]
    assert error == "network error" and TOKEN not in error
    report = await world.wait_until(
        lambda: [m for m in world.bot_messages(ADMIN_ID) if "document" in m.payload]
    )
    stored = world.files[report[0].payload["document"]["file_id"]].data.decode("utf-8-sig")
    assert "network error" in stored and TOKEN not in stored and TOKEN.split(":")[1] not in stored
    assert failures["left"] == 0  # the sender met the database error and went on


async def test_a_stop_ends_the_sender_even_when_a_send_loses_its_cancellation(
    app: AppRunner, world: FakeWorld, monkeypatch
) -> None:
    """aiohttp's and redis-py's timeouts have each, in some release, turned a task's cancellation
    into an error of their own: the cancelled sender then carried on and waited for the next
    recipient forever, and the bot never finished stopping."""
    await build_region(app, world)
    sender = app.app.broadcasts
    waiting = asyncio.Event()
    real_acquire = sender.limiter.acquire

    async def acquire_losing_the_cancellation(chat_id: int, messages: int = 1) -> None:
        waiting.set()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.sleep(3600)
        await real_acquire(chat_id, messages)

    monkeypatch.setattr(sender.limiter, "acquire", acquire_losing_the_cancellation)
    world.send_text(ADMIN_ID, "/broadcast")
    await world.expect(ADMIN_ID)
    world.send_text(ADMIN_ID, "Объявление")
    await choose_and_send(world, ADMIN_ID, ["Всем"])
    await asyncio.wait_for(waiting.wait(), 10)
    await app.stop()  # the harness gives a stop 10 s, then fails the test: it hung here before
    monkeypatch.undo()
    await app.start()
    assert await eventually(lambda: _done(app))
    # The sends that lost their cancellation went out before the stop ended; none went twice.
    assert [len(copies(world, chat)) for chat in (TEACHER_K, HEAD_K, HEAD_V)] == [1, 1, 1]
