"""What the end-to-end tests build again and again: regions with schools and people, plans
given to them, reports in each state, and the taps that get there. One place, so a test module
never imports another."""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, date, datetime
from pathlib import Path

from PIL import Image
from sqlalchemy import select

from bot.sandbox import FakeWorld
from bot.sandbox.world import ChatMessage
from db.models import (
    Assignment,
    Digest,
    DigestStatus,
    Item,
    Membership,
    Occurrence,
    Organisation,
    Plan,
    Report,
    ReportStatus,
    Role,
    Section,
    TeacherAssignment,
    User,
)
from db.repositories.assignments import AssignmentRepo
from tests.conftest import ADMIN_ID
from tests.harness import AppRunner, eventually

# ---- from alerts ----------------------------------------


TEACHER_K, HEAD_K, HEAD_V = 5001, 5002, 5003


KALININGRAD, VLADIVOSTOK, MINSK = "Europe/Kaliningrad", "Asia/Vladivostok", "Europe/Minsk"


DUE = date(2026, 3, 20)


async def build_region(app: AppRunner, world: FakeWorld) -> dict[str, int]:
    """A region (Minsk time) with a school in Kaliningrad (a teacher was given the item, and a
    head) and one in Vladivostok (a head only); one item due on 20 March, given to both."""
    now = datetime(2026, 3, 1, tzinfo=UTC)
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    async with app.app.session_factory() as session, session.begin():
        root = await session.scalar(select(Organisation).where(Organisation.parent_id.is_(None)))
        root.timezone = MINSK
        k = Organisation(
            parent_id=root.id, kind="school", name="Школа Калининград", timezone=KALININGRAD, created_at=now
        )
        v = Organisation(
            parent_id=root.id, kind="school", name="Школа Владивосток", timezone=VLADIVOSTOK, created_at=now
        )
        session.add_all([k, v])
        await session.flush()
        ids = {}
        for tg_id, name, org, role in (
            (TEACHER_K, "Анна", k, Role.TEACHER),
            (HEAD_K, "Пётр", k, Role.HEAD),
            (HEAD_V, "Вера", v, Role.HEAD),
        ):
            user = User(tg_id=tg_id, first_name=name, created_at=now, updated_at=now)
            session.add(user)
            await session.flush()
            session.add(Membership(user_id=user.id, org_id=org.id, role=role, created_at=now))
            ids[name] = user.id
        plan = Plan(
            org_id=root.id,
            title="План на март",
            source_name="test",
            source_sha256="0" * 64,
            warnings=[],
            created_at=now,
            updated_at=now,
        )
        session.add(plan)
        await session.flush()
        section = Section(plan_id=plan.id, position=0, number="1", title="Раздел")
        session.add(section)
        await session.flush()
        item = Item(
            plan_id=plan.id,
            section_id=section.id,
            position=0,
            number="1.1",
            title="Семинар для педагогов",
            deadline_text="20.03.2026",
            deadline={"kind": "window"},
        )
        session.add(item)
        await session.flush()
        occurrence = Occurrence(item_id=item.id, due_on=DUE)
        session.add(occurrence)
        assignments = [Assignment(item_id=item.id, org_id=org.id, created_at=now) for org in (k, v)]
        session.add_all(assignments)
        await session.flush()
        session.add(TeacherAssignment(assignment_id=assignments[0].id, user_id=ids["Анна"], created_at=now))
    for tg_id, name in ((TEACHER_K, "Анна"), (HEAD_K, "Пётр"), (HEAD_V, "Вера")):
        world.add_user(tg_id, name)
    world.mark_read(ADMIN_ID)
    return {"k": k.id, "occurrence": occurrence.id, "item": item.id, **ids}


async def settle(*apps: AppRunner) -> None:
    """Send whatever the sweep recorded (each app's sender at once, when several share the
    database), and wait for senders that took some of it."""
    for _ in range(200):
        await asyncio.gather(*(app.app.digests.drain() for app in apps))
        async with apps[0].app.session_factory() as session:
            busy = await session.scalar(
                select(Digest.id)
                .where(Digest.status.in_([DigestStatus.PENDING, DigestStatus.SENDING]))
                .limit(1)
            )
        if busy is None:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("digests were not sent")


