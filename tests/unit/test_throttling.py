from types import SimpleNamespace

from bot.i18n import I18n
from bot.middlewares import ThrottlingMiddleware


class FakeTime:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class RecordingBot:
    def __init__(self) -> None:
        self.sent: list[tuple[int, str]] = []

    async def send_message(self, chat_id: int, text: str) -> None:
        self.sent.append((chat_id, text))


async def test_burst_passes_flood_is_dropped_with_one_warning() -> None:
    clock = FakeTime()
    middleware = ThrottlingMiddleware(I18n(), burst=5, rate=1.0, inbox=None, clock=None, monotonic=clock)
    bot = RecordingBot()
    handled: list[int] = []

    async def handler(event: object, data: dict) -> None:
        handled.append(1)

    user = SimpleNamespace(id=7, language_code="en")
    for _ in range(8):
        await middleware(handler, object(), {"event_from_user": user, "bot": bot})
    assert len(handled) == 5
    assert bot.sent == [(7, "Too many messages in a row. Please wait a few seconds.")]

    clock.now += 2.0  # two tokens back
    for _ in range(3):
        await middleware(handler, object(), {"event_from_user": user, "bot": bot})
    assert len(handled) == 7
    assert len(bot.sent) == 2


async def test_users_do_not_share_a_bucket() -> None:
    middleware = ThrottlingMiddleware(I18n(), burst=1, rate=0.1, inbox=None, clock=None, monotonic=FakeTime())
    bot = RecordingBot()
    handled: list[int] = []

    async def handler(event: object, data: dict) -> None:
        handled.append(data["event_from_user"].id)

    for user_id in (1, 2, 1):
        await middleware(
            handler,
            object(),
            {"event_from_user": SimpleNamespace(id=user_id, language_code="ru"), "bot": bot},
        )
    assert handled == [1, 2]


async def test_dropped_updates_count_as_handled_so_a_restart_does_not_replay_them() -> None:
    """On the old main a throttled update never reached the unit of work, stayed pending in the
    inbox and was answered again after every restart."""
    from aiogram.types import Update

    middleware = ThrottlingMiddleware(I18n(), burst=2, rate=0.0, inbox=None, clock=None, monotonic=FakeTime())
    handled_read_only: list[int] = []

    async def handler(event: object, data: dict) -> None:
        return None

    user = SimpleNamespace(id=7, language_code="ru")
    for update_id in range(1, 6):
        data = {"event_from_user": user, "bot": RecordingBot(), "handled_read_only": handled_read_only}
        await middleware(handler, Update(update_id=update_id), data)
    assert handled_read_only == [3, 4, 5]


async def test_memory_is_bounded_and_forgets_the_user_idle_longest() -> None:
    """On the old main the whole table was cleared at 100,000 users: every flooder was forgiven."""
    clock = FakeTime()
    middleware = ThrottlingMiddleware(
        I18n(), burst=1, rate=0.001, inbox=None, clock=None, monotonic=clock, max_users=3
    )
    handled: list[int] = []

    async def handler(event: object, data: dict) -> None:
        handled.append(data["event_from_user"].id)

    async def feed(user_id: int) -> None:
        clock.now += 0.01
        user = SimpleNamespace(id=user_id, language_code="ru")
        await middleware(handler, object(), {"event_from_user": user, "bot": RecordingBot()})

    for user_id in (1, 2, 3, 1, 4):  # 1 is used again, so 2 is the one idle longest when 4 comes
        await feed(user_id)
    assert middleware.tracked_users == 3
    handled.clear()
    await feed(1)  # still remembered: its bucket is empty
    await feed(2)  # forgotten: a fresh bucket
    assert handled == [2]
