"""/progress: a plan's bar and counts for the part of the tree a user answers for, then by
section, by district and by organisation, worst first. Over HTTP against the fake Bot API."""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from datetime import UTC, date, datetime

import docx
import openpyxl
from PIL import Image
from sqlalchemy import func, select

from bot.sandbox import FakeWorld
from bot.sandbox.world import ChatMessage
from db.models import (
    Assignment,
    Item,
    Occurrence,
    Organisation,
    OutboxMessage,
    Report,
    ReportEvent,
    ReportStatus,
    Role,
    User,
)
from db.repositories import Repositories
from services.audience import Everyone
from services.holder import Services
from services.users import TelegramProfile
from tests.conftest import ADMIN_ID
from tests.factories import HEAD, TEACHER, report_item_6, school_people
from tests.harness import AppRunner

TODAY = date(2026, 3, 2)  # the frozen clock's day


async def report(app: AppRunner, org_id: int, item_number: str, status: ReportStatus) -> date:
    """A report of the organisation on the item's first due date; that date."""
    async with app.app.session_factory() as session, session.begin():
        item = await session.scalar(select(Item).where(Item.number == item_number))
        occurrence = await session.scalar(select(Occurrence).where(Occurrence.item_id == item.id))
        author = await session.scalar(select(User.id).where(User.tg_id == TEACHER))
        session.add(
            Report(
                occurrence_id=occurrence.id,
                item_id=item.id,
                org_id=org_id,
                author_id=author,
                status=status,
                event_date=TODAY,
                version=1,
                submitted_at=datetime(2026, 3, 1, tzinfo=UTC),
            )
        )
        return occurrence.due_on


async def due_dates(app: AppRunner, org_ids: set[int] | None = None) -> list[tuple[int, date]]:
    """Every (organisation, due date) the plan's assignments make, straight from the tables."""
    async with app.app.session_factory() as session:
        rows = (
            await session.execute(
                select(Assignment.org_id, Occurrence.due_on).join(
                    Occurrence, Occurrence.item_id == Assignment.item_id
                )
            )
        ).all()
    return [(org, due) for org, due in rows if org_ids is None or org in org_ids]


async def open_plan(world: FakeWorld, user: int) -> ChatMessage:
    world.send_text(user, "/progress")
    chooser = await world.expect(user)
    assert "Выберите план" in chooser.text
    return await world.tap(user, chooser.message_id, "План развития")


async def test_an_admin_sees_the_plan_counted_and_the_worst_organisation_first(
    app: AppRunner, world: FakeWorld
) -> None:
    orgs = await school_people(app, world)
    approved = await report(app, orgs["school"], "6.", ReportStatus.APPROVED)
    await report(app, orgs["school"], "9.", ReportStatus.RETURNED)  # returned: not done
    submitted = await report(app, orgs["itc"], "4.", ReportStatus.SUBMITTED)
    all_dates = await due_dates(app)
    # Past their date and not reported (the returned one is not due yet: it is not late either).
    overdue = sum(1 for _org, due in all_dates if due < TODAY) - sum(d < TODAY for d in (approved, submitted))

    screen = await open_plan(world, ADMIN_ID)
    assert f"✅ Выполнено: 1 из {len(all_dates)}" in screen.text
    assert "🕓 На проверке: 1" in screen.text
    assert f"🔴 Просрочено: {overdue}" in screen.text
    assert f"{round(100 / len(all_dates))} %" in screen.text

    by_org = await world.tap(ADMIN_ID, screen.message_id, "По организациям")
    lines = [line for line in by_org.text.split("\n") if line[:1].isdigit()]
    names = [line.split(". ", 1)[1] for line in lines]
    async with app.app.session_factory() as session:
        given = {
            org.name: org.id
            for org in (await session.scalars(select(Organisation))).all()
            if org.id in {org for org, _due in all_dates}
        }
    assert sorted(names) == sorted(given)

    def overdue_share(name: str) -> float:
        mine = [due for org, due in all_dates if org == given[name]]
        late = sum(1 for due in mine if due < TODAY)
        late -= {"СШ №1 г. Орши": approved < TODAY, "ИТЦ на базе гимназии №2": submitted < TODAY}.get(name, 0)
        return late / len(mine)

    assert [overdue_share(n) for n in names] == sorted((overdue_share(n) for n in names), reverse=True)
    school_line = next(n for n, line in enumerate(names) if line == "СШ №1 г. Орши")
    school_total = sum(1 for org, _due in all_dates if org == orgs["school"])
    assert (
        f"(1/{school_total})"
        in by_org.text.split("\n")[by_org.text.split("\n").index(lines[school_line]) + 1]
    )

    back = await world.tap(ADMIN_ID, by_org.message_id, "Назад")
    assert "✅ Выполнено: 1 из" in back.text
    # A section drills down to its items in /plans, and an item to its card.
    by_section = await world.tap(ADMIN_ID, back.message_id, "По разделам")
    assert "1. I. Нормативное и информационное обеспечение" in by_section.text
    items = await world.tap(ADMIN_ID, by_section.message_id, "1. I. Нормативное")
    assert any(b["text"].startswith("6. Составление плана") for b in items.buttons())


