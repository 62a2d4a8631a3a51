"""Long polling with an inbox: at-least-once delivery, exactly-once effects, no stalls.

aiogram's own polling confirms updates as soon as they are fetched; if the process dies while
handlers run, those updates are gone. Here every fetched batch is first stored in the
`update_inbox` table, and only then confirmed to Telegram (by the next getUpdates offset), so
fetching goes on while earlier updates are still being handled. After a restart the pending
rows are handled first. A re-delivered update id is already in the inbox and is dropped.

An update that changed data marks its inbox row in the same transaction as the change (see
`UnitOfWorkMiddleware`); one that only read is marked in bulk shortly after, so a crash in
between can at worst repeat a reply, never a change.

Updates of one chat are handled in order, different chats concurrently.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import datetime

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig

from bot.chat_locks import ChatLocks
from bot.metrics import Metrics
from bot.send_errors import wait_or_stop
from db.repositories.inbox import UpdateInbox
from services.clock import Clock

log = logging.getLogger(__name__)
BACKOFF = BackoffConfig(min_delay=1.0, max_delay=30.0, factor=1.5, jitter=0.1)
MAX_CONCURRENT_UPDATES = 256
SHUTDOWN_GRACE = 10.0  # seconds the updates in hand get to finish when the bot stops


def chat_key(update: Update) -> int:
    for event in (update.message, update.edited_message, update.callback_query, update.my_chat_member):
        user = getattr(event, "from_user", None) if event is not None else None
        if user is not None:
            return user.id
    return -update.update_id  # no sender: nothing to keep in order with


class UpdateRunner:
    """Dispatches updates: in order per chat, concurrently across chats, bounded overall."""

    def __init__(
        self,
        dp: Dispatcher,
        bot: Bot,
        inbox: UpdateInbox,
        clock: Clock,
        metrics: Metrics | None = None,
        chat_locks: ChatLocks | None = None,
    ) -> None:
        self._dp, self._bot, self._inbox, self._clock = dp, bot, inbox, clock
        self._metrics = metrics
        self._chat_locks = chat_locks  # other instances handle updates too: one chat at a time
        self._tails: dict[int, asyncio.Task[None]] = {}  # the last update of each chat
        self.in_hand: set[int] = set()  # ids of the updates submitted and not yet finished
        self._running: set[asyncio.Task[None]] = set()  # every update in hand
        self._slots = asyncio.Semaphore(MAX_CONCURRENT_UPDATES)
        self.read_only: list[int] = []
        self._idle_flush: asyncio.Task[None] | None = None

    def submit(self, update: Update) -> None:
        key = chat_key(update)
        previous = self._tails.get(key)
        task = asyncio.create_task(self._run(update, key, previous))
        self._tails[key] = task
        self._running.add(task)
        self.in_hand.add(update.update_id)
        task.add_done_callback(
            lambda done, key=key, update_id=update.update_id: self._forget(key, update_id, done)
        )

    def _forget(self, key: int, update_id: int, task: asyncio.Task[None]) -> None:
        self._running.discard(task)
        self.in_hand.discard(update_id)
        if self._tails.get(key) is task:
            del self._tails[key]
        if not self._tails and self.read_only and self._idle_flush is None:
            # Quiet moment: record what was handled now rather than at the next fetch.
            self._idle_flush = asyncio.create_task(self._flush_when_idle())

    async def _flush_when_idle(self) -> None:
        try:
            await self.flush_marks()
        finally:
            self._idle_flush = None

    async def _run(self, update: Update, key: int, previous: asyncio.Task[None] | None) -> None:
        if previous is not None:
            await asyncio.wait({previous})
        turn = (
            self._chat_locks.turn(key)
            if self._chat_locks is not None and key > 0
            else contextlib.nullcontext()
        )
        async with turn, self._slots:
            started = time.perf_counter()
            try:
                await self._dp.feed_update(self._bot, update, handled_read_only=self.read_only)
            except Exception:
                log.exception("update %s failed after the error handlers", update.update_id)
            if self._metrics is not None:
                self._metrics.updates.inc()
                self._metrics.update_seconds.observe(time.perf_counter() - started)

    async def flush_marks(self) -> None:
        marks, self.read_only[:] = list(self.read_only), []
        if not marks:
            return
        try:
            await self._inbox.mark_handled(marks, self._clock.now())
        except Exception:  # kept for the next flush; at worst a restart repeats a reply
            log.exception("could not mark %d handled updates; will try again", len(marks))
            self.read_only.extend(marks)

    async def drain(self, grace: float) -> None:
        """Let the updates in hand finish for `grace` seconds, then cancel the rest: a handler
        waiting out a long 429 must not hold up a shutdown. A cancelled update rolls back and,
        not being marked handled, is handled again at the next start."""
        deadline = asyncio.get_running_loop().time() + grace
        while self._tails:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                running = set(self._running)
                log.warning("stopping: %d updates still running are left for the next start", len(running))
                for task in running:
                    task.cancel()
                await asyncio.wait(running)
                break
            await asyncio.wait(set(self._tails.values()), timeout=left)
        if self._idle_flush is not None:
            await self._idle_flush
        await self.flush_marks()


def payload_of(update: Update) -> str:
    return update.model_dump_json(exclude_none=True)


async def resume_pending(
    runner: UpdateRunner,
    inbox: UpdateInbox,
    bot: Bot,
    stop: asyncio.Event,
    received_before: datetime | None = None,
) -> bool:
    """Hand the runner what the previous run stored but did not handle; False if stopped first."""
    backoff = Backoff(config=BACKOFF)
    while not stop.is_set():
        try:
            pending = await inbox.pending(received_before)
            break
        except Exception:
            log.exception("could not read the pending updates; trying again")
            await wait_or_stop(stop, next(backoff))
    else:
        return False
    for payload in pending:
        update = Update.model_validate_json(payload, context={"bot": bot})
        if update.update_id in runner.in_hand:
            continue  # still being handled here
        log.info("handling update %s left pending by the previous run", update.update_id)
        runner.submit(update)
    return True


async def poll(
    dp: Dispatcher,
    bot: Bot,
    stop: asyncio.Event,
    inbox: UpdateInbox,
    clock: Clock,
    *,
    polling_timeout: int = 25,
    allowed_updates: list[str] | None = None,
    shutdown_grace: float = SHUTDOWN_GRACE,
    metrics: Metrics | None = None,
) -> None:
    runner = UpdateRunner(dp, bot, inbox, clock, metrics)
    backoff = Backoff(config=BACKOFF)
    if not await resume_pending(runner, inbox, bot, stop):
        return

    request = GetUpdates(timeout=polling_timeout, allowed_updates=allowed_updates)
    request_timeout = int(bot.session.timeout + polling_timeout)
    try:
        while not stop.is_set():
            await runner.flush_marks()
            fetch = asyncio.ensure_future(bot(request, request_timeout=request_timeout))
            stopped = asyncio.ensure_future(stop.wait())
            await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
            stopped.cancel()
            if stop.is_set():
                fetch.cancel()
                break
            try:
                updates = fetch.result()
            except Exception as exc:  # network trouble must not end polling
                log.error("getUpdates failed: %s: %s", type(exc).__name__, exc)
                await wait_or_stop(stop, next(backoff))
                continue
            backoff.reset()
            if not updates:
                continue
            try:
                fresh = await inbox.accept([(u.update_id, payload_of(u)) for u in updates], clock.now())
            except Exception:  # not stored, so not confirmed: Telegram delivers them again
                log.exception("could not store %d fetched updates; fetching them again", len(updates))
                await wait_or_stop(stop, next(backoff))
                continue
            for update in updates:
                if update.update_id in fresh:
                    fresh.discard(update.update_id)  # the same id twice in one batch runs once
                    runner.submit(update)
                else:
                    log.info("update %s was delivered again, skipping", update.update_id)
            request.offset = updates[-1].update_id + 1
    finally:
        await runner.drain(shutdown_grace)
        if request.offset is not None:
            # Confirm what this run stored, so the next start does not fetch it again.
            try:
                await bot(GetUpdates(offset=request.offset, timeout=0, limit=1))
            except Exception as exc:
                log.warning("could not confirm the last updates: %s", exc)
