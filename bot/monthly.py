"""Sends the monthly reports the sweep recorded (services/alerts/monthly.py): for each active
plan in the admin's part of the tree, the execution report as XLSX and as DOCX, built off the
event loop and sent as documents, after one message that says what follows.

Delivery keeps the digests' rule: the report is claimed before anything is sent and never sent
twice; a crash while sending leaves it "unconfirmed" at the next start. One sender is enough:
there is one report per admin and month, and building the files is what takes the time.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Sequence
from datetime import date, timedelta
from functools import partial
from pathlib import Path

from aiogram import Bot
from aiogram.types import FSInputFile
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.digests import DigestSender
from bot.export_files import OneFile, docx_file, written, xlsx_file
from bot.i18n import I18n, Translator
from bot.ratelimit import RateLimiter
from bot.send_errors import RETRY_DELAYS, with_retries
from bot.text import short_date
from db.models import Digest, Role, User
from db.unit_of_work import reading
from services.alerts.monthly import MONTHLY
from services.clock import Clock
from services.errors import DomainError
from services.exports import ExportService
from services.progress import ProgressService
from services.refs import PlanRef
from services.users import UserService, Viewer

log = logging.getLogger(__name__)
MAKERS = (xlsx_file, docx_file)


class MonthlySender(DigestSender):
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        bot: Bot,
        i18n: I18n,
        clock: Clock,
        limiter: RateLimiter,
        default_timezone: str,
        data_dir: Path,
        retry_delays: Sequence[float] = RETRY_DELAYS,
    ) -> None:
        super().__init__(
            session_factory, bot, i18n, clock, limiter, default_timezone, workers=1, retry_delays=retry_delays
        )
        self._data_dir = data_dir

    kinds = (MONTHLY,)
    skipped_kinds = ()

    async def deliver(self, digest: Digest, user: User) -> None:
        month = date.fromisoformat(digest.payload["month"])
        async with reading(self._session_factory) as repos:
            viewer = await UserService(repos, self._clock, ()).stored_viewer(user.tg_id)
            plans: list[PlanRef] = []
            if viewer is not None and viewer.has_role(Role.ADMIN):
                service = ProgressService(repos, self._clock, self._default_timezone)
                plans = await service.active_plans(viewer, month)
        _ = self.translator_for(user)
        await self._send(user, self._intro(month, plans, _))
        if viewer is not None:
            for plan in plans:
                await self._send_plan(user, viewer, plan, _)

    @staticmethod
    def _intro(month: date, plans: list[PlanRef], _: Translator) -> str:
        last = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        period = f"{short_date(month)} – {short_date(last)}"
        if not plans:
            return _("monthly-none", period=period)
        return _("monthly-intro", period=period, plans=len(plans))

    async def _send_plan(self, user: User, viewer: Viewer, plan: PlanRef, _: Translator) -> None:
        for make in MAKERS:
            async with contextlib.AsyncExitStack() as files:
                try:
                    # Written while its rows are read; sent once that read is over.
                    async with reading(self._session_factory) as repos:
                        exports = ExportService(repos, self._clock, self._default_timezone)
                        made = await make(exports, viewer, plan.plan_id, self._data_dir, _)
                        path = await files.enter_async_context(written(made, self._data_dir / "exports"))
                except DomainError as exc:  # the plan changed since it was listed: skip it
                    log.info("monthly report: plan %s left out (%s)", plan.plan_id, exc)
                    return
                await self._send_document(user, made, path)

    async def _send(self, user: User, text: str) -> None:
        await self.limiter.acquire(user.tg_id)
        await with_retries(
            partial(self._bot.send_message, user.tg_id, text), self._retry_delays, retry_timeouts=False
        )

    async def _send_document(self, user: User, made: OneFile, path: Path) -> None:
        await self.limiter.acquire(user.tg_id)
        await with_retries(
            partial(
                self._bot.send_document,
                user.tg_id,
                FSInputFile(path, filename=made.name),
                caption=made.caption,
            ),
            self._retry_delays,
            retry_timeouts=False,
        )
