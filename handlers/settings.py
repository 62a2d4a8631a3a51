"""/settings: language, time zone, alert time, quiet hours, once-a-day digest, muted plans; and,
for admins, a plan's alert rules (from the plan screen)."""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.commands import CommandRegistry
from bot.i18n import I18n, Translator
from handlers.callbacks import Br, St
from handlers.filters import MenuButton
from handlers.menu import main_menu_keyboard
from handlers.screens import paginate, show
from services.alerts.rules import AlertRules
from services.browse import BrowseService
from services.clock import Clock
from services.settings import LOCALES, QUIET_PRESETS, TIMEZONES, SettingsService
from services.users import Viewer

router = Router(name=__name__)
ALERT_TIMES = ("07:00", "08:00", "09:00", "10:00", "12:00", "15:00", "18:00")


class TypedTime(StatesGroup):
    waiting = State()


def _b(text: str, **data: object) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=St(**data).pack())  # type: ignore[arg-type]


def _packed(hhmm: str) -> str:
    return hhmm.replace(":", "")  # ":" separates callback data fields


def _unpacked(value: str) -> str:
    return f"{value[:2]}:{value[2:]}"


def _service(session: AsyncSession, clock: Clock, default_timezone: str) -> SettingsService:
    return SettingsService(session, clock, default_timezone)


@router.message(Command("settings"))
@router.message(MenuButton("btn-settings"))
async def settings_command(
    message: Message,
    viewer: Viewer | None,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
    state: FSMContext,
) -> None:
    if viewer is None:
        await message.answer(_("fallback-stranger"))
        return
    await state.clear()
    await _home(message, viewer, _, _service(session, clock, default_timezone))


async def _home(
    event: Message | CallbackQuery, viewer: Viewer, _: Translator, service: SettingsService
) -> None:
    current = await service.view(viewer)
    quiet = (
        f"{current.quiet[0].strftime('%H:%M')}–{current.quiet[1].strftime('%H:%M')}"
        if current.quiet
        else _("settings-off")
    )
    text = _(
        "settings-title",
        language=_(f"language-{current.locale}") if current.locale else _("settings-language-telegram"),
        timezone=current.timezone or _("settings-timezone-org", zone=current.org_timezone),
        time=current.alert_time.strftime("%H:%M"),
        quiet=quiet,
        daily=_("settings-yes") if current.daily_digest else _("settings-no"),
        muted=len(current.muted_plans),
    )
    rows = [
        [_b(_("btn-settings-language"), a="lang"), _b(_("btn-settings-timezone"), a="tz")],
        [_b(_("btn-settings-time"), a="time"), _b(_("btn-settings-quiet"), a="quiet")],
        [
            _b(
                _("btn-settings-daily-off") if current.daily_digest else _("btn-settings-daily-on"), a="daily"
            ),
            _b(_("btn-settings-plans"), a="plans"),
        ],
    ]
    await show(event, text, InlineKeyboardMarkup(inline_keyboard=rows))


