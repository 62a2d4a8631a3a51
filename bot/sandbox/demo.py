"""Demo data for the sandbox, made the way people make it — through the services, each step
by the person who would do it — not by writing rows: a region with three districts and a dozen
institutions, someone in every role, the region's plan imported and given out and a centre's
own plan imported by its head, reports with photos (approved, waiting, returned), a few overdue
items and one announcement sent to everyone.

The plan's dates are set around the clock's today, so whatever day the sandbox starts on,
some items are behind, some due this week, some later.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PIL import Image, ImageDraw

from bot.factory import App
from bot.sandbox.plan_files import make_docx
from bot.sandbox.world import FakeWorld
from db.models import Role
from db.repositories import Repositories
from db.unit_of_work import transaction
from services.assignment import AssignmentService
from services.audience import Everyone
from services.clock import local_today
from services.evidence import EvidenceStore, IncomingFile
from services.holder import Services
from services.plans import parse_plan
from services.report_draft import Draft, DraftFile
from services.users import TelegramProfile, Viewer

MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август", "сентябрь", "октябрь",
          "ноябрь", "декабрь")  # fmt: skip


@dataclass(frozen=True)
class Persona:
    """Someone the sandbox's page lets you be."""

    tg_id: int
    name: str
    role: str  # shown under the name: «Администратор области», …
    org: str


REGION_ADMIN = Persona(101, "Ольга Викторовна", "Администратор области", "Управление по образованию")
DISTRICT_ADMIN = Persona(
    102, "Сергей Павлович", "Администратор района", "Отдел образования Оршанского района"
)
HEAD = Persona(103, "Марина Игоревна", "Руководитель центра", "Центр «Точка роста» СШ №1 г. Орши")
TEACHER = Persona(104, "Анна Сергеевна", "Педагог", "Центр «Точка роста» СШ №1 г. Орши")
SECOND_TEACHER = Persona(105, "Дмитрий Олегович", "Педагог", "Центр «Точка роста» СШ №1 г. Орши")
OBSERVER = Persona(106, "Елена Николаевна", "Наблюдатель", "Управление по образованию")
NEWCOMER = Persona(107, "Новый сотрудник", "Пришёл по ссылке-приглашению", "Кванториум г. Орши")
PERSONAS = (REGION_ADMIN, DISTRICT_ADMIN, HEAD, TEACHER, SECOND_TEACHER, OBSERVER, NEWCOMER)
# Heads of two more centres, not on the page: they report too, so the districts differ.
OTHER_HEADS = ((108, "Игорь Петрович", "Кванториум г. Орши"), (109, "Наталья Ивановна", "IT-куб г. Полоцка"))

DISTRICTS = {
    "Отдел образования Оршанского района": [
        ("СШ №1 г. Орши", "school"),
        ("Центр «Точка роста» СШ №1 г. Орши", "tochka_rosta"),
        ("Кванториум г. Орши", "kvantorium"),
        ("ИТЦ на базе гимназии №2 г. Орши", "itc"),
    ],
    "Отдел образования Полоцкого района": [
        ("Гимназия №1 г. Полоцка", "school"),
        ("Центр «Точка роста» СШ №3 г. Полоцка", "tochka_rosta"),
        ("IT-куб г. Полоцка", "it_cube"),
        ("ИТЦ на базе СШ №5 г. Полоцка", "itc"),
    ],
    "Отдел образования Глубокского района": [
        ("СШ №2 г. Глубокое", "school"),
        ("Центр «Точка роста» Глубокской гимназии", "tochka_rosta"),
        ("IT-куб г. Глубокое", "it_cube"),
        ("Центр творчества детей и молодёжи г. Глубокое", "creativity_centre"),
    ],
}
CENTRES = ("tochka_rosta", "kvantorium", "it_cube", "itc")


@dataclass(frozen=True)
class Demo:
    invite_link: str  # the newcomer's way in


