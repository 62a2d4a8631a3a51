"""Delivers broadcasts from their outbox at the highest rate the limiter allows.

Several requests are in flight under one shared limiter (a Bot API round trip is 50–150 ms; one
at a time reaches a third of the allowed rate). Each recipient's row is claimed (pending →
sending) in a committed transaction before its message is copied, and marked sent / failed /
unreachable after. A 429 pauses every sender for `retry_after` (through the limiter) and the
request is retried; a 403 marks the user unreachable. After a restart, claimed rows go back to
pending and unfinished broadcasts resume by themselves; scheduled ones start when their time
comes. The author's progress message is edited every few seconds, with a Cancel button.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Sequence
from datetime import datetime, timedelta
from functools import partial

from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup
from aiogram.utils.backoff import Backoff
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.i18n import I18n, Translator
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
from bot.views.broadcasts import cancel_markup, progress_text, summary_text
from db.models import Broadcast, BroadcastStatus, OutboxStatus, User
from db.repositories.broadcasts import BroadcastOutbox, Claimed
from services.broadcasts import Progress, failures_csv
from services.clock import Clock
from services.errors import ChatUnreachable

log = logging.getLogger(__name__)
CLAIM_BATCH = 32
# With other senders at work, a row claimed this long ago belongs to none that is alive: a
# claimed row waits in a queue of a few seconds' sends, then one request with its retries.
IN_FLIGHT_STALE = timedelta(minutes=5)
STOP_GRACE = 10.0  # seconds the results in hand get to be committed when stopping
# (outbox row, status, error, resolved once committed)
Result = tuple[int, OutboxStatus, str | None, "asyncio.Future[None]"]


class BroadcastSender(Sender):
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        bot: Bot,
        i18n: I18n,
        clock: Clock,
        limiter: RateLimiter,
        in_flight: int,
        progress_every: float = 3.0,
        retry_delays: Sequence[float] = RETRY_DELAYS,
        exclusive: bool = True,
    ) -> None:
        super().__init__(bot, i18n, clock, limiter, retry_delays)
        self._outbox = BroadcastOutbox(session_factory)
        self._in_flight = in_flight
        self._progress_every = progress_every
        # False when senders of other instances share the outbox (REDIS_URL and a lease): then
        # only rows nobody alive can hold are taken back.
        self.exclusive = exclusive

    async def run(self, stop: asyncio.Event) -> None:
        """Deliver until stopped; a database or network error is logged and waited out."""
        await retried_until_done(self._resume, stop, "broadcast sender could not start")
        backoff = Backoff(config=LOOP_BACKOFF)
        while not stop.is_set():
            # Cleared before looking, not after: a wake while this sender looks is kept.
            self._wake.clear()
            try:
                broadcast_id = await self._next_broadcast()
                finished = True
                if broadcast_id is not None:
                    finished = await self.deliver(broadcast_id, stop)
                backoff.reset()
                if not finished:  # others' messages still in flight: look again shortly
                    await wait_or_stop(stop, 1.0)
                    continue
            except Exception:
                log.exception("broadcast sender failed; trying again")
                await wait_or_stop(stop, next(backoff))
                continue
            if broadcast_id is None:
                # Woken by a new broadcast or the stop; the timeout catches scheduled ones.
                waits = [asyncio.create_task(self._wake.wait()), asyncio.create_task(stop.wait())]
                await asyncio.wait(waits, timeout=1, return_when=asyncio.FIRST_COMPLETED)
                for waiting in waits:
                    waiting.cancel()

    async def _resume(self) -> None:
        # Rows a stopped sender had claimed go back to pending. Their message may have been
        # delivered just before the stop; sending it again is the one duplicate per message in
        # flight that a crash can cause (the alternative, never resending, could lose it).
        resumed = await self._outbox.reset_in_flight(self._reclaimable_before())
        if resumed:
            log.warning(
                "%d broadcast messages were in flight when the bot stopped; sending them again", resumed
            )

    async def _next_broadcast(self) -> int | None:
        """The oldest broadcast being sent; a scheduled one whose time has come starts now."""
        return await self._outbox.next_sending(self._clock.now())

    def _reclaimable_before(self) -> datetime | None:
        """Rows claimed before this moment are taken back; None: all (this sender is alone)."""
        return None if self.exclusive else self._clock.now() - IN_FLIGHT_STALE

    async def deliver(self, broadcast_id: int, stop: asyncio.Event | None = None) -> bool:
        """Send what is left of the broadcast; False while messages of it are still in flight
        (another instance's, or one whose result could not be recorded)."""
        found = await self._outbox.with_author(broadcast_id)
        if found is None:
            return True
        broadcast, author = found
        _ = self.translator_for(author)
        # Room for an end mark per worker, whatever the number of workers (see the stop below).
        queue: asyncio.Queue[Claimed | None] = asyncio.Queue(maxsize=max(CLAIM_BATCH * 2, self._in_flight))
        self._results: asyncio.Queue[Result | None] = asyncio.Queue()
        writer = asyncio.create_task(self._write_results())
        started = time.monotonic()
        at_start = await self._progress(broadcast_id)
        done_at_start = at_start.total - at_start.left
        workers = [asyncio.create_task(self._work(broadcast, queue)) for _ in range(self._in_flight)]
        reporter = asyncio.create_task(self._report(broadcast, author, _, started, done_at_start))
        try:
            while stop is None or not stop.is_set():
                if await self._cancelled(broadcast_id):
                    break
                rows = await self._claim(broadcast_id)
                if not rows:
                    break
                for row in rows:
                    if not await _put_unless_stopped(queue, row, stop):
                        break
        finally:
            if stop is not None and stop.is_set():
                # Stop at once: rows claimed but not sent go back to pending at the next start.
                for worker in workers:
                    worker.cancel()
                # A library that loses a cancellation (aiohttp's and redis-py's timeouts each have,
                # in some release) leaves its worker going: the end marks stop it at the next row
                # instead of letting it wait for one forever.
                _end_marks_only(queue, len(workers))
            else:
                for _worker in workers:
                    await queue.put(None)
            await asyncio.gather(*workers, return_exceptions=True)
            # The results handed over are committed before the writer goes: cancelled inside
            # its transaction, it would leave the connection holding SQLite's write lock.
            await self._results.put(None)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(writer), STOP_GRACE)
            writer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await writer
            reporter.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reporter
        if stop is not None and stop.is_set():
            return True  # stopping: what is left resumes at the next start
        if await self._finish(broadcast, author, _):
            return True
        # Our own workers are done, so a row still claimed is either another sender's or one
        # whose result was lost: taken back at once when this sender is the only one.
        await self._outbox.reset_in_flight(self._reclaimable_before(), broadcast.id)
        return False

    async def _cancelled(self, broadcast_id: int) -> bool:
        return await self._outbox.status(broadcast_id) is not BroadcastStatus.SENDING

    async def _claim(self, broadcast_id: int) -> list[Claimed]:
        """Take the next pending recipients, atomically: a second sender skips them."""
        return await self._outbox.claim(broadcast_id, self._clock.now(), CLAIM_BATCH)

    async def _work(self, broadcast: Broadcast, queue: asyncio.Queue[Claimed | None]) -> None:
        ids = list(broadcast.source_message_ids)
        while (row := await queue.get()) is not None:
            outbox_id, chat_id = row.outbox_id, row.chat_id
            status, error = OutboxStatus.SENT, None
            try:
                await self.limiter.acquire(chat_id, len(ids))
                if len(ids) == 1:
                    copy = partial(self._bot.copy_message, chat_id, broadcast.source_chat_id, ids[0])
                else:
                    copy = partial(self._bot.copy_messages, chat_id, broadcast.source_chat_id, ids)
                # A retried timeout may arrive twice: within the duplicates a broadcast allows.
                await with_retries(copy, self._retry_delays)
            except ChatUnreachable:
                status = OutboxStatus.UNREACHABLE
            except TelegramRetryAfter as exc:  # the retry middleware gave up: try again later
                self.limiter.pause(exc.retry_after)
                status, error = OutboxStatus.PENDING, classify(exc).code
            except SEND_FAILURES as exc:
                status, error = OutboxStatus.FAILED, classify(exc).code
            except Exception:  # one recipient's failure, of whatever kind, is that recipient's result
                log.exception("broadcast %s: sending to chat %s failed", broadcast.id, chat_id)
                status, error = OutboxStatus.FAILED, "internal error"
            try:
                await self._record(outbox_id, status, error)
            except Exception:  # not committed: the row stays claimed and is sent again after a restart
                log.warning("broadcast %s: result for chat %s not recorded", broadcast.id, chat_id)

    async def _record(self, outbox_id: int, status: OutboxStatus, error: str | None) -> None:
        """Hand the result to the writer and wait until it is committed: a message counts as in
        flight until then, so a crash repeats at most the messages in flight."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        await self._results.put((outbox_id, status, error, done))
        await done

    async def _write_results(self) -> None:
        """Commit results in batches: one transaction for all that arrived meanwhile, instead of
        one per message (at 300 messages a second, per-message commits cost more than sending)."""
        closing = False
        while not closing:
            first = await self._results.get()
            if first is None:  # the delivery is over
                return
            batch = [first]
            while not self._results.empty() and len(batch) < 512:
                item = self._results.get_nowait()
                if item is None:
                    closing = True
                    break
                batch.append(item)
            try:
                await self._outbox.write_results(
                    [(outbox_id, status, error) for outbox_id, status, error, _done in batch],
                    self._clock.now(),
                )
            except Exception as exc:  # the rows stay claimed and are sent again after a restart
                log.exception("broadcast results could not be written")
                for *_fields, done in batch:
                    if not done.done():
                        done.set_exception(exc)
                continue
            for *_fields, done in batch:
                if not done.done():
                    done.set_result(None)

    async def _progress(self, broadcast_id: int) -> Progress:
        return Progress.of(await self._outbox.status_counts(broadcast_id))

    async def _report(
        self, broadcast: Broadcast, author: User, _: Translator, started: float, done_before: int
    ) -> None:
        while True:
            await asyncio.sleep(self._progress_every)
            try:
                progress = await self._progress(broadcast.id)
            except Exception:  # progress is cosmetic: skip this tick
                log.warning("broadcast %s: progress could not be read", broadcast.id)
                continue
            done_now = progress.total - progress.left - done_before
            elapsed = time.monotonic() - started
            eta = timedelta(seconds=int(progress.left * elapsed / done_now)) if done_now > 0 else None
            await self._edit(
                broadcast, author, progress_text(progress, _, eta), cancel_markup(broadcast.id, _)
            )

    async def _finish(self, broadcast: Broadcast, author: User, _: Translator) -> bool:
        """Report the end to the author, once; False if the broadcast is not over yet."""
        to_report, status, counts, failed = await self._outbox.finish(broadcast.id, self._clock.now())
        if status is BroadcastStatus.SENDING:
            return False
        if not to_report:
            return True  # another sender saw the end first, and tells the author
        progress = Progress.of(counts)
        report = failures_csv(failed) if failed else None
        text = summary_text(progress, status is BroadcastStatus.CANCELLED, _)
        await self._edit(broadcast, author, text, None)
        try:
            if broadcast.progress_message_id is None:
                await self._bot.send_message(author.tg_id, text)
            if report is not None:
                await self._bot.send_document(
                    author.tg_id, BufferedInputFile(report, filename=f"broadcast-{broadcast.id}-failures.csv")
                )
        except SEND_FAILURES as exc:
            log.info("broadcast %s: could not report to its author: %s", broadcast.id, classify(exc).code)
        return True

    async def _edit(
        self, broadcast: Broadcast, author: User, text: str, markup: InlineKeyboardMarkup | None
    ) -> None:
        if broadcast.progress_message_id is None:
            return
        try:
            await self._bot.edit_message_text(
                text, chat_id=author.tg_id, message_id=broadcast.progress_message_id, reply_markup=markup
            )
        except SEND_FAILURES as exc:  # unchanged text, a deleted message, a network hiccup: cosmetic
            log.debug("broadcast %s: progress not shown: %s", broadcast.id, classify(exc).code)


def _end_marks_only(queue: asyncio.Queue[Claimed | None], workers: int) -> None:
    """Drop the rows not started (they stay claimed and resume at the next start) and queue one
    end mark per worker."""
    while not queue.empty():
        queue.get_nowait()
    for _worker in range(workers):
        queue.put_nowait(None)


async def _put_unless_stopped(
    queue: asyncio.Queue[Claimed | None], row: Claimed, stop: asyncio.Event | None
) -> bool:
    """Queue a row for the workers; False if the bot began stopping while the queue was full."""
    if stop is None:
        await queue.put(row)
        return True
    put = asyncio.ensure_future(queue.put(row))
    stopped = asyncio.ensure_future(stop.wait())
    await asyncio.wait({put, stopped}, return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    if put.done():
        return True
    put.cancel()
    return False
