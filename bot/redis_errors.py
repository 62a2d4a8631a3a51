"""What a Redis that cannot be reached raises: redis-py's own errors and the socket's."""

from __future__ import annotations

from redis.exceptions import RedisError

REDIS_DOWN: tuple[type[BaseException], ...] = (RedisError, OSError)
