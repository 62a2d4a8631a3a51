"""The fake Bot API itself: flood limits with counters, injected errors, uploads and downloads."""

import aiohttp
import pytest

from bot.sandbox import FakeBotApi, FakeWorld, RateLimits
from tests.harness import bot_api_call

TOKEN = "42:fake"


@pytest.fixture
async def api():
    server = FakeBotApi(FakeWorld(token=TOKEN, limits=RateLimits(global_per_second=5, per_chat_per_second=1)))
    await server.start()
    yield server
    await server.stop()


async def call(api: FakeBotApi, method: str, **params) -> tuple[int, dict]:
    return await bot_api_call(api.base_url, TOKEN, method, **params)


async def test_limits_answer_429_with_retry_after_and_count_it(api: FakeBotApi) -> None:
    statuses = [(await call(api, "sendMessage", chat_id=100 + i, text="hi"))[0] for i in range(7)]
    assert statuses == [200] * 5 + [429] * 2
    status, body = await call(api, "sendMessage", chat_id=1, text="x")
    assert body["parameters"]["retry_after"] >= 1
    assert api.world.counters.rate_limited == 3
    assert api.world.counters.messages_delivered == 5


async def test_per_chat_limit(api: FakeBotApi) -> None:
    assert (await call(api, "sendMessage", chat_id=7, text="one"))[0] == 200
    status, body = await call(api, "sendMessage", chat_id=7, text="two")
    assert status == 429 and body["error_code"] == 429


async def test_wrong_token_and_blocked_user_and_injected_error(api: FakeBotApi) -> None:
    async with aiohttp.ClientSession() as http, http.post(f"{api.base_url}/botWRONG/getMe") as response:
        assert response.status == 401
    api.world.block(9)
    status, body = await call(api, "sendMessage", chat_id=9, text="hi")
    assert (status, body["description"]) == (403, "Forbidden: bot was blocked by the user")
    api.world.fail("editMessageText", 400, "Bad Request: message can't be edited")
    status, body = await call(api, "editMessageText", chat_id=1, message_id=1, text="x")
    assert (status, body["description"]) == (400, "Bad Request: message can't be edited")


async def test_user_photo_can_be_downloaded_by_the_bot(api: FakeBotApi) -> None:
    api.world.send_photo(5, b"\xff\xd8photo-bytes")
    update = api.world.take_updates(None, 1)[0]
    file_id = update["message"]["photo"][-1]["file_id"]
    status, body = await call(api, "getFile", file_id=file_id)
    assert status == 200
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"{api.base_url}/file/bot{TOKEN}/{body['result']['file_path']}") as response,
    ):
        assert await response.read() == b"\xff\xd8photo-bytes"