@router.callback_query(St.filter())
async def on_settings(
    callback: CallbackQuery,
    callback_data: St,
    bot: Bot,
    viewer: Viewer | None,
    _: Translator,
    i18n: I18n,
    commands: CommandRegistry,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
    state: FSMContext,
) -> None:
    if viewer is None:
        await callback.answer(_("error-access-denied"), show_alert=True)
        return
    service = _service(session, clock, default_timezone)
    d = callback_data
    if d.a != "time" and await state.get_state() == TypedTime.waiting.state:
        await state.clear()  # left the time picker: a later message is not a time
    back = [_b(_("btn-back"), a="home")]
    if d.a == "home":
        await _home(callback, viewer, _, service)
    elif d.a == "lang" and not d.v:
        rows = [[_b(_(f"language-{code}"), a="lang", v=code)] for code in LOCALES]
        rows += [[_b(_("settings-language-telegram"), a="lang", v="tg")], back]
        await show(callback, _("settings-choose-language"), InlineKeyboardMarkup(inline_keyboard=rows))
    elif d.a == "lang":
        locale = None if d.v == "tg" else d.v
        await service.set_locale(viewer, locale)
        new = i18n.get(i18n.pick_locale(locale, viewer.language_code))
        await _home(callback, viewer, new, service)
        if isinstance(callback.message, Message):
            # The menu keyboard and the "/" command list follow the new language.
            await callback.message.answer(
                new("settings-language-set"), reply_markup=main_menu_keyboard(viewer, new)
            )
            await commands.set_for_chat(bot, callback.message.chat.id, viewer, new.locale)
    elif d.a == "tz" and not d.v:
        rows = [[_b(zone.split("/")[-1].replace("_", " "), a="tz", v=zone)] for zone in TIMEZONES]
        rows += [[_b(_("settings-timezone-as-org"), a="tz", v="org")], back]
        await show(callback, _("settings-choose-timezone"), InlineKeyboardMarkup(inline_keyboard=rows))
    elif d.a == "tz":
        await service.set_timezone(viewer, None if d.v == "org" else d.v)
        await _home(callback, viewer, _, service)
    elif d.a == "time" and not d.v:
        rows = [
            [_b(t, a="time", v=_packed(t)) for t in ALERT_TIMES[:4]],
            [_b(t, a="time", v=_packed(t)) for t in ALERT_TIMES[4:]],
        ]
        rows.append(back)
        await state.set_state(TypedTime.waiting)
        await show(callback, _("settings-choose-time"), InlineKeyboardMarkup(inline_keyboard=rows))
    elif d.a == "time":
        await service.set_alert_time(viewer, _unpacked(d.v))
        await state.clear()
        await _home(callback, viewer, _, service)
    elif d.a == "quiet" and not d.v:
        rows = [
            [_b(f"{start}–{end}", a="quiet", v=f"{_packed(start)}-{_packed(end)}")]
            for start, end in QUIET_PRESETS
        ]
        rows += [[_b(_("settings-quiet-off"), a="quiet", v="off")], back]
        await show(callback, _("settings-choose-quiet"), InlineKeyboardMarkup(inline_keyboard=rows))
    elif d.a == "quiet":
        start, _sep, end = d.v.partition("-")
        off = d.v == "off"
        await service.set_quiet(viewer, None if off else _unpacked(start), None if off else _unpacked(end))
        await _home(callback, viewer, _, service)
    elif d.a == "daily":
        await service.toggle_daily(viewer)
        await _home(callback, viewer, _, service)
    elif d.a in ("plans", "mute"):
        if d.a == "mute":
            await service.toggle_mute(viewer, d.p)
        await _plans(callback, viewer, _, service, session, clock, default_timezone, d.g)
    elif d.a in ("rules", "rule", "reset"):
        if d.a == "rule":
            await service.cycle_rule(viewer, d.p, d.v)
        elif d.a == "reset":
            await service.reset_rules(viewer, d.p)
        plan, rules = await service.plan_rules(viewer, d.p)
        await show(callback, _rules_text(plan.title, _), _rules_markup(d.p, rules, _))
    else:
        await callback.answer(_("error-not-found"))


async def _plans(
    callback: CallbackQuery,
    viewer: Viewer,
    _: Translator,
    service: SettingsService,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
    page: int,
) -> None:
    muted = (await service.view(viewer)).muted_plans
    plans = await BrowseService(session, clock, default_timezone).plans(viewer)
    shown = paginate(plans, page)
    rows = [
        [_b(("🔕 " if plan.id in muted else "🔔 ") + plan.title[:50], a="mute", p=plan.id, g=shown.number)]
        for plan, _count in shown.items
    ]
    if pager := shown.pager(lambda text, number: _b(text, a="plans", g=number)):
        rows.append(pager)
    rows.append([_b(_("btn-back"), a="home")])
    text = _("settings-plans") if plans else _("plans-none-visible")
    await show(callback, text, InlineKeyboardMarkup(inline_keyboard=rows))


def _days(values: tuple[int, ...] | int, _: Translator) -> str:
    if isinstance(values, int):
        return _("settings-rule-days", days=values) if values else _("settings-off")
    return ", ".join(str(v) for v in values) if values else _("settings-off")


def _rules_text(title: str, _: Translator) -> str:
    return _("rules-title", title=escape(title))


def _rules_markup(plan_id: int, rules: AlertRules, _: Translator) -> InlineKeyboardMarkup:
    rows = [
        [_b(_("rules-before", days=_days(rules.before, _)), a="rule", v="before", p=plan_id)],
        [
            _b(
                _("rules-due", value=_("settings-yes") if rules.on_due else _("settings-no")),
                a="rule",
                v="due",
                p=plan_id,
            )
        ],
        [_b(_("rules-overdue", days=_days(rules.overdue_every, _)), a="rule", v="overdue", p=plan_id)],
        [_b(_("rules-head", days=_days(rules.head_after, _)), a="rule", v="head", p=plan_id)],
        [_b(_("rules-admin", days=_days(rules.admin_after, _)), a="rule", v="admin", p=plan_id)],
        [
            _b(_("btn-rules-reset"), a="reset", p=plan_id),
            InlineKeyboardButton(text=_("btn-back"), callback_data=Br(a="plan", p=plan_id).pack()),
        ],
    ]
    return InlineKeyboardMarkup(inline_keyboard=rows)


@router.message(TypedTime.waiting, F.text)
async def typed_time(
    message: Message,
    viewer: Viewer,
    _: Translator,
    session: AsyncSession,
    clock: Clock,
    default_timezone: str,
    state: FSMContext,
) -> None:
    service = _service(session, clock, default_timezone)
    await service.set_alert_time(viewer, message.text or "")
    await state.clear()
    await _home(message, viewer, _, service)
