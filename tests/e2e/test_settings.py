"""/settings, plan alert rules, and what they change in the alerts people get."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from bot.ratelimit import RateLimiter
from bot.sandbox import FakeWorld
from bot.sandbox.world import ChatMessage
from db.models import Plan, User
from services.clock import FrozenClock
from tests.conftest import ADMIN_ID
from tests.factories import HEAD_V, TEACHER_K, build_region, press, settle
from tests.harness import AppRunner, answered, eventually


async def user_row(app: AppRunner, tg_id: int) -> User:
    async with app.app.session_factory() as session:
        return await session.scalar(select(User).where(User.tg_id == tg_id))


async def test_a_teacher_sets_time_quiet_hours_language_and_mutes_a_plan(
    app: AppRunner, world: FakeWorld
) -> None:
    await build_region(app, world)
    world.send_text(TEACHER_K, "/settings")
    home = await world.expect(TEACHER_K)
    assert "Напоминания приходят в 09:00" in home.text and "Europe/Kaliningrad (по организации)" in home.text

    times = await world.tap(TEACHER_K, home.message_id, "Время напоминаний")
    world.press(TEACHER_K, times.message_id, times.button("07:00")["callback_data"])
    assert await eventually(lambda: answered(world, "тихие часы"))  # 07:00 is within 21:00–08:00
    home = await world.tap(TEACHER_K, times.message_id, "Назад")
    quiet = await world.tap(TEACHER_K, home.message_id, "Тихие часы")
    home = await world.tap(TEACHER_K, quiet.message_id, "22:00–07:00")
    assert "Тихие часы: 22:00–07:00" in home.text
    times = await world.tap(TEACHER_K, home.message_id, "Время напоминаний")
    home = await world.tap(TEACHER_K, times.message_id, "07:00")
    assert "в 07:00" in home.text
    times = await world.tap(TEACHER_K, home.message_id, "Время напоминаний")
    world.send_text(TEACHER_K, "23:30")  # typed, and inside the quiet hours
    assert "тихие часы" in (await world.expect(TEACHER_K)).text
    world.send_text(TEACHER_K, "08:15")
    assert "в 08:15" in (await world.expect(TEACHER_K)).text
    assert await eventually(lambda: _alert_time_is(app, "08:15"))

    world.send_text(TEACHER_K, "/settings")
    home = await world.expect(TEACHER_K)
    plans = await world.tap(TEACHER_K, home.message_id, "Заглушить план")
    plans = await world.tap(TEACHER_K, plans.message_id, "План на март")
    assert "🔕 План на март" in str(plans.buttons())
    zones = await world.tap(
        TEACHER_K, (await world.tap(TEACHER_K, plans.message_id, "Назад")).message_id, "Часовой пояс"
    )
    home = await world.tap(TEACHER_K, zones.message_id, "Vladivostok")
    assert "Asia/Vladivostok" in home.text

    languages = await world.tap(TEACHER_K, home.message_id, "Язык")
    home = await world.tap(TEACHER_K, languages.message_id, "English")
    assert "Alerts arrive at 08:15" in home.text
    menu = await world.expect(TEACHER_K)
    assert "⚙️ Settings" in str(menu.reply_markup)
    assert await eventually(lambda: _locale_is(app, "en"))
    row = await user_row(app, TEACHER_K)
    assert (row.locale, row.timezone, row.quiet_from, row.quiet_to) == (
        "en",
        "Asia/Vladivostok",
        "22:00",
        "07:00",
    )
    assert row.muted_plans and row.alert_time == "08:15"


async def _locale_is(app: AppRunner, value: str) -> bool:
    return (await user_row(app, TEACHER_K)).locale == value


async def _alert_time_is(app: AppRunner, value: str) -> bool:
    return (await user_row(app, TEACHER_K)).alert_time == value


async def test_admin_changes_a_plans_rules_and_a_head_cannot(app: AppRunner, world: FakeWorld) -> None:
    await build_region(app, world)
    world.send_text(ADMIN_ID, "/plans")
    plans = await world.expect(ADMIN_ID)
    plan = await world.tap(ADMIN_ID, plans.message_id, "План на март")
    rules = await world.tap(ADMIN_ID, plan.message_id, "Напоминания по плану")
    assert "До срока, за дней: 7, 1" in str(rules.buttons())
    rules = await world.tap(ADMIN_ID, rules.message_id, "До срока")
    rules = await world.tap(ADMIN_ID, rules.message_id, "Руководителю")
    assert "До срока, за дней: 14, 7, 1" in str(rules.buttons()) and "Руководителю — через 2 дн." in str(
        rules.buttons()
    )
    assert await eventually(lambda: _rules_are(app, before=[14, 7, 1], head_after=2))

    world.send_text(HEAD_V, "/menu")
    menu = await world.expect(HEAD_V)
    plan_id = await _plan_id(app)
    world.press(HEAD_V, menu.message_id, f"st:rule:before:{plan_id}:0")
    assert await eventually(lambda: answered(world, "недоступно"))
    assert await _rules_are(app, before=[14, 7, 1], head_after=2)


async def _rules_are(app: AppRunner, **expected: object) -> bool:
    async with app.app.session_factory() as session:
        stored = (await session.scalars(select(Plan.alert_rules))).one() or {}
    return all(stored.get(key) == value for key, value in expected.items())


async def _plan_id(app: AppRunner) -> int:
    async with app.app.session_factory() as session:
        return (await session.scalars(select(Plan.id))).one()


async def test_muted_plans_and_one_digest_a_day(app: AppRunner, world: FakeWorld, clock: FrozenClock) -> None:
    await build_region(app, world)
    app.app.digests.limiter = RateLimiter(1000, per_chat_interval=0)
    async with app.app.session_factory() as session, session.begin():
        head_v = await session.scalar(select(User).where(User.tg_id == HEAD_V))
        head_v.muted_plans = [await _plan_id(app)]
        teacher = await session.scalar(select(User).where(User.tg_id == TEACHER_K))
        teacher.daily_digest = True
    clock.set(datetime(2026, 3, 13, 7, 30, tzinfo=UTC))  # 7 days before, 09:30 in Kaliningrad
    await app.app.sweep_alerts()
    await settle(app)
    assert len(world.bot_messages(TEACHER_K)) == 1 and world.bot_messages(HEAD_V) == []
    # Later that day the admin shortens the plan: "1 day before" is now current, but the teacher
    # asked for one digest a day, so it waits for tomorrow's alert time.
    async with app.app.session_factory() as session, session.begin():
        plan = (await session.scalars(select(Plan))).one()
        plan.alert_rules = {"before": [7, 6]}
    clock.set(datetime(2026, 3, 14, 6, 0, tzinfo=UTC))  # 08:00 in Kaliningrad: before the alert time
    await app.app.sweep_alerts()
    await settle(app)
    assert len(world.bot_messages(TEACHER_K)) == 1
    clock.advance(timedelta(hours=1, minutes=5))
    await app.app.sweep_alerts()
    await settle(app)
    messages = world.bot_messages(TEACHER_K)
    assert len(messages) == 2 and "через 6 дней" in messages[1].text
    assert messages[1].reply_markup is not None and "📝" in str(messages[1].reply_markup)
    await press_report_from(world, messages[1])


async def press_report_from(world: FakeWorld, digest: ChatMessage) -> None:
    """The digest's button opens the report flow."""
    world.mark_read(TEACHER_K)
    ask = await press(world, TEACHER_K, digest, "Семинар")
    assert "Отправьте фото" in ask.text
