"""The Redis the tests use: TEST_REDIS_URL (CI's PostgreSQL + Redis pass points every test's bot
at it), or a private `redis-server` on a free loopback port, started once per run."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import redis

from bot.sandbox.redis_server import private_redis

SERVER = os.environ.get("TEST_REDIS_URL", "")


@contextmanager
def running_redis() -> Iterator[str]:
    if SERVER:
        yield SERVER
        return
    with private_redis() as url:
        yield url


def flush(url: str) -> None:
    """Each test starts with an empty Redis: no state, rate slot or update id of an earlier one."""
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()
