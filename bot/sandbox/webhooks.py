"""Webhooks in the fake Bot API, as Telegram does them: `setWebhook` takes an HTTPS address and
a secret token, then every update is posted there (with the token in
`X-Telegram-Bot-Api-Secret-Token`) until the bot answers 200, in order, again and again after a
pause while it does not; getUpdates is refused meanwhile. A test routes the public address to
the bot's local port (or, as a balancer, to several instances' ports), as a reverse proxy would."""

from __future__ import annotations

import asyncio
import contextlib
import re

import aiohttp

from bot.sandbox.strict import bad_request
from bot.sandbox.world import FakeWorld, JsonDict

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (the header's name)
RETRY_PAUSE = 0.3  # Telegram waits longer; the order and the retry are what matter
SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class WebhookDelivery:
    def __init__(self, world: FakeWorld) -> None:
        self._world = world
        self.url: str | None = None
        self.secret: str | None = None
        # public https address → where the bot listens: several instances behind a balancer
        # take the posts in turn (a refused post is retried at the next one).
        self.routes: dict[str, list[str]] = {}
        self.posted = 0
        self.refused = 0  # answers other than 200
        self._task: asyncio.Task[None] | None = None

    def route(self, public_url: str, *local_urls: str) -> None:
        self.routes[public_url] = list(local_urls)

    async def set(self, params: JsonDict) -> bool:
        url = str(params.get("url") or "")
        if not url:
            await self.delete(bool(params.get("drop_pending_updates")))
            return True
        if not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not SECRET.fullmatch(str(secret)):
            raise bad_request("bad webhook: secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._world.drop_updates()
        self.url, self.secret = url, str(secret) if secret is not None else None
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self._deliver(), name="fake-webhook")
        return True

    async def delete(self, drop_pending: bool = False) -> None:
        self.url = self.secret = None
        if drop_pending:
            self._world.drop_updates()
        await self.stop()

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def info(self) -> JsonDict:
        return {
            "url": self.url or "",
            "has_custom_certificate": False,
            "pending_update_count": self._world.pending_updates,
        }

    async def _deliver(self) -> None:
        world = self._world
        async with aiohttp.ClientSession() as http:
            while self.url is not None:
                update = world.first_update()
                if update is None:
                    await world.updates_available.wait()
                    continue
                targets = self.routes.get(self.url) or [self.url]
                target = targets[self.posted % len(targets)]
                headers = {SECRET_HEADER: self.secret} if self.secret else {}
                try:
                    async with http.post(
                        target, json=update, headers=headers, timeout=aiohttp.ClientTimeout(total=10)
                    ) as answer:
                        delivered = answer.status == 200
                except (aiohttp.ClientError, TimeoutError):
                    delivered = False
                self.posted += 1
                if delivered:
                    world.confirm(update)
                else:
                    self.refused += 1
                    await asyncio.sleep(RETRY_PAUSE)
