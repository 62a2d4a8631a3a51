"""`python -m bot sandbox`: demo data made through the services, the page's API acting as people
do in Telegram, the data kept over a restart, a clean stop on Ctrl-C, and a faster clock."""

from __future__ import annotations

import asyncio
import io
import os
import signal
import socket
import sys
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
from PIL import Image
from sqlalchemy import func, select

from bot.sandbox.demo import NEWCOMER, PERSONAS, REGION_ADMIN
from bot.sandbox.run import Sandbox, SandboxOptions
from db.models import Broadcast, BroadcastStatus, Membership, Plan, Report, Role, User
from services.clock import ScaledClock

ROOT = Path(__file__).resolve().parents[2]


def jpeg(seed: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (2000, 1500), (seed * 60 % 256, 90, 160)).save(out, "JPEG")
    return out.getvalue()


async def until(check, timeout: float = 10.0):
    deadline = asyncio.get_running_loop().time() + timeout
    while not (result := await check()):
        assert asyncio.get_running_loop().time() < deadline, "the sandbox did not get there in time"
        await asyncio.sleep(0.05)
    return result


async def scalar(sandbox: Sandbox, statement):
    async with sandbox.app.session_factory() as session:
        return await session.scalar(statement)


async def test_demo_data_are_made_and_kept_over_a_restart(tmp_path: Path) -> None:
    options = SandboxOptions(data_dir=tmp_path / "data", port=0)
    first = Sandbox(options)
    await first.start()
    try:
        async with aiohttp.ClientSession() as http, http.get(f"{first.url}/api/state") as response:
            state = await response.json()
        assert [p["name"] for p in state["people"]] == [p.name for p in PERSONAS]
        assert state["invite_link"].startswith("https://t.me/plan_tracker_bot?start=")
        async with first.app.session_factory() as session:
            statuses = Counter((await session.scalars(select(Report.status))).all())
            roles = Counter((await session.scalars(select(Membership.role))).all())
        assert statuses == {"approved": 2, "submitted": 2, "returned": 1}
        assert roles[Role.ADMIN] == 2 and roles[Role.HEAD] == 3 and roles[Role.TEACHER] == 2
        assert roles[Role.OBSERVER] == 1
        # The announcement is sent by the bot's own sender, to everyone: it finishes.
        await until(lambda: scalar(first, select(Broadcast.status)), 10)
        await until(
            lambda: scalar(first, select(Broadcast.id).where(Broadcast.status == BroadcastStatus.DONE)), 15
        )
        # The author hears of the end (after it is recorded).
        await first.world.wait_until(
            lambda: any(
                "Рассылка завершена" in (m.text or "") for m in first.world.bot_messages(REGION_ADMIN.tg_id)
            ),
            10,
        )
        admin_chat = [(m.message_id, m.from_bot, m.text) for m in first.world.chats[REGION_ADMIN.tg_id]]
    finally:
        await first.close()

    second = Sandbox(options)
    await second.start()
    try:
        assert await scalar(second, select(func.count()).select_from(Plan)) == 2  # not made twice
        assert second.invite_link == state["invite_link"]
        # The chats are back (the alert digest of the start's sweep may come on top of them).
        restored = [(m.message_id, m.from_bot, m.text) for m in second.world.chats[REGION_ADMIN.tg_id]]
        assert restored[: len(admin_chat)] == admin_chat
        # ...and nothing in them is sent a second time by the restarted bot.
        texts = [text for _id, from_bot, text in restored if from_bot]
        assert len(texts) == len(set(texts))
        # New updates are not mistaken for ones the bot handled before the restart.
        before = len(second.world.bot_messages(REGION_ADMIN.tg_id))
        second.world.send_text(REGION_ADMIN.tg_id, "/menu")
        await second.world.wait_until(lambda: len(second.world.bot_messages(REGION_ADMIN.tg_id)) > before, 10)
    finally:
        await second.close()

    fresh = Sandbox(SandboxOptions(data_dir=tmp_path / "data", port=0, fresh=True))
    await fresh.start()
    try:
        assert (
            not fresh.world.chats.get(REGION_ADMIN.tg_id)
            or len(fresh.world.chats[REGION_ADMIN.tg_id]) < len(admin_chat)
        )
        assert fresh.invite_link != state["invite_link"]
    finally:
        await fresh.close()


