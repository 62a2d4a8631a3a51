"""What the user was told is what is stored, against a Bot API as strict as Telegram's: one answer
per press, no write lock across a network call, single use means single use, send failures are
results, nothing grows without bound, archived organisations lose their rights."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.sandbox import FakeWorld
from bot.sandbox.faults import Fault, FaultKind
from db.models import (
    InboxUpdate,
    Invite,
    Membership,
    Organisation,
    ReportEvent,
    ReportStatus,
    Role,
    User,
)
from db.repositories import Repositories
from services.audience import Everyone
from services.people import hash_token
from tests.conftest import ADMIN_ID
from tests.databases import on_postgresql
from tests.factories import (
    HEAD,
    TEACHER,
    make_orgs,
    report_item_6,
    reports,
    school_people,
    status_is,
    submitted,
)
from tests.harness import AppRunner, eventually

SECOND_HEAD = 4299


async def add_member(app: AppRunner, world: FakeWorld, tg_id: int, org_id: int, role: Role) -> None:
    now = datetime.now(UTC)
    async with app.app.session_factory() as session, session.begin():
        user = User(tg_id=tg_id, first_name=f"U{tg_id}", created_at=now, updated_at=now)
        session.add(user)
        await session.flush()
        session.add(Membership(user_id=user.id, org_id=org_id, role=role, created_at=now))
    world.add_user(tg_id, f"U{tg_id}")


async def plant_invite(app: AppRunner, token: str, org_id: int, max_uses: int, by_admin: bool = True) -> None:
    """An invite link as «➕ Пригласить» makes it, stored directly (only its hash is kept)."""
    now = app.clock.now()
    async with app.app.session_factory() as session, session.begin():
        admin = await session.scalar(select(User).where(User.tg_id == ADMIN_ID)) if by_admin else None
        session.add(
            Invite(
                token_hash=hash_token(token),
                org_id=org_id,
                role=Role.TEACHER,
                created_by=admin.id if admin else None,
                created_at=now,
                expires_at=now + timedelta(days=7),
                max_uses=max_uses,
                uses=0,
            )
        )


async def open_review_card(world: FakeWorld, head: int):
    """The head's "new report to review" notice → «Открыть отчёт»: the review card."""
    notice = await world.expect(head)
    assert "Новый отчёт на проверку" in notice.text
    return await world.tap(head, notice.message_id, "Открыть отчёт")


def answers_to(world: FakeWorld, query_ids: set[str]) -> list[dict]:
    return [a for a in world.callback_answers if a["callback_query_id"] in query_ids]


async def test_approve_is_answered_once_and_stays_approved(app: AppRunner, world: FakeWorld) -> None:
    """On the old main «✅ Принять» answered the press, told the teacher, then answered the press
    again while redrawing; Telegram refused the second answer and the approval was rolled back."""
    await school_people(app, world)
    await report_item_6(world)
    await submitted(app)
    card = await open_review_card(world, HEAD)
    before = len(world.callback_answers)
    await world.tap(HEAD, card.message_id, "Принять")
    assert "принят" in (await world.expect(TEACHER)).text
    assert await eventually(lambda: status_is(app, ReportStatus.APPROVED))
    await asyncio.sleep(0.3)  # settle: nothing rolls it back afterwards
    assert await status_is(app, ReportStatus.APPROVED)
    press_answers = world.callback_answers[before:]
    assert [a["text"] for a in press_answers] == ["Отчёт принят."]  # exactly one answer, the toast
    world.send_text(HEAD, "/review")
    assert "Отчётов на проверку нет" in (await world.expect(HEAD)).text


async def test_two_heads_deciding_at_once_have_one_winner(app: AppRunner, world: FakeWorld) -> None:
    """On the old main both decisions succeeded: history submitted, approved, returned, and the
    teacher was told both."""
    orgs = await school_people(app, world)
    await add_member(app, world, SECOND_HEAD, orgs["school"], Role.HEAD)
    await report_item_6(world)
    await submitted(app)
    first = await open_review_card(world, HEAD)
    second = await open_review_card(world, SECOND_HEAD)
    world.press(HEAD, first.message_id, first.button("Принять")["callback_data"])
    world.press(SECOND_HEAD, second.message_id, second.button("Принять")["callback_data"])
    assert await eventually(lambda: status_is(app, ReportStatus.APPROVED))
    await world.expect(TEACHER)
    await world.expect_nothing(TEACHER, wait=0.8)  # told once
    async with app.app.session_factory() as session:
        actions = (await session.scalars(select(ReportEvent.action).order_by(ReportEvent.id))).all()
    assert actions == ["submitted", "approved"]
    # The loser was told the report had been decided already.
    assert any("уже не ждёт решения" in (a["text"] or "") for a in world.callback_answers)


