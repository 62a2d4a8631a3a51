"""The composition root: one function builds the app for production, the sandbox and tests."""

from __future__ import annotations

import asyncio
import enum
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.redis import RedisStorage
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.broadcaster import BroadcastSender
from bot.callback_answers import AnswerOnce
from bot.chat_locks import ChatLocks
from bot.commands import CommandRegistry
from bot.config import Settings
from bot.digests import DigestSender
from bot.fsm_storage import DatabaseStorage
from bot.i18n import I18n
from bot.leader import Leadership
from bot.metrics import Metrics
from bot.middlewares import ThrottlingMiddleware, UnitOfWorkMiddleware, ViewerMiddleware
from bot.monthly import MonthlySender
from bot.notices import NoticeCoalescer
from bot.polling import SHUTDOWN_GRACE, poll
from bot.ratelimit import RateLimiter
from bot.request_retry import RetryAfterMiddleware
from bot.scheduler import RunningJobs, build_scheduler
from bot.send_errors import SEND_FAILURES, classify
from bot.shared_limit import SharedRateLimiter
from bot.unit_of_work import SettleBeforeRequest, current_unit
from bot.update_dedupe import DedupedInbox
from bot.viewer_sync import SharedViewerCache
from bot.webhook import Peers, serve_webhook
from db.engine import create_engine, create_session_factory
from db.migrate import upgrade
from db.repositories.inbox import INBOX_RETENTION, UpdateInbox
from db.unit_of_work import reading
from handlers import get_routers
from handlers.album_sync import SharedAlbumCollector
from handlers.albums import AlbumCollector
from services.alerts.sweep import AlertSweep, SweepResult
from services.clock import Clock, SystemClock
from services.evidence import EvidenceStore
from services.users import ViewerCache

log = logging.getLogger(__name__)
ORPHAN_GRACE_SECONDS = 24 * 3600
# An export's file lives while it is written and sent; one left behind was cut off by a crash.
EXPORT_GRACE_SECONDS = 3600


def remove_stale_exports(folder: Path, older_than: float) -> int:
    """Export files and parts a crash left behind (another instance's fresh ones stay)."""
    removed = 0
    for path in sorted(folder.glob("**/*"), reverse=True) if folder.is_dir() else []:
        if path.is_file() and path.stat().st_mtime < older_than:
            path.unlink(missing_ok=True)
            removed += 1
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return removed


class Part(enum.Enum):
    """What an instance does; with several instances, some parts run on the leader alone."""

    UPDATES = "updates"  # poll (or serve webhooks) and handle
    SENDS = "sends"  # digests, monthly reports, broadcasts
    SWEEPS = "sweeps"  # the alert sweep and upkeep: one instance at a time


ALL_PARTS = frozenset(Part)
# An update stored this long ago and still not handled was left by an instance that died.
PEER_RESUME_AGE = timedelta(minutes=2)
PEER_CHECK_SECONDS = 60.0  # how often the leader looks for such updates


class MissingTokenError(RuntimeError):
    pass


