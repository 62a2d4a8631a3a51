"""Webhook mode: Telegram posts each update to us; the same inbox and runner as long polling.

An update is answered 200 only once it is stored in the update inbox (the answer is Telegram's
confirmation), then handled like a polled one: in order per chat, exactly-once effects, and the
ones in hand finish when the bot stops. A request without the secret token Telegram was given
(`X-Telegram-Bot-Api-Secret-Token`) is refused and changes nothing; so is everything while
stopping (503: Telegram delivers it again, to the next run). `/healthz` says whether the
database answers, `/metrics` gives the Prometheus figures.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.chat_locks import ChatLocks
from bot.metrics import CONTENT_TYPE, Metrics
from bot.polling import SHUTDOWN_GRACE, UpdateRunner, payload_of, resume_pending
from bot.redis_errors import REDIS_DOWN
from bot.send_errors import wait_or_stop
from db.repositories.inbox import UpdateInbox
from db.unit_of_work import reading
from services.clock import Clock

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 (the header's name, not a secret)
UPDATES_PATH = "/telegram"
HEALTH_TIMEOUT = 2.0  # seconds Redis gets to answer a health check


class WebhookServer:
    def __init__(
        self,
        dp: Dispatcher,
        bot: Bot,
        inbox: UpdateInbox,
        clock: Clock,
        session_factory: async_sessionmaker[AsyncSession],
        secret: str,
        metrics: Metrics,
        redis: Redis | None = None,
        chat_locks: ChatLocks | None = None,
    ) -> None:
        self._bot, self._inbox, self._clock = bot, inbox, clock
        self._redis = redis
        self._session_factory = session_factory
        self._secret = secret.encode()
        self._metrics = metrics
        self.runner = UpdateRunner(dp, bot, inbox, clock, metrics, chat_locks)
        self.accepting = True

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=2 * 2**20)
        app.router.add_post(UPDATES_PATH, self._update)
        app.router.add_get("/healthz", self._health)
        app.router.add_get("/metrics", self._metrics_page)
        return app

    async def _update(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning("a webhook request without the right secret token was refused")
            return web.Response(status=401, text="unauthorized")
        if not self.accepting:
            return web.Response(status=503, text="stopping")
        try:
            update = Update.model_validate(await request.json(), context={"bot": self._bot})
        except (ValueError, ValidationError):
            return web.Response(status=400, text="not an update")
        try:
            fresh = await self._inbox.accept([(update.update_id, payload_of(update))], self._clock.now())
        except Exception:  # not stored, so not confirmed: Telegram delivers it again
            log.exception("could not store update %s", update.update_id)
            return web.Response(status=500, text="try again")
        if update.update_id in fresh:
            self.runner.submit(update)
        else:
            log.info("update %s was delivered again, skipping", update.update_id)
        return web.Response(text="ok")

    async def _health(self, request: web.Request) -> web.Response:
        """200 when the database (and Redis, if configured) answer; 503 naming what does not."""
        found: dict[str, str] = {}
        try:
            async with reading(self._session_factory) as repos:
                await repos.health.ping()
            found["database"] = "ok"
        except Exception as exc:
            found["database"] = type(exc).__name__
        if self._redis is not None:
            try:
                await asyncio.wait_for(self._redis.ping(), HEALTH_TIMEOUT)
                found["redis"] = "ok"
            except (*REDIS_DOWN, TimeoutError) as exc:
                found["redis"] = type(exc).__name__
        ok = all(value == "ok" for value in found.values())
        return web.json_response({"ok": ok, **found}, status=200 if ok else 503)

    async def _metrics_page(self, request: web.Request) -> web.Response:
        body = await self._metrics.render(self._session_factory)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})


async def serve_webhook(
    dp: Dispatcher,
    bot: Bot,
    stop: asyncio.Event,
    inbox: UpdateInbox,
    clock: Clock,
    session_factory: async_sessionmaker[AsyncSession],
    metrics: Metrics,
    *,
    url: str,
    secret: str,
    host: str,
    port: int,
    allowed_updates: Sequence[str] | None = None,
    shutdown_grace: float = SHUTDOWN_GRACE,
    redis: Redis | None = None,
    peers: Peers | None = None,
) -> None:
    """Serve Telegram's posts until `stop`. With `peers` (other instances take posts too) a
    chat's updates take turns through Redis, and only updates none of them can still be
    handling are resumed: at the start, and every minute on the instance that leads."""
    locks = peers.chat_locks if peers is not None else None
    server = WebhookServer(dp, bot, inbox, clock, session_factory, secret, metrics, redis, locks)

    def stale_moment() -> datetime | None:
        return clock.now() - peers.resume_older_than if peers is not None else None

    if not await resume_pending(server.runner, inbox, bot, stop, stale_moment()):
        return
    watcher = asyncio.create_task(_pick_up_stale(server.runner, inbox, bot, stop, peers, stale_moment))
    site_runner = web.AppRunner(server.make_app(), access_log=None, shutdown_timeout=shutdown_grace)
    await site_runner.setup()
    site = web.TCPSite(site_runner, host, port)
    await site.start()
    try:
        # Updates Telegram holds for us are kept: they arrive now, none is dropped.
        await bot.set_webhook(
            url, secret_token=secret, allowed_updates=list(allowed_updates or []), drop_pending_updates=False
        )
        log.info("webhook set; serving updates on %s:%s%s", host, port, UPDATES_PATH)
        await stop.wait()
    finally:
        server.accepting = False  # Telegram gets 503 and delivers again, to the next run
        watcher.cancel()
        await asyncio.gather(watcher, return_exceptions=True)
        await server.runner.drain(shutdown_grace)
        await site_runner.cleanup()


@dataclass(frozen=True)
class Peers:
    """Other instances take webhook posts at the same time (behind a balancer)."""

    resume_older_than: timedelta  # an update stored this long ago and not handled was left by one that died
    leading: Callable[[], bool]  # whether this instance is the one to pick such updates up
    chat_locks: ChatLocks  # a chat's updates take turns across the instances
    every: float = 60.0  # seconds between looks


async def _pick_up_stale(
    runner: UpdateRunner,
    inbox: UpdateInbox,
    bot: Bot,
    stop: asyncio.Event,
    peers: Peers | None,
    stale_moment: Callable[[], datetime | None],
) -> None:
    """Updates another instance stored and then died with: handled by the leader, a minute on."""
    if peers is None:
        return
    while not stop.is_set():
        await wait_or_stop(stop, peers.every)
        if not stop.is_set() and peers.leading():
            await resume_pending(runner, inbox, bot, stop, stale_moment())
