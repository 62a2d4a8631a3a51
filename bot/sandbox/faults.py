"""Faults the fake Bot API can inject, one by one or at random (the chaos test, `bench chaos`).

Real Telegram fails in more ways than a 400: a 429 with `retry_after`, an HTML 502 page from its
front end while the Bot API restarts, a connection dropped without an answer, a request that
hangs past the client's timeout, a redirect loop from a misconfigured proxy, a latency spike.
"""

from __future__ import annotations

import enum
import random
from dataclasses import dataclass, field


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