class WebhookNotConfiguredError(RuntimeError):
    pass


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    bot: Bot
    dp: Dispatcher
    i18n: I18n
    clock: Clock
    commands: CommandRegistry
    alerts: AlertSweep
    digests: DigestSender
    monthly: MonthlySender
    broadcasts: BroadcastSender
    limiter: RateLimiter
    metrics: Metrics = field(default_factory=Metrics)
    redis: Redis | None = None
    viewers: ViewerCache | None = None
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    leading: bool = False  # with a lease: while this instance holds it (sweeps, and polls)
    redis_namespace: str = "plan-bot"  # what this bot's keys in Redis begin with
    shutdown_grace: float = SHUTDOWN_GRACE  # seconds the updates in hand get when stopping

    async def run(self, *, polling_timeout: int = 25, webhook: bool = False) -> None:
        """Poll (or, with `webhook`, serve Telegram's posts) until `stop()`; the caller owns
        signal handling.

        With INSTANCE_LEASE_SECONDS, several instances share the database: the leader sweeps
        (and polls); without Redis the others only wait to take over, with Redis every instance
        sends (one rate limit for all) and, in webhook mode, handles the updates it is posted.
        """
        listener = None
        if isinstance(self.viewers, SharedViewerCache):
            listener = asyncio.create_task(self.viewers.listen(self.stop_event))
        try:
            await self._run(polling_timeout, webhook)
        finally:
            self.stop_event.set()
            if listener is not None:
                await listener

    async def _run(self, polling_timeout: int, webhook: bool) -> None:
        if self.settings.instance_lease_seconds <= 0:
            await self._work(self.stop_event, polling_timeout, webhook, ALL_PARTS)
            return
        if self.redis is None:
            await self._lead(polling_timeout, webhook, ALL_PARTS)
            return
        shared = {Part.SENDS} | ({Part.UPDATES} if webhook else set())
        everywhere = asyncio.create_task(
            self._work(self.stop_event, polling_timeout, webhook, frozenset(shared))
        )
        # If the part every instance does fails (a webhook without its address), all stops.
        everywhere.add_done_callback(lambda _done: self.stop_event.set())
        try:
            await self._lead(polling_timeout, webhook, ALL_PARTS - shared)
        finally:
            self.stop_event.set()
            await everywhere

    async def _lead(self, polling_timeout: int, webhook: bool, parts: frozenset[Part]) -> None:
        """Wait for the lease, do `parts` while holding it, and wait again if it is lost."""
        leadership = Leadership(self.session_factory, self.settings.instance_lease_seconds)
        while await leadership.wait_to_lead(self.stop_event):
            lost, done = asyncio.Event(), asyncio.Event()
            work_stop = asyncio.Event()
            keeper = asyncio.create_task(leadership.keep(done, lost))
            relay = asyncio.create_task(_first_of(self.stop_event, lost, then=work_stop))
            self.leading = True
            self.metrics.leader.set(1)
            try:
                await self._work(work_stop, polling_timeout, webhook, parts)
            finally:
                self.leading = False
                self.metrics.leader.set(0)
                done.set()
                relay.cancel()
                await asyncio.gather(keeper, relay, return_exceptions=True)
                if not lost.is_set():
                    await leadership.give_back()
            if not lost.is_set():
                return  # stopped

    async def _work(
        self, stop: asyncio.Event, polling_timeout: int, webhook: bool, parts: frozenset[Part]
    ) -> None:
        """What this instance does (`parts` of everything the bot does), until `stop`."""
        if Part.SWEEPS in parts:
            # Another instance may have swept while this one waited: its first sweep reads all.
            self.alerts.forget()
            await self.remove_orphaned_evidence()
            await asyncio.to_thread(
                remove_stale_exports, self.settings.data_dir / "exports", time.time() - EXPORT_GRACE_SECONDS
            )
        if Part.UPDATES in parts:
            if not webhook:
                await self.bot.delete_webhook(drop_pending_updates=False)
            me = await self.bot.me()
            log.info("%s as @%s", "webhook" if webhook else "polling", me.username)
            try:
                await self.commands.set_defaults(self.bot)
            except SEND_FAILURES as exc:  # a cosmetic failure must not keep the bot down
                log.warning("could not register the command list: %s", classify(exc).code)
        senders = []
        if Part.SENDS in parts:
            senders = [
                asyncio.create_task(self.digests.run(stop)),
                asyncio.create_task(self.monthly.run(stop)),
                asyncio.create_task(self.broadcasts.run(stop)),
            ]
        jobs = RunningJobs()
        scheduler = None
        if Part.SWEEPS in parts:
            every = self.settings.alert_sweep_seconds
            sweep = self.sweep_alerts if every > 0 else None
            scheduler = build_scheduler(sweep, every, self.prune_inbox, jobs)
            scheduler.start()
        try:
            if Part.UPDATES not in parts:
                await stop.wait()
            elif webhook:
                await self._serve_webhook(stop)
            else:
                await poll(
                    self.dp,
                    self.bot,
                    stop,
                    self.inbox(),
                    self.clock,
                    polling_timeout=polling_timeout,
                    allowed_updates=self.dp.resolve_used_update_types(),
                    shutdown_grace=self.shutdown_grace,
                    metrics=self.metrics,
                )
        finally:
            if scheduler is not None:
                scheduler.pause()  # no new runs; the ones in progress finish
                await jobs.finish(self.shutdown_grace)
                scheduler.shutdown(wait=False)
            stop.set()
            await asyncio.gather(*senders)

    def inbox(self) -> UpdateInbox:
        """The update inbox, with Redis turning away copies other instances already stored."""
        if self.redis is not None:
            return DedupedInbox(self.session_factory, self.redis, self.redis_namespace)
        return UpdateInbox(self.session_factory)

    async def _serve_webhook(self, stop: asyncio.Event) -> None:
        settings = self.settings
        if not settings.webhook_url or settings.webhook_secret is None:
            raise WebhookNotConfiguredError("WEBHOOK_URL and WEBHOOK_SECRET")
        await serve_webhook(
            self.dp,
            self.bot,
            stop,
            self.inbox(),
            self.clock,
            self.session_factory,
            self.metrics,
            redis=self.redis,
            # Other instances take webhook posts too: only what none of them can still be
            # handling (left by one that died) is resumed, by the leader.
            peers=Peers(
                PEER_RESUME_AGE,
                lambda: self.leading,
                ChatLocks(self.redis, namespace=self.redis_namespace),
                PEER_CHECK_SECONDS,
            )
            if self.shares_updates
            else None,
            url=settings.webhook_url,
            secret=settings.webhook_secret.get_secret_value(),
            host=settings.webhook_host,
            port=settings.webhook_port,
            allowed_updates=self.dp.resolve_used_update_types(),
            shutdown_grace=self.shutdown_grace,
        )

    async def sweep_alerts(self) -> SweepResult:
        """One alert sweep, then wake the sender for what it recorded."""
        try:
            result = await self.alerts.sweep()
        except Exception:  # the next tick tries again; the job must not die
            log.exception("alert sweep failed")
            return SweepResult()
        if result.digests or result.weekly:
            self.digests.wake()
        if result.monthly:
            self.monthly.wake()
        return result

    async def prune_inbox(self) -> int:
        """Forget updates handled more than a week ago; the inbox must not grow without bound."""
        try:
            removed = await UpdateInbox(self.session_factory).forget_handled_before(
                self.clock.now() - INBOX_RETENTION
            )
        except Exception:  # the next tick tries again
            log.exception("inbox upkeep failed")
            return 0
        if removed:
            log.info("forgot %d handled updates", removed)
        return removed

    @property
    def shares_updates(self) -> bool:
        """Whether other instances handle updates at the same time (webhooks behind a balancer)."""
        return self.redis is not None and self.settings.instance_lease_seconds > 0

    def stop(self) -> None:
        self.stop_event.set()

    async def remove_orphaned_evidence(self) -> None:
        # A day's grace: a file whose update is still to be replayed from the inbox keeps its bytes.
        async with reading(self.session_factory) as repos:
            known = await repos.reports.evidence_hashes()
        store = EvidenceStore(self.settings.data_dir / "evidence")
        removed = await asyncio.to_thread(store.remove_orphans, known, time.time() - ORPHAN_GRACE_SECONDS)
        if removed:
            log.info("removed %d evidence files no report or draft refers to", removed)

    async def close(self) -> None:
        await self.dp["albums"].close()
        await self.dp["join_notices"].close()
        await self.bot.session.close()
        await self.dp.storage.close()
        if self.redis is not None:
            await self.redis.aclose()
        await self.engine.dispose()