async def test_a_head_sees_only_their_organisation_and_a_teacher_nothing(
    app: AppRunner, world: FakeWorld
) -> None:
    orgs = await school_people(app, world)
    await report(app, orgs["school"], "6.", ReportStatus.APPROVED)
    mine = await due_dates(app, {orgs["school"]})

    screen = await open_plan(world, HEAD)
    assert "СШ №1 г. Орши, на 02.03.2026" in screen.text
    assert f"✅ Выполнено: 1 из {len(mine)}" in screen.text
    assert "По районам" not in [b["text"] for b in screen.buttons()]  # one organisation: no districts
    plan_button = screen.button("По разделам")["callback_data"]
    by_org = await world.tap(HEAD, screen.message_id, "По организациям")
    assert "СШ №1 г. Орши" in by_org.text and "ИТЦ" not in by_org.text

    world.send_text(TEACHER, "/progress")
    assert (await world.expect(TEACHER)).text == "Это действие вам недоступно."
    # A forged press is refused too, and shows nothing of the plan.
    answered = len(world.callback_answers)
    world.send_text(TEACHER, "/help")
    own = await world.expect(TEACHER)
    world.press(TEACHER, own.message_id, plan_button)
    await world.wait_until(lambda: len(world.callback_answers) > answered)
    assert world.callback_answers[-1]["text"] == "Это действие вам недоступно."


def workbook_of(world: FakeWorld, message: ChatMessage) -> openpyxl.Workbook:
    file_id = message.payload["document"]["file_id"]
    return openpyxl.load_workbook(io.BytesIO(world.files[file_id].data), read_only=True)


def item_rows(book: openpyxl.Workbook) -> list[dict[str, object]]:
    rows = list(book["По пунктам"].iter_rows(values_only=True))
    header = rows[0]
    # Empty cells at the end of a row are not stored: pad them back.
    return [dict(zip(header, (*row, *(None,) * len(header)), strict=False)) for row in rows[1:]]


async def test_the_execution_report_as_xlsx_holds_every_due_date_with_its_report(
    app: AppRunner, world: FakeWorld
) -> None:
    orgs = await school_people(app, world)
    async with app.app.session_factory() as session, session.begin():
        item = await session.scalar(select(Item).where(Item.number == "6."))
    await report(app, orgs["school"], "6.", ReportStatus.APPROVED)
    await report(app, orgs["school"], "9.", ReportStatus.RETURNED)
    async with app.app.session_factory() as session, session.begin():
        approved = await session.scalar(select(Report).where(Report.status == ReportStatus.APPROVED))
        approved.text, approved.participants = "Проведён семинар для 40 педагогов", 40
    all_dates = await due_dates(app)

    screen = await open_plan(world, ADMIN_ID)
    world.press(ADMIN_ID, screen.message_id, screen.button("Экспорт")["callback_data"])
    sent = await world.expect(ADMIN_ID)
    assert "Ход выполнения: План развития" in sent.payload["caption"]
    rows = item_rows(workbook_of(world, sent))
    assert len(rows) == len(all_dates)  # one row per item × organisation × due date
    statuses = Counter(row["Статус"] for row in rows)
    assert statuses["выполнено"] == 1 and statuses["возвращён на доработку"] == 1
    done = next(row for row in rows if row["Статус"] == "выполнено")
    assert done["№"] == item.number and done["Организация"] == "СШ №1 г. Орши"
    assert (done["Что сделано"], done["Участников"]) == ("Проведён семинар для 40 педагогов", 40)
    assert isinstance(done["Дата срока"], datetime)  # a date Excel sorts, not text
    summary = list(workbook_of(world, sent)["Сводка"].iter_rows(values_only=True))
    totals = [row for row in summary if row and row[0] and str(row[0]).startswith("I.")]
    assert totals and totals[0][1] == len(all_dates) and totals[0][2] == 1  # the returned one is not done

    # A head's export holds their organisation alone.
    head_screen = await open_plan(world, HEAD)
    world.press(HEAD, head_screen.message_id, head_screen.button("Экспорт")["callback_data"])
    head_rows = item_rows(workbook_of(world, await world.expect(HEAD)))
    assert {row["Организация"] for row in head_rows} == {"СШ №1 г. Орши"}
    assert len(head_rows) == len(await due_dates(app, {orgs["school"]}))


