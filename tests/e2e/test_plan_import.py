"""Importing a plan through the bot, over HTTP against the fake Bot API."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from bot.sandbox import FakeWorld
from db.models import Item, Plan
from tests.conftest import ADMIN_ID
from tests.harness import AppRunner, eventually

DATA = Path(__file__).resolve().parents[1] / "data"
STRANGER_ID = 2002


async def count(app: AppRunner, model) -> int:
    async with app.app.session_factory() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def count_is(app: AppRunner, model, expected: int) -> bool:
    return await count(app, model) == expected


async def upload(world: FakeWorld, name: str, data: bytes, **kwargs):
    world.send_document(ADMIN_ID, data, name, **kwargs)
    return await world.expect(ADMIN_ID)


async def test_admin_imports_a_plan_with_preview_warnings_and_confirmation(
    app: AppRunner, world: FakeWorld
) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/import")
    assert "Отправьте файл плана" in (await world.expect(ADMIN_ID)).text

    preview = await upload(world, "tomsk.txt", (DATA / "tomsk_engineering_2024.txt").read_bytes())
    assert "Муниципальный план мероприятий по развитию инженерного образования" in preview.text
    assert "Период: 01.01.2024 – 31.12.2024" in preview.text
    assert "Разделов: 5, пунктов: 25" in preview.text
    assert "Это новый план." in preview.text
    assert await count(app, Plan) == 0  # nothing is saved before the admin confirms

    world.press(ADMIN_ID, preview.message_id, preview.button("Предупреждения")["callback_data"])
    warnings = await world.expect(ADMIN_ID)
    assert "пункт 3.2 встречается 2 раза (строка 128, строка 130)" in warnings.text
    assert "в заголовке нет периода; взят по срокам" in warnings.text

    world.press(ADMIN_ID, preview.message_id, preview.button("Сохранить")["callback_data"])
    await world.wait_until(lambda: "План сохранён" in (world.find(ADMIN_ID, preview.message_id).text or ""))
    assert world.find(ADMIN_ID, preview.message_id).buttons() == []
    assert await eventually(lambda: count_is(app, Item, 25))
    assert await count(app, Plan) == 1

    world.send_text(ADMIN_ID, "/plans")
    listing = await world.expect(ADMIN_ID)
    assert "Муниципальный план мероприятий" in listing.text and "пунктов: 25" in listing.text


async def test_new_version_shows_changes_and_keeps_unchanged_items(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    source = (DATA / "vitebsk_itc_2026.txt").read_text(encoding="utf-8")
    preview = await upload(world, "plan.txt", source.encode())
    world.press(ADMIN_ID, preview.message_id, preview.button("Сохранить")["callback_data"])
    await world.wait_until(lambda: "План сохранён" in (world.find(ADMIN_ID, preview.message_id).text or ""))
    assert await eventually(lambda: count_is(app, Plan, 1))
    async with app.app.session_factory() as session:
        before = {(i.number, i.title[:30]): i.id for i in (await session.scalars(select(Item))).all()}

    changed = source.replace("июнь 2026 г.", "июль 2026 г.").replace(
        "3.\tРазработка региональной программы «Инженерное образование 2030»\tдекабрь 2026 г.\tВитебский областной институт развития образования\n",
        "",
    )
    preview = await upload(world, "plan-v2.txt", changed.encode())
    assert "новая версия" in preview.text
    assert "добавлено 0, удалено 1, изменено 1" in preview.text
    world.press(ADMIN_ID, preview.message_id, preview.button("Сохранить")["callback_data"])
    await world.wait_until(lambda: "План обновлён" in (world.find(ADMIN_ID, preview.message_id).text or ""))
    assert await eventually(lambda: count_is(app, Item, len(before) - 1))

    async with app.app.session_factory() as session:
        items = (await session.scalars(select(Item))).all()
        after = {(i.number, i.title[:30]): i.id for i in items}
        first = next(i for i in items if i.title.startswith("Обновление Положения"))
    assert await count(app, Plan) == 1
    assert len(after) == len(before) - 1
    assert first.deadline_text == "июль 2026 г."
    assert first.id == before[(first.number, first.title[:30])]  # the changed item kept its id
    assert all(after[key] == before[key] for key in after)


async def test_restart_between_preview_and_confirmation_loses_nothing(
    app: AppRunner, world: FakeWorld
) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    preview = await upload(world, "tver.txt", (DATA / "tver_nationalproject_2024_2025.txt").read_bytes())
    await app.restart()
    world.press(ADMIN_ID, preview.message_id, preview.button("Сохранить")["callback_data"])
    await world.wait_until(lambda: "План сохранён" in (world.find(ADMIN_ID, preview.message_id).text or ""))
    assert await eventually(lambda: count_is(app, Item, 57))


async def test_bad_files_get_a_clear_message_and_change_nothing(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/import")
    await world.expect(ADMIN_ID)

    reply = await upload(world, "scan.odt", b"PK\x03\x04...")
    assert "поддерживаются TXT, MD, DOCX, XLSX, CSV и PDF" in reply.text
    reply = await upload(world, "plan.pdf", b"%PDF-1.4 ...")
    assert "повреждён и не открывается как PDF" in reply.text
    reply = await upload(world, "plan.txt", bytes(range(256)) * 50)
    assert "Не удалось прочитать план" in reply.text and "не текстовый" in reply.text
    reply = await upload(world, "plan.docx", b"PK\x03\x04 definitely not a docx")
    assert "повреждён" in reply.text
    reply = await upload(world, "plan.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert "защищён паролем" in reply.text
    reply = await upload(world, "plan.txt", "Просто письмо без таблицы.\nС уважением.".encode())
    assert "не найдена таблица плана" in reply.text
    reply = await upload(world, "big.xlsx", b"x", declared_size=25 * 1024 * 1024)
    assert "больше 20 МБ" in reply.text
    assert await count(app, Plan) == 0
    # Still waiting for a good file: the conversation was not lost.
    world.send_text(ADMIN_ID, "что дальше?")
    assert "Нужен файл плана" in (await world.expect(ADMIN_ID)).text


async def test_strangers_and_forged_presses_change_nothing(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    world.add_user(STRANGER_ID, "Иван")
    preview = await upload(world, "plan.txt", (DATA / "vitebsk_itc_2026.txt").read_bytes())
    save = preview.button("Сохранить")["callback_data"]

    world.send_document(STRANGER_ID, (DATA / "vitebsk_itc_2026.txt").read_bytes(), "plan.txt")
    assert "ссылке-приглашению" in (await world.expect(STRANGER_ID)).text
    # The stranger replays the admin's button data in a message of their own chat.
    world.send_text(STRANGER_ID, "/help")
    own = await world.expect(STRANGER_ID)
    world.press(STRANGER_ID, own.message_id, save)
    await world.wait_until(lambda: any(a["text"] for a in world.callback_answers))
    assert world.callback_answers[-1]["text"] == "Это действие вам недоступно."
    world.press(ADMIN_ID, preview.message_id, "imp:save:0000000000000000")
    await world.wait_until(lambda: len(world.callback_answers) >= 2)
    assert "неактуально" in world.callback_answers[-1]["text"]
    assert await count(app, Plan) == 0


async def test_plans_are_seen_down_the_tree_not_across(app: AppRunner, world: FakeWorld) -> None:
    from datetime import UTC, datetime

    from db.models import Membership, Organisation, Role, User

    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    now = datetime.now(UTC)
    async with app.app.session_factory() as session, session.begin():
        root = await session.scalar(select(Organisation).where(Organisation.parent_id.is_(None)))
        for tg_id, name in ((6001, "Оршанский РОО"), (6002, "Полоцкий РОО")):
            district = Organisation(
                parent_id=root.id, kind="department", name=name, aliases=[], created_at=now
            )
            user = User(tg_id=tg_id, first_name=name, created_at=now, updated_at=now)
            session.add_all([district, user])
            await session.flush()
            session.add(Membership(user_id=user.id, org_id=district.id, role=Role.ADMIN, created_at=now))
    world.add_user(6001, "Орша")
    world.add_user(6002, "Полоцк")

    # The Orsha district admin imports a plan: it belongs to their district.
    world.send_document(6001, (DATA / "vitebsk_itc_2026.txt").read_bytes(), "plan.txt")
    preview = await world.expect(6001)
    world.press(6001, preview.message_id, preview.button("Сохранить")["callback_data"])
    await world.wait_until(lambda: "План сохранён" in (world.find(6001, preview.message_id).text or ""))
    assert await eventually(lambda: count_is(app, Plan, 1))

    for user, sees in ((ADMIN_ID, True), (6001, True), (6002, False)):
        world.send_text(user, "/plans")
        text = (await world.expect(user)).text
        assert ("План развития инженерно-технических центров" in text) is sees, user


async def test_admin_imports_a_plan_published_as_pdf(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    # Sent outside any conversation: a PDF from an admin is taken as a plan, like a DOCX.
    preview = await upload(world, "plan.pdf", (DATA / "tver_nationalproject_2024_2025.pdf").read_bytes())
    assert "Комплексный план мероприятий по организационно-методической поддержке" in preview.text
    assert "01.09.2024" in preview.text and "31.08.2025" in preview.text
    assert "57" in preview.text  # items
    world.press(ADMIN_ID, preview.message_id, preview.button("Сохранить")["callback_data"])
    await world.wait_until(lambda: "План сохранён" in (world.find(ADMIN_ID, preview.message_id).text or ""))
    assert await eventually(lambda: count_is(app, Item, 57))
