"""Sends the digests the alert sweep recorded: one message per digest, in the user's language,
under the shared rate limiter, several in flight.

A digest is claimed (pending → sending) in its own committed transaction before the message
goes out, and marked sent after. A crash in between leaves it "sending"; at the next start such
digests become "unconfirmed" and are not sent again: at most the one message in flight per
sender is in doubt, and it is never doubled.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import timedelta
from functools import partial
from html import escape
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.backoff import Backoff
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import I18n
from bot.outgoing import Sender
from bot.ratelimit import RateLimiter
from bot.send_errors import (
    LOOP_BACKOFF,
    RETRY_DELAYS,
    SEND_FAILURES,
    classify,
    retried_until_done,
    wait_or_stop,
    with_retries,
)
from bot.text import chunk_lines
from bot.views.digests import DigestLine, digest_keyboard, digest_lines, weekly_lines
from db.models import Digest, DigestStatus, User
from db.repositories import Repositories
from db.unit_of_work import reading, transaction
from services.alerts.monthly import MONTHLY
from services.alerts.prefs import in_quiet, quiet_hours
from services.clock import Clock, local_today
from services.errors import ChatUnreachable
from services.nudges import NUDGE

log = logging.getLogger(__name__)
IN_FLIGHT_LEASE = timedelta(minutes=5)
STOP_GRACE = 10.0  # seconds a worker gets to finish its digest when the bot stops
BUTTONS = 8


class DigestSender(Sender):
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        bot: Bot,
        i18n: I18n,
        clock: Clock,
        limiter: RateLimiter,
        default_timezone: str,
        workers: int = 4,
        retry_delays: Sequence[float] = RETRY_DELAYS,
    ) -> None:
        super().__init__(bot, i18n, clock, limiter, retry_delays)
        self._session_factory = session_factory
        self._default_timezone = default_timezone
        self._workers = workers

    async def recover(self) -> int:
        async with transaction(self._session_factory) as repos:
            abandoned = await repos.alerts.abandon_in_flight(self._clock.now() - IN_FLIGHT_LEASE)
        if abandoned:
            log.warning("%d digests were being sent when the bot stopped; not sent again", abandoned)
        return abandoned

    async def run(self, stop: asyncio.Event) -> None:
        """Send until stopped; a database error at start (a lock held long by a sweep) is waited
        out like any other, never the end of the sender."""
        await retried_until_done(self.recover, stop, "digest sender could not start")
        workers = [asyncio.create_task(self._work(stop)) for _ in range(self._workers)]
        try:
            await stop.wait()
            # Each worker finishes the digest in hand (its transactions with it) and goes; one
            # cancelled inside a transaction would leave its connection holding the write lock.
            self._wake.set()
            await asyncio.wait(workers, timeout=STOP_GRACE)
        finally:
            for worker in workers:
                worker.cancel()
            await asyncio.gather(*workers, return_exceptions=True)

    async def _work(self, stop: asyncio.Event) -> None:
        """Send until stopped; a database or network error is logged and waited out, never the end."""
        backoff = Backoff(config=LOOP_BACKOFF)
        while not stop.is_set():
            # Cleared before looking, not after: a wake while this worker looks is kept.
            self._wake.clear()
            try:
                sent = await self.send_next()
            except Exception:
                log.exception("digest sender failed; trying again")
                await wait_or_stop(stop, next(backoff))
                continue
            backoff.reset()
            if not sent:
                # Woken by new digests or by the stop; the timeout catches another instance's.
                waits = [asyncio.create_task(self._wake.wait()), asyncio.create_task(stop.wait())]
                await asyncio.wait(waits, timeout=30, return_when=asyncio.FIRST_COMPLETED)
                for waiting in waits:
                    waiting.cancel()

    async def drain(self) -> int:
        """Send every pending digest now (one sender); how many were handled."""
        handled = 0
        while await self.send_next():
            handled += 1
        return handled

    # What this sender claims: every kind but the monthly reports (files, sent by bot/monthly.py).
    kinds: tuple[str, ...] | None = None
    skipped_kinds: tuple[str, ...] = (MONTHLY,)

    async def send_next(self) -> bool:
        """Claim the oldest pending digest, deliver it, record how that went; False if none."""
        async with transaction(self._session_factory) as repos:
            digest_id = await repos.alerts.claim_next(self._clock.now(), self.kinds, self.skipped_kinds)
        if digest_id is None:
            return False
        status, error = DigestStatus.SENT, None
        user: User | None = None
        try:
            async with reading(self._session_factory) as repos:
                found = await repos.alerts.digest(digest_id)
            if found is None:
                return True
            digest, user = found
            await self.deliver(digest, user)
        except ChatUnreachable:
            status = DigestStatus.UNREACHABLE
        except SEND_FAILURES as exc:
            if isinstance(exc, TelegramRetryAfter):  # the retry middleware gave up waiting
                self.limiter.pause(exc.retry_after)
            status, error = DigestStatus.FAILED, classify(exc).code
        except Exception:  # a bug in one digest must not stop the others
            log.exception("digest %s could not be sent", digest_id)
            status, error = DigestStatus.FAILED, "internal error"
        async with transaction(self._session_factory) as repos:
            await repos.alerts.finish(digest_id, status, self._clock.now(), error)
            if status is DigestStatus.UNREACHABLE and user is not None:
                await repos.alerts.mark_unreachable(user.id)
        return True

    async def deliver(self, digest: Digest, user: User) -> None:
        """Send the digest as one message (in chunks if long), with its buttons at the end."""
        async with reading(self._session_factory) as repos:
            chunks, markup = await self._render(repos, digest, user)
        # Scheduled digests wait for the end of quiet hours; a reminder a person sent goes now,
        # without a sound if it lands in them.
        silent = digest.kind == NUDGE and self._in_quiet_hours(user)
        for n, chunk in enumerate(chunks):
            await self.limiter.acquire(user.tg_id)
            reply_markup = markup if n == len(chunks) - 1 else None
            send = partial(
                self._bot.send_message,
                user.tg_id,
                chunk,
                reply_markup=reply_markup,
                disable_notification=silent or None,
            )
            # A timed-out send may have arrived: a digest is never sent twice.
            await with_retries(send, self._retry_delays, retry_timeouts=False)

    async def _render(
        self, repos: Repositories, digest: Digest, user: User
    ) -> tuple[list[str], InlineKeyboardMarkup | None]:
        _ = self.translator_for(user)
        if digest.kind == "weekly":
            return chunk_lines(weekly_lines(digest.payload, _)), None
        lines = []
        for alert, due_on, item, plan, org in await repos.alerts.digest_lines(digest.id):
            zone = org.timezone or user.timezone or self._default_timezone
            lines.append(
                DigestLine(
                    alert.kind,
                    due_on,
                    local_today(self._clock, zone),
                    item.id,
                    item.number,
                    item.title,
                    plan.title,
                    org.short_name or org.name,
                )
            )
        title = None
        if digest.kind == NUDGE:
            payload = digest.payload or {}
            title = _(
                "digest-nudge-title",
                by=escape(payload.get("by") or "—"),
                org=escape(payload.get("from") or "—"),
            )
        return chunk_lines(digest_lines(lines, _, title)), digest_keyboard(lines)

    def _in_quiet_hours(self, user: User) -> bool:
        quiet = quiet_hours(user.quiet_from, user.quiet_to)
        if quiet is None:
            return False
        zone = ZoneInfo(user.timezone or self._default_timezone)
        return in_quiet(self._clock.now().astimezone(zone).time(), quiet)
