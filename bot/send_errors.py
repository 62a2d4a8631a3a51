"""What can go wrong with a Bot API call, as a short code that is safe to store and show.

The text of a network exception can carry the request URL, and the URL carries the bot token;
an HTML error page from Telegram's front end is not even a Telegram error. So nothing stores or
shows `str(exc)`: a failure is classified into a code («429», «502 bad gateway», «timeout»,
«400 chat not found») and whether trying again later can help.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramConflictError,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.utils.backoff import Backoff, BackoffConfig
from aiohttp import ClientError

from services.errors import ChatUnreachable

log = logging.getLogger(__name__)
T = TypeVar("T")
# Transient send failures are tried again after these pauses, then recorded.
RETRY_DELAYS = (1.0, 3.0, 10.0)
# How long a sender loop waits after its own failure (the database, say) before going on.
LOOP_BACKOFF = BackoffConfig(min_delay=0.5, max_delay=30.0, factor=2.0, jitter=0.1)

# Everything a send can raise that is the network's or Telegram's doing, not a bug of ours.
SEND_FAILURES: tuple[type[BaseException], ...] = (
    TelegramAPIError,
    ClientDecodeError,
    ChatUnreachable,
    ClientError,
    asyncio.TimeoutError,
    ConnectionError,
)

_STATUS = (
    (TelegramBadRequest, 400),
    (TelegramUnauthorizedError, 401),
    (TelegramForbiddenError, 403),
    (TelegramNotFound, 404),
    (TelegramConflictError, 409),
    (TelegramEntityTooLarge, 413),
)  # a 429 (TelegramRetryAfter) is classified before these
# Telegram's descriptions are its own words ("Bad Request: chat not found"); still, only plain
# words of letters are kept, up to the next colon, so nothing like a token or a URL survives.
_WORD = re.compile(r"^[A-Za-z_']{1,30}$")


@dataclass(frozen=True)
class SendFailure:
    code: str  # what is stored and shown: "400 chat not found", "timeout", "502 bad gateway"
    transient: bool  # trying again later can help


def classify(exc: BaseException) -> SendFailure:
    if isinstance(exc, ChatUnreachable):
        return SendFailure("403 blocked", transient=False)
    if isinstance(exc, TelegramRetryAfter):
        return SendFailure("429 flood control", transient=True)
    if isinstance(exc, TelegramServerError):
        return SendFailure("5xx server error", transient=True)
    if isinstance(exc, ClientDecodeError):
        # An HTML page instead of JSON: the front end's 502/504 while Telegram is restarting.
        return SendFailure("502 bad gateway", transient=True)
    if isinstance(exc, TelegramNetworkError):
        timed_out = "timeout" in exc.message.lower()
        return SendFailure("timeout" if timed_out else "network error", transient=True)
    if isinstance(exc, asyncio.TimeoutError):
        return SendFailure("timeout", transient=True)
    if isinstance(exc, ClientError | ConnectionError):
        return SendFailure("network error", transient=True)
    if isinstance(exc, TelegramAPIError):
        status = next((code for kind, code in _STATUS if isinstance(exc, kind)), None)
        parts = exc.message.split(":")
        reason_text = parts[1] if len(parts) > 1 else parts[0]
        reason = " ".join(word.lower() for word in reason_text.split() if _WORD.match(word))[:80]
        prefix = str(status) if status else "error"
        return SendFailure(f"{prefix} {reason}".strip(), transient=False)
    return SendFailure("internal error", transient=False)


async def with_retries(
    call: Callable[[], Awaitable[T]],
    delays: Sequence[float],
    *,
    retry_timeouts: bool = True,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> T:
    """`call()`, tried again after each of `delays` while it fails transiently.

    A 429 is not retried here (the request middleware waits those out); a timeout is retried
    only where a duplicate is acceptable, since Telegram may have delivered the message whose
    answer was lost."""
    for delay in (*delays, None):
        try:
            return await call()
        except SEND_FAILURES as exc:
            failure = classify(exc)
            retry = failure.transient and not isinstance(exc, TelegramRetryAfter)
            if failure.code == "timeout" and not retry_timeouts:
                retry = False
            if delay is None or not retry:
                raise
            log.info("send failed (%s); trying again in %ss", failure.code, delay)
            await sleep(delay)
    raise AssertionError("unreachable")


async def retried_until_done(action: Callable[[], Awaitable[Any]], stop: asyncio.Event, failure: str) -> bool:
    """`action()` until it succeeds (True) or the stop comes (False); each failure is logged
    as `failure` and waited out with a growing pause."""
    backoff = Backoff(config=LOOP_BACKOFF)
    while not stop.is_set():
        try:
            await action()
            return True
        except Exception:
            log.exception("%s; trying again", failure)
            await wait_or_stop(stop, next(backoff))
    return False


async def wait_or_stop(stop: asyncio.Event, seconds: float) -> None:
    """Sleep, but wake at once when the bot is stopping."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
