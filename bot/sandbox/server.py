"""A fake Telegram Bot API over HTTP (aiohttp), backed by a `FakeWorld`.

It speaks the same wire format as api.telegram.org: `POST /bot<token>/<method>` with form,
multipart (files as `attach://` parts) or JSON bodies, answers `{"ok": true, "result": …}` or
Telegram-shaped errors, and serves downloads at `/file/bot<token>/<path>`.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from bot.sandbox.faults import FaultKind, fault_response
from bot.sandbox.strict import (
    DOWNLOAD_LIMIT,
    UPLOAD_LIMIT,
    BotApiError,
    bad_request,
    check_markup,
    check_text,
    error_json,
)
from bot.sandbox.webhooks import WebhookDelivery
from bot.sandbox.world import ChatMessage, FakeWorld, JsonDict

MethodHandler = Callable[["FakeBotApi", JsonDict, dict[str, bytes]], Awaitable[Any]]
_METHODS: dict[str, MethodHandler] = {}
MAX_LONG_POLL = 50.0


def method(name: str) -> Callable[[MethodHandler], MethodHandler]:
    def register(func: MethodHandler) -> MethodHandler:
        _METHODS[name] = func
        return func

    return register


class ApiError(BotApiError):
    pass


def _parse_value(raw: str) -> Any:
    if raw[:1] in "[{" or raw in ("true", "false", "null") or raw.lstrip("-").isdigit():
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    return raw


class FakeBotApi:
    def __init__(self, world: FakeWorld | None = None) -> None:
        self.world = world or FakeWorld()
        self._runner: web.AppRunner | None = None
        self.base_url = ""
        self.webhooks = WebhookDelivery(self.world)
        # Requests by method that came through this front end (several may serve one world, as
        # Telegram serves several instances of one bot).
        self.requests: Counter[str] = Counter()

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        return app

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        self._runner = web.AppRunner(self.make_app(), access_log=None, shutdown_timeout=0.2)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        await site.start()
        sockets = site._server.sockets  # type: ignore[union-attr]
        bound_port = sockets[0].getsockname()[1]
        self.base_url = f"http://{host}:{bound_port}"
        return self.base_url

    async def stop(self) -> None:
        await self.webhooks.stop()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    # ---- HTTP plumbing --------------------------------------------------------------------

    def _check_token(self, token: str) -> None:
        if self.world.token is not None and token != self.world.token:
            raise ApiError(401, "Unauthorized")

    async def _read_params(self, request: web.Request) -> tuple[JsonDict, dict[str, bytes]]:
        params: JsonDict = dict(request.query)
        files: dict[str, bytes] = {}
        if request.content_type == "application/json":
            params.update(await request.json())
            return params, files
        if request.can_read_body:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = Upload(value.file.read())
                    files[key].filename = value.filename
                else:
                    params[key] = _parse_value(str(value))
        return params, files

    async def _handle(self, request: web.Request) -> web.Response:
        name = request.match_info["method"]
        world = self.world
        world.counters.requests[name] += 1
        self.requests[name] += 1
        try:
            self._check_token(request.match_info["token"])
            params, files = await self._read_params(request)
            handler = _METHODS.get(name)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            if name != "getUpdates" and world.latency:
                await asyncio.sleep(world.latency)
            if request.query.get("redirected"):  # a hop of a redirect loop: round it goes
                raise web.HTTPFound(location=f"{request.path}?redirected=1")
            chat_id = params.get("chat_id")
            chat_id = (
                int(chat_id)
                if isinstance(chat_id, int | str) and str(chat_id).lstrip("-").isdigit()
                else None
            )
            fault = world.take_fault(name, chat_id) if name != "getUpdates" else None
            if fault is not None and fault.kind is FaultKind.REDIRECT:
                # A loop: every hop is sent back to itself until the client gives up.
                raise web.HTTPFound(location=f"{request.path}?redirected=1")
            if fault is not None:
                broken = await fault_response(request, fault)
                if broken is not None:
                    return broken
            failure = world.injected_error(name, chat_id) or world.rate_limit(
                name, chat_id, messages=_message_count(name, params)
            )
            if failure is not None:
                return web.json_response(failure, status=failure["error_code"])
            if "reply_markup" in params:
                check_markup(params["reply_markup"])
            result = await handler(self, params, files)
        except BotApiError as exc:
            return web.json_response(error_json(exc.error_code, exc.description), status=exc.error_code)
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.StreamResponse:
        try:
            self._check_token(request.match_info["token"])
        except ApiError as exc:
            return web.json_response(exc.body, status=401)
        stored = self.world.files_by_path.get(request.match_info["path"])
        if stored is None:
            return web.json_response(error_json(404, "Not Found"), status=404)
        return web.Response(body=stored.data, content_type="application/octet-stream")

    # ---- helpers for method handlers ------------------------------------------------------

    def chat_id(self, params: JsonDict, key: str = "chat_id") -> int:
        value = params.get(key)
        try:
            return int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise ApiError(400, "Bad Request: chat not found") from None

    def message(self, params: JsonDict, chat_key: str = "chat_id", id_key: str = "message_id") -> ChatMessage:
        chat_id = self.chat_id(params, chat_key)
        try:
            found = self.world.find(chat_id, int(params.get(id_key, 0)))
        except (LookupError, ValueError):
            raise ApiError(400, "Bad Request: message to edit not found") from None
        if found.deleted:
            raise ApiError(400, "Bad Request: message to edit not found")
        return found

    def media(self, value: Any, files: dict[str, bytes], kind: str, extension: str) -> JsonDict:
        """A file given as an upload (`attach://x` or a multipart field) or an existing file_id."""
        world = self.world
        if isinstance(value, str) and value.startswith("attach://"):
            value = files.get(value.removeprefix("attach://"))
        if isinstance(value, bytes):
            if len(value) > UPLOAD_LIMIT:
                raise ApiError(413, "Request Entity Too Large")
            stored = world.upload(value, kind, extension)
        elif isinstance(value, str) and value in world.files:
            stored = world.files[value]
        else:
            raise ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
        }


class Upload(bytes):
    """An uploaded file's bytes, with the name it was sent under."""

    filename: str | None = None