async def test_a_single_use_invite_redeemed_by_ten_at_once_admits_one(
    app: AppRunner, world: FakeWorld
) -> None:
    """On the old main the use count was checked in Python and then incremented: ten /start in one
    getUpdates batch admitted ten."""
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    school, _other = await make_orgs(app)
    await plant_invite(app, "single-use-token", school, 1)
    people = list(range(5001, 5011))
    for tg_id in people:
        world.add_user(tg_id, f"T{tg_id}")
        world.send_text(tg_id, "/start single-use-token")
    replies = [await world.expect(tg_id) for tg_id in people]
    joined = [r for r in replies if "Вы вошли" in r.text]
    async with app.app.session_factory() as session:
        members = await session.scalar(
            select(func.count()).select_from(Membership).where(Membership.org_id == school)
        )
        uses = await session.scalar(select(Invite.uses))
    assert members == 1 and uses == 1
    assert len(joined) == 1, [r.text for r in replies]
    assert sum("уже вошло допустимое число людей" in r.text for r in replies) == 9


async def test_joins_through_one_link_reach_the_inviter_as_one_summary(
    app: AppRunner, world: FakeWorld
) -> None:
    """On the old main 600 joins sent the inviter 600 messages."""
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    school, _other = await make_orgs(app)
    await plant_invite(app, "staff-chat-link", school, 50)
    for tg_id in range(6001, 6021):
        world.add_user(tg_id, f"T{tg_id}")
        world.send_text(tg_id, "/start staff-chat-link")
    for tg_id in range(6001, 6021):
        await world.expect(tg_id)
    first = await world.expect(ADMIN_ID)
    assert "присоединился" in first.text
    counted = 0
    summaries = 0
    while counted < 19:  # one summary per window (1 s in tests): a few at most, never 19
        summary = await world.expect(ADMIN_ID, timeout=5)
        counted += int(re.search(r"Ещё (\d+) человек", summary.text).group(1))
        summaries += 1
    assert counted == 19 and summaries <= 4
    await world.expect_nothing(ADMIN_ID, wait=app.settings.notice_window_seconds + 0.3)


async def test_a_failing_command_list_does_not_undo_a_join(app: AppRunner, world: FakeWorld) -> None:
    """On the old main setMyCommands answering 500 after «✅ Вы вошли…» rolled the membership back."""
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    school, _other = await make_orgs(app)
    await plant_invite(app, "join-token", school, 1, by_admin=False)
    world.fail("setMyCommands", 500, "Internal Server Error", times=5)
    world.add_user(7001, "Нина")
    world.send_text(7001, "/start join-token")
    welcome = await world.expect(7001)
    assert "Вы вошли" in welcome.text
    await world.expect_nothing(7001, wait=0.5)  # no apology after the welcome
    async with app.app.session_factory() as session:
        members = await session.scalar(
            select(func.count()).select_from(Membership).where(Membership.org_id == school)
        )
    assert members == 1


async def test_a_502_while_notifying_reviewers_keeps_the_report(app: AppRunner, world: FakeWorld) -> None:
    """On the old main an HTML 502 page (not a Telegram error) while telling the head rolled the
    submitted report back."""
    await school_people(app, world)
    # Every message to the head fails for a while, with the front end's HTML page.
    world.fault(Fault(FaultKind.HTML_502), method="sendMessage", times=0)
    world.fail("sendMessage", 502, "Bad Gateway", times=3, chat_id=HEAD)
    await report_item_6(world)
    report = await submitted(app)
    await asyncio.sleep(0.3)
    assert (await reports(app))[0].id == report.id and await status_is(app, ReportStatus.SUBMITTED)


