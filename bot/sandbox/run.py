"""`python -m bot sandbox`: the whole bot offline, in a browser, in one command.

It starts the fake Bot API, the real bot against it (its own SQLite under the data folder), the
demo data on a first start, and the chat page. Ctrl-C stops the bot (its updates in hand
finished), saves the fake Telegram's chats, and stops the servers; a second start carries on
with the same data, and the bot's clock carries on from where it was.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import shutil
import signal
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from aiohttp import web

from bot.config import Settings
from bot.factory import App, create_app
from bot.sandbox.demo import REGION_ADMIN, make_demo
from bot.sandbox.persist import load_world, save_world
from bot.sandbox.server import FakeBotApi
from bot.sandbox.web import SandboxPage
from bot.sandbox.world import FakeWorld
from services.clock import ScaledClock

log = logging.getLogger(__name__)
# The fake server checks it as Telegram would; it opens nothing anywhere else.
TOKEN = "100000001:sandbox-token-not-a-real-one"  # noqa: S105
AUTOSAVE_SECONDS = 5.0
CLOCK_FILE = "clock.json"
DEMO_FILE = "demo.json"


@dataclass(frozen=True)
class SandboxOptions:
    data_dir: Path = Path("./sandbox-data")
    host: str = "127.0.0.1"
    port: int = 8080
    fresh: bool = False
    speed: float = 1.0


class Sandbox:
    def __init__(self, options: SandboxOptions) -> None:
        self.options = options
        self.world = FakeWorld(token=TOKEN)
        self.fake = FakeBotApi(self.world)
        self.app: App | None = None
        self.url = ""
        self.invite_link = ""
        self.stop_event = asyncio.Event()
        self._bot_task: asyncio.Task[None] | None = None
        self._web: web.AppRunner | None = None
        self._demo_task: asyncio.Task[None] | None = None
        self.demo_made = asyncio.Event()

    @property
    def _telegram_dir(self) -> Path:
        return self.options.data_dir / "telegram"

    async def start(self, *, demo_first: bool = True) -> str:
        """Everything up and the page served; its address. `demo_first=False`: the page is
        served while a first start is still making the demo data (they appear as they come)."""
        options = self.options
        unfinished = options.data_dir.exists() and not (options.data_dir / DEMO_FILE).exists()
        if (options.fresh or unfinished) and options.data_dir.exists():
            # A first start stopped before its demo data were whole starts over.
            shutil.rmtree(options.data_dir)
        options.data_dir.mkdir(parents=True, exist_ok=True)
        restored = load_world(self.world, self._telegram_dir)
        api_url = await self.fake.start()
        clock = ScaledClock(options.speed, start=self._resumed_clock())
        settings = Settings(
            _env_file=None,
            bot_token=TOKEN,
            telegram_api_url=api_url,
            data_dir=options.data_dir / "bot",
            database_url="",  # its own SQLite under the data folder, whatever the environment says
            admin_ids=[REGION_ADMIN.tg_id],
            # A faster clock sweeps as often in its own minutes as the real one does.
            alert_sweep_seconds=max(1, round(60 / options.speed)),
            album_wait_seconds=0.8,
        )
        self.app = await create_app(settings, clock=clock)
        self._bot_task = asyncio.create_task(self.app.run(polling_timeout=10), name="bot")
        demo_file = options.data_dir / DEMO_FILE
        if restored and demo_file.exists():
            self.invite_link = json.loads(demo_file.read_text(encoding="utf-8"))["invite_link"]
            self.demo_made.set()
        elif demo_first:
            await self._make_demo(demo_file)
        else:
            self._demo_task = asyncio.create_task(self._make_demo(demo_file), name="demo")
        page = SandboxPage(
            self.world, clock.now, settings.default_timezone, options.speed, lambda: self.invite_link
        )
        self._web = web.AppRunner(page.make_app(), access_log=None, shutdown_timeout=0.5)
        await self._web.setup()
        site = web.TCPSite(self._web, options.host, options.port)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://{options.host}:{port}"
        self._clock = clock
        return self.url

    async def _make_demo(self, demo_file: Path) -> None:
        assert self.app is not None
        demo = await make_demo(self.app, self.world)
        self.invite_link = demo.invite_link
        await asyncio.to_thread(demo_file.write_text, json.dumps({"invite_link": demo.invite_link}), "utf-8")
        self.demo_made.set()

    def _resumed_clock(self) -> datetime | None:
        """The bot's time where the last run left it, if it ran ahead of the real one."""
        path = self.options.data_dir / CLOCK_FILE
        if not path.exists():
            return None
        saved = datetime.fromisoformat(json.loads(path.read_text(encoding="utf-8"))["now"])
        return max(saved, datetime.now(UTC))

    def save(self) -> None:
        save_world(self.world, self._telegram_dir)
        (self.options.data_dir / CLOCK_FILE).write_text(
            json.dumps({"now": self._clock.now().isoformat()}), encoding="utf-8"
        )

    async def serve(self) -> None:
        """Until `stop_event`, saving the fake Telegram now and then while it changes."""
        saved = -1
        while not self.stop_event.is_set():
            if self.world.version != saved:
                saved = self.world.version
                await asyncio.to_thread(self.save)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.stop_event.wait(), AUTOSAVE_SECONDS)
            for task in (self._bot_task, self._demo_task):
                if task is not None and task.done():
                    task.result()  # stopped by itself: say why

    async def close(self) -> None:
        if self._demo_task is not None and not self._demo_task.done():
            self._demo_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._demo_task
        if self.app is not None:
            self.app.stop()
            if self._bot_task is not None:
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.wait_for(self._bot_task, 15)
            await self.app.close()
        with contextlib.suppress(AttributeError):
            self.save()
        if self._web is not None:
            await self._web.cleanup()
        await self.fake.stop()


async def run_sandbox(options: SandboxOptions) -> None:
    sandbox = Sandbox(options)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, sandbox.stop_event.set)
    try:
        url = await sandbox.start(demo_first=False)
        print(
            f"Sandbox: open {url} in a browser (Ctrl-C stops it; the data stay in {options.data_dir})",
            flush=True,
        )
        await sandbox.serve()
    finally:
        await sandbox.close()
        print("Sandbox stopped; the data are kept.", flush=True)
