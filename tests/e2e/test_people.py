"""Invitations end to end: admin invites a head, the head invites a teacher; links that
expired, were revoked or used up, and forged presses, change nothing."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from bot.sandbox import FakeWorld
from db.models import AuditEntry, Invite, Membership, Organisation, Role, User
from db.repositories import Repositories
from services.clock import FrozenClock
from tests.conftest import ADMIN_ID
from tests.factories import (
    make_orgs,
)
from tests.harness import AppRunner, eventually

HEAD_ID, TEACHER_ID, STRANGER_ID = 3001, 3002, 3003


async def invite_link(world: FakeWorld, user: int, org_button: str | None, role_text: str) -> str:
    """Walk Люди → organisation → Пригласить → role → one person; return the link."""
    world.send_text(user, "/people")
    screen = await world.expect(user)
    if org_button:
        screen = await world.tap(user, screen.message_id, org_button)
    mid = screen.message_id
    for button in ("Пригласить", role_text, "Одному человеку"):
        await world.tap(user, mid, button)
    text = world.find(user, mid).text
    qr = await world.expect(user)
    assert "photo" in qr.payload and "QR-код" in qr.text
    return re.search(r"https://t\.me/\S+\?start=(\S+)", text).group(0)


async def give_items(app: AppRunner, items: dict[str, int]) -> None:
    """A plan whose items are each given to one organisation, saved as the services do it."""
    from services.assignment import AssignmentService
    from services.plan_import import PlanImportService
    from services.plans import parse_plan

    rows = "\n".join(f"{n}.\t{title}\tдекабрь\tОтдел" for n, title in enumerate(items, start=1))
    parsed = parse_plan("plan.txt", f"План на 2026 год\n№\tМероприятие\tСрок\tОтветственный\n{rows}".encode())
    async with app.app.session_factory() as session, session.begin():
        root = await session.scalar(select(Organisation.id).where(Organisation.parent_id.is_(None)))
        summary = await PlanImportService(Repositories(session), app.clock).save(
            None, parsed, source_name="plan.txt", sha256="0" * 64, org_id=root
        )
        plan = await Repositories(session).plans.load_full(summary.plan_id)
        for item in plan.sections[0].items:
            await AssignmentService(Repositories(session)).assign(
                None, plan, [item], [items[item.title]], app.clock.now()
            )


async def members_of(app: AppRunner, org_id: int) -> list[tuple[int, Role]]:
    async with app.app.session_factory() as session:
        rows = await session.execute(
            select(Membership.user_id, Membership.role).where(Membership.org_id == org_id)
        )
        return sorted(rows.all())


async def test_admin_invites_head_who_invites_teacher(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    school, _other = await make_orgs(app)

    link = await invite_link(world, ADMIN_ID, "ИТЦ СШ №1", "руководителя")
    assert link.startswith("https://t.me/plan_tracker_bot?start=")
    token = link.rsplit("=", 1)[1]
    assert len(token) >= 32  # at least 128 bits of randomness
    async with app.app.session_factory() as session:
        stored = (await session.scalars(select(Invite.token_hash))).all()
    assert token not in stored  # only the hash is kept

    world.add_user(HEAD_ID, "Пётр")
    world.send_text(HEAD_ID, f"/start {token}")
    welcome = await world.expect(HEAD_ID)
    assert "Вы вошли в «ИТЦ СШ №1» как руководитель организации" in welcome.text
    assert "👥 Люди" in welcome.keyboard_texts()
    notice = await world.expect(ADMIN_ID)
    assert "Пётр присоединился(лась) к «ИТЦ СШ №1»" in notice.text

    # The head may invite teachers to their own organisation, and nobody else.
    world.send_text(HEAD_ID, "/people")
    card = await world.expect(HEAD_ID)
    assert "ИТЦ СШ №1" in card.text
    roles = [b["text"] for b in (await world.tap(HEAD_ID, card.message_id, "Пригласить")).buttons()]
    assert roles == ["педагога", "‹ Назад"]
    world.mark_read(HEAD_ID)
    link = await invite_link(world, HEAD_ID, None, "педагога")

    world.add_user(TEACHER_ID, "Анна")
    world.send_text(TEACHER_ID, f"/start {link.rsplit('=', 1)[1]}")
    assert "как педагог" in (await world.expect(TEACHER_ID)).text
    assert "Анна присоединился(лась) к «ИТЦ СШ №1» как педагог" in (await world.expect(HEAD_ID)).text
    assert await eventually(lambda: _has_members(app, school, 2))

    # The same single-use link does not let a second person in.
    world.add_user(STRANGER_ID, "Чужой")
    world.send_text(STRANGER_ID, f"/start {link.rsplit('=', 1)[1]}")
    assert "уже вошло допустимое число" in (await world.expect(STRANGER_ID)).text
    world.send_text(STRANGER_ID, "/start not-a-real-token")
    assert "не найдена" in (await world.expect(STRANGER_ID)).text

    # A teacher sees no people screens.
    world.send_text(TEACHER_ID, "/people")
    assert "недоступно" in (await world.expect(TEACHER_ID)).text

    # Items given to the school and to another organisation: each sees only its own.
    await give_items(app, {"Семинар для ИТЦ": school, "Конкурс другой школы": _other})
    for user in (HEAD_ID, TEACHER_ID):
        world.send_text(user, "/tasks")
        view = (await world.expect(user)).text
        assert "Семинар для ИТЦ" in view and "Конкурс другой школы" not in view
    world.send_text(STRANGER_ID, "/tasks")
    assert "приглашению" in (await world.expect(STRANGER_ID)).text
    async with app.app.session_factory() as session:
        actions = (await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id))).all()
    assert actions == ["invite.create", "member.join", "invite.create", "member.join"]


async def _has_members(app: AppRunner, org_id: int, count: int) -> bool:
    return len(await members_of(app, org_id)) == count


async def test_forged_presses_change_nothing(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    school, other = await make_orgs(app)
    link = await invite_link(world, ADMIN_ID, "ИТЦ СШ №1", "руководителя")
    world.add_user(HEAD_ID, "Пётр")
    world.send_text(HEAD_ID, f"/start {link.rsplit('=', 1)[1]}")
    welcome = await world.expect(HEAD_ID)

    async def invites() -> int:
        async with app.app.session_factory() as session:
            return await session.scalar(select(func.count()).select_from(Invite))

    before = await invites()
    answered = len(world.callback_answers)
    for forged in (f"p:invu:{other}:0:teacher:1", f"p:invu:{school}:0:head:1", f"p:invu:{school}:0:admin:50"):
        world.press(HEAD_ID, welcome.message_id, forged)
    await world.wait_until(lambda: len(world.callback_answers) >= answered + 3)
    assert {a["text"] for a in world.callback_answers[answered:]} == {"Это действие вам недоступно."}
    assert await invites() == before
    assert await members_of(app, other) == []


async def test_expired_and_revoked_links(app: AppRunner, world: FakeWorld, clock: FrozenClock) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    school, _ = await make_orgs(app)
    first = (await invite_link(world, ADMIN_ID, "ИТЦ СШ №1", "педагога")).rsplit("=", 1)[1]
    world.mark_read(ADMIN_ID)
    second = (await invite_link(world, ADMIN_ID, "ИТЦ СШ №1", "педагога")).rsplit("=", 1)[1]

    # Revoke the newest open invite from the list.
    world.send_text(ADMIN_ID, "/people")
    screen = await world.expect(ADMIN_ID)
    screen = await world.tap(ADMIN_ID, screen.message_id, "ИТЦ СШ №1")
    listing = await world.tap(ADMIN_ID, screen.message_id, "Открытые приглашения")
    assert listing.text.count("педагог: использовано 0 из 1") == 2
    world.press(ADMIN_ID, screen.message_id, listing.buttons()[0]["callback_data"])
    await world.wait_until(lambda: any("отозвано" in (a["text"] or "") for a in world.callback_answers))

    world.add_user(TEACHER_ID, "Анна")
    world.send_text(TEACHER_ID, f"/start {second}")
    assert "отозвано" in (await world.expect(TEACHER_ID)).text
    clock.advance(timedelta(days=8))
    world.send_text(TEACHER_ID, f"/start {first}")
    assert "истёк" in (await world.expect(TEACHER_ID)).text
    assert await members_of(app, school) == []


async def test_members_change_role_leave_and_switch(app: AppRunner, world: FakeWorld) -> None:
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    school, other = await make_orgs(app)
    for org_button, role_text, user, name in (
        ("ИТЦ СШ №1", "педагога", TEACHER_ID, "Анна"),
        ("СШ №9 другого района", "руководителя", TEACHER_ID, "Анна"),
        ("ИТЦ СШ №1", "педагога", STRANGER_ID, "Борис"),
    ):
        world.mark_read(ADMIN_ID)
        token = (await invite_link(world, ADMIN_ID, org_button, role_text)).rsplit("=", 1)[1]
        world.add_user(user, name)
        world.send_text(user, f"/start {token}")
        await world.expect(user)
        assert "присоединился(лась)" in (await world.expect(ADMIN_ID)).text

    # Анна is a teacher in one place and a head in another: she switches.
    world.mark_read(TEACHER_ID)
    world.send_text(TEACHER_ID, "🔄 Сменить роль")
    chooser = await world.expect(TEACHER_ID)
    assert [b["text"].startswith("✅") for b in chooser.buttons()].count(True) == 1
    target = next(b for b in chooser.buttons() if "педагог — ИТЦ СШ №1" in b["text"])
    world.press(TEACHER_ID, chooser.message_id, target["callback_data"])
    switched = await world.expect(TEACHER_ID)
    assert "Теперь вы — педагог, ИТЦ СШ №1" in switched.text
    assert "👥 Люди" not in switched.keyboard_texts()

    # The admin makes Борис an observer, then removes him.
    world.send_text(ADMIN_ID, "/people")
    screen = await world.expect(ADMIN_ID)
    mid = screen.message_id
    await world.tap(ADMIN_ID, screen.message_id, "ИТЦ СШ №1")
    for button in ("Участники", "Борис", "Сделать: наблюдатель"):
        await world.tap(ADMIN_ID, mid, button)
    assert await eventually(lambda: _role_of(app, STRANGER_ID, Role.OBSERVER))
    for button in ("Борис", "✖ Борис", "Да, удалить"):
        await world.tap(ADMIN_ID, mid, button)
    assert await eventually(lambda: _no_membership(app, STRANGER_ID))
    world.send_text(STRANGER_ID, "/people")
    assert "приглашению" in (await world.expect(STRANGER_ID)).text


async def _role_of(app: AppRunner, tg_id: int, role: Role) -> bool:
    async with app.app.session_factory() as session:
        membership = await session.scalar(
            select(Membership).join(User, User.id == Membership.user_id).where(User.tg_id == tg_id)
        )
        return membership is not None and membership.role is role


async def _no_membership(app: AppRunner, tg_id: int) -> bool:
    async with app.app.session_factory() as session:
        return (
            await session.scalar(
                select(func.count())
                .select_from(Membership)
                .join(User, User.id == Membership.user_id)
                .where(User.tg_id == tg_id)
            )
            == 0
        )
