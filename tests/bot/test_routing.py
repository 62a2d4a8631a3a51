"""Which handler an update reaches, decided by routers and filters: named callback data with an
action, the conversation state, and the member filter on feature routers."""

from __future__ import annotations

from bot.callback_data import (
    ReportAction,
    ReportButton,
    ReviewAction,
    ReviewButton,
    SettingsAction,
    SettingsButton,
)
from tests.bot.conftest import ADMIN, STRANGER, Chatter

ACCESS_DENIED = "Это действие вам недоступно."
STEP_OVER = "Этот шаг уже пройден. Откройте задачу заново: /tasks."


async def test_a_stranger_reaches_the_fallback_not_a_feature(chat: Chatter) -> None:
    await chat.send(STRANGER, "/tasks")
    assert chat.texts() == ["Сначала подключитесь к организации по ссылке-приглашению. Подробнее — /start."]


async def test_a_strangers_press_is_refused_whatever_it_names(chat: Chatter) -> None:
    await chat.press(STRANGER, ReviewButton(action=ReviewAction.APPROVE, report_id=1).pack())
    assert chat.answers() == [(ACCESS_DENIED, True)]


async def test_data_that_does_not_unpack_is_a_stale_button(chat: Chatter) -> None:
    await chat.send(ADMIN, "/start")  # registers the region admin
    await chat.press(ADMIN, "rv:nonsense:1:0")  # no such action: no handler's filter matches
    assert chat.answers() == [("Не нашёл этого — возможно, его уже удалили.", False)]


async def test_a_step_button_outside_its_step_is_over(chat: Chatter) -> None:
    await chat.send(ADMIN, "/start")
    await chat.press(ADMIN, ReportButton(action=ReportAction.SUBMIT).pack())  # no report under way
    assert chat.answers() == [(STEP_OVER, True)]


async def test_the_admin_menu_command_reaches_its_feature(chat: Chatter) -> None:
    await chat.send(ADMIN, "/plans")
    assert (
        chat.texts()[-1]
        == "Здесь появятся планы, по которым у вашей организации есть задачи. Пока таких нет."
    )


async def test_leaving_the_time_picker_ends_the_typed_time_question(chat: Chatter) -> None:
    await chat.send(ADMIN, "/start")
    await chat.press(ADMIN, SettingsButton(action=SettingsAction.TIMES).pack())
    await chat.send(ADMIN, "08:15")  # answers the picker's question
    assert "08:15" in chat.texts()[-1]
    await chat.press(ADMIN, SettingsButton(action=SettingsAction.TIMES).pack())
    await chat.press(ADMIN, SettingsButton(action=SettingsAction.HOME).pack())
    before = len(chat.texts())
    await chat.send(ADMIN, "09:30")  # no longer an answer: the fallback says so
    assert "09:30" not in chat.texts()[-1] and len(chat.texts()) == before + 1


async def test_a_settings_button_drawn_before_the_pickers_had_their_own_action_still_opens_them(
    chat: Chatter,
) -> None:
    await chat.send(ADMIN, "/start")
    await chat.press(ADMIN, "st:lang::0:0")  # "Language" on a settings screen sent by the old version
    assert chat.texts()[-1] == "Выберите язык:"
