"""Work that is seconds of pure Python (writing a 60,000-row file) runs in a process of its
own: in a thread it would hold the interpreter lock from the bot's event loop all that time."""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

R = TypeVar("R")


async def in_own_process(func: Callable[..., R], *args: object) -> R:
    """`func(*args)` in a fresh process ("spawn": nothing of the bot's threads is copied);
    the arguments and the result must pickle, so pass plain values."""
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return await loop.run_in_executor(pool, func, *args)
