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
    middleware = ThrottlingMiddleware(I18n(), burst=5, rate=1.0, monotonic=clock)
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
    middleware = ThrottlingMiddleware(I18n(), burst=1, rate=0.1, monotonic=FakeTime())
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