async def _first_of(*events: asyncio.Event, then: asyncio.Event) -> None:
    """Set `then` as soon as any of `events` is set."""
    waits = [asyncio.create_task(event.wait()) for event in events]
    try:
        await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        then.set()
    finally:
        for waiting in waits:
            waiting.cancel()


def after_this_update(wake: Callable[[], None]) -> Callable[[], None]:
    """A sender's wake-up called by a handler: it takes effect once the handler's rows are
    committed, so the woken sender never looks before they are there."""

    def wake_after_commit() -> None:
        unit = current_unit.get()
        if unit is not None and not unit.closed:
            unit.after_commit(wake)
        else:
            wake()

    return wake_after_commit


def redis_namespace(settings: Settings) -> str:
    """Where this bot's keys live in Redis: update ids, chats and limits are a bot's own, so two
    bots (a test bot and the real one) may share a Redis. The token's first part is the bot's
    public id, not the secret."""
    token = settings.bot_token.get_secret_value() if settings.bot_token is not None else ""
    return f"plan-bot:{token.split(':', 1)[0]}"


def make_bot(
    settings: Settings,
    retry_sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    limiter: RateLimiter | None = None,
    answers: AnswerOnce | None = None,
    metrics: Metrics | None = None,
) -> Bot:
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        raise MissingTokenError("BOT_TOKEN")
    http = AiohttpSession(
        api=TelegramAPIServer.from_base(settings.telegram_api_url) if settings.telegram_api_url else None,
        timeout=settings.telegram_timeout,
    )
    # Outermost first: settle the update's transaction once, before any attempt (and before any
    # wait for a 429); then the press is answered at most once; then 429s are waited out.
    http.middleware(SettleBeforeRequest())
    http.middleware(answers or AnswerOnce())

    def on_retry_after(seconds: float) -> None:
        if limiter is not None:
            limiter.pause(seconds)
        if metrics is not None:
            metrics.saw_retry_after(seconds)

    http.middleware(RetryAfterMiddleware(sleep=retry_sleep, on_retry_after=on_retry_after))
    return Bot(
        token=settings.bot_token.get_secret_value(),
        session=http,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )


