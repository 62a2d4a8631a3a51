"""Updates per second: the bot answering /menu (user lookup, DB session, dedup) versus a bare
aiogram echo bot, both fed the same updates through the fake Bot API in the same process."""

from __future__ import annotations

import asyncio
import contextlib
import time

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.types import Message

from bench.common import TOKEN, fake_telegram, quiet, temp_settings, wait_delivered
from bot.factory import create_app

USERS = 200


async def _measure(world, send_count: int) -> float:
    start_delivered = world.counters.messages_delivered
    started = time.perf_counter()
    for index in range(send_count):
        world.send_text(10_000 + index % USERS, "/menu")
    await wait_delivered(world, start_delivered + send_count)
    return send_count / (time.perf_counter() - started)


async def echo_rate(count: int, latency: float) -> float:
    async with fake_telegram(latency) as api:
        for index in range(USERS):
            api.world.add_user(10_000 + index, f"U{index}")
        bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(api.base_url)))
        dp = Dispatcher()

        @dp.message()
        async def echo(message: Message) -> None:
            await message.answer(message.text or "")

        polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=1))
        try:
            return await _measure(api.world, count)
        finally:
            await dp.stop_polling()
            with contextlib.suppress(asyncio.CancelledError):
                await polling
            await bot.session.close()


async def bot_rate(count: int, latency: float, identity_cache_seconds: float = 10.0) -> float:
    async with fake_telegram(latency) as api:
        for index in range(USERS):
            api.world.add_user(10_000 + index, f"U{index}")
        async with temp_settings(
            api, throttle_burst=count, identity_cache_seconds=identity_cache_seconds
        ) as settings:
            app = await create_app(settings)
            task = asyncio.create_task(app.run(polling_timeout=1))
            try:
                # Warm-up: every user is registered once, as in a running deployment.
                await _measure(api.world, USERS)
                return await _measure(api.world, count)
            finally:
                app.stop()
                await task
                await app.close()


async def main(count: int = 2000, latency: float = 0.05) -> dict[str, float]:
    quiet()
    echo = await echo_rate(count, latency)
    bot = await bot_rate(count, latency)
    uncached = await bot_rate(count, latency, identity_cache_seconds=0)
    print(f"updates: {count} updates, {USERS} users, Bot API latency {latency * 1000:.0f} ms")
    print(f"  bare aiogram echo bot                 : {echo:8.1f} updates/s")
    print(f"  plan bot /menu (default settings)     : {bot:8.1f} updates/s")
    print(f"  plan bot /menu (IDENTITY_CACHE_SECONDS=0): {uncached:8.1f} updates/s")
    print(f"  ratio bot/echo                        : {bot / echo:8.2f}  (goal >= 0.5)")
    print(f"  ratio bot/echo, identity from DB each time: {uncached / echo:8.2f}")
    return {"echo": echo, "bot": bot, "ratio": bot / echo, "ratio_uncached": uncached / echo}
