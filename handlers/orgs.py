"""Managing the organisation tree from the chat: add, rename, move, archive; the audit log."""

from __future__ import annotations

from html import escape

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from db.repositories.orgs import OrgRepo
from handlers.screens import paginate, show
from services.clock import Clock
from services.orgs import OrgService, clean_name
from services.permissions import Action, require
from services.users import Viewer

router = Router(name=__name__)


class Org(CallbackData, prefix="o"):
    a: str
    o: int = 0  # the organisation acted on
    t: int = 0  # a target: the new parent
    k: str = ""  # a kind code
    g: int = 0  # page


class OrgEdit(StatesGroup):
    new_name = State()  # data: parent
    kind = State()  # data: parent, name
    rename = State()  # data: org


def _b(text: str, **data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=Org(**data).pack())  # type: ignore[arg-type]


def admin_buttons(org_id: int, is_top: bool, _: Translator) -> list[list[InlineKeyboardButton]]:
    """Rows added to the people card of an organisation the viewer manages."""
    rows = [[_b(_("btn-org-add"), a="add", o=org_id), _b(_("btn-org-rename"), a="ren", o=org_id)]]
    if not is_top:
        rows.append([_b(_("btn-org-move"), a="mv", o=org_id), _b(_("btn-org-archive"), a="arc", o=org_id)])
    rows.append([_b(_("btn-audit"), a="log", o=org_id)])
    return rows


def _people_back(org_id: int, _: Translator) -> InlineKeyboardButton:
    from handlers.people import Ppl

    return InlineKeyboardButton(text=_("btn-back"), callback_data=Ppl(a="org", o=org_id).pack())


@router.callback_query(Org.filter())
async def on_org(
    callback: CallbackQuery,
    callback_data: Org,
    viewer: Viewer | None,
    _: Translator,
    state: FSMContext,
    session: AsyncSession,
    clock: Clock,
) -> None:
    if viewer is None:
        await callback.answer(_("error-access-denied"), show_alert=True)
        return
    repo = OrgRepo(session)
    service = OrgService(repo, clock)
    d = callback_data
    message = callback.message if isinstance(callback.message, Message) else None
    if d.a in ("add", "ren"):
        org = await service.managed(viewer, d.o)
        if d.a == "add":
            await state.set_state(OrgEdit.new_name)
            await state.set_data({"parent": d.o})
            text = _("org-ask-name", parent=escape(org.name))
        else:
            await state.set_state(OrgEdit.rename)
            await state.set_data({"org": d.o})
            text = _("org-ask-rename", name=escape(org.name))
        await callback.answer()
        if message:
            await message.answer(text)
    elif d.a == "kind":
        data = await state.get_data()
        if await state.get_state() != OrgEdit.kind.state or data.get("parent") != d.o:
            await callback.answer(_("import-stale"), show_alert=True)
            return
        org = await service.add_child(viewer, d.o, str(data.get("name", "")), d.k)
        await state.clear()
        await show(callback, _("org-added", name=escape(org.name)), None)
    elif d.a == "mv":
        org = await service.managed(viewer, d.o)
        targets = paginate([t for t in await service.move_targets(viewer, d.o) if t.id != org.parent_id], d.g)
        rows = [[_b((t.short_name or t.name)[:60], a="mvto", o=d.o, t=t.id)] for t in targets.items]
        if pager := targets.pager(lambda text, number: _b(text, a="mv", o=d.o, g=number)):
            rows.append(pager)
        rows.append([_people_back(d.o, _)])
        await show(
            callback,
            _("org-choose-parent", name=escape(org.name)),
            InlineKeyboardMarkup(inline_keyboard=rows),
        )
    elif d.a == "mvto":
        org = await service.move(viewer, d.o, d.t)
        back = InlineKeyboardMarkup(inline_keyboard=[[_people_back(d.o, _)]])
        await show(callback, _("org-moved", name=escape(org.name)), back)
    elif d.a == "arc":
        org = await service.managed(viewer, d.o)
        rows = [[_b(_("btn-confirm-archive"), a="arcy", o=d.o)], [_people_back(d.o, _)]]
        await show(
            callback,
            _("org-archive-confirm", name=escape(org.name)),
            InlineKeyboardMarkup(inline_keyboard=rows),
        )
    elif d.a == "arcy":
        org = await service.archive(viewer, d.o)
        await show(callback, _("org-archived", name=escape(org.name)), None)
    elif d.a == "log":
        require(viewer, Action.VIEW_AUDIT, d.o, await repo.ancestors(d.o))
        entries = await repo.audit_entries([d.o], limit=20)
        names = {}
        for entry in entries:
            if entry.actor_id and entry.actor_id not in names:
                user = await repo.user(entry.actor_id)
                names[entry.actor_id] = user.first_name if user else "—"
        lines = [_("audit-title")] + [
            _(
                "audit-line",
                at=e.at.strftime("%d.%m.%Y %H:%M"),
                actor=escape(names.get(e.actor_id, "—")),
                action=_(f"audit-{e.action.replace('.', '-')}"),
            )
            for e in entries
        ]
        if not entries:
            lines.append(_("audit-none"))
        back = InlineKeyboardMarkup(inline_keyboard=[[_people_back(d.o, _)]])
        await show(callback, "\n".join(lines), back)
    else:
        await callback.answer(_("error-not-found"))


@router.message(OrgEdit.new_name, F.text)
async def got_new_name(
    message: Message, viewer: Viewer, _: Translator, state: FSMContext, session: AsyncSession
) -> None:
    name = clean_name(message.text or "")
    data = await state.get_data()
    await state.set_state(OrgEdit.kind)
    await state.update_data(name=name)
    kinds = await OrgRepo(session).kinds()
    rows = [
        [_b(kind.names.get(_.locale) or kind.code, a="kind", o=int(data["parent"]), k=kind.code)]
        for kind in kinds
    ]
    await message.answer(
        _("org-ask-kind", name=escape(name)), reply_markup=InlineKeyboardMarkup(inline_keyboard=rows)
    )


@router.message(OrgEdit.rename, F.text)
async def got_rename(
    message: Message, viewer: Viewer, _: Translator, state: FSMContext, session: AsyncSession, clock: Clock
) -> None:
    data = await state.get_data()
    org = await OrgService(OrgRepo(session), clock).rename(viewer, int(data["org"]), message.text or "")
    await state.clear()
    await message.answer(_("org-renamed", name=escape(org.name)))


@router.message(OrgEdit.new_name)
@router.message(OrgEdit.rename)
async def not_text(message: Message, _: Translator) -> None:
    await message.answer(_("org-need-text"))
