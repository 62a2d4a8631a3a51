"""Holding Python's cyclic garbage collector off during a burst of allocations.

The alert sweep over 100,000 due dates creates several hundred thousand tuples in a second.
Each few hundred of them start a collection, and every so often one of the whole heap (the
kept due dates, the identity cache, SQLAlchemy's registries) that finds nothing: none of these
objects form cycles. That was a third of the sweep's time. While paused, nothing is collected;
at the end the young generation is collected once, a fraction of those passes, counted in the
burst's own time. Other tasks of the event loop run meanwhile: what they leave in cycles waits
for that collection or the next.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_depth = 0  # bursts in progress: overlapping ones share one pause
_resume = False


@contextmanager
def collector_paused() -> Iterator[None]:
    global _depth, _resume
    if _depth == 0:
        _resume = gc.isenabled()
        gc.disable()
    _depth += 1
    try:
        yield
    finally:
        _depth -= 1
        if _depth == 0 and _resume:
            gc.enable()
            gc.collect(0)
