"""The collector is held off during a burst and given back as it was found."""

import asyncio
import gc

import pytest

from services import gc_pause
from services.gc_pause import collector_paused


def test_paused_inside_and_resumed_after_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()


def test_overlapping_bursts_resume_when_the_last_ends() -> None:
    outer = collector_paused()
    outer.__enter__()
    with collector_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()  # the outer burst is still running
    outer.__exit__(None, None, None)
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_process_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


async def test_a_burst_that_hangs_gives_the_collector_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gc_pause, "MAX_PAUSE", 0.05)
    with collector_paused():
        assert not gc.isenabled()
        await asyncio.sleep(0.2)  # a database that does not answer
        assert gc.isenabled()
    assert gc.isenabled()
