"""Holding Python's cyclic garbage collector off during a burst of allocations.

The alert sweep over 100,000 due dates creates several hundred thousand tuples in a second.
Each few hundred of them start a collection, and every so often one of the whole heap (the
kept due dates, the identity cache, SQLAlchemy's registries) that finds nothing: none of these
objects form cycles. That was a third of the sweep's time. While paused, nothing is collected;
at the end the young generation is collected once, a fraction of those passes, counted in the
burst's own time. Other tasks of the event loop run meanwhile: what they leave in cycles waits
for that collection. A burst that takes far longer than it should (a database that does not
answer) gives the collector back after `MAX_PAUSE` seconds.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from contextlib import contextmanager

MAX_PAUSE = 10.0  # seconds

_depth = 0  # bursts in progress: overlapping ones share one pause
_resume = False
_watchdog: asyncio.TimerHandle | None = None


def _give_back() -> None:
    if _resume:
        gc.enable()


@contextmanager
def collector_paused() -> Iterator[None]:
    global _depth, _resume, _watchdog
    if _depth == 0:
        _resume = gc.isenabled()
        gc.disable()
        try:
            _watchdog = asyncio.get_running_loop().call_later(MAX_PAUSE, _give_back)
        except RuntimeError:  # no event loop: nothing else runs meanwhile
            _watchdog = None
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0:
            if _watchdog is not None:
                _watchdog.cancel()
                _watchdog = None
            if _resume:
                gc.enable()
                gc.collect(0)