def demo_plan(today: date) -> dict[str, Any]:
    """A region's plan in the import JSON shape, its deadlines around `today`."""

    def before(days: int) -> str:
        return f"до {today + timedelta(days=days):%d.%m.%Y} г."

    month = f"{MONTHS[today.month - 1]} {today.year} г."
    following = today.replace(day=1) + timedelta(days=32)
    next_month = f"{MONTHS[following.month - 1]} {following.year} г."

    def item(number: str, title: str, deadline: str, responsible: str) -> dict[str, Any]:
        return {
            "number": number,
            "title": title,
            "deadline_text": deadline,
            "responsible": responsible,
            "audience": None,
            "expected_result": None,
        }

    centres = "Центры «Точка роста», Кванториумы, IT-кубы, ИТЦ"
    return {
        "title": f"План мероприятий по развитию центров образования на {today.year} год",
        "period": None,
        "sections": [
            {
                "number": "1",
                "title": "Организационные мероприятия",
                "items": [
                    item("1.1.", "Совещание руководителей центров по итогам полугодия", before(-12), centres),
                    item("1.2.", "Мониторинг оснащённости центров оборудованием", before(5), centres),
                    item("1.3.", "Информация о работе центров для сайта управления", "ежемесячно", centres),
                ],
            },
            {
                "number": "2",
                "title": "Работа с обучающимися",
                "items": [
                    item("2.1.", "Соревнования по образовательной робототехнике", before(-20), centres),
                    item("2.2.", "Неделя цифровой грамотности", month, centres),
                    item("2.3.", "Научно-практическая конференция школьников", next_month, centres),
                ],
            },
            {
                "number": "3",
                "title": "Работа с педагогами",
                "items": [
                    item(
                        "3.1.", "Семинар «Использование оборудования центров на уроках»", before(-3), centres
                    ),
                    item("3.2.", "Открытые занятия педагогов центров", before(14), centres),
                ],
            },
        ],
    }


def centre_plan(today: date) -> dict[str, Any]:
    """A centre's own work plan for the school year, as its head would import it."""
    start = today.year if today.month >= 9 else today.year - 1

    def item(number: str, title: str, deadline: str) -> dict[str, Any]:
        return {"number": number, "title": title, "deadline_text": deadline, "responsible": "Педагоги центра",
                "audience": None, "expected_result": None}  # fmt: skip

    return {
        "title": f"План работы центра «Точка роста» на {start}/{start + 1} учебный год",
        "period": None,
        "sections": [
            {
                "number": "1",
                "title": "Учебно-воспитательная работа",
                "items": [
                    item("1.1.", "Кружок «Юный исследователь»: открытое занятие для родителей", f"{MONTHS[today.month - 1]} {today.year} г."),
                    item("1.2.", "Участие обучающихся в конкурсе проектов «Шаг в будущее»", f"до {today + timedelta(days=9):%d.%m.%Y} г."),
                    item("1.3.", "Экскурсии для учащихся начальной школы в центр", "ежемесячно"),
                ],
            },
            {
                "number": "2",
                "title": "Методическая работа",
                "items": [
                    item("2.1.", "Мастер-класс для учителей школы по работе с цифровой лабораторией", f"до {today + timedelta(days=-6):%d.%m.%Y} г."),
                ],
            },
        ],
    }  # fmt: skip


def demo_photo(seed: int) -> bytes:
    """A generated "photo": a sky, a floor, a few figures; different for every seed."""
    rng = random.Random(seed)
    image = Image.new("RGB", (1280, 960), (rng.randint(120, 200), rng.randint(160, 220), 235))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 620, 1280, 960), fill=(rng.randint(90, 160), rng.randint(70, 120), 60))
    for _n in range(rng.randint(3, 7)):
        x, height = rng.randint(60, 1180), rng.randint(220, 360)
        colour = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
        draw.ellipse((x - 30, 640 - height - 60, x + 30, 640 - height), fill=(240, 200, 170))
        draw.rectangle((x - 45, 640 - height, x + 45, 700), fill=colour)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82)
    return out.getvalue()