async def test_the_page_acts_as_people_do_in_telegram(tmp_path: Path) -> None:
    sandbox = Sandbox(SandboxOptions(data_dir=tmp_path / "data", port=0))
    await sandbox.start()
    world, url = sandbox.world, sandbox.url
    try:
        async with aiohttp.ClientSession() as http:
            # The newcomer opens the invite link: it arrives as /start <token> and they join.
            token = sandbox.invite_link.split("start=")[1]
            async with http.post(
                f"{url}/api/chats/{NEWCOMER.tg_id}/text", json={"text": f"/start {token}"}
            ) as r:
                assert r.status == 200
            await world.wait_until(lambda: world.bot_messages(NEWCOMER.tg_id), 10)
            joined = await until(
                lambda: scalar(
                    sandbox,
                    select(Membership.role)
                    .join(User, User.id == Membership.user_id)
                    .where(User.tg_id == NEWCOMER.tg_id),
                )
            )
            assert joined is Role.TEACHER

            # Two photos at once are an album, scaled as Telegram keeps photos; a text file a document.
            form = aiohttp.FormData()
            for n in range(2):
                form.add_field("file", jpeg(n), filename=f"{n}.jpg", content_type="image/jpeg")
            form.add_field("file", b"notes", filename="notes.txt", content_type="text/plain")
            async with http.post(f"{url}/api/chats/{NEWCOMER.tg_id}/upload", data=form) as r:
                assert await r.json() == {"ok": True, "photos": 2, "documents": 1}
            sent = [m for m in world.chats[NEWCOMER.tg_id] if not m.from_bot][-3:]
            albums = {m.payload.get("media_group_id") for m in sent[:2]}
            assert len(albums) == 1 and None not in albums
            photo = world.files[sent[0].payload["photo"][-1]["file_id"]].data
            assert max(Image.open(io.BytesIO(photo)).size) == 1280
            assert sent[2].payload["document"]["file_name"] == "notes.txt"

            async def admin_chat() -> dict | None:
                async with http.get(f"{url}/api/chats/{REGION_ADMIN.tg_id}") as r:
                    found = await r.json()
                return found if found["keyboard"] else None  # once the bot answered /start

            chat = await until(admin_chat)
            assert any("Планы" in text for row in chat["keyboard"] for text in row)
            assert any(m["html"] and m["from_bot"] for m in chat["messages"])

            # Strangers, forged buttons and empty messages change nothing.
            async with http.post(f"{url}/api/chats/999/text", json={"text": "/start"}) as r:
                assert r.status == 404
            async with http.post(
                f"{url}/api/chats/{REGION_ADMIN.tg_id}/press", json={"message_id": 10**6, "data": "x"}
            ) as r:
                assert r.status == 400
            async with http.post(f"{url}/api/chats/{REGION_ADMIN.tg_id}/text", json={"text": "  "}) as r:
                assert r.status == 400
            async with http.get(f"{url}/api/files/nothing-here") as r:
                assert r.status == 404

            # Only what the person sent counts: the bot may still be answering the text file.
            def from_person() -> int:
                return sum(not m.from_bot for m in world.chats[NEWCOMER.tg_id])

            before = from_person()
            huge = aiohttp.FormData()
            huge.add_field(
                "file", b"\0" * (21 * 2**20), filename="big.bin", content_type="application/octet-stream"
            )
            async with http.post(f"{url}/api/chats/{NEWCOMER.tg_id}/upload", data=huge) as r:
                assert r.status == 413
            assert from_person() == before  # nothing sent to the bot
    finally:
        await sandbox.close()


def test_a_faster_clock_runs_n_times_as_fast() -> None:
    ticks = iter([100.0, 100.0, 130.0])
    clock = ScaledClock(60, start=datetime(2026, 12, 1, 9, tzinfo=UTC), monotonic=lambda: next(ticks))
    assert clock.now() == datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert clock.now() - datetime(2026, 12, 1, 9, tzinfo=UTC) == timedelta(minutes=30)  # 30 s × 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_the_command_serves_the_page_and_stops_cleanly_on_ctrl_c(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "BOT_TOKEN": "", "PYTHONUNBUFFERED": "1"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "sandbox", "--port", str(port), "--data", str(tmp_path / "data"),
        "--clock", "fast", cwd=ROOT, env=env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    try:
        output = b""
        while b"Sandbox: open" not in output:
            line = await asyncio.wait_for(process.stdout.readline(), 90)
            assert line, output.decode()
            output += line
        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{port}/") as page:
                assert page.status == 200 and "<title>" in await page.text()
            async with http.get(f"http://127.0.0.1:{port}/api/state") as state:
                assert (await state.json())["clock"]["speed"] == 60
        process.send_signal(signal.SIGINT)
        rest, _ = await asyncio.wait_for(process.communicate(), 60)
        assert process.returncode == 0, rest.decode()
        assert "Sandbox stopped; the data are kept." in rest.decode()
        assert (tmp_path / "data" / "telegram" / "world.json").exists()
        assert "Traceback" not in (output + rest).decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
