"""/settings: language, time zone, alert time, quiet hours, once-a-day digest, muted plans; and,
for admins, a plan's alert rules (from the plan screen)."""

from __future__ import annotations

from html import escape
from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from aiogram.utils.magic_filter import MagicFilter

from bot.callback_data import BrowseAction, BrowseButton, SettingsAction, SettingsButton
from bot.commands import CommandRegistry
from bot.i18n import I18n, Translator
from handlers.filters import LeaveStateOnOtherButton, MenuButton, Registered
from handlers.menu import main_menu_keyboard
from handlers.screens import button, keyboard, paginate, show
from services.alerts.rules import AlertRules
from services.browse import BrowseService
from services.settings import LOCALES, QUIET_PRESETS, TIMEZONES, SettingsService, UserSettings
from services.users import Viewer

router = Router(name=__name__)
router.callback_query.filter(Registered())
ALERT_TIMES = ("07:00", "08:00", "09:00", "10:00", "12:00", "15:00", "18:00")
TIME_PICKER = {SettingsAction.TIMES, SettingsAction.SET_TIME}


class TypedTime(StatesGroup):
    waiting = State()


# Any other settings button leaves the time picker: a later message is not a time.
router.callback_query.middleware(LeaveStateOnOtherButton(TypedTime.waiting, SettingsButton, TIME_PICKER))


def _picker(show: SettingsAction, choose: SettingsAction) -> MagicFilter:
    """A picker's own button; or, from a settings screen drawn before pickers had their own
    action, the choosing action with no value (so old messages in the chat keep working)."""
    return (F.action == show) | ((F.action == choose) & (F.value == ""))


def _chosen(choose: SettingsAction) -> MagicFilter:
    return (F.action == choose) & (F.value != "")


def st(text: str, action: SettingsAction, **values: Any) -> InlineKeyboardButton:
    return button(text, SettingsButton(action=action, **values))


def _packed(hhmm: str) -> str:
    return hhmm.replace(":", "")  # ":" separates callback data fields


def _unpacked(value: str) -> str:
    return f"{value[:2]}:{value[2:]}"


def _back(_: Translator) -> list[InlineKeyboardButton]:
    return [st(_("btn-back"), SettingsAction.HOME)]


@router.message(Command("settings"), Registered())
@router.message(MenuButton("btn-settings"), Registered())
async def settings_command(
    message: Message, viewer: Viewer, _: Translator, user_settings: SettingsService, state: FSMContext
) -> None:
    await state.clear()
    await _home(message, viewer, _, user_settings)


async def _home(
    event: Message | CallbackQuery, viewer: Viewer, _: Translator, user_settings: SettingsService
) -> None:
    current = await user_settings.view(viewer)
    await show(event, home_text(current, _), home_keyboard(current, _))


def home_text(current: UserSettings, _: Translator) -> str:
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
    if current.monthly_report is not None:
        answer = _("settings-yes") if current.monthly_report else _("settings-no")
        text += "\n" + _("settings-monthly-line", monthly=answer)
    return text


def home_keyboard(current: UserSettings, _: Translator) -> InlineKeyboardMarkup:
    daily = _("btn-settings-daily-off") if current.daily_digest else _("btn-settings-daily-on")
    monthly = []
    if current.monthly_report is not None:
        key = "btn-settings-monthly-off" if current.monthly_report else "btn-settings-monthly-on"
        monthly.append([st(_(key), SettingsAction.MONTHLY)])
    return keyboard(
        [
            st(_("btn-settings-language"), SettingsAction.LANGUAGES),
            st(_("btn-settings-timezone"), SettingsAction.TIMEZONES),
        ],
        [
            st(_("btn-settings-time"), SettingsAction.TIMES),
            st(_("btn-settings-quiet"), SettingsAction.QUIET_CHOICES),
        ],
        [st(daily, SettingsAction.DAILY), st(_("btn-settings-plans"), SettingsAction.PLANS)],
        *monthly,
    )


@router.callback_query(SettingsButton.filter(F.action == SettingsAction.HOME))
async def home(
    callback: CallbackQuery, viewer: Viewer, _: Translator, user_settings: SettingsService
) -> None:
    await _home(callback, viewer, _, user_settings)


@router.callback_query(SettingsButton.filter(_picker(SettingsAction.LANGUAGES, SettingsAction.SET_LANGUAGE)))
async def languages(callback: CallbackQuery, _: Translator) -> None:
    rows = [[st(_(f"language-{code}"), SettingsAction.SET_LANGUAGE, value=code)] for code in LOCALES]
    rows.append([st(_("settings-language-telegram"), SettingsAction.SET_LANGUAGE, value="tg")])
    await show(callback, _("settings-choose-language"), keyboard(*rows, _back(_)))


