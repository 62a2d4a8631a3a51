"""Runs the real app in-process against the fake Bot API, and restarts it like a deployment would."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from pathlib import Path

from bot.config import Settings
from bot.factory import App, create_app
from bot.sandbox import FakeWorld
from services.clock import Clock


class AppRunner:
    def __init__(self, settings: Settings, clock: Clock) -> None:
        self.settings = settings
        self.clock = clock
        self.app: App | None = None
        self.slept: list[float] = []
        self._task: asyncio.Task[None] | None = None

    async def _no_sleep(self, seconds: float) -> None:
        # 429 back-off is recorded rather than waited out; the order of calls is what matters.
        self.slept.append(seconds)

    async def start(self) -> App:
        self.app = await create_app(self.settings, clock=self.clock, retry_sleep=self._no_sleep)
        self._task = asyncio.create_task(self.app.run(polling_timeout=1))
        return self.app

    async def stop(self) -> None:
        if self.app is None or self._task is None:
            return
        self.app.stop()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(self._task, 10)
        await self.app.close()
        self.app, self._task = None, None

    async def restart(self) -> App:
        await self.stop()
        return await self.start()


async def eventually(check, timeout: float = 5.0):
    """Poll an async check until it returns something truthy (the bot commits after it replies)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        result = await check()
        if result or loop.time() > deadline:
            return result
        await asyncio.sleep(0.02)


async def answered(world: FakeWorld, text: str) -> bool:
    """Did the bot answer a button press (the little toast or alert) with this text?"""
    return any(text in (answer.get("text") or "") for answer in world.callback_answers)


async def bot_api_call(base_url: str, token: str, method: str, **params) -> tuple[int, dict]:
    """One Bot API request as a client sends it (JSON body); the status and the decoded answer."""
    import aiohttp

    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{base_url}/bot{token}/{method}", json=params) as response,
    ):
        return response.status, await response.json()


PROJECT = Path(__file__).resolve().parents[1]


def bot_env(**settings: str) -> dict[str, str]:
    """The environment of a `python -m bot` child: no settings from the outer shell, the project
    importable, and `settings` (BOT_TOKEN="…", DATA_DIR="…", …)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("BOT_", "ADMIN_", "DATA_", "DATABASE_", "REDIS_"))
    }
    return {**clean, "PYTHONPATH": str(PROJECT), **settings}


async def start_bot(cwd: Path, env: dict[str, str]) -> asyncio.subprocess.Process:
    """`python -m bot` (it polls) as a process of its own, its output discarded."""
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=cwd, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip


def run_bot_cli(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` in a directory of its own, with no settings from the outer shell."""
    clean = bot_env(**{"DATA_DIR": str(tmp_path / "data"), **env})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=tmp_path,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )
