"""A simulated month of deadline alerts across time zones, driven by the injected clock."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ratelimit import RateLimiter
from bot.sandbox import FakeWorld
from db.engine import create_engine, create_session_factory
from db.models import (
    Alert,
    Digest,
    DigestStatus,
    Report,
    ReportStatus,
    User,
)
from db.repositories.alerts import AlertRepo
from services.alerts.sweep import AlertSweep
from services.clock import FrozenClock
from tests.conftest import ADMIN_ID
from tests.factories import (
    HEAD_K,
    HEAD_V,
    KALININGRAD,
    MINSK,
    TEACHER_K,
    VLADIVOSTOK,
    build_region,
    settle,
)
from tests.harness import AppRunner, eventually

ZONES = {TEACHER_K: KALININGRAD, HEAD_K: KALININGRAD, HEAD_V: VLADIVOSTOK, ADMIN_ID: MINSK}
Received = dict[int, list[tuple[datetime, str]]]


async def live_through_march(
    world: FakeWorld,
    clock: FrozenClock,
    ids: dict[str, int],
    sessions: Callable[[], async_sessionmaker[AsyncSession]],
    hour: Callable[[datetime], Awaitable[None]],
) -> Received:
    """March, an hour at a time: `hour` sweeps and sends; the teacher reports, late, on the
    25th (stored through the `sessions` of the moment). What each person received, at their
    local time."""
    received: Received = defaultdict(list)
    seen = {chat: len(world.bot_messages(chat)) for chat in ZONES}  # the /start answer is not an alert

    def collect() -> None:
        for chat, tz in ZONES.items():
            messages = world.bot_messages(chat)
            for message in messages[seen[chat] :]:
                received[chat].append((clock.now().astimezone(ZoneInfo(tz)), message.text or ""))
            seen[chat] = len(messages)

    clock.set(datetime(2026, 3, 1, 0, 0, tzinfo=UTC))
    while clock.now() < datetime(2026, 4, 1, tzinfo=UTC):
        now = clock.now()
        await hour(now)
        collect()
        if now == datetime(2026, 3, 25, 12, tzinfo=UTC):  # the teacher reports, late
            async with sessions()() as session, session.begin():
                session.add(
                    Report(
                        occurrence_id=ids["occurrence"],
                        item_id=ids["item"],
                        org_id=ids["k"],
                        author_id=ids["Анна"],
                        status=ReportStatus.SUBMITTED,
                        event_date=date(2026, 3, 24),
                        version=1,
                        submitted_at=now,
                    )
                )
        clock.advance(timedelta(hours=1))
    return received


def assert_the_month(received: Received) -> None:
    """Who heard what, when: the same whichever instances swept and sent."""

    def days(chat: int, text: str = "") -> list[tuple[str, str]]:
        return [
            (at.date().isoformat()[5:], at.strftime("%H:%M")) for at, body in received[chat] if text in body
        ]

    # The teacher, Kaliningrad: 7 and 1 days before, the day, then every 2 days until reported.
    assert days(TEACHER_K) == [
        ("03-13", "09:00"),
        ("03-19", "09:00"),
        ("03-20", "09:00"),
        ("03-22", "09:00"),
        ("03-24", "09:00"),
    ]
    assert "через 7 дней" in received[TEACHER_K][0][1] and "сегодня" in received[TEACHER_K][2][1]
    assert "просрочено на 2 дня" in received[TEACHER_K][3][1]
    # Her head hears of it once, the day after the deadline.
    assert days(HEAD_K) == [("03-21", "09:00")]
    assert "Школа Калининград" in received[HEAD_K][0][1]
    # Vladivostok has no teacher on it: its head is reminded directly, at 09:00 Vladivostok time,
    # and never reports.
    assert days(HEAD_V) == [
        ("03-13", "09:00"),
        ("03-19", "09:00"),
        ("03-20", "09:00"),
        ("03-22", "09:00"),
        ("03-24", "09:00"),
        ("03-26", "09:00"),
        ("03-28", "09:00"),
        ("03-30", "09:00"),
        ("04-01", "09:00"),  # 23:00 UTC on 31 March, still inside the simulated month
    ]
    # The region admin, Minsk: both schools escalated after three days, in one digest, and the
    # weekly summary every Monday morning.
    assert days(ADMIN_ID, "Итоги недели") == [
        ("03-02", "09:00"),
        ("03-09", "09:00"),
        ("03-16", "09:00"),
        ("03-23", "09:00"),
        ("03-30", "09:00"),
    ]
    assert days(ADMIN_ID, "🚨") == [("03-23", "09:00")]
    [escalation] = [body for _at, body in received[ADMIN_ID] if "🚨" in body]
    assert "🚨 Школа Калининград" in escalation and "🚨 Школа Владивосток" in escalation
    weekly_after = next(
        body for at, body in received[ADMIN_ID] if at.date() == date(2026, 3, 23) and "Итоги" in body
    )
    assert "Школа Владивосток: срок 1, сдано 0, просрочено 1" in weekly_after
    assert "Больше всего просрочено" in weekly_after
    # Nothing ever arrived in quiet hours (21:00–08:00 local).
    for chat in ZONES:
        assert all(8 <= at.hour < 21 for at, _body in received[chat])


async def test_a_month_of_alerts(app: AppRunner, world: FakeWorld, clock: FrozenClock) -> None:
    ids = await build_region(app, world)
    second = AlertSweep(
        create_session_factory(create_engine(app.settings.database_url_resolved)), clock, "Europe/Moscow"
    )
    # Simulated hours pass in milliseconds: the one-message-a-second-per-chat spacing is for real time.
    app.app.digests.limiter = RateLimiter(1000, per_chat_interval=0)

    async def hour(now: datetime) -> None:
        if now == datetime(2026, 3, 20, 12, tzinfo=UTC):
            await app.restart()
            app.app.digests.limiter = RateLimiter(1000, per_chat_interval=0)
        if now.date() == date(2026, 3, 22) and now.hour == 7:
            # The teacher's delivery moment, swept by two instances at once.
            results = await asyncio.gather(app.app.alerts.sweep(), second.sweep())
            assert sorted(r.digests for r in results) == [0, 1]
        else:
            await app.app.alerts.sweep()
        await settle(app)

    assert_the_month(await live_through_march(world, clock, ids, lambda: app.app.session_factory, hour))


async def test_a_crash_while_sending_never_sends_twice(
    app: AppRunner, world: FakeWorld, clock: FrozenClock
) -> None:
    await build_region(app, world)
    # 09:30 in Kaliningrad, 17:30 in Vladivostok: 7 days before, two digests to send.
    clock.set(datetime(2026, 3, 13, 7, 30, tzinfo=UTC))
    result = await app.app.alerts.sweep()
    assert result.digests == 2
    async with app.app.session_factory() as session, session.begin():
        taken = await AlertRepo(session).claim_next(clock.now())  # handed to Telegram, then the crash
    # The other digest goes out before the crash (the running sender may have it in hand
    # already): only the one taken above is in doubt when the bot stops.
    await app.app.digests.drain()
    assert await eventually(lambda: _others_sent(app, taken))
    clock.advance(timedelta(minutes=10))
    await app.restart()
    await app.app.digests.recover()
    await settle(app)
    async with app.app.session_factory() as session:
        statuses = dict((await session.execute(select(Digest.id, Digest.status))).all())
    assert statuses[taken] is DigestStatus.UNCONFIRMED  # in doubt, so not repeated
    assert sorted(statuses.values()) == [DigestStatus.SENT, DigestStatus.UNCONFIRMED]
    assert len(world.bot_messages(TEACHER_K)) + len(world.bot_messages(HEAD_V)) == 1
    # And the alert itself is never claimed again by a later sweep the same day.
    clock.advance(timedelta(hours=2))
    assert (await app.app.alerts.sweep()).digests == 0


async def _others_sent(app: AppRunner, taken: int | None) -> bool:
    async with app.app.session_factory() as session:
        rows = (await session.execute(select(Digest.id, Digest.status).where(Digest.id != taken))).all()
    return bool(rows) and all(status is DigestStatus.SENT for _id, status in rows)


async def test_a_blocked_teacher_s_alerts_go_to_the_head(
    app: AppRunner, world: FakeWorld, clock: FrozenClock
) -> None:
    await build_region(app, world)
    world.block(TEACHER_K)
    clock.set(datetime(2026, 3, 13, 7, 30, tzinfo=UTC))
    await app.app.alerts.sweep()
    await settle(app)
    async with app.app.session_factory() as session:
        teacher = await session.scalar(select(User).where(User.tg_id == TEACHER_K))
        assert teacher.is_reachable is False
    clock.advance(timedelta(hours=1))
    await app.app.alerts.sweep()
    await settle(app)
    [message] = world.bot_messages(HEAD_K)
    assert "через 7 дней" in message.text and "Семинар для педагогов" in message.text


async def test_a_backlog_is_recorded_over_several_sweeps_whole_users_at_a_time(
    app: AppRunner, world: FakeWorld, clock: FrozenClock
) -> None:
    await build_region(app, world)
    clock.set(datetime(2026, 3, 13, 7, 30, tzinfo=UTC))  # two people have an alert due now
    bounded = AlertSweep(app.app.session_factory, clock, "Europe/Moscow", max_alerts=1)
    first = await bounded.sweep()
    assert (first.digests, first.deferred) == (1, 1)
    second = await bounded.sweep()
    assert (second.digests, second.deferred) == (1, 0)
    assert (await bounded.sweep()).alerts == 0


async def test_one_reader_s_backlog_over_the_bound_goes_in_parts_one_digest_each(
    app: AppRunner, world: FakeWorld, clock: FrozenClock
) -> None:
    await build_region(app, world)
    # Both schools are three days late: the region admin is to be told of the two at once.
    clock.set(datetime(2026, 3, 23, 7, 30, tzinfo=UTC))
    bounded = AlertSweep(app.app.session_factory, clock, "Europe/Moscow", max_alerts=1)
    results = [await bounded.sweep()]
    while results[-1].deferred:
        results.append(await bounded.sweep())
        assert len(results) < 20
    assert all(result.alerts == 1 and result.digests == 1 for result in results)
    assert (await bounded.sweep()).alerts == 0
    async with app.app.session_factory() as session:
        admin = await session.scalar(select(User.id).where(User.tg_id == ADMIN_ID))
        parts = (
            await session.execute(
                select(Alert.digest_id, Alert.org_id, Alert.kind)
                .join(Digest, Digest.id == Alert.digest_id)
                .where(Digest.user_id == admin, Digest.kind == "alerts")
            )
        ).all()
        recorded = await session.scalar(select(func.count()).select_from(Alert))
    # Two escalations, one per school, each in a digest of its own; nothing recorded twice.
    assert sorted(kind for _digest, _org, kind in parts) == ["escalate_admin", "escalate_admin"]
    assert len({digest for digest, _org, _kind in parts}) == 2
    assert len({org for _digest, org, _kind in parts}) == 2
    assert recorded == sum(result.alerts for result in results)
