"""The fake Bot API refuses what Telegram refuses, with Telegram's 400s (on the old main it
accepted every one of these, so tests could pass on leniency)."""

import aiohttp
import pytest

from bot.sandbox import FakeBotApi, FakeWorld
from bot.sandbox.faults import Fault, FaultKind
from tests.harness import bot_api_call

TOKEN = "42:strict"


@pytest.fixture
async def api():
    server = FakeBotApi(FakeWorld(token=TOKEN))
    await server.start()
    yield server
    await server.stop()


async def call(api: FakeBotApi, method: str, **params) -> tuple[int, dict]:
    return await bot_api_call(api.base_url, TOKEN, method, **params)


async def refused(api: FakeBotApi, method: str, **params) -> str:
    status, body = await call(api, method, **params)
    assert status == 400 and body["ok"] is False, body
    return body["description"]


async def test_a_press_is_answered_once(api: FakeBotApi) -> None:
    sent = api.world.post(5, "screen")
    api.world.press(5, sent.message_id, "x")
    query_id = api.world.take_updates(None, 1)[0]["callback_query"]["id"]
    assert (await call(api, "answerCallbackQuery", callback_query_id=query_id))[0] == 200
    description = await refused(api, "answerCallbackQuery", callback_query_id=query_id)
    assert "query is too old" in description
    assert "query ID is invalid" in await refused(api, "answerCallbackQuery", callback_query_id="nope")


async def test_malformed_html_is_refused(api: FakeBotApi) -> None:
    for text, reason in (
        ("<b>bold", "Can't find end tag"),
        ("a <script>x</script>", 'Unsupported start tag "script"'),
        ("1 < 2 but </b>", "Unclosed start tag"),
        ("<b>x</i></b>", "Unexpected end tag"),
    ):
        description = await refused(api, "sendMessage", chat_id=5, text=text, parse_mode="HTML")
        assert "can't parse entities" in description and reason in description, description
    status, _ = await call(
        api, "sendMessage", chat_id=5, text="<b>ok</b> &lt;3 &amp; <a href='x'>l</a>", parse_mode="HTML"
    )
    assert status == 200
    # Without a parse mode, angle brackets are plain text.
    assert (await call(api, "sendMessage", chat_id=5, text="1 < 2"))[0] == 200


async def test_limits_count_visible_text_as_telegram_does(api: FakeBotApi) -> None:
    assert "message is too long" in await refused(api, "sendMessage", chat_id=5, text="x" * 4097)
    # 4096 visible characters pass, however much markup carries them.
    text = "<b>" + "&amp;" * 4096 + "</b>"
    assert (await call(api, "sendMessage", chat_id=5, text=text, parse_mode="HTML"))[0] == 200
    # An emoji outside the BMP counts twice (UTF-16).
    assert "too long" in await refused(api, "sendMessage", chat_id=5, text="😀" * 2049)
    api.world.send_photo(5, b"\xff\xd8jpeg")
    file_id = api.world.take_updates(None, 10)[-1]["message"]["photo"][0]["file_id"]
    caption = "c" * 1025
    assert "caption is too long" in await refused(api, "sendPhoto", chat_id=5, photo=file_id, caption=caption)


async def test_edits_that_change_nothing_or_find_nothing_are_refused(api: FakeBotApi) -> None:
    status, body = await call(api, "sendMessage", chat_id=5, text="same")
    message_id = body["result"]["message_id"]
    assert "message is not modified" in await refused(
        api, "editMessageText", chat_id=5, message_id=message_id, text="same"
    )
    markup = {"inline_keyboard": [[{"text": "a", "callback_data": "a"}]]}
    assert (await call(api, "editMessageReplyMarkup", chat_id=5, message_id=message_id, reply_markup=markup))[
        0
    ] == 200
    assert "not modified" in await refused(
        api, "editMessageReplyMarkup", chat_id=5, message_id=message_id, reply_markup=markup
    )
    assert "message to edit not found" in await refused(
        api, "editMessageText", chat_id=5, message_id=999, text="x"
    )


async def test_keyboards_over_telegram_limits_are_refused(api: FakeBotApi) -> None:
    long_data = {"inline_keyboard": [[{"text": "a", "callback_data": "x" * 65}]]}
    assert "BUTTON_DATA_INVALID" in await refused(
        api, "sendMessage", chat_id=5, text="t", reply_markup=long_data
    )
    many = {"inline_keyboard": [[{"text": str(i), "callback_data": str(i)}] for i in range(101)]}
    assert "BUTTONS_TOO_MUCH" in await refused(api, "sendMessage", chat_id=5, text="t", reply_markup=many)
    exact = {"inline_keyboard": [[{"text": "a", "callback_data": "я" * 32}]]}  # 64 bytes
    assert (await call(api, "sendMessage", chat_id=5, text="t", reply_markup=exact))[0] == 200


async def test_albums_outside_two_to_ten_are_refused(api: FakeBotApi) -> None:
    api.world.send_photo(5, b"\xff\xd8one")
    file_id = api.world.take_updates(None, 10)[-1]["message"]["photo"][0]["file_id"]
    for size in (1, 11):
        media = [{"type": "photo", "media": file_id}] * size
        assert "wrong number of media" in await refused(api, "sendMediaGroup", chat_id=5, media=media)


async def test_files_over_the_bot_api_limits_are_refused(api: FakeBotApi) -> None:
    big = api.world.upload(b"x" * (20 * 1024 * 1024 + 1), "document", "bin")
    assert "file is too big" in await refused(api, "getFile", file_id=big.file_id)
    form = aiohttp.FormData()
    form.add_field("chat_id", "5")
    form.add_field("document", b"x" * (50 * 1024 * 1024 + 1), filename="big.bin")
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{api.base_url}/bot{TOKEN}/sendDocument", data=form) as response,
    ):
        assert response.status == 413


async def test_injected_faults_look_like_telegram_s(api: FakeBotApi) -> None:
    api.world.fault(Fault(FaultKind.HTML_502), method="sendMessage")
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{api.base_url}/bot{TOKEN}/sendMessage", json={"chat_id": 5, "text": "x"}) as response,
    ):
        assert response.status == 502 and response.content_type == "text/html"
    api.world.fault(Fault(FaultKind.RETRY_AFTER, retry_after=7), method="sendMessage")
    status, body = await call(api, "sendMessage", chat_id=5, text="x")
    assert status == 429 and body["parameters"]["retry_after"] == 7
    api.world.fault(Fault(FaultKind.REDIRECT), method="sendMessage")
    with pytest.raises(aiohttp.TooManyRedirects):
        await call(api, "sendMessage", chat_id=5, text="x")
    api.world.fault(Fault(FaultKind.RESET), method="sendMessage")
    with pytest.raises(aiohttp.ClientError):
        await call(api, "sendMessage", chat_id=5, text="x")
    assert (await call(api, "sendMessage", chat_id=5, text="fine again"))[0] == 200
