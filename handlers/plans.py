"""/plans: the plans imported in the admin's part of the tree, each opening its card."""

from __future__ import annotations

from html import escape

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from db.models import Role
from db.repositories.orgs import OrgRepo
from db.repositories.plans import PlanRepo
from handlers.assign import plan_buttons
from handlers.filters import MenuButton
from handlers.text import chunk_lines, short_date
from services.users import Viewer

router = Router(name=__name__)


@router.message(Command("plans"))
@router.message(MenuButton("btn-plans"))
async def list_plans(message: Message, viewer: Viewer | None, _: Translator, session: AsyncSession) -> None:
    if viewer is None or viewer.top_role is None:
        await message.answer(_("fallback-stranger"))
        return
    admin_orgs = viewer.org_ids(Role.ADMIN)
    if not admin_orgs:
        await message.answer(_("plans-not-admin"))
        return
    # An admin sees the plans of every organisation in their part of the tree.
    in_reach = [org.id for org in await OrgRepo(session).subtree(admin_orgs)]
    plans = await PlanRepo(session).list_with_counts(in_reach)
    if not plans:
        await message.answer(_("plans-none"))
        return
    lines = [_("plans-title")]
    for n, (plan, items) in enumerate(plans, start=1):
        period = (
            f"{short_date(plan.period_start)} – {short_date(plan.period_end)}"
            if plan.period_start and plan.period_end
            else _("period-unknown")
        )
        lines.append(_("plans-line", n=n, title=escape(plan.title), period=period, items=items))
    lines += ["", _("plans-open")]
    chunks = chunk_lines(lines)
    for chunk in chunks[:-1]:
        await message.answer(chunk)
    await message.answer(
        chunks[-1], reply_markup=plan_buttons([(plan.id, plan.title) for plan, _count in plans])
    )