def make_dispatcher(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    i18n: I18n,
    clock: Clock,
    commands: CommandRegistry,
    *,
    storage: BaseStorage | None = None,
    viewers: ViewerCache | None = None,
    albums: AlbumCollector | None = None,
) -> Dispatcher:
    dp = Dispatcher(storage=storage or DatabaseStorage(session_factory, clock))
    dp["i18n"] = i18n
    dp["clock"] = clock
    dp["commands"] = commands
    dp["session_factory"] = session_factory
    dp["data_dir"] = settings.data_dir
    dp["admin_ids"] = settings.admin_ids
    dp["default_timezone"] = settings.default_timezone
    dp["albums"] = albums or AlbumCollector(settings.album_wait_seconds)
    dp.update.outer_middleware(
        ThrottlingMiddleware(
            i18n,
            burst=settings.throttle_burst,
            rate=settings.throttle_rate,
            inbox=UpdateInbox(session_factory),
            clock=clock,
        )
    )
    viewers = viewers or ViewerCache(ttl=settings.identity_cache_seconds)
    dp.update.outer_middleware(
        UnitOfWorkMiddleware(session_factory, clock, viewers, settings.default_timezone, settings.admin_ids)
    )
    dp.update.outer_middleware(ViewerMiddleware(i18n, viewers))
    dp.include_routers(*get_routers())
    return dp


async def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    retry_sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> App:
    redis = Redis.from_url(settings.redis_url) if settings.redis_url else None
    namespace = redis_namespace(settings)
    limiter = (
        SharedRateLimiter(redis, settings.send_rate, namespace=namespace)
        if redis
        else RateLimiter(settings.send_rate)
    )
    answers = AnswerOnce()
    metrics = Metrics()
    bot = make_bot(settings, retry_sleep, limiter, answers, metrics)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    url = settings.database_url_resolved
    await upgrade(url)
    engine = create_engine(url)
    session_factory = create_session_factory(engine)
    clock = clock or SystemClock()
    i18n = I18n(settings.default_locale)
    commands = CommandRegistry(i18n)
    viewers: ViewerCache
    storage: BaseStorage | None = None
    albums: AlbumCollector | None = None
    if redis is not None:
        viewers = SharedViewerCache(redis, ttl=settings.identity_cache_seconds, namespace=namespace)
        storage = RedisStorage(
            redis, key_builder=DefaultKeyBuilder(prefix=f"{namespace}:fsm", with_destiny=True)
        )
        albums = SharedAlbumCollector(redis, settings.album_wait_seconds, namespace=namespace)
    else:
        viewers = ViewerCache(ttl=settings.identity_cache_seconds)
    dp = make_dispatcher(
        settings, session_factory, i18n, clock, commands, storage=storage, viewers=viewers, albums=albums
    )
    dp["callback_answers"] = answers
    dp["join_notices"] = NoticeCoalescer(bot.send_message, settings.notice_window_seconds)
    alerts = AlertSweep(
        session_factory,
        clock,
        settings.default_timezone,
        overdue_horizon_days=settings.alert_overdue_horizon_days,
        max_alerts=settings.alert_sweep_max_alerts,
    )
    digests = DigestSender(session_factory, bot, i18n, clock, limiter, settings.default_timezone)
    # With Redis and a lease every instance sends: none may take back rows another still holds.
    broadcasts = BroadcastSender(
        session_factory,
        bot,
        i18n,
        clock,
        limiter,
        settings.broadcast_in_flight,
        exclusive=redis is None or settings.instance_lease_seconds <= 0,
    )
    monthly = MonthlySender(
        session_factory, bot, i18n, clock, limiter, settings.default_timezone, settings.data_dir
    )
    dp["wake_broadcasts"] = after_this_update(broadcasts.wake)
    dp["wake_digests"] = after_this_update(digests.wake)
    return App(
        settings,
        engine,
        session_factory,
        bot,
        dp,
        i18n,
        clock,
        commands,
        alerts,
        digests,
        monthly,
        broadcasts,
        limiter,
        metrics,
        redis,
        viewers,
        redis_namespace=namespace,
    )
