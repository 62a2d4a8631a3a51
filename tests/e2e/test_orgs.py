"""The organisation tree from the chat: add, rename, move, archive, and the log of it all."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot.sandbox import FakeWorld
from db.models import AuditEntry, Membership, Organisation, Role, User
from tests.conftest import ADMIN_ID
from tests.harness import AppRunner, eventually

HEAD_ID = 5001


async def org_named(app: AppRunner, name: str) -> Organisation | None:
    async with app.app.session_factory() as session:
        return await session.scalar(select(Organisation).where(Organisation.name == name))


async def test_admin_manages_the_tree_and_a_head_cannot(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)

    # Add a district under the region: name, then kind.
    world.send_text(ADMIN_ID, "/people")
    card = await world.expect(ADMIN_ID)
    assert "Регион" in card.text
    world.press(ADMIN_ID, card.message_id, card.button("Подразделение")["callback_data"])
    assert "Напишите название" in (await world.expect(ADMIN_ID)).text
    world.send_text(ADMIN_ID, "Оршанский   районный отдел образования")
    kinds = await world.expect(ADMIN_ID)
    await world.tap(ADMIN_ID, kinds.message_id, "Отдел (управление) образования")
    district = await eventually(lambda: org_named(app, "Оршанский районный отдел образования"))
    assert district.kind == "department"

    # A school, added the same way under the region, then moved into the district.
    world.press(ADMIN_ID, card.message_id, card.button("Подразделение")["callback_data"])
    await world.expect(ADMIN_ID)
    world.send_text(ADMIN_ID, "Средняя школа №3")
    kinds = await world.expect(ADMIN_ID)
    world.press(ADMIN_ID, kinds.message_id, kinds.button("Школа")["callback_data"])
    school = await eventually(lambda: org_named(app, "Средняя школа №3"))

    world.send_text(ADMIN_ID, "/people")
    listing = await world.expect(ADMIN_ID)
    await world.tap(ADMIN_ID, listing.message_id, "Средняя школа №3")
    await world.tap(ADMIN_ID, listing.message_id, "Переместить")
    await world.tap(ADMIN_ID, listing.message_id, "Оршанский районный")
    moved = await eventually(lambda: _parent_is(app, school.id, district.id))
    assert moved

    # Rename it.
    world.send_text(ADMIN_ID, "/people")
    listing = await world.expect(ADMIN_ID)
    await world.tap(ADMIN_ID, listing.message_id, "Средняя школа №3")
    world.press(
        ADMIN_ID,
        listing.message_id,
        world.find(ADMIN_ID, listing.message_id).button("Переименовать")["callback_data"],
    )
    await world.expect(ADMIN_ID)
    world.send_text(ADMIN_ID, "СШ №3 г. Орши")
    assert "Переименовано: «СШ №3 г. Орши»" in (await world.expect(ADMIN_ID)).text

    # A head of the school cannot touch the tree, whatever they press.
    now = datetime.now(UTC)
    async with app.app.session_factory() as session, session.begin():
        user = User(tg_id=HEAD_ID, first_name="Пётр", created_at=now, updated_at=now)
        session.add(user)
        await session.flush()
        session.add(Membership(user_id=user.id, org_id=school.id, role=Role.HEAD, created_at=now))
    world.add_user(HEAD_ID, "Пётр")
    world.send_text(HEAD_ID, "/people")
    head_card = await world.expect(HEAD_ID)
    assert [b for b in head_card.buttons() if "архив" in b["text"] or "Переимен" in b["text"]] == []
    answered = len(world.callback_answers)
    for forged in (
        f"o:arcy:{school.id}:0::0",
        f"o:mvto:{school.id}:{district.id}::0",
        f"o:ren:{district.id}:0::0",
    ):
        world.press(HEAD_ID, head_card.message_id, forged)
    await world.wait_until(lambda: len(world.callback_answers) >= answered + 3)
    assert {a["text"] for a in world.callback_answers[answered:]} == {"Это действие вам недоступно."}

    # Archive it; it leaves the lists, and the log tells the story.
    world.send_text(ADMIN_ID, "/people")
    listing = await world.expect(ADMIN_ID)
    await world.tap(ADMIN_ID, listing.message_id, "СШ №3 г. Орши")
    await world.tap(ADMIN_ID, listing.message_id, "В архив")
    await world.tap(ADMIN_ID, listing.message_id, "Да, в архив")
    archived = await eventually(lambda: _archived(app, school.id))
    assert archived
    world.send_text(ADMIN_ID, "/people")
    listing = await world.expect(ADMIN_ID)
    assert not any("СШ №3" in b["text"] for b in listing.buttons())
    async with app.app.session_factory() as session:
        actions = (await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))).all()
    assert actions == ["org.add", "org.add", "org.move", "org.rename", "org.archive"]


async def _parent_is(app: AppRunner, org_id: int, parent_id: int) -> bool:
    async with app.app.session_factory() as session:
        return (await session.get(Organisation, org_id)).parent_id == parent_id


async def _archived(app: AppRunner, org_id: int) -> bool:
    async with app.app.session_factory() as session:
        return (await session.get(Organisation, org_id)).archived_at is not None