@router.callback_query(SettingsButton.filter(_chosen(SettingsAction.SET_LANGUAGE)))
async def set_language(
    callback: CallbackQuery,
    callback_data: SettingsButton,
    bot: Bot,
    viewer: Viewer,
    i18n: I18n,
    commands: CommandRegistry,
    user_settings: SettingsService,
) -> None:
    locale = None if callback_data.value == "tg" else callback_data.value
    await user_settings.set_locale(viewer, locale)
    new = i18n.get(i18n.pick_locale(locale, viewer.language_code))
    await _home(callback, viewer, new, user_settings)
    if isinstance(callback.message, Message):
        # The menu keyboard and the "/" command list follow the new language.
        await callback.message.answer(
            new("settings-language-set"), reply_markup=main_menu_keyboard(viewer, new)
        )
        await commands.set_for_chat(bot, callback.message.chat.id, viewer, new.locale)


@router.callback_query(SettingsButton.filter(_picker(SettingsAction.TIMEZONES, SettingsAction.SET_TIMEZONE)))
async def timezones(callback: CallbackQuery, _: Translator) -> None:
    rows = [
        [st(zone.split("/")[-1].replace("_", " "), SettingsAction.SET_TIMEZONE, value=zone)]
        for zone in TIMEZONES
    ]
    rows.append([st(_("settings-timezone-as-org"), SettingsAction.SET_TIMEZONE, value="org")])
    await show(callback, _("settings-choose-timezone"), keyboard(*rows, _back(_)))


@router.callback_query(SettingsButton.filter(_chosen(SettingsAction.SET_TIMEZONE)))
async def set_timezone(
    callback: CallbackQuery,
    callback_data: SettingsButton,
    viewer: Viewer,
    _: Translator,
    user_settings: SettingsService,
) -> None:
    await user_settings.set_timezone(viewer, None if callback_data.value == "org" else callback_data.value)
    await _home(callback, viewer, _, user_settings)


@router.callback_query(SettingsButton.filter(_picker(SettingsAction.TIMES, SettingsAction.SET_TIME)))
async def times(callback: CallbackQuery, _: Translator, state: FSMContext) -> None:
    rows = [
        [st(t, SettingsAction.SET_TIME, value=_packed(t)) for t in ALERT_TIMES[:4]],
        [st(t, SettingsAction.SET_TIME, value=_packed(t)) for t in ALERT_TIMES[4:]],
    ]
    await state.set_state(TypedTime.waiting)
    await show(callback, _("settings-choose-time"), keyboard(*rows, _back(_)))


@router.callback_query(SettingsButton.filter(_chosen(SettingsAction.SET_TIME)))
async def set_time(
    callback: CallbackQuery,
    callback_data: SettingsButton,
    viewer: Viewer,
    _: Translator,
    user_settings: SettingsService,
    state: FSMContext,
) -> None:
    await user_settings.set_alert_time(viewer, _unpacked(callback_data.value))
    await state.clear()
    await _home(callback, viewer, _, user_settings)


@router.callback_query(SettingsButton.filter(_picker(SettingsAction.QUIET_CHOICES, SettingsAction.SET_QUIET)))
async def quiet_choices(callback: CallbackQuery, _: Translator) -> None:
    rows = [
        [st(f"{start}–{end}", SettingsAction.SET_QUIET, value=f"{_packed(start)}-{_packed(end)}")]
        for start, end in QUIET_PRESETS
    ]
    rows.append([st(_("settings-quiet-off"), SettingsAction.SET_QUIET, value="off")])
    await show(callback, _("settings-choose-quiet"), keyboard(*rows, _back(_)))


@router.callback_query(SettingsButton.filter(_chosen(SettingsAction.SET_QUIET)))
async def set_quiet(
    callback: CallbackQuery,
    callback_data: SettingsButton,
    viewer: Viewer,
    _: Translator,
    user_settings: SettingsService,
) -> None:
    if callback_data.value == "off":
        await user_settings.set_quiet(viewer, None, None)
    else:
        start, _sep, end = callback_data.value.partition("-")
        await user_settings.set_quiet(viewer, _unpacked(start), _unpacked(end))
    await _home(callback, viewer, _, user_settings)


@router.callback_query(SettingsButton.filter(F.action == SettingsAction.DAILY))
async def toggle_daily(
    callback: CallbackQuery, viewer: Viewer, _: Translator, user_settings: SettingsService
) -> None:
    await user_settings.toggle_daily(viewer)
    await _home(callback, viewer, _, user_settings)


@router.callback_query(SettingsButton.filter(F.action == SettingsAction.MONTHLY))
async def toggle_monthly(
    callback: CallbackQuery, viewer: Viewer, _: Translator, user_settings: SettingsService
) -> None:
    await user_settings.toggle_monthly(viewer)
    await _home(callback, viewer, _, user_settings)


