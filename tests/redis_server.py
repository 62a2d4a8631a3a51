"""The Redis the tests use: TEST_REDIS_URL (CI's PostgreSQL + Redis pass points every test's bot
at it), or a private `redis-server` on a free loopback port, started once per run."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager

import redis

SERVER = os.environ.get("TEST_REDIS_URL", "")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_redis() -> Iterator[str]:
    if SERVER:
        yield SERVER
        return
    binary = shutil.which("redis-server")
    if binary is None:
        raise RuntimeError("the Redis tests need redis-server (apt-get install redis-server) or TEST_REDIS_URL")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            raise RuntimeError("redis-server did not start")
        client.close()
        yield url
    finally:
        process.terminate()
        process.wait(10)


def flush(url: str) -> None:
    """Each test starts with an empty Redis: no state, rate slot or update id of an earlier one."""
    client = redis.Redis.from_url(url)
    try:
        client.flushdb()
    finally:
        client.close()
