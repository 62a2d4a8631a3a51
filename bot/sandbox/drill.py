"""The chaos drill: the whole app against the fake Bot API while Telegram misbehaves.

Teachers report (photo, date, skips, send), heads approve, others flip a setting, and a
broadcast goes to a few thousand people — while random Bot API calls meet 429s with
`retry_after`, HTML 502 pages, requests that hang past the client's timeout and latency spikes.
Users act as people do: when the bot does not answer in time they send /cancel and start again.
Afterwards the drill checks what users were told against what is stored. Used by the test suite
(scaled down) and by `python -m bench chaos` (full size).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select

from bot.config import Settings
from bot.factory import App, create_app
from bot.sandbox.faults import Chaos, FaultKind
from bot.sandbox.server import FakeBotApi
from bot.sandbox.world import ChatMessage, FakeWorld
from db.models import InboxUpdate, Membership, Organisation, Report, ReportStatus, Role, User
from db.repositories import Repositories
from db.repositories.orgs import OrgRepo
from services.assignment import AssignmentService
from services.audience import Everyone
from services.broadcasts import BroadcastService
from services.plan_import import PlanImportService
from services.plans import parse_plan
from services.users import TelegramProfile, UserService, ensure_root_organisation

ADMIN = 900_001
ITEMS = 4
STEP_TIMEOUT = 12.0
DRILL_TOKEN = "777:drill-token"  # noqa: S105 - the fake server's own


@dataclass(frozen=True)
class DrillSize:
    seconds: float
    schools: int  # a head and a teacher each
    settings_users: int
    recipients: int  # of the broadcast, besides the drill's users
    fault_rate: float
    retry_after: tuple[int, int]
    spike_seconds: float
    request_timeout: float
    send_rate: float


SCALED = DrillSize(30, 10, 5, 600, 0.06, (1, 3), 2.0, 4.0, 200)
FULL = DrillSize(120, 20, 10, 2000, 0.08, (1, 15), 5.0, 8.0, 60)


@dataclass
class DrillReport:
    updates: int = 0
    pending_after: int = 0
    app_exited: bool = False
    locked_errors: int = 0
    reports_confirmed: int = 0
    reports_missing: int = 0
    approvals_confirmed: int = 0
    approvals_missing: int = 0
    settings_confirmed: int = 0
    settings_missing: int = 0
    recipients: int = 0
    recipients_missed: int = 0
    duplicates: int = 0
    in_flight: int = 0
    faults: dict[str, int] = field(default_factory=dict)
    user_retries: int = 0

    def lines(self) -> list[str]:
        return [f"{name}: {value}" for name, value in vars(self).items()]


class _LockedErrors(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text += repr(record.exc_info[1])
        if "database is locked" in text:
            self.count += 1


class _User:
    def __init__(self, world: FakeWorld, tg_id: int) -> None:
        self.world, self.id = world, tg_id

    async def say(self, text: str) -> ChatMessage:
        self.world.send_text(self.id, text)
        return await self.world.expect(self.id, timeout=STEP_TIMEOUT)

    async def press(self, message: ChatMessage, label: str) -> ChatMessage:
        button = self.world.find(self.id, message.message_id).button(label)
        self.world.press(self.id, message.message_id, button["callback_data"])
        return await self.world.expect(self.id, timeout=STEP_TIMEOUT)

    async def tap(self, message: ChatMessage, label: str) -> ChatMessage:
        return await self.world.tap(self.id, message.message_id, label, timeout=STEP_TIMEOUT)

    async def start_over(self) -> None:
        await asyncio.sleep(0.5)
        self.world.mark_read(self.id)
        self.world.send_text(self.id, "/cancel")
        with contextlib.suppress(TimeoutError):
            await self.world.expect(self.id, timeout=STEP_TIMEOUT)
        self.world.mark_read(self.id)


async def _setup(app: App, world: FakeWorld, size: DrillSize) -> tuple[list[int], list[int], list[int]]:
    """Schools with a head and a teacher, settings users, broadcast recipients; a plan of ITEMS
    items given to every school. Returns (teachers, heads, settings users)."""
    now = datetime.now(UTC)
    rows = "\n".join(f"{n}.\tМероприятие {n}\tдекабрь\tОтдел" for n in range(1, ITEMS + 1))
    parsed = parse_plan("plan.txt", f"План на 2026 год\n№\tМероприятие\tСрок\tОтветственный\n{rows}".encode())
    teachers, heads, others = [], [], []
    async with app.session_factory() as session, session.begin():
        orgs = OrgRepo(session)
        root = await ensure_root_organisation(orgs, app.clock)
        schools = []
        for n in range(size.schools + 1):
            school = Organisation(parent_id=root.id, kind="school", name=f"Школа {n}", aliases=[], created_at=now)
            session.add(school)
            schools.append(school)
        await session.flush()
        people: list[tuple[int, int, Role]] = [(ADMIN, root.id, Role.ADMIN)]
        for n, school in enumerate(schools[1:]):
            people += [(910_000 + n, school.id, Role.TEACHER), (920_000 + n, school.id, Role.HEAD)]
            teachers.append(910_000 + n)
            heads.append(920_000 + n)
        for n in range(size.settings_users):
            people.append((930_000 + n, schools[0].id, Role.TEACHER))
            others.append(930_000 + n)
        for n in range(size.recipients):
            people.append((1_000_000 + n, schools[0].id, Role.TEACHER))
        users = [User(tg_id=tg, first_name=f"U{tg}", created_at=now, updated_at=now) for tg, _o, _r in people]
        session.add_all(users)
        await session.flush()
        session.add_all(
            Membership(user_id=user.id, org_id=org, role=role, created_at=now)
            for user, (_tg, org, role) in zip(users, people, strict=True)
        )
        repos = Repositories(session)
        summary = await PlanImportService(repos, app.clock).save(
            None, parsed, source_name="plan.txt", sha256="0" * 64, org_id=root.id
        )
        plan = await repos.plans.load_full(summary.plan_id)
        service = AssignmentService(repos)
        for item in plan.sections[0].items:
            await service.assign(None, plan, [item], [s.id for s in schools[1:]], now)
    for tg in (ADMIN, *teachers, *heads, *others):
        world.add_user(tg, f"U{tg}")
    return teachers, heads, others


async def _broadcast(app: App, world: FakeWorld) -> tuple[int, set[int]]:
    source = world.post(ADMIN, "📣 Совещание директоров переносится на пятницу.")
    async with app.session_factory() as session, session.begin():
        repos = Repositories(session)
        users = UserService(repos, app.clock, [ADMIN])
        admin = await users.identify(TelegramProfile(ADMIN, "Admin"))
        service = BroadcastService(repos, app.clock, app.settings.default_timezone)
        _broadcast_id, _count = await service.create(admin, Everyone(), ADMIN, [source.message_id])
        recipients = set(
            (
                await session.scalars(
                    select(User.tg_id).join(Membership, Membership.user_id == User.id).where(User.tg_id != ADMIN)
                )
            ).all()
        )
    app.broadcasts.wake()
    return source.message_id, recipients


async def _teacher(user: _User, until: float, confirmed: list[int], retries: list[int]) -> None:
    reported = 0
    while time.monotonic() < until and reported < ITEMS:
        try:
            tasks = await user.say("/tasks")
            ask = await user.press(tasks, f"Мероприятие {reported + 1}")
            user.world.send_photo(user.id, _jpeg(user.id, reported))
            added = await user.world.expect(user.id, timeout=STEP_TIMEOUT)
            step = await user.press(added, "Готово")
            step = await user.press(step, "Сегодня")
            for _ in range(3):
                step = await user.press(step, "Пропустить")
            done = await user.press(step, "Отправить")
            if "отправлен на проверку" not in (done.text or ""):
                raise LookupError(done.text)
            del ask
            confirmed.append(user.id)
            reported += 1
        except (TimeoutError, LookupError):
            retries.append(user.id)
            await user.start_over()
            # The report may have been stored while its confirmation was lost: the next /tasks
            # shows what is still open.
            reported = await _reported_count(user)


async def _reported_count(user: _User) -> int:
    with contextlib.suppress(TimeoutError, LookupError):
        tasks = await user.say("/tasks")
        return ITEMS - sum(1 for n in range(1, ITEMS + 1) if f"Мероприятие {n}" in str(tasks.buttons()))
    return 0


async def _head(user: _User, until: float, approved: list[int], retries: list[int]) -> None:
    while time.monotonic() < until:
        try:
            queue = await user.say("/review")
            if not any("Мероприятие" in b["text"] for b in queue.buttons()):
                await asyncio.sleep(1.0)
                continue
            card = await user.tap(queue, "Мероприятие")
            data = card.button("Принять")["callback_data"]
            before = len(user.world.callback_answers)
            user.world.press(user.id, card.message_id, data)
            await user.world.wait_until(
                lambda before=before: any(
                    "Отчёт принят." in (a["text"] or "") for a in user.world.callback_answers[before:]
                ),
                timeout=STEP_TIMEOUT,
            )
            approved.append(int(data.split(":")[2]))
        except (TimeoutError, LookupError):
            retries.append(user.id)
            await user.start_over()


async def _settings_user(
    user: _User, until: float, last_label: dict[int, str], confirmations: list[int], retries: list[int]
) -> None:
    """Flips "one digest a day"; `last_label` holds what the user last saw, for users whose last
    press was confirmed (after an unconfirmed one, the user does not know the state either)."""
    while time.monotonic() < until:
        try:
            screen = await user.say("/settings")
            last_label.pop(user.id, None)
            after = await user.tap(screen, "📬")
            last_label[user.id] = next(b["text"] for b in after.buttons() if "📬" in b["text"])
            confirmations.append(user.id)
            await asyncio.sleep(0.5)
        except (TimeoutError, LookupError, StopIteration):
            retries.append(user.id)
            await user.start_over()


def _jpeg(seed: int, n: int) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (32, 24), (seed % 256, n * 50 % 256, 7)).save(out, "JPEG")
    return out.getvalue()


async def run_drill(data_dir: Path, size: DrillSize, seed: int = 1) -> DrillReport:
    report = DrillReport()
    world = FakeWorld(token=DRILL_TOKEN, latency=0.02)
    api = FakeBotApi(world)
    await api.start()
    locked = _LockedErrors()
    root = logging.getLogger()
    root.addHandler(locked)
    if root.level > logging.WARNING:  # the count must see warnings
        root.setLevel(logging.WARNING)
    settings = Settings(
        _env_file=None,
        bot_token=DRILL_TOKEN,
        data_dir=data_dir,
        telegram_api_url=api.base_url,
        admin_ids=[ADMIN],
        album_wait_seconds=0.2,
        alert_sweep_seconds=0,
        send_rate=size.send_rate,
        broadcast_in_flight=8,
        telegram_timeout=size.request_timeout,
        throttle_burst=200,
    )
    app = await create_app(settings)
    report.in_flight = settings.broadcast_in_flight
    runner = asyncio.create_task(app.run(polling_timeout=1))
    try:
        teachers, heads, others = await _setup(app, world, size)
        chaos = world.chaos = Chaos(
            rate=size.fault_rate,
            kinds=(FaultKind.RETRY_AFTER, FaultKind.HTML_502, FaultKind.HANG, FaultKind.DELAY),
            retry_after=size.retry_after,
            delay_seconds=size.spike_seconds,
            hang_seconds=size.request_timeout + 1,
            seed=seed,
        )
        source_id, recipients = await _broadcast(app, world)
        until = time.monotonic() + size.seconds
        confirmed: list[int] = []
        approved: list[int] = []
        labels: dict[int, str] = {}
        flips: list[int] = []
        retries: list[int] = []
        actors = [_teacher(_User(world, t), until, confirmed, retries) for t in teachers]
        actors += [_head(_User(world, h), until, approved, retries) for h in heads]
        actors += [_settings_user(_User(world, o), until, labels, flips, retries) for o in others]
        await asyncio.gather(*actors)
        world.chaos = None  # Telegram recovers: what is owed must now arrive
        report.faults = {kind.value: n for kind, n in chaos.injected.items()}
        await _settle(app, world, source_id, recipients, deadline=time.monotonic() + 90)
        report.app_exited = runner.done()
        await _check(app, world, report, confirmed, approved, labels, source_id, recipients)
        report.user_retries = len(retries)
        report.reports_confirmed, report.approvals_confirmed = len(confirmed), len(approved)
        report.settings_confirmed = len(flips)
    finally:
        app.stop()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(runner, 30)
        await app.close()
        await api.stop()
        logging.getLogger().removeHandler(locked)
    report.locked_errors = locked.count
    return report


def _copies(world: FakeWorld, chat_id: int, source_id: int) -> int:
    return sum(1 for m in world.bot_messages(chat_id) if m.payload.get("copied_from") == [ADMIN, source_id])


async def _settle(app: App, world: FakeWorld, source_id: int, recipients: set[int], deadline: float) -> None:
    while time.monotonic() < deadline:
        delivered = all(_copies(world, chat, source_id) for chat in recipients)
        async with app.session_factory() as session:
            pending = await session.scalar(
                select(func.count()).select_from(InboxUpdate).where(InboxUpdate.handled_at.is_(None))
            )
        if delivered and not pending:
            return
        await asyncio.sleep(0.5)


async def _check(
    app: App,
    world: FakeWorld,
    report: DrillReport,
    confirmed: list[int],
    approved: list[int],
    labels: dict[int, str],
    source_id: int,
    recipients: set[int],
) -> None:
    async with app.session_factory() as session:
        report.updates = await session.scalar(select(func.count()).select_from(InboxUpdate)) or 0
        report.pending_after = (
            await session.scalar(
                select(func.count()).select_from(InboxUpdate).where(InboxUpdate.handled_at.is_(None))
            )
            or 0
        )
        stored = {
            tg: n
            for tg, n in (
                await session.execute(
                    select(User.tg_id, func.count(Report.id)).join(Report, Report.author_id == User.id).group_by(User.tg_id)
                )
            ).all()
        }
        statuses = dict((await session.execute(select(Report.id, Report.status))).all())
    told: dict[int, int] = {}
    for tg in confirmed:
        told[tg] = told.get(tg, 0) + 1
    report.reports_missing = sum(max(0, n - stored.get(tg, 0)) for tg, n in told.items())
    report.approvals_missing = sum(1 for rid in approved if statuses.get(rid) is not ReportStatus.APPROVED)
    for tg, label in labels.items():
        world.mark_read(tg)
        world.send_text(tg, "/settings")
        screen = await world.expect(tg, timeout=STEP_TIMEOUT)
        if label not in [b["text"] for b in screen.buttons()]:
            report.settings_missing += 1
    report.recipients = len(recipients)
    copies = [_copies(world, chat, source_id) for chat in recipients]
    report.recipients_missed = sum(1 for n in copies if n == 0)
    report.duplicates = sum(n - 1 for n in copies if n > 1)