class DemoMaker:
    def __init__(self, app: App, world: FakeWorld) -> None:
        self._app = app
        self._world = world
        self._tz = app.settings.default_timezone
        self._evidence = EvidenceStore(app.settings.data_dir / "evidence")
        self._photos = 0

    def _services(self, repos: Repositories) -> Services:
        return Services(repos, self._app.clock, self._tz, self._app.settings.admin_ids)

    async def _viewer(self, tg_id: int) -> Viewer:
        async with transaction(self._app.session_factory) as repos:
            viewer = await self._services(repos).users.stored_viewer(tg_id)
        assert viewer is not None
        return viewer

    async def make(self) -> Demo:
        for persona in PERSONAS:
            self._world.add_user(persona.tg_id, persona.name)
        for tg_id, name, _org in OTHER_HEADS:
            self._world.add_user(tg_id, name)
        async with transaction(self._app.session_factory) as repos:
            services = self._services(repos)
            for persona in (*PERSONAS, *((tg, name, "", "") for tg, name, _o in OTHER_HEADS)):
                tg_id, name = (persona.tg_id, persona.name) if isinstance(persona, Persona) else persona[:2]
                await services.users.identify(TelegramProfile(tg_id, name, language_code="ru"))
        admin = await self._viewer(REGION_ADMIN.tg_id)
        orgs = await self._organisations(admin)
        invite_link = await self._people(admin, orgs)
        plan_id = await self._plan(admin, orgs)
        await self._reports(plan_id, orgs)
        await self._centre_plan()
        await self._announcement()
        for persona in PERSONAS:
            if persona is not NEWCOMER:  # the newcomer comes in by the invite link
                self._world.send_text(persona.tg_id, "/start")
        return Demo(invite_link)

    async def _organisations(self, admin: Viewer) -> dict[str, int]:
        names: dict[str, int] = {}
        async with transaction(self._app.session_factory) as repos:
            service = self._services(repos).orgs
            root = admin.memberships[0].org_id
            await service.rename(admin, root, "Управление по образованию области")
            names["root"] = root
            for district, institutions in DISTRICTS.items():
                names[district] = (await service.add_child(admin, root, district, "department")).id
                for name, kind in institutions:
                    names[name] = (await service.add_child(admin, names[district], name, kind)).id
        return names

    async def _people(self, admin: Viewer, orgs: dict[str, int]) -> str:
        """Everyone joins by an invite, as they would; the newcomer's is left for the page."""
        joins = [
            (DISTRICT_ADMIN.tg_id, DISTRICT_ADMIN.org, Role.ADMIN),
            (OBSERVER.tg_id, "root", Role.OBSERVER),
            (HEAD.tg_id, HEAD.org, Role.HEAD),
            *((tg, org, Role.HEAD) for tg, _name, org in OTHER_HEADS),
        ]
        await self._join(admin, orgs, joins)
        head = await self._viewer(HEAD.tg_id)
        await self._join(head, orgs, [(p.tg_id, p.org, Role.TEACHER) for p in (TEACHER, SECOND_TEACHER)])
        async with transaction(self._app.session_factory) as repos:
            created = await self._services(repos).people.create_invite(
                admin, orgs[NEWCOMER.org], Role.TEACHER, max_uses=1, days=90
            )
        return f"https://t.me/{self._world.bot_username}?start={created.token}"

    async def _join(
        self, inviter: Viewer, orgs: dict[str, int], joins: Sequence[tuple[int, str, Role]]
    ) -> None:
        for tg_id, org, role in joins:
            async with transaction(self._app.session_factory) as repos:
                people = self._services(repos).people
                created = await people.create_invite(inviter, orgs[org], role)
                user = await self._viewer_in(repos, tg_id)
                await people.accept(user.user_id, created.token)

    async def _viewer_in(self, repos: Repositories, tg_id: int) -> Viewer:
        viewer = await self._services(repos).users.stored_viewer(tg_id)
        assert viewer is not None
        return viewer

    async def _plan(self, admin: Viewer, orgs: dict[str, int]) -> int:
        """The plan as a DOCX, read as an uploaded one is, saved and given to every centre."""
        today = local_today(self._app.clock, self._tz)
        data = make_docx(demo_plan(today), for_print=True)
        parsed = parse_plan("plan.docx", data, year=today.year)
        async with transaction(self._app.session_factory) as repos:
            services = self._services(repos)
            summary = await services.plan_import.save(
                admin, parsed, source_name="План развития центров.docx", sha256="demo"
            )
            plan = await repos.plans.load_full(summary.plan_id)
            assert plan is not None
            centres = [
                orgs[name]
                for institutions in DISTRICTS.values()
                for name, kind in institutions
                if kind in CENTRES
            ]
            items = [item for section in plan.sections for item in section.items]
            await AssignmentService(repos, self._app.clock).assign(
                None, plan, items, centres, self._app.clock.now(), by=admin.user_id
            )
        head = await self._viewer(HEAD.tg_id)
        async with transaction(self._app.session_factory) as repos:
            services = self._services(repos)
            teacher = await self._viewer_in(repos, TEACHER.tg_id)
            second = await self._viewer_in(repos, SECOND_TEACHER.tg_id)
            by_number = {item.number: item.id for item in items}
            for number, who in (("2.1.", teacher), ("1.1.", teacher), ("2.2.", teacher), ("3.1.", second)):
                await services.teacher_assignments.toggle(
                    head, orgs[HEAD.org], by_number[number], who.user_id
                )
        self._items = by_number
        return summary.plan_id

    async def _centre_plan(self) -> None:
        """The head imports the centre's own plan: its items become the centre's tasks."""
        today = local_today(self._app.clock, self._tz)
        parsed = parse_plan("centre.docx", make_docx(centre_plan(today)), year=today.year)
        head = await self._viewer(HEAD.tg_id)
        async with transaction(self._app.session_factory) as repos:
            await self._services(repos).plan_import.save(
                head, parsed, source_name="План работы центра.docx", sha256="demo-centre"
            )

    async def _report(self, tg_id: int, number: str, text: str, photos: int, participants: int) -> int:
        viewer = await self._viewer(tg_id)
        async with transaction(self._app.session_factory) as repos:
            reports = self._services(repos).reports
            draft: Draft = await reports.start(viewer, self._items[number])
            for _n in range(photos):
                self._photos += 1
                data = demo_photo(self._photos)
                stored_file = self._world.upload(data, "photo", "jpg")
                incoming = IncomingFile("photo", stored_file.file_id, stored_file.file_unique_id, len(data))
                stored = self._evidence.accept(incoming, data)
                await reports.record_evidence(stored)
                draft.files.append(DraftFile.received(incoming, stored))
            due = date.fromisoformat(draft.due_on)
            today = await reports.today_of(draft.org_id)
            draft.event_date = min(due, today).isoformat()
            draft.participants, draft.text = participants, text
            return (await reports.submit(viewer, draft)).report_id

    async def _reports(self, plan_id: int, orgs: dict[str, int]) -> None:
        approved = await self._report(
            TEACHER.tg_id, "2.1.", "Проведены соревнования по робототехнике, 6 команд.", 3, 28
        )
        returned = await self._report(TEACHER.tg_id, "1.1.", "Совещание проведено.", 1, 9)
        await self._report(SECOND_TEACHER.tg_id, "3.1.", "Семинар для учителей физики и информатики.", 2, 14)
        elsewhere = await self._report(
            OTHER_HEADS[0][0], "2.1.", "Кванториум провёл открытый турнир по робототехнике.", 2, 40
        )
        head, district_admin = await self._viewer(HEAD.tg_id), await self._viewer(DISTRICT_ADMIN.tg_id)
        async with transaction(self._app.session_factory) as repos:
            reviews = self._services(repos).reviews
            await reviews.approve(head, approved)
            await reviews.send_back(
                head, returned, "Добавьте, пожалуйста, фото с места проведения и число участников."
            )
            await reviews.approve(district_admin, elsewhere)
        await self._report(OTHER_HEADS[1][0], "2.1.", "IT-куб: турнир по программированию роботов.", 1, 22)

    async def _announcement(self) -> None:
        """An announcement from the region admin to everyone, sent by the bot's own sender."""
        admin = await self._viewer(REGION_ADMIN.tg_id)
        source = self._world.post(
            REGION_ADMIN.tg_id,
            "Уважаемые коллеги! До конца недели проверьте, пожалуйста, сроки по плану развития "
            "центров и отчитайтесь о проведённых мероприятиях в боте.",
        )
        async with transaction(self._app.session_factory) as repos:
            await self._services(repos).broadcasts.create(
                admin, Everyone(), REGION_ADMIN.tg_id, [source.message_id]
            )
        self._app.broadcasts.wake()


async def make_demo(app: App, world: FakeWorld) -> Demo:
    return await DemoMaker(app, world).make()


def persona_of(tg_id: int) -> Persona | None:
    return next((p for p in PERSONAS if p.tg_id == tg_id), None)


__all__ = ["PERSONAS", "Demo", "Persona", "demo_photo", "demo_plan", "make_demo", "persona_of"]
