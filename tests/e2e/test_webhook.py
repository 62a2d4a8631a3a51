"""Webhook mode: the fake Bot API posts updates to the bot as Telegram does (HTTPS address routed
to the local port, the secret token in a header); forged requests change nothing; /healthz and
/metrics answer; a stop keeps the webhook, so what arrives meanwhile is handled by the next run."""

from __future__ import annotations

import asyncio
import contextlib
import socket

import aiohttp
from pydantic import SecretStr
from sqlalchemy import func, select

from bot.config import Settings
from bot.factory import App, create_app
from bot.sandbox import FakeBotApi, FakeWorld
from db.models import InboxUpdate
from services.clock import FrozenClock
from tests.conftest import ADMIN_ID

PUBLIC = "https://bot.example.org/telegram"
SECRET = "s3cret_Token-42"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def no_sleep(_seconds: float) -> None:
    return None


class WebhookBot:
    def __init__(self, settings: Settings, clock: FrozenClock) -> None:
        self.settings, self.clock = settings, clock
        self.app: App | None = None
        self.task: asyncio.Task[None] | None = None

    async def start(self) -> App:
        self.app = await create_app(self.settings, clock=self.clock, retry_sleep=no_sleep)
        self.task = asyncio.create_task(self.app.run(webhook=True))
        return self.app

    async def stop(self) -> None:
        if self.app is not None and self.task is not None:
            self.app.stop()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self.task, 20)
            await self.app.close()
            self.app = self.task = None


async def inbox_rows(app: App) -> int:
    async with app.session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(InboxUpdate)) or 0)


async def test_updates_arrive_by_webhook_and_forged_ones_change_nothing(
    settings: Settings, fake: FakeBotApi, world: FakeWorld, clock: FrozenClock
) -> None:
    port = free_port()
    local = f"http://127.0.0.1:{port}"
    fake.webhooks.route(PUBLIC, f"{local}/telegram")
    hooked = settings.model_copy(
        update={"webhook_url": PUBLIC, "webhook_secret": SecretStr(SECRET), "webhook_port": port}
    )
    runner = WebhookBot(hooked, clock)
    app = await runner.start()
    try:
        world.add_user(ADMIN_ID, "Ольга")
        world.send_text(ADMIN_ID, "/start")
        assert "Здравствуйте" in (await world.expect(ADMIN_ID, timeout=10)).text
        assert fake.webhooks.url == PUBLIC and fake.webhooks.secret == SECRET
        # Telegram refuses getUpdates while a webhook is set; the bot never asked for it.
        assert fake.world.counters.requests["getUpdates"] == 0

        handled = await inbox_rows(app)
        forged = {"update_id": 999_999, "message": {"message_id": 1, "date": 0, "chat": {"id": ADMIN_ID, "type": "private"}, "from": {"id": ADMIN_ID, "is_bot": False, "first_name": "X"}, "text": "/help"}}  # fmt: skip
        async with aiohttp.ClientSession() as http:
            for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                async with http.post(f"{local}/telegram", json=forged, headers=headers) as answer:
                    assert answer.status == 401
            async with http.post(
                f"{local}/telegram", data=b"not json", headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            ) as answer:
                assert answer.status == 400
            await world.expect_nothing(ADMIN_ID)
            assert await inbox_rows(app) == handled

            async with http.get(f"{local}/healthz") as answer:
                assert answer.status == 200 and (await answer.json())["ok"] is True
            async with http.get(f"{local}/metrics") as answer:
                metrics = await answer.text()
        assert "bot_updates_total 1.0" in metrics
        assert "bot_inbox_pending 0.0" in metrics and "bot_outbox_pending 0.0" in metrics
        assert "bot_update_seconds_count 1.0" in metrics

        # Telegram delivers an update again (our answer was lost): handled once.
        update_id = world.send_text(ADMIN_ID, "/help")
        assert "/cancel" in (await world.expect(ADMIN_ID, timeout=10)).text
        sent = [m for m in world.chats[ADMIN_ID] if not m.from_bot][-1]
        world.redeliver(update_id, {"message": world.message_json(sent)})
        await world.expect_nothing(ADMIN_ID, wait=0.8)
    finally:
        await runner.stop()

    # Stopped: the webhook stays, and Telegram keeps what comes meanwhile for the next run.
    assert fake.webhooks.url == PUBLIC
    world.send_text(ADMIN_ID, "/menu")
    await asyncio.sleep(0.5)
    assert world.pending_updates == 1
    again = WebhookBot(hooked, clock)
    await again.start()
    try:
        assert "меню" in (await world.expect(ADMIN_ID, timeout=10)).text.lower()
    finally:
        await again.stop()


async def test_polling_after_webhooks_removes_the_webhook_first(
    settings: Settings, fake: FakeBotApi, world: FakeWorld, clock: FrozenClock
) -> None:
    await fake.webhooks.set({"url": PUBLIC, "secret_token": SECRET})
    app = await create_app(settings, clock=clock, retry_sleep=no_sleep)
    task = asyncio.create_task(app.run(polling_timeout=1))
    try:
        world.add_user(ADMIN_ID, "Ольга")
        world.send_text(ADMIN_ID, "/start")
        assert "Здравствуйте" in (await world.expect(ADMIN_ID, timeout=10)).text
        assert fake.webhooks.url is None
    finally:
        app.stop()
        await asyncio.wait_for(task, 20)
        await app.close()


def test_webhook_mode_needs_its_address_and_secret(tmp_path) -> None:
    from tests.harness import run_bot_cli

    done = run_bot_cli(tmp_path, "run", "--webhook", BOT_TOKEN="1:x")
    assert done.returncode == 2 and "WEBHOOK_URL" in done.stderr
    bad = run_bot_cli(
        tmp_path, "run", "--webhook", BOT_TOKEN="1:x", WEBHOOK_URL=PUBLIC, WEBHOOK_SECRET="has spaces!"
    )
    assert bad.returncode == 2 and "WEBHOOK_SECRET" in bad.stderr