async def test_export_of_a_plan_with_no_reports_and_of_ten_thousand_rows(
    app: AppRunner, world: FakeWorld
) -> None:
    from bot.i18n import I18n
    from db.repositories import Repositories
    from services.export_xlsx import write_xlsx
    from services.exports import ExportService

    await school_people(app, world)
    text = I18n("ru").get("ru")
    folder = app.settings.data_dir
    async with app.app.session_factory() as session:
        service = ExportService(Repositories(session), app.clock, "Europe/Minsk")
        empty = await service.gather(None, 1)
    book = openpyxl.load_workbook(write_xlsx(empty, folder / "empty.xlsx", text), read_only=True)
    assert next(book["По пунктам"].iter_rows(values_only=True))[:3] == ("Раздел", "№", "Мероприятие")
    assert len(item_rows(book)) == len(await due_dates(app))
    assert all(row["Статус"] in ("ожидается", "просрочено") for row in item_rows(book))

    now = datetime(2026, 3, 1, tzinfo=UTC)
    async with app.app.session_factory() as session, session.begin():
        root = await session.scalar(select(Organisation).where(Organisation.parent_id.is_(None)))
        many = [
            Organisation(parent_id=root.id, kind="school", name=f"Школа {n:03}", aliases=[], created_at=now)
            for n in range(800)
        ]
        session.add_all(many)
        await session.flush()
        dated = (await session.scalars(select(Occurrence.item_id).distinct())).all()
        session.add_all(Assignment(item_id=i, org_id=o.id, created_at=now) for i in dated for o in many)
    async with app.app.session_factory() as session:
        big = await ExportService(Repositories(session), app.clock, "Europe/Minsk").gather(None, 1)
    assert len(big.lines) >= 10_000
    rows = item_rows(openpyxl.load_workbook(write_xlsx(big, folder / "big.xlsx", text), read_only=True))
    assert len(rows) == len(big.lines)


async def test_the_audit_trail_says_who_did_what_and_defuses_formulas(
    app: AppRunner, world: FakeWorld
) -> None:
    orgs = await school_people(app, world)
    await report_item_6(world)  # the teacher, through the bot
    async with app.app.session_factory() as session, session.begin():
        sent = await session.scalar(select(Report))
        head = await session.scalar(select(User.id).where(User.tg_id == HEAD))
        session.add(
            ReportEvent(
                report_id=sent.id,
                at=datetime(2026, 3, 2, 10, tzinfo=UTC),
                actor_id=head,
                action="returned",
                comment='=HYPERLINK("http://evil","фото")',
            )
        )
    assignments = len({org for org, _due in await due_dates(app)})
    # An invitation to the school, someone joining by it, and an announcement to everyone.
    async with app.app.session_factory() as session, session.begin():
        services = Services(Repositories(session), app.clock, "Europe/Moscow", [ADMIN_ID])
        admin = await services.users.stored_viewer(ADMIN_ID)
        created = await services.people.create_invite(admin, orgs["school"], Role.TEACHER)
        newcomer = await services.users.identify(TelegramProfile(4777, "Глеб"))
        await services.people.accept(newcomer.user_id, created.token)
        source = world.post(ADMIN_ID, "Объявление")
        await services.broadcasts.create(admin, Everyone(), ADMIN_ID, [source.message_id])

    screen = await open_plan(world, ADMIN_ID)
    world.press(ADMIN_ID, screen.message_id, screen.button("Журнал CSV")["callback_data"])
    document = await world.expect(ADMIN_ID)
    data = world.files[document.payload["document"]["file_id"]].data
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel opens it as such
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Когда", "Кто", "Действие", "Организация", "№", "Пункт / план", "Подробности"]
    actions = [(row[1], row[2]) for row in rows[1:]]
    assert actions[0] == ("Ольга", "загрузил план")
    assert ("Анна", "отправил отчёт") in actions
    assert sum(1 for who, what in actions if (who, what) == ("Ольга", "назначил пункт")) >= assignments, (
        actions[:5]
    )
    returned = next(row for row in rows if row[2] == "вернул отчёт на доработку")
    assert (returned[1], returned[3], returned[4]) == ("Пётр", "СШ №1 г. Орши", "6.")
    assert returned[6] == '\'=HYPERLINK("http://evil","фото")'  # text, not a formula
    assert [row[0] for row in rows[1:]] == sorted((row[0] for row in rows[1:]), key=_when)
    people = [row[1:] for row in rows if row[2] in ("создал приглашение", "вошёл по приглашению")]
    assert people == [
        ["Ольга", "создал приглашение", "СШ №1 г. Орши", "", "", "педагог"],
        ["Глеб", "вошёл по приглашению", "СШ №1 г. Орши", "", "", "педагог"],
    ]
    async with app.app.session_factory() as session:
        recipients = await session.scalar(select(func.count()).select_from(OutboxMessage))
    assert recipients == 4  # the head, two teachers and the newcomer; not the author
    announcement = next(row for row in rows if row[2] == "сделал рассылку")
    assert announcement[1] == "Ольга" and announcement[5:] == ["всем", "получателей: 4"], announcement


