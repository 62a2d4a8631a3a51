"""A Telegram stand-in: the fake Bot API server used by end-to-end tests, benchmarks and the sandbox."""

from bot.sandbox.server import FakeBotApi
from bot.sandbox.world import ChatMessage, FakeWorld, RateLimits

__all__ = ["ChatMessage", "FakeBotApi", "FakeWorld", "RateLimits"]
