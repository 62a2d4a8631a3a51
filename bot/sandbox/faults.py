"""Faults the fake Bot API can inject, one by one or at random (the chaos test, `bench chaos`).

Real Telegram fails in more ways than a 400: a 429 with `retry_after`, an HTML 502 page from its
front end while the Bot API restarts, a connection dropped without an answer, a request that
hangs past the client's timeout, a redirect loop from a misconfigured proxy, a latency spike.
"""

from __future__ import annotations

import asyncio
import enum
import random
from dataclasses import dataclass, field

from aiohttp import web

from bot.sandbox.strict import error_json


class FaultKind(enum.StrEnum):
    RETRY_AFTER = "retry_after"
    HTML_502 = "html_502"
    RESET = "reset"
    HANG = "hang"
    REDIRECT = "redirect"
    DELAY = "delay"


@dataclass(frozen=True)
class Fault:
    kind: FaultKind
    seconds: float = 0.0  # DELAY and HANG
    retry_after: int = 1  # RETRY_AFTER


@dataclass
class FaultRule:
    method: str | None  # None: any method but getUpdates
    fault: Fault
    times: int
    chat_id: int | None = None  # None: any chat


@dataclass
class Chaos:
    """Each request (but getUpdates) meets a fault with probability `rate`, drawn from `kinds`."""

    rate: float
    kinds: tuple[FaultKind, ...]
    retry_after: tuple[int, int] = (1, 15)
    delay_seconds: float = 5.0
    hang_seconds: float = 5.0
    seed: int = 0
    methods: frozenset[str] | None = None  # None: every method
    injected: dict[FaultKind, int] = field(default_factory=dict)
    _rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self._rng = random.Random(self.seed)

    def draw(self, method: str) -> Fault | None:
        if self.methods is not None and method not in self.methods:
            return None
        if self._rng.random() >= self.rate:
            return None
        kind = self._rng.choice(self.kinds)
        self.injected[kind] = self.injected.get(kind, 0) + 1
        if kind is FaultKind.RETRY_AFTER:
            return Fault(kind, retry_after=self._rng.randint(*self.retry_after))
        if kind is FaultKind.DELAY:
            return Fault(kind, seconds=self.delay_seconds)
        if kind is FaultKind.HANG:
            return Fault(kind, seconds=self.hang_seconds)
        return Fault(kind)


async def fault_response(request: web.Request, fault: Fault) -> web.StreamResponse | None:
    """What an injected fault does to this request; None when it goes on (after a delay)."""
    if fault.kind is FaultKind.DELAY:
        await asyncio.sleep(fault.seconds)
        return None
    if fault.kind is FaultKind.RETRY_AFTER:
        body = error_json(429, f"Too Many Requests: retry after {fault.retry_after}", fault.retry_after)
        return web.json_response(body, status=429)
    if fault.kind is FaultKind.HTML_502:
        # Telegram's front end answers an HTML page, not JSON, while the Bot API restarts.
        page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
        return web.Response(status=502, text=page, content_type="text/html")
    if fault.kind is FaultKind.HANG:
        await asyncio.sleep(fault.seconds)  # past the client's timeout; nothing was done
        return web.json_response(error_json(504, "Gateway Timeout"), status=504)
    # RESET: the connection is dropped without an answer.
    if request.transport is not None:
        request.transport.abort()
    return web.Response(status=500)