def _when(text: str) -> datetime:
    return datetime.strptime(text, "%d.%m.%Y %H:%M")


async def test_charts_come_as_an_album_of_three_readable_pngs(app: AppRunner, world: FakeWorld) -> None:
    orgs = await school_people(app, world)
    await report(app, orgs["school"], "6.", ReportStatus.APPROVED)
    screen = await open_plan(world, ADMIN_ID)
    world.press(ADMIN_ID, screen.message_id, screen.button("Графики")["callback_data"])
    album = [await world.expect(ADMIN_ID, timeout=30) for _ in range(3)]
    assert len({message.payload["media_group_id"] for message in album}) == 1
    assert "📈 План развития" in album[0].payload["caption"]
    for message in album:
        data = world.files[message.payload["photo"][0]["file_id"]].data
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        assert Image.open(io.BytesIO(data)).size == (960, 720)  # large enough to read on a phone


async def test_the_docx_report_has_the_plans_layout_what_was_done_and_the_photos(
    app: AppRunner, world: FakeWorld
) -> None:
    orgs = await school_people(app, world)
    await report_item_6(world)  # the teacher, with a photo, through the bot
    async with app.app.session_factory() as session, session.begin():
        sent = await session.scalar(select(Report))
        sent.status, sent.text, sent.participants = ReportStatus.APPROVED, "Составлен план работы ИТЦ", 12
    await report(app, orgs["school"], "9.", ReportStatus.RETURNED)  # returned: not done

    screen = await open_plan(world, ADMIN_ID)
    world.press(ADMIN_ID, screen.message_id, screen.button("Отчёт DOCX")["callback_data"])
    message = await world.expect(ADMIN_ID, timeout=30)
    document = docx.Document(io.BytesIO(world.files[message.payload["document"]["file_id"]].data))
    assert document.paragraphs[0].text.startswith("Информация о ходе выполнения плана: План развития")
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][-1] == "Информация о выполнении"
    rows = {row.cells[1].text[:20]: row for row in table.rows[1:]}  # numbers repeat per section
    done = rows["Составление плана ра"].cells[-1]
    assert "СШ №1 г. Орши" in done.text and "участников: 12" in done.text
    assert "Составлен план работы ИТЦ" in done.text
    assert done._element.xpath(".//pic:pic")  # the report's photo, as a thumbnail
    assert rows["Подготовка отчетов п"].cells[-1].text == "Не выполнено: отчётов нет."  # returned: not done
    assert rows["Составление плана ра"].cells[2].text == "до 16.02.2026 г."  # as the plan words it
    headings = [row.cells[0].text for row in table.rows[1:] if len({c.text for c in row.cells}) == 1]
    assert headings[0].startswith("I. Нормативное и информационное обеспечение")
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape


async def test_the_evidence_zip_keeps_each_file_in_its_folder_with_a_manifest(
    app: AppRunner, world: FakeWorld
) -> None:
    await school_people(app, world)
    screen = await open_plan(world, ADMIN_ID)
    answered = len(world.callback_answers)
    world.press(ADMIN_ID, screen.message_id, screen.button("Фото ZIP")["callback_data"])
    await world.wait_until(lambda: len(world.callback_answers) > answered)
    assert world.callback_answers[-1]["text"] == "В отчётах по этому плану пока нет файлов."

    await report_item_6(world, photo_seed=3)  # the teacher's photo
    world.press(ADMIN_ID, screen.message_id, screen.button("Фото ZIP")["callback_data"])
    message = await world.expect(ADMIN_ID, timeout=30)
    assert "часть 1 из 1" in message.payload["caption"]
    archive = zipfile.ZipFile(io.BytesIO(world.files[message.payload["document"]["file_id"]].data))
    photos = [name for name in archive.namelist() if name != "manifest.csv"]
    assert len(photos) == 1
    folder, name = photos[0].rsplit("/", 1)
    assert folder.startswith("I. Нормативное и информационное обеспечение")
    assert "/6. Составление плана работы" in folder and folder.endswith("/СШ №1 г. Орши")
    assert name.endswith(".jpg") and Image.open(archive.open(photos[0])).format == "JPEG"
    manifest = list(csv.reader(io.StringIO(archive.read("manifest.csv").decode("utf-8-sig")), delimiter=";"))
    assert manifest[0] == ["Файл", "Организация", "Статус отчёта", "SHA-256"]
    assert manifest[1][:3] == [photos[0], "СШ №1 г. Орши", "на проверке"]