async def test_no_write_lock_is_held_while_a_reply_waits_out_a_429(
    app: AppRunner, world: FakeWorld, settings
) -> None:
    """On the old main a handler that had written (an FSM step) kept SQLite's write lock while
    its reply waited out `retry_after`: every other writer got «database is locked»."""
    gate = asyncio.Event()
    waiting = asyncio.Event()

    async def slow_sleep(seconds: float) -> None:
        waiting.set()
        await gate.wait()

    # The app's request middleware sleeps through this function on a 429.
    app.app.bot.session.middleware._middlewares[-1]._sleep = slow_sleep  # type: ignore[attr-defined]
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    world.fail("sendMessage", 429, "Too Many Requests: retry after 30", retry_after=30, chat_id=ADMIN_ID)
    world.send_text(ADMIN_ID, "/settings")  # reads and writes the user, then replies
    await asyncio.wait_for(waiting.wait(), 5)
    if on_postgresql():
        # PostgreSQL locks rows: the same user's row must be free to write meanwhile.
        import asyncpg
        from sqlalchemy.engine import make_url

        dsn = (
            make_url(settings.database_url).set(drivername="postgresql").render_as_string(hide_password=False)
        )
        connection = await asyncpg.connect(dsn)
        try:
            await connection.execute("SET lock_timeout = '500ms'")  # a held lock: LockNotAvailable
            await connection.execute("UPDATE users SET updated_at = updated_at")
        finally:
            await connection.close()
    else:
        database = settings.data_dir / "bot.sqlite3"

        def try_to_write() -> None:
            connection = sqlite3.connect(database, timeout=0.5)
            try:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("UPDATE users SET updated_at = updated_at")
                connection.commit()
            finally:
                connection.close()

        await asyncio.to_thread(try_to_write)  # raises «database is locked» if the lock is held
    gate.set()
    assert "Настройки" in (await world.expect(ADMIN_ID)).text


async def test_the_poller_survives_a_database_error(app: AppRunner, world: FakeWorld, monkeypatch) -> None:
    """On the old main an exception from the inbox write ended polling, and with it the bot."""
    from db.repositories.inbox import UpdateInbox

    real_accept = UpdateInbox.accept
    failures = {"left": 2}

    async def flaky_accept(self, updates, at):
        if failures["left"]:
            failures["left"] -= 1
            raise sqlite3.OperationalError("database is locked")
        return await real_accept(self, updates, at)

    monkeypatch.setattr(UpdateInbox, "accept", flaky_accept)
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/help")
    assert (await world.expect(ADMIN_ID, timeout=10)).text
    assert failures["left"] == 0


async def test_throttled_updates_are_not_replayed_after_a_restart(app: AppRunner, world: FakeWorld) -> None:
    """On the old main updates dropped by flood control stayed pending and were answered again at
    every restart (500 /help left 460 pending rows)."""
    world.add_user(ADMIN_ID, "Ольга")
    for _ in range(120):
        world.send_text(ADMIN_ID, "/help")

    async def nothing_pending() -> bool:
        async with app.app.session_factory() as session:
            total = await session.scalar(select(func.count()).select_from(InboxUpdate))
            pending = await session.scalar(
                select(func.count()).select_from(InboxUpdate).where(InboxUpdate.handled_at.is_(None))
            )
        return total == 120 and pending == 0

    assert await eventually(nothing_pending, timeout=15)
    await app.restart()
    world.mark_read(ADMIN_ID)
    await world.expect_nothing(ADMIN_ID, wait=1.0)


