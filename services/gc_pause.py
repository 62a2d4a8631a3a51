"""Holding Python's cyclic garbage collector off during a burst of allocations.

A sweep or an assignment of 100,000 rows creates several hundred thousand tuples in a second.
Each few hundred of them start a collection, and every so often one of the whole heap (the
kept due dates, the identity cache, SQLAlchemy's registries) that finds nothing: none of these
objects form cycles. That is a third of the sweep's time. While paused, nothing is collected;
at the end the young generation is collected once, which is a fraction of those passes, and
is counted in the burst's own time.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_depth = 0  # bursts in progress: overlapping ones (a sweep and an assignment) share one pause
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
