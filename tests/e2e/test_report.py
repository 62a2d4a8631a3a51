"""Teachers report with photos (albums too), heads return and approve, nothing is lost."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import func, select

from bot.sandbox import FakeWorld
from db.models import EvidenceFile, Item, ReportEvent, ReportStatus
from tests.factories import (
    HEAD,
    OTHER_TEACHER,
    TEACHER,
    jpeg,
    open_card_of,
    open_report_on,
    press,
    reports,
    school_people,
    status_is,
    submitted,
    two_photos_sent,
)
from tests.harness import AppRunner, answered, eventually


async def test_album_report_returned_amended_approved(app: AppRunner, world: FakeWorld) -> None:
    await school_people(app, world)
    card = await open_card_of(world, TEACHER, "6. Составление плана")
    assert "СШ №1 г. Орши: 🔴 просрочено" in card.text
    ask = await press(world, TEACHER, card, "Отчитаться")
    assert "Отправьте фото" in ask.text

    world.send_album(TEACHER, [jpeg(1), jpeg(2), jpeg(3)])
    added = await world.expect(TEACHER)
    assert "Добавлено файлов: 3. Всего в отчёте: 3" in added.text  # one answer for the album
    await world.expect_nothing(TEACHER)

    ask_date = await press(world, TEACHER, added, "Готово (3)")
    assert "Когда прошло мероприятие" in ask_date.text
    ask_people = await press(world, TEACHER, ask_date, "Сегодня")
    assert "Сколько было участников" in ask_people.text
    world.send_text(TEACHER, "25")
    assert "Коротко опишите" in (await world.expect(TEACHER)).text
    world.send_text(TEACHER, "Провели планёрку ИТЦ")
    ask_link = await world.expect(TEACHER)
    summary = await press(world, TEACHER, ask_link, "Пропустить")
    for expected in ("Дата мероприятия: 02.03.2026", "Участников: 25", "Провели планёрку ИТЦ", "Фото: 3"):
        assert expected in summary.text
    assert "отправлен на проверку" in (await press(world, TEACHER, summary, "Отправить")).text

    # The head is asked to review, returns with a comment.
    notice = await world.expect(HEAD)
    assert "Новый отчёт на проверку" in notice.text and "Анна" in notice.text
    card = await world.tap(HEAD, notice.message_id, "Открыть отчёт")
    assert "Участников: 25" in card.text and "Анна, версия 1" in card.text
    ask_comment = await press(world, HEAD, card, "Вернуть")
    assert "что нужно исправить" in ask_comment.text
    world.send_text(HEAD, "Добавьте фото с участниками")
    assert "возвращён" in (await world.expect(HEAD)).text
    assert await eventually(lambda: status_is(app, ReportStatus.RETURNED))

    # The teacher amends: one more photo, then submits again.
    returned = await world.expect(TEACHER)
    assert "возвращён на доработку" in returned.text and "Добавьте фото с участниками" in returned.text
    summary = await press(world, TEACHER, returned, "Исправить отчёт")
    assert "Фото: 3" in summary.text
    fields = await press(world, TEACHER, summary, "Изменить")
    await press(world, TEACHER, fields, "Файлы")
    world.send_photo(TEACHER, jpeg(4))
    added = await world.expect(TEACHER)
    assert "Всего в отчёте: 4" in added.text
    summary = await press(world, TEACHER, added, "Готово (4)")
    assert "Фото: 4" in summary.text  # back to the summary, not through every step again
    await press(world, TEACHER, summary, "Отправить")

    notice = await world.expect(HEAD)
    card = await world.tap(HEAD, notice.message_id, "Открыть отчёт")
    assert "версия 2" in card.text and "вернул(а) на доработку" in card.text
    await world.tap(HEAD, card.message_id, "Принять")
    assert "принят" in (await world.expect(TEACHER)).text

    assert await eventually(lambda: status_is(app, ReportStatus.APPROVED))
    [report] = await reports(app)
    assert report.status is ReportStatus.APPROVED and report.version == 2 and len(report.files) == 4
    async with app.app.session_factory() as session:
        actions = (await session.scalars(select(ReportEvent.action).order_by(ReportEvent.id))).all()
        stored = await session.scalar(select(func.count()).select_from(EvidenceFile))
    assert actions == ["submitted", "returned", "amended", "approved"]
    assert stored == 4
    evidence = [p for p in (app.settings.data_dir / "evidence").rglob("*") if p.is_file()]
    assert len(evidence) == 4

    # The item card shows the organisation's status and the history.
    world.send_text(TEACHER, "/tasks")
    tasks = await world.expect(TEACHER)
    assert "Сдано: 1" in tasks.text
    world.send_text(TEACHER, "/plans")
    plans = await world.expect(TEACHER)
    sections = await world.tap(TEACHER, plans.message_id, "План развития")
    items = await world.tap(TEACHER, sections.message_id, "I.")
    item = await world.tap(TEACHER, items.message_id, "6. Составление")
    assert "СШ №1 г. Орши: ✅ принято" in item.text
    assert "Пётр: принял(а)" in item.text and "Отчитаться" not in str(item.buttons())


async def test_a_photo_outside_a_flow_asks_which_task(app: AppRunner, world: FakeWorld) -> None:
    await school_people(app, world)
    world.send_photo(TEACHER, jpeg(7), caption="Подготовили отчеты по работе ИТЦ")
    question = await world.expect(TEACHER)
    assert "К какой задаче" in question.text
    # The caption matches item 9 best, so it comes first, before nearer due dates.
    assert question.buttons()[0]["text"].startswith("9. Подготовка отчетов")
    ask_date = await press(world, TEACHER, question, "9. Подготовка отчетов")
    assert "Когда прошло мероприятие" in ask_date.text
    ask_people = await press(world, TEACHER, ask_date, "Вчера")
    ask_text = await press(world, TEACHER, ask_people, "Пропустить")
    ask_link = await press(world, TEACHER, ask_text, "Пропустить")
    summary = await press(world, TEACHER, ask_link, "Пропустить")
    assert "Подготовили отчеты по работе ИТЦ" in summary.text  # the caption became the text
    assert "Дата мероприятия: 01.03.2026" in summary.text
    await press(world, TEACHER, summary, "Отправить")
    report = await submitted(app)
    assert report.text == "Подготовили отчеты по работе ИТЦ" and len(report.files) == 1


async def test_oversized_and_fake_images_are_refused(app: AppRunner, world: FakeWorld) -> None:
    await school_people(app, world)
    await open_report_on(world, TEACHER, "6. Составление плана")

    world.send_document(
        TEACHER, b"x" * 1024, "video.mp4", mime_type="video/mp4", declared_size=25 * 1024 * 1024
    )
    assert "больше 20 МБ" in (await world.expect(TEACHER)).text
    world.send_photo(TEACHER, b"<html>not a photo</html>")
    assert "не открывается как изображение" in (await world.expect(TEACHER)).text
    world.send_document(TEACHER, b"MZ\x90\x00 definitely not a jpeg", "photo.jpg", mime_type="image/jpeg")
    assert "не открывается как изображение" in (await world.expect(TEACHER)).text
    bomb = io.BytesIO()
    Image.new("1", (8000, 7000)).save(bomb, "PNG")  # 56 megapixels in a few kilobytes
    world.send_document(TEACHER, bomb.getvalue(), "plan.png", mime_type="image/png")
    assert "больше 50 мегапикселей" in (await world.expect(TEACHER)).text

    evidence = app.settings.data_dir / "evidence"
    assert not evidence.exists() or not [p for p in evidence.rglob("*") if p.is_file()]
    async with app.app.session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(EvidenceFile)) == 0

    # Still in the flow: a real document is accepted, but a report needs a photo.
    world.send_document(
        TEACHER, b"%PDF-1.4 minutes of the meeting", "minutes.pdf", mime_type="application/pdf"
    )
    added = await world.expect(TEACHER)
    assert "Всего в отчёте: 1" in added.text
    world.press(TEACHER, added.message_id, added.button("Готово")["callback_data"])
    assert await eventually(lambda: answered(world, "хотя бы одно фото"))


async def test_a_restart_in_the_middle_of_a_report_loses_nothing(app: AppRunner, world: FakeWorld) -> None:
    ask_date = await two_photos_sent(app, world)

    await app.restart()

    ask_people = await press(world, TEACHER, ask_date, "Сегодня")
    world.send_text(TEACHER, "12")
    ask_text = await world.expect(TEACHER)
    await app.restart()
    world.send_text(TEACHER, "Семинар")
    ask_link = await world.expect(TEACHER)
    world.send_text(TEACHER, "https://school1.by/news/42")
    summary = await world.expect(TEACHER)
    assert "Фото: 2" in summary.text and "https://school1.by/news/42" in summary.text
    await press(world, TEACHER, summary, "Отправить")
    report = await submitted(app)
    assert (report.participants, report.text, len(report.files)) == (12, "Семинар", 2)
    assert ask_people and ask_text and ask_link


async def test_bad_answers_change_nothing_and_strangers_cannot_report(
    app: AppRunner, world: FakeWorld
) -> None:
    await school_people(app, world)
    ask = await open_report_on(world, TEACHER, "6. Составление плана")
    world.send_photo(TEACHER, jpeg(21))
    added = await world.expect(TEACHER)
    ask_date = await press(world, TEACHER, added, "Готово")
    world.send_text(TEACHER, "31.02.2026")
    assert "Не понял дату" in (await world.expect(TEACHER)).text
    world.send_text(TEACHER, "05.03.2026")  # after "today" (2 March)
    assert "Не понял дату" in (await world.expect(TEACHER)).text
    world.send_text(TEACHER, "01.03.2026")
    assert "участников" in (await world.expect(TEACHER)).text
    world.send_text(TEACHER, "много")
    assert "цифрами" in (await world.expect(TEACHER)).text
    world.send_text(TEACHER, "/cancel")
    assert "отменено" in (await world.expect(TEACHER)).text.lower()
    # A button of the finished flow does nothing.
    world.press(TEACHER, ask_date.message_id, ask_date.button("Сегодня")["callback_data"])
    assert await eventually(lambda: answered(world, "шаг уже пройден"))
    assert await reports(app) == [] and ask

    # The ИТЦ's teacher forges a report button for the school's item.
    async with app.app.session_factory() as session:
        item_id = await session.scalar(select(Item.id).where(Item.number == "6."))
    world.send_text(OTHER_TEACHER, "/menu")
    menu = await world.expect(OTHER_TEACHER)
    world.press(OTHER_TEACHER, menu.message_id, f"rp:new:{item_id}:0:")
    assert await eventually(lambda: answered(world, "не поручен вашей организации"))
    world.add_user(9999, "Чужой")
    world.send_text(9999, "/report")
    assert "ссылке-приглашению" in (await world.expect(9999)).text
    assert await reports(app) == []


async def test_an_image_sent_as_a_document_still_counts_as_a_photo_when_amended(
    app: AppRunner, world: FakeWorld
) -> None:
    await school_people(app, world)
    await open_report_on(world, TEACHER, "6. Составление плана")
    scan = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 200, 30)).save(scan, "PNG")
    world.send_document(TEACHER, scan.getvalue(), "event.png", mime_type="image/png")
    added = await world.expect(TEACHER)
    ask_date = await press(world, TEACHER, added, "Готово (1)")
    ask_people = await press(world, TEACHER, ask_date, "Сегодня")
    ask_text = await press(world, TEACHER, ask_people, "Пропустить")
    ask_link = await press(world, TEACHER, ask_text, "Пропустить")
    summary = await press(world, TEACHER, ask_link, "Пропустить")
    assert "Фото: 1, документов: 0" in summary.text
    await press(world, TEACHER, summary, "Отправить")
    notice = await world.expect(HEAD)
    card = await world.tap(HEAD, notice.message_id, "Открыть отчёт")
    await press(world, HEAD, card, "Вернуть")
    world.send_text(HEAD, "Добавьте описание")
    returned = await world.expect(TEACHER)
    summary = await press(world, TEACHER, returned, "Исправить отчёт")
    assert "Фото: 1, документов: 0" in summary.text
    assert "отправлен на проверку" in (await press(world, TEACHER, summary, "Отправить")).text
    report = await submitted(app)
    assert report.version == 2