async def test_archived_school_loses_its_rights_but_its_people_can_be_removed(
    app: AppRunner, world: FakeWorld
) -> None:
    """On the old main the head of an archived school still approved reports, and the admin
    could no longer list or remove its members."""
    orgs = await school_people(app, world)
    await report_item_6(world)
    await submitted(app)
    card = await open_review_card(world, HEAD)
    world.send_text(ADMIN_ID, "/people")
    listing = await world.expect(ADMIN_ID)
    school = await world.tap(ADMIN_ID, listing.message_id, "СШ №1")
    confirm = await world.tap(ADMIN_ID, school.message_id, "В архив")
    await world.tap(ADMIN_ID, confirm.message_id, "Да")
    async with app.app.session_factory() as session:
        assert (await session.get(Organisation, orgs["school"])).archived_at is not None
    world.press(HEAD, card.message_id, card.button("Принять")["callback_data"])
    await world.wait_until(lambda: len(world.callback_answers) and world.callback_answers[-1]["show_alert"])
    assert world.callback_answers[-1]["text"] == "Это действие вам недоступно."
    assert await status_is(app, ReportStatus.SUBMITTED)

    world.send_text(ADMIN_ID, "/people")
    listing = await world.expect(ADMIN_ID)
    archive = await world.tap(ADMIN_ID, listing.message_id, "🗄 Архив (1)")
    screen = await world.tap(ADMIN_ID, archive.message_id, "🗄 СШ №1")
    assert "в архиве" in screen.text
    members = await world.tap(ADMIN_ID, screen.message_id, "Участники")
    assert "Пётр" in members.text and "Анна" in members.text
    who = await world.tap(ADMIN_ID, members.message_id, "Анна")
    confirm = await world.tap(ADMIN_ID, who.message_id, "✖ Анна")
    await world.tap(ADMIN_ID, confirm.message_id, "Да, удалить")
    async with app.app.session_factory() as session:
        anna = await session.scalar(
            select(func.count())
            .select_from(Membership)
            .join(User, User.id == Membership.user_id)
            .where(User.tg_id == TEACHER)
        )
    assert anna == 0


async def test_save_pressed_twice_saves_the_plan_once(app: AppRunner, world: FakeWorld) -> None:
    """Two presses of «Сохранить» in a row (a double tap): one plan, one set of items; the second
    press is told the import is over."""
    from db.models import Item, Plan
    from tests.factories import DATA

    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    world.send_document(ADMIN_ID, (DATA / "vitebsk_itc_2026.txt").read_bytes(), "plan.txt")
    preview = await world.expect(ADMIN_ID)
    data = preview.button("Сохранить")["callback_data"]
    world.press(ADMIN_ID, preview.message_id, data)
    world.press(ADMIN_ID, preview.message_id, data)
    await world.wait_until(lambda: any("неактуально" in (a["text"] or "") for a in world.callback_answers))
    async with app.app.session_factory() as session:
        plans = await session.scalar(select(func.count()).select_from(Plan))
        items = await session.scalar(select(func.count()).select_from(Item))
    assert plans == 1 and items == 36


async def test_an_archived_school_gets_no_alerts_and_no_broadcasts(
    app: AppRunner, world: FakeWorld, clock
) -> None:
    """On the old main an archived school's people went on getting deadline alerts."""
    from db.models import Digest
    from services.broadcasts import BroadcastService
    from services.users import TelegramProfile
    from tests.factories import HEAD_K, HEAD_V, TEACHER_K, build_region

    await build_region(app, world)
    async with app.app.session_factory() as session, session.begin():
        school = await session.scalar(select(Organisation).where(Organisation.name == "Школа Калининград"))
        school.archived_at = app.clock.now()
    clock.set(datetime(2026, 3, 13, 7, 30, tzinfo=UTC))  # 7 days before: both schools were due a digest
    result = await app.app.alerts.sweep()
    async with app.app.session_factory() as session:
        readers = set(
            (await session.scalars(select(User.tg_id).join(Digest, Digest.user_id == User.id))).all()
        )
    assert result.digests == 1 and readers == {HEAD_V}
    async with app.app.session_factory() as session:
        from services.users import UserService

        viewer = await UserService(Repositories(session), app.clock, [ADMIN_ID]).identify(
            TelegramProfile(ADMIN_ID, "Ольга")
        )
        recipients, _unreachable = await BroadcastService(
            Repositories(session), app.clock, "Europe/Minsk"
        ).recipients(viewer, Everyone())
    assert {r.chat_id for r in recipients} == {HEAD_V}
    assert TEACHER_K not in {r.chat_id for r in recipients} and HEAD_K not in {r.chat_id for r in recipients}


