"""Long polling that confirms an update only after it was handled (at-least-once).

aiogram's own polling confirms a batch as soon as it is fetched; if the process dies while
handlers run, those updates are gone. Here the offset moves past a batch only when every
update in it was handled; the processed-updates table turns the replay after a crash into
exactly-once. Updates of one chat run in order, different chats run concurrently.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence

from aiogram import Bot, Dispatcher
from aiogram.methods import GetUpdates
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig

log = logging.getLogger(__name__)
BACKOFF = BackoffConfig(min_delay=1.0, max_delay=30.0, factor=1.5, jitter=0.1)


def _chat_key(update: Update) -> int:
    for event in (update.message, update.edited_message, update.callback_query, update.my_chat_member):
        if event is None:
            continue
        user = getattr(event, "from_user", None)
        if user is not None:
            return user.id
    return -update.update_id  # no sender: nothing to keep in order with


async def _handle_in_order(dp: Dispatcher, bot: Bot, updates: Sequence[Update]) -> None:
    for update in updates:
        try:
            await dp.feed_update(bot, update)
        except Exception:
            log.exception("update %s failed after the error handlers", update.update_id)


async def handle_batch(dp: Dispatcher, bot: Bot, updates: Sequence[Update]) -> None:
    by_chat: dict[int, list[Update]] = defaultdict(list)
    for update in updates:
        by_chat[_chat_key(update)].append(update)
    await asyncio.gather(*(_handle_in_order(dp, bot, chat_updates) for chat_updates in by_chat.values()))


async def poll(
    dp: Dispatcher,
    bot: Bot,
    stop: asyncio.Event,
    *,
    polling_timeout: int = 25,
    allowed_updates: list[str] | None = None,
) -> None:
    backoff = Backoff(config=BACKOFF)
    request = GetUpdates(timeout=polling_timeout, allowed_updates=allowed_updates)
    request_timeout = int(bot.session.timeout + polling_timeout)
    while not stop.is_set():
        fetch = asyncio.ensure_future(bot(request, request_timeout=request_timeout))
        stopped = asyncio.ensure_future(stop.wait())
        await asyncio.wait({fetch, stopped}, return_when=asyncio.FIRST_COMPLETED)
        if stop.is_set():
            fetch.cancel()
            stopped.cancel()
            break
        stopped.cancel()
        try:
            updates = fetch.result()
        except Exception as exc:  # network trouble must not end polling
            log.error("getUpdates failed: %s: %s", type(exc).__name__, exc)
            await backoff.asleep()
            continue
        backoff.reset()
        if updates:
            await handle_batch(dp, bot, updates)
            request.offset = updates[-1].update_id + 1
