"""The sandbox's chat page in a real browser (Playwright driving Debian's Chromium, headless, on
a phone-sized viewport), against the real bot and the fake Bot API in this process.

One story, step by step, on one sandbox: a teacher reports with an album, the head approves,
the admin watches progress and imports a plan; the page edits messages in place and fits a
phone. Skipped, with the reason, only where no Chromium can be had (`.ci/run` installs it).
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from PIL import Image

from bot.sandbox.demo import HEAD, REGION_ADMIN, TEACHER, demo_plan
from bot.sandbox.plan_files import make_docx
from bot.sandbox.run import Sandbox, SandboxOptions
from services.clock import local_today

playwright_api = pytest.importorskip("playwright.async_api", reason="Playwright is not installed (uv sync)")

pytestmark = pytest.mark.asyncio(loop_scope="module")
PHONE = {"width": 390, "height": 844}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 15_000


def chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def sandbox(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Sandbox]:
    running = Sandbox(SandboxOptions(data_dir=tmp_path_factory.mktemp("sandbox"), port=0))
    await running.start()
    yield running
    await running.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def browser() -> AsyncIterator[object]:
    path = chromium()
    if path is None:
        pytest.skip("no Chromium here: `apt-get install chromium` (as .ci/run does) to run the browser tests")
    async with playwright_api.async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


@pytest_asyncio.fixture(loop_scope="module")
async def page(browser, sandbox: Sandbox) -> AsyncIterator[object]:
    context = await browser.new_context(viewport=PHONE)
    opened = await context.new_page()
    opened.set_default_timeout(WAIT_MS)
    await opened.goto(sandbox.url)
    await opened.locator(".who").first.wait_for()
    yield opened
    await context.close()


# ---- what a person does on the page ---------------------------------------------------------


async def be(page, name: str) -> None:
    await page.locator(".who", has_text=name).click()
    await playwright_api.expect(page.locator(".who.active")).to_contain_text(name)


async def say(page, text: str) -> None:
    await page.fill("#input", text)
    await page.press("#input", "Enter")


def last_bot(page):
    return page.locator(".msg.bot").last


async def tap(page, text: str) -> None:
    """The newest inline button with this text."""
    await page.locator(".msg.bot .inline button", has_text=text).last.click()


async def bot_says(page, text: str) -> None:
    await playwright_api.expect(page.locator(".msg.bot", has_text=text).last).to_be_visible()


def jpeg(seed: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (seed * 70 % 256, 120, 200)).save(out, "JPEG")
    return out.getvalue()


# ---- the story ----------------------------------------------------------------------------------


async def test_a_teacher_reports_with_an_album_of_three_photos(page, tmp_path: Path) -> None:
    await be(page, TEACHER.name)
    await say(page, "/tasks")
    await tap(page, "2.2.")
    await bot_says(page, "Отправьте фото мероприятия")
    photos = []
    for n in range(3):
        path = tmp_path / f"photo-{n}.jpg"
        path.write_bytes(jpeg(n))
        photos.append(str(path))
    await page.set_input_files("#files", photos)
    # Sent as one album, shown as one message with three photos; the bot counts them once.
    await playwright_api.expect(page.locator(".msg.me .album img")).to_have_count(3)
    await bot_says(page, "Добавлено файлов: 3")
    await tap(page, "Готово")
    await bot_says(page, "Когда прошло мероприятие?")
    await tap(page, "Сегодня")
    await bot_says(page, "Сколько было участников?")
    await say(page, "24")
    await bot_says(page, "Коротко опишите мероприятие")
    await say(page, "Неделя цифровой грамотности: уроки безопасности в сети для 5–7 классов")
    await bot_says(page, "Ссылка на новость")
    await tap(page, "Пропустить")
    await bot_says(page, "📎 Фото: 3")
    await tap(page, "Отправить отчёт")
    await bot_says(page, "Отчёт отправлен на проверку")
    if target := os.environ.get("SANDBOX_SCREENSHOT"):
        await page.screenshot(path=target)


async def test_the_head_approves_it_and_the_teacher_sees_the_verdict(page) -> None:
    await be(page, HEAD.name)
    await say(page, "/review")
    await bot_says(page, "Отчёты на проверку: 2")
    await tap(page, "2.2.")
    card = page.locator(".msg.bot", has=page.locator("button", has_text="Принять")).last
    await playwright_api.expect(card).to_contain_text("уроки безопасности в сети")
    # The evidence on request: the teacher's three photos, as one album.
    await tap(page, "Файлы")
    await playwright_api.expect(page.locator(".msg.bot .album").last.locator("img")).to_have_count(3)
    await tap(page, "Принять")
    await playwright_api.expect(page.locator("#toast")).to_contain_text("Отчёт принят")
    await bot_says(page, "Отчёты на проверку: 1")
    await be(page, TEACHER.name)
    await bot_says(page, "✅ Отчёт по пункту 2.2. Неделя цифровой грамотности принят")


async def test_the_admin_sees_it_in_progress(page) -> None:
    await be(page, REGION_ADMIN.name)
    await say(page, "/progress")
    await tap(page, "План мероприятий")
    progress = page.locator(".msg.bot", has_text="Выполнено:").last
    # The demo's approved reports (two) and the one just approved.
    await playwright_api.expect(progress).to_contain_text("✅ Выполнено: 3 из")
    await tap(page, "По районам")
    await playwright_api.expect(last_bot(page)).to_contain_text("по районам")


async def test_the_admin_uploads_a_plan_docx_and_saves_it(page, sandbox: Sandbox, tmp_path: Path) -> None:
    plan = demo_plan(local_today(sandbox.app.clock, "Europe/Moscow"))
    plan["title"] = "План работы методического объединения на 2027 год"
    path = tmp_path / "План МО.docx"
    path.write_bytes(make_docx(plan))
    await be(page, REGION_ADMIN.name)
    await say(page, "/import")
    await bot_says(page, "Отправьте файл плана")
    await page.set_input_files("#files", str(path))
    await playwright_api.expect(page.locator(".msg.me .doc")).to_contain_text("План МО.docx")
    await bot_says(page, "План работы методического объединения")
    await tap(page, "Сохранить")
    await bot_says(page, "План сохранён: разделов 3, пунктов 8")


async def test_a_message_the_bot_edits_changes_in_place(page) -> None:
    await be(page, REGION_ADMIN.name)
    await say(page, "/plans")
    await bot_says(page, "Загруженные планы")
    listing = page.locator(".msg.bot", has_text="Загруженные планы").last
    message_id = await listing.get_attribute("data-id")
    before = await page.locator(".msg.bot").count()
    await tap(page, "План мероприятий по развитию")
    same = page.locator(f'.msg.bot[data-id="{message_id}"]')
    await playwright_api.expect(same).to_contain_text("Организационные мероприятия")
    await playwright_api.expect(same).not_to_contain_text("Загруженные планы")
    assert await page.locator(".msg.bot").count() == before  # edited, not sent anew


async def test_the_page_fits_a_phone(page) -> None:
    await be(page, REGION_ADMIN.name)
    await say(page, "/menu")
    await playwright_api.expect(page.locator(".keyboard button").first).to_be_visible()
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # no horizontal scroll
    for selector in ("#input", "#send", ".attach", ".keyboard button", ".who"):
        box = await page.locator(selector).first.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], selector
        assert box["y"] + box["height"] <= PHONE["height"], selector