async def test_handled_updates_are_forgotten_on_a_schedule(app: AppRunner, world: FakeWorld, clock) -> None:
    """On the old main handled rows were pruned only at start: a bot that ran for months kept
    every update it ever got."""
    from bot.scheduler import build_scheduler

    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/help")
    await world.expect(ADMIN_ID)

    async def rows() -> int:
        async with app.app.session_factory() as session:
            return await session.scalar(select(func.count()).select_from(InboxUpdate)) or 0

    assert await eventually(lambda: _handled_all(app))
    assert await rows() == 1
    clock.advance(timedelta(days=8))
    assert await app.app.prune_inbox() == 1 and await rows() == 0

    async def upkeep() -> None: ...

    jobs = {job.id for job in build_scheduler(None, 0, upkeep).get_jobs()}
    assert jobs == {"inbox-upkeep"}  # scheduled even when the alert sweep is off


async def _handled_all(app: AppRunner) -> bool:
    async with app.app.session_factory() as session:
        pending = await session.scalar(
            select(func.count()).select_from(InboxUpdate).where(InboxUpdate.handled_at.is_(None))
        )
    return pending == 0


async def test_a_reply_stuck_in_a_long_429_does_not_hold_up_a_stop(app: AppRunner, world: FakeWorld) -> None:
    """On the old main stopping waited for every update in hand, however long its reply waited
    out a 429 (up to 120 s, five times). Now the stop takes at most the grace period, and the
    cut-off update is handled again at the next start."""
    gate = asyncio.Event()

    async def stuck(seconds: float) -> None:
        await gate.wait()  # a 429 far longer than the test

    app.app.bot.session.middleware._middlewares[-1]._sleep = stuck  # type: ignore[attr-defined]
    app.app.shutdown_grace = 0.5
    world.add_user(ADMIN_ID, "Ольга")
    world.fail("sendMessage", 429, "Too Many Requests: retry after 120", retry_after=120, chat_id=ADMIN_ID)
    world.send_text(ADMIN_ID, "/help")
    await world.wait_until(lambda: world.counters.requests["sendMessage"] >= 1)
    started = asyncio.get_running_loop().time()
    await app.stop()
    assert asyncio.get_running_loop().time() - started < 5
    await app.start()
    assert (await world.expect(ADMIN_ID, timeout=10)).text  # the /help is answered after the restart


async def test_stopping_a_broadcast_that_just_finished_leaves_it_finished(
    app: AppRunner, world: FakeWorld
) -> None:
    """On the old main the stop read the status, then wrote «cancelled»: a broadcast the sender
    finished in between ended up cancelled."""
    from db.models import Broadcast, BroadcastStatus
    from services.broadcasts import BroadcastService
    from services.users import TelegramProfile, UserService

    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    school, _other = await make_orgs(app)
    await add_member(app, world, 8001, school, Role.TEACHER)
    app.app.broadcasts.wake = lambda: None  # keep the sender out of it: the test plays the sender
    async with app.app.session_factory() as session, session.begin():
        admin = await UserService(Repositories(session), app.clock, [ADMIN_ID]).identify(
            TelegramProfile(ADMIN_ID, "Ольга")
        )
        later = app.clock.now() + timedelta(days=1)
        service = BroadcastService(Repositories(session), app.clock, "Europe/Moscow")
        scheduled_id, _count = await service.create(admin, Everyone(), ADMIN_ID, [1], later)
        finished_id, _count = await service.create(admin, Everyone(), ADMIN_ID, [1], later)
    async with app.app.session_factory() as session, session.begin():
        service = BroadcastService(Repositories(session), app.clock, "Europe/Moscow")
        # The stop has read it (the object is held, as during the stop itself): still running.
        seen = await service.own(admin, finished_id)
        assert seen.status is BroadcastStatus.SCHEDULED
        async with app.app.session_factory() as sender, sender.begin():  # the sender finishes it
            (await sender.get(Broadcast, finished_id)).status = BroadcastStatus.DONE
        assert (await service.cancel(admin, finished_id)).status is BroadcastStatus.DONE
        assert (await service.cancel(admin, scheduled_id)).status is BroadcastStatus.CANCELLED
    async with app.app.session_factory() as session:
        statuses = dict((await session.execute(select(Broadcast.id, Broadcast.status))).all())
    assert statuses == {scheduled_id: BroadcastStatus.CANCELLED, finished_id: BroadcastStatus.DONE}