# ---- from report ----------------------------------------


HEAD, TEACHER, OTHER_TEACHER = 4201, 4202, 4203


def jpeg(seed: int, size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (seed * 40 % 256, seed * 90 % 256, seed * 13 % 256)).save(out, "JPEG")
    return out.getvalue()


async def school_people(app: AppRunner, world: FakeWorld) -> dict[str, int]:
    """The Vitebsk plan with section I given out; a head and a teacher at the school, and a
    teacher at the ИТЦ (which was not given the school's items)."""
    orgs = await region_with_section_i_accepted(app, world)
    now = datetime.now(UTC)
    async with app.app.session_factory() as session, session.begin():
        for tg_id, name, org, role in (
            (HEAD, "Пётр", "school", Role.HEAD),
            (TEACHER, "Анна", "school", Role.TEACHER),
            (OTHER_TEACHER, "Вера", "itc", Role.TEACHER),
        ):
            user = User(tg_id=tg_id, first_name=name, created_at=now, updated_at=now)
            session.add(user)
            await session.flush()
            session.add(Membership(user_id=user.id, org_id=orgs[org], role=role, created_at=now))
    for tg_id, name in ((HEAD, "Пётр"), (TEACHER, "Анна"), (OTHER_TEACHER, "Вера")):
        world.add_user(tg_id, name)
    return orgs


async def give_to_teacher(app: AppRunner, item_id: int, org_id: int, teacher_tg: int) -> None:
    """The organisation's head gives the item to one of its teachers (as «Поручить педагогам» does)."""
    async with app.app.session_factory() as session, session.begin():
        teacher = await session.scalar(select(User).where(User.tg_id == teacher_tg))
        assignment = await AssignmentRepo(session).find(item_id, org_id)
        session.add(
            TeacherAssignment(assignment_id=assignment.id, user_id=teacher.id, created_at=datetime.now(UTC))
        )


async def press(world: FakeWorld, user: int, message: ChatMessage, text: str) -> ChatMessage:
    """Press a button that makes the bot answer with a new message; return that message."""
    world.press(user, message.message_id, world.find(user, message.message_id).button(text)["callback_data"])
    return await world.expect(user)


async def open_report_on(world: FakeWorld, user: int, item_words: str) -> ChatMessage:
    """/tasks → one tap on the task: the bot asks for photos."""
    world.send_text(user, "/tasks")
    tasks = await world.expect(user)
    return await press(world, user, tasks, item_words)


async def two_photos_sent(app: AppRunner, world: FakeWorld, seeds: tuple[int, int] = (11, 12)) -> ChatMessage:
    """The school's people in place, the teacher opens a report and sends an album of two
    photos, then taps «Готово»: the bot asks for the event's date."""
    await school_people(app, world)
    await open_report_on(world, TEACHER, "6. Составление плана")
    world.send_album(TEACHER, [jpeg(seeds[0]), jpeg(seeds[1])])
    added = await world.expect(TEACHER)
    return await press(world, TEACHER, added, "Готово (2)")


async def open_card_of(world: FakeWorld, user: int, item_words: str) -> ChatMessage:
    """/tasks → ℹ️ next to the task: its card, in place of the list."""
    world.send_text(user, "/tasks")
    tasks = await world.expect(user)
    row = next(row for row in tasks.reply_markup["inline_keyboard"] if item_words in row[0]["text"])
    before = tasks.edits
    world.press(user, tasks.message_id, row[-1]["callback_data"])
    return await world.wait_until(
        lambda: world.find(user, tasks.message_id).edits > before and world.find(user, tasks.message_id)
    )


async def reports(app: AppRunner) -> list[Report]:
    async with app.app.session_factory() as session:
        found = await session.scalars(select(Report).order_by(Report.id))
        return list(found.all())


async def status_is(app: AppRunner, status: ReportStatus) -> bool:
    found = await reports(app)
    return len(found) == 1 and found[0].status is status


async def submitted(app: AppRunner) -> Report:
    """The only report, once the submitting update has committed."""
    assert await eventually(lambda: status_is(app, ReportStatus.SUBMITTED))
    return (await reports(app))[0]