def _message_count(name: str, params: JsonDict) -> int:
    if name == "sendMediaGroup" and isinstance(params.get("media"), list):
        return len(params["media"])
    if name == "copyMessages" and isinstance(params.get("message_ids"), list):
        return len(params["message_ids"])
    return 1


def _common(params: JsonDict) -> JsonDict:
    payload: JsonDict = {}
    for key in ("reply_markup", "entities", "caption_entities"):
        if key in params and params[key] is not None:
            payload[key] = params[key]
    if "parse_mode" in params:
        payload["parse_mode_used"] = params["parse_mode"]
    # Telegram does not echo reply keyboards back; it keeps them for the chat. Tests read them.
    return payload


def _text(params: JsonDict, key: str) -> str:
    """The text or caption, refused as Telegram refuses it (malformed HTML, too long, empty)."""
    value = params.get(key)
    text = "" if value is None else str(value)
    check_text(text, params.get("parse_mode"), caption=key == "caption")
    return text


# ---- Bot API methods ------------------------------------------------------------------------


@method("getMe")
async def get_me(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> JsonDict:
    return api.world.bot_user() | {"can_join_groups": True, "supports_inline_queries": False}


@method("setWebhook")
async def set_webhook(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> bool:
    return await api.webhooks.set(params)


@method("deleteWebhook")
async def delete_webhook(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> bool:
    await api.webhooks.delete(bool(params.get("drop_pending_updates")))
    return True


@method("getWebhookInfo")
async def get_webhook_info(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> JsonDict:
    return api.webhooks.info()


@method("setMyCommands")
@method("deleteMyCommands")
@method("sendChatAction")
async def ok(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> bool:
    if "commands" in params:
        scope = json.dumps(params.get("scope") or {"type": "default"}, sort_keys=True)
        api.world.commands[(scope, str(params.get("language_code") or ""))] = params["commands"]
        await api.world.notify()
    return True


@method("getUpdates")
async def get_updates(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> list[JsonDict]:
    if api.webhooks.url is not None:
        raise ApiError(
            409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"
        )
    world = api.world
    offset = params.get("offset")
    limit = int(params.get("limit") or 100)
    timeout = min(float(params.get("timeout") or 0), MAX_LONG_POLL)
    # A newer getUpdates ends the one waiting, as Telegram does when two processes poll one bot.
    if world.long_poll is not None and not world.long_poll.done():
        world.long_poll.set_result(None)
    mine = world.long_poll = asyncio.get_running_loop().create_future()
    updates = world.take_updates(int(offset) if offset is not None else None, limit)
    if not updates and timeout > 0:
        arrived = asyncio.ensure_future(world.updates_available.wait())
        try:
            await asyncio.wait({arrived, mine}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
        finally:
            arrived.cancel()
        if mine.done():
            world.counters.poll_conflicts += 1
            raise ApiError(
                409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
            )
        updates = world.take_updates(int(offset) if offset is not None else None, limit)
    return updates


@method("sendMessage")
async def send_message(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> JsonDict:
    text = _text(params, "text")
    message = await api.world.bot_sent(api.chat_id(params), {"text": text, **_common(params)})
    if params.get("disable_notification"):
        api.world.silent.add((message.chat_id, message.message_id))
    return api.world.message_json(message)


@method("sendPhoto")
async def send_photo(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> JsonDict:
    photo = api.media(params.get("photo") or files.get("photo"), files, "photo", "jpg")
    payload = {"photo": [photo | {"width": 1280, "height": 960}], **_common(params)}
    if params.get("caption"):
        payload["caption"] = _text(params, "caption")
    message = await api.world.bot_sent(api.chat_id(params), payload)
    return api.world.message_json(message)


@method("sendDocument")
async def send_document(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> JsonDict:
    raw = params.get("document") or files.get("document")
    if isinstance(raw, str) and raw.startswith("attach://"):
        raw = files.get(raw.removeprefix("attach://"), raw)
    document = api.media(raw, files, "document", "bin")
    # Telegram keeps the name the file was uploaded with.
    payload = {
        "document": document | {"file_name": getattr(raw, "filename", None) or "document"},
        **_common(params),
    }
    if params.get("caption"):
        payload["caption"] = _text(params, "caption")
    message = await api.world.bot_sent(api.chat_id(params), payload)
    return api.world.message_json(message)


@method("sendMediaGroup")
async def send_media_group(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> list[JsonDict]:
    items = params.get("media")
    if not isinstance(items, list) or not 2 <= len(items) <= 10:
        raise ApiError(400, "Bad Request: wrong number of media in the album")
    chat_id = api.chat_id(params)
    group = f"bot-album-{api.world.counters.messages_delivered}"
    sent = []
    for item in items:
        kind = item.get("type", "photo")
        stored = api.media(item.get("media"), files, kind, "jpg" if kind == "photo" else "bin")
        payload: JsonDict = {"media_group_id": group}
        payload[kind] = [stored | {"width": 1280, "height": 960}] if kind == "photo" else stored
        if item.get("caption"):
            check_text(str(item["caption"]), item.get("parse_mode", params.get("parse_mode")), caption=True)
            payload["caption"] = item["caption"]
        sent.append(api.world.message_json(await api.world.bot_sent(chat_id, payload)))
    return sent


@method("copyMessage")
async def copy_message(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> JsonDict:
    source = api.message(params, chat_key="from_chat_id")
    payload = {k: v for k, v in source.payload.items() if k != "reply_markup"} | _common(params)
    copy = await api.world.bot_sent(
        api.chat_id(params), payload | {"copied_from": [source.chat_id, source.message_id]}
    )
    return {"message_id": copy.message_id}


@method("copyMessages")
async def copy_messages(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> list[JsonDict]:
    ids = params.get("message_ids")
    if not isinstance(ids, list) or not ids:
        raise ApiError(400, "Bad Request: message identifiers are not specified")
    results = []
    for message_id in ids:
        source = api.message({"chat_id": params.get("from_chat_id"), "message_id": message_id})
        payload = {k: v for k, v in source.payload.items() if k != "reply_markup"}
        copy = await api.world.bot_sent(
            api.chat_id(params), payload | {"copied_from": [source.chat_id, source.message_id]}
        )
        results.append({"message_id": copy.message_id})
    return results


@method("editMessageText")
async def edit_message_text(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> JsonDict:
    message = api.message(params)
    text = _text(params, "text")
    new_payload = dict(message.payload) | {"text": text}
    new_payload.pop("reply_markup", None)
    new_payload |= _common(params)
    if new_payload == message.payload:
        raise ApiError(
            400,
            "Bad Request: message is not modified: specified new message content and reply markup "
            "are exactly the same as a current content and reply markup of the message",
        )
    message.payload, message.edits = new_payload, message.edits + 1
    await api.world.notify()
    return api.world.message_json(message)


@method("editMessageReplyMarkup")
async def edit_reply_markup(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> JsonDict:
    message = api.message(params)
    payload = dict(message.payload)
    payload.pop("reply_markup", None)
    if params.get("reply_markup"):
        payload["reply_markup"] = params["reply_markup"]
    if payload == message.payload:
        raise ApiError(
            400,
            "Bad Request: message is not modified: specified new message content and reply markup "
            "are exactly the same as a current content and reply markup of the message",
        )
    message.payload, message.edits = payload, message.edits + 1
    await api.world.notify()
    return api.world.message_json(message)


@method("deleteMessage")
async def delete_message(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> bool:
    api.message(params).deleted = True
    await api.world.notify()
    return True


@method("answerCallbackQuery")
async def answer_callback_query(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> bool:
    if not api.world.take_callback_query(str(params.get("callback_query_id"))):
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    if len(str(params.get("text") or "")) > 200:
        raise bad_request("MESSAGE_TOO_LONG")
    api.world.callback_answers.append(
        {
            "callback_query_id": str(params.get("callback_query_id")),
            "text": params.get("text"),
            "show_alert": bool(params.get("show_alert")),
        }
    )
    await api.world.notify()
    return True


@method("getFile")
async def get_file(api: FakeBotApi, params: JsonDict, files: dict[str, bytes]) -> JsonDict:
    stored = api.world.files.get(str(params.get("file_id")))
    if stored is None:
        raise ApiError(400, "Bad Request: invalid file_id")
    if len(stored.data) > DOWNLOAD_LIMIT:
        raise ApiError(400, "Bad Request: file is too big")
    return stored.as_json()