@router.callback_query(SettingsButton.filter(F.action == SettingsAction.PLANS))
async def plans(
    callback: CallbackQuery,
    callback_data: SettingsButton,
    viewer: Viewer,
    _: Translator,
    user_settings: SettingsService,
    browse: BrowseService,
) -> None:
    await _plans(callback, callback_data, viewer, _, user_settings, browse)


@router.callback_query(SettingsButton.filter(F.action == SettingsAction.MUTE))
async def mute(
    callback: CallbackQuery,
    callback_data: SettingsButton,
    viewer: Viewer,
    _: Translator,
    user_settings: SettingsService,
    browse: BrowseService,
) -> None:
    await user_settings.toggle_mute(viewer, callback_data.plan_id)
    await _plans(callback, callback_data, viewer, _, user_settings, browse)


async def _plans(
    callback: CallbackQuery,
    callback_data: SettingsButton,
    viewer: Viewer,
    _: Translator,
    user_settings: SettingsService,
    browse: BrowseService,
) -> None:
    muted = (await user_settings.view(viewer)).muted_plans
    plans = await browse.plans(viewer)
    shown = paginate(plans, callback_data.page)
    rows = [
        [
            st(
                ("🔕 " if plan.plan_id in muted else "🔔 ") + plan.title[:50],
                SettingsAction.MUTE,
                plan_id=plan.plan_id,
                page=shown.number,
            )
        ]
        for plan, _count in shown.items
    ]
    if pager := shown.pager(lambda text, number: st(text, SettingsAction.PLANS, page=number)):
        rows.append(pager)
    text = _("settings-plans") if plans else _("plans-none-visible")
    await show(callback, text, keyboard(*rows, _back(_)))


@router.callback_query(SettingsButton.filter(F.action == SettingsAction.RULES))
async def plan_rules(
    callback: CallbackQuery,
    callback_data: SettingsButton,
    viewer: Viewer,
    _: Translator,
    user_settings: SettingsService,
) -> None:
    await _rules(callback, callback_data.plan_id, viewer, _, user_settings)


@router.callback_query(SettingsButton.filter(F.action == SettingsAction.CYCLE_RULE))
async def cycle_rule(
    callback: CallbackQuery,
    callback_data: SettingsButton,
    viewer: Viewer,
    _: Translator,
    user_settings: SettingsService,
) -> None:
    await user_settings.cycle_rule(viewer, callback_data.plan_id, callback_data.value)
    await _rules(callback, callback_data.plan_id, viewer, _, user_settings)


@router.callback_query(SettingsButton.filter(F.action == SettingsAction.RESET_RULES))
async def reset_rules(
    callback: CallbackQuery,
    callback_data: SettingsButton,
    viewer: Viewer,
    _: Translator,
    user_settings: SettingsService,
) -> None:
    await user_settings.reset_rules(viewer, callback_data.plan_id)
    await _rules(callback, callback_data.plan_id, viewer, _, user_settings)


async def _rules(
    callback: CallbackQuery, plan_id: int, viewer: Viewer, _: Translator, user_settings: SettingsService
) -> None:
    plan, rules = await user_settings.plan_rules(viewer, plan_id)
    await show(callback, _("rules-title", title=escape(plan.title)), rules_keyboard(plan_id, rules, _))


def _days(values: tuple[int, ...] | int, _: Translator) -> str:
    if isinstance(values, int):
        return _("settings-rule-days", days=values) if values else _("settings-off")
    return ", ".join(str(v) for v in values) if values else _("settings-off")


def rules_keyboard(plan_id: int, rules: AlertRules, _: Translator) -> InlineKeyboardMarkup:
    def rule(text: str, name: str) -> list[InlineKeyboardButton]:
        return [st(text, SettingsAction.CYCLE_RULE, value=name, plan_id=plan_id)]

    on_due = _("settings-yes") if rules.on_due else _("settings-no")
    return keyboard(
        rule(_("rules-before", days=_days(rules.before, _)), "before"),
        rule(_("rules-due", value=on_due), "due"),
        rule(_("rules-overdue", days=_days(rules.overdue_every, _)), "overdue"),
        rule(_("rules-head", days=_days(rules.head_after, _)), "head"),
        rule(_("rules-admin", days=_days(rules.admin_after, _)), "admin"),
        [
            st(_("btn-rules-reset"), SettingsAction.RESET_RULES, plan_id=plan_id),
            button(_("btn-back"), BrowseButton(action=BrowseAction.PLAN, plan_id=plan_id)),
        ],
    )


@router.message(TypedTime.waiting, F.text, Registered())
async def typed_time(
    message: Message, viewer: Viewer, _: Translator, user_settings: SettingsService, state: FSMContext
) -> None:
    await user_settings.set_alert_time(viewer, message.text or "")
    await state.clear()
    await _home(message, viewer, _, user_settings)