# ---- from assign ----------------------------------------


DATA = Path(__file__).resolve().parent / "data"


async def setup_region(app: AppRunner) -> dict[str, int]:
    async with app.app.session_factory() as session, session.begin():
        root = await session.scalar(select(Organisation).where(Organisation.parent_id.is_(None)))
        now = datetime.now(UTC)
        orgs = {
            "institute": Organisation(
                parent_id=root.id,
                kind="institute",
                name="Витебский областной институт развития образования",
                aliases=["ВОИРО"],
                created_at=now,
            ),
            "school": Organisation(
                parent_id=root.id, kind="school", name="СШ №1 г. Орши", aliases=[], created_at=now
            ),
            "itc": Organisation(
                parent_id=root.id, kind="itc", name="ИТЦ на базе гимназии №2", aliases=[], created_at=now
            ),
        }
        session.add_all(orgs.values())
        await session.flush()
        return {key: org.id for key, org in orgs.items()}


async def tap(world: FakeWorld, message_id: int, text: str) -> None:
    await world.tap(ADMIN_ID, message_id, text)


async def import_plan(world: FakeWorld, name: str) -> None:
    """The admin sends a sample plan and saves it."""
    world.send_document(ADMIN_ID, (DATA / name).read_bytes(), "plan.txt")
    preview = await world.expect(ADMIN_ID)
    world.press(ADMIN_ID, preview.message_id, preview.button("Сохранить")["callback_data"])
    await world.wait_until(lambda: "План сохранён" in (world.find(ADMIN_ID, preview.message_id).text or ""))


async def region_with_section_i_accepted(app: AppRunner, world: FakeWorld) -> dict[str, int]:
    """Admin, organisations, the Vitebsk plan, and its section I given as suggested."""
    world.add_user(ADMIN_ID, "Ольга")
    world.send_text(ADMIN_ID, "/start")
    await world.expect(ADMIN_ID)
    orgs = await setup_region(app)
    await import_plan(world, "vitebsk_itc_2026.txt")
    world.send_text(ADMIN_ID, "/plans")
    mid = (await world.expect(ADMIN_ID)).message_id
    await tap(world, mid, "План развития")
    await tap(world, mid, "Исполнители")
    world.press(ADMIN_ID, mid, world.find(ADMIN_ID, mid).button("Принять предложенное: I")["callback_data"])
    assert await eventually(lambda: assignments_at_least(app, 12))
    return orgs


# ---- from browse_review ----------------------------------------


async def report_item_6(world: FakeWorld, photo_seed: int = 1, user: int = TEACHER) -> None:
    await open_report_on(world, user, "6. Составление плана")
    world.send_photo(user, jpeg(photo_seed))
    added = await world.expect(user)
    ask_date = await press(world, user, added, "Готово")
    ask_people = await press(world, user, ask_date, "Сегодня")
    ask_text = await press(world, user, ask_people, "Пропустить")
    ask_link = await press(world, user, ask_text, "Пропустить")
    summary = await press(world, user, ask_link, "Пропустить")
    await press(world, user, summary, "Отправить")


# ---- from people ----------------------------------------


async def make_orgs(app: AppRunner) -> tuple[int, int]:
    """A district under the region and a school under it; the region appears on the admin's /start."""
    async with app.app.session_factory() as session, session.begin():
        root = await session.scalar(select(Organisation).where(Organisation.parent_id.is_(None)))
        now = datetime.now(UTC)
        district = Organisation(
            parent_id=root.id, kind="department", name="Оршанский РОО", aliases=[], created_at=now
        )
        session.add(district)
        await session.flush()
        school = Organisation(parent_id=district.id, kind="itc", name="ИТЦ СШ №1", aliases=[], created_at=now)
        other = Organisation(
            parent_id=root.id, kind="school", name="СШ №9 другого района", aliases=[], created_at=now
        )
        session.add_all([school, other])
        await session.flush()
        return school.id, other.id


async def assignments_at_least(app: AppRunner, minimum: int) -> bool:
    async with app.app.session_factory() as session:
        return len((await session.scalars(select(Assignment.id))).all()) >= minimum
