"""The sandbox's page: a Telegram chat on a phone, for each demo person, served by aiohttp.

Static HTML, CSS and JavaScript (no build step, nothing from the internet) talk to a small JSON
API over the fake Telegram (`FakeWorld`): a person writes, presses a button or uploads photos
and files exactly as the Bot API would deliver them to the bot, and the page reads each chat
as Telegram stores it. Server-sent events tell the page when anything changed.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import mimetypes
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web
from PIL import Image, UnidentifiedImageError

from bot.sandbox.chat import ChatMessage
from bot.sandbox.demo import PERSONAS
from bot.sandbox.world import FakeWorld, JsonDict

STATIC = Path(__file__).resolve().parent / "static"
PHOTO_SIDE = 1280  # Telegram keeps a photo's longer side at 1280 px in the size the bot reads
UPLOAD_LIMIT = 20 * 2**20
PHOTO_TYPES = ("image/jpeg", "image/png", "image/webp")


class SandboxPage:
    def __init__(
        self,
        world: FakeWorld,
        now: Callable[[], datetime],
        timezone: str,
        speed: float,
        invite_link: Callable[[], str],
    ) -> None:
        self._world = world
        self._now = now
        self._zone = ZoneInfo(timezone)
        self._speed = speed
        self._invite_link = invite_link
        self._seen: dict[int, int] = {}  # chat → bot messages the page has shown
        self._toasts_seen: dict[int, int] = {}  # chat → button answers the page has shown

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=UPLOAD_LIMIT * 4)
        app.router.add_get("/", self._index)
        app.router.add_static("/static/", STATIC)
        app.router.add_get("/api/state", self._state)
        app.router.add_get("/api/chats/{chat_id}", self._chat)
        app.router.add_post("/api/chats/{chat_id}/text", self._text)
        app.router.add_post("/api/chats/{chat_id}/press", self._press)
        app.router.add_post("/api/chats/{chat_id}/upload", self._upload)
        app.router.add_get("/api/files/{file_id}", self._file)
        app.router.add_get("/api/events", self._events)
        return app

    # ---- reading ---------------------------------------------------------------------------

    async def _index(self, request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    def _clock(self) -> JsonDict:
        return {"now": self._now().astimezone(self._zone).strftime("%d.%m.%Y %H:%M"), "speed": self._speed}

    async def _state(self, request: web.Request) -> web.Response:
        people = []
        for persona in PERSONAS:
            shown = self._world.bot_messages(persona.tg_id)
            people.append(
                {
                    "id": persona.tg_id,
                    "name": persona.name,
                    "role": persona.role,
                    "org": persona.org,
                    "unread": max(0, len(shown) - self._seen.get(persona.tg_id, 0)),
                }
            )
        return web.json_response(
            {
                "bot": self._world.bot_username,
                "clock": self._clock(),
                "people": people,
                "invite_link": self._invite_link(),
                "version": self._world.version,
            }
        )

    async def _chat(self, request: web.Request) -> web.Response:
        chat_id = self._chat_id(request)
        messages = [m for m in self._world.chats.get(chat_id, []) if not m.deleted]
        self._seen[chat_id] = len(self._world.bot_messages(chat_id))
        return web.json_response(
            {
                "messages": [self._message(m) for m in messages],
                "keyboard": _reply_keyboard(messages),
                "toasts": self._new_toasts(chat_id),
                "version": self._world.version,
            }
        )

    def _message(self, message: ChatMessage) -> JsonDict:
        payload = message.payload
        view: JsonDict = {
            "id": message.message_id,
            "from_bot": message.from_bot,
            "edits": message.edits,
            "text": payload.get("text") or payload.get("caption") or "",
            # The bot writes HTML; what a person typed is plain text.
            "html": str(payload.get("parse_mode_used") or "").lower() == "html",
        }
        if payload.get("photo"):
            view["photo"] = f"/api/files/{payload['photo'][-1]['file_id']}"
        if payload.get("document"):
            document = payload["document"]
            view["document"] = {
                "name": document.get("file_name") or "document",
                "url": f"/api/files/{document['file_id']}",
                "size": document.get("file_size") or 0,
            }
        if payload.get("media_group_id"):
            view["album"] = payload["media_group_id"]
        markup = payload.get("reply_markup") or {}
        view["buttons"] = [
            [{k: b[k] for k in ("text", "callback_data", "url") if k in b} for b in row]
            for row in markup.get("inline_keyboard", [])
        ]
        return view

    def _new_toasts(self, chat_id: int) -> list[JsonDict]:
        owner = self._world.query_owner
        mine = [a for a in self._world.callback_answers if owner.get(a["callback_query_id"]) == chat_id]
        first = self._toasts_seen.get(chat_id, 0)
        self._toasts_seen[chat_id] = len(mine)
        return [{"text": a["text"], "alert": a["show_alert"]} for a in mine[first:] if a.get("text")]

    async def _file(self, request: web.Request) -> web.Response:
        stored = self._world.files.get(request.match_info["file_id"])
        if stored is None:
            raise web.HTTPNotFound()
        kind = mimetypes.guess_type(stored.file_path)[0] or "application/octet-stream"
        return web.Response(body=stored.data, content_type=kind, headers={"Cache-Control": "max-age=3600"})

    async def _events(self, request: web.Request) -> web.StreamResponse:
        """A line whenever the world changed, and the bot's clock every couple of seconds."""
        response = web.StreamResponse(
            headers={"Content-Type": "text/event-stream", "Cache-Control": "no-cache"}
        )
        await response.prepare(request)
        world = self._world
        try:
            while True:
                async with world.changed:
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(world.changed.wait(), 2.0)
                event = {"version": world.version, "clock": self._clock()}
                await response.write(f"data: {json.dumps(event)}\n\n".encode())
        except ConnectionResetError:
            pass  # the page was closed
        return response

    # ---- acting as a person ----------------------------------------------------------------

    def _chat_id(self, request: web.Request) -> int:
        try:
            chat_id = int(request.match_info["chat_id"])
        except ValueError as exc:
            raise web.HTTPNotFound() from exc
        if not any(p.tg_id == chat_id for p in PERSONAS):
            raise web.HTTPNotFound()
        return chat_id

    async def _text(self, request: web.Request) -> web.Response:
        chat_id = self._chat_id(request)
        text = str((await request.json()).get("text") or "").strip()
        if not text:
            raise web.HTTPBadRequest(text="empty message")
        self._world.send_text(chat_id, text[:4096])
        await self._world.notify()
        return web.json_response({"ok": True})

    async def _press(self, request: web.Request) -> web.Response:
        chat_id = self._chat_id(request)
        body = await request.json()
        try:
            self._world.press(chat_id, int(body["message_id"]), str(body["data"]))
        except (KeyError, ValueError, LookupError) as exc:
            raise web.HTTPBadRequest(text="no such button") from exc
        await self._world.notify()
        return web.json_response({"ok": True})

    async def _upload(self, request: web.Request) -> web.Response:
        """Several photos at once are an album, as a phone sends them; anything else a file."""
        chat_id = self._chat_id(request)
        photos: list[bytes] = []
        documents: list[tuple[str, bytes, str]] = []
        reader = await request.multipart()
        caption = ""
        while (part := await reader.next()) is not None:
            if part.name == "caption":
                caption = (await part.text()).strip()  # type: ignore[union-attr]
                continue
            data = bytearray()
            while chunk := await part.read_chunk():  # type: ignore[union-attr]
                data += chunk
                if len(data) > UPLOAD_LIMIT:  # refused before it is all in memory
                    raise web.HTTPRequestEntityTooLarge(max_size=UPLOAD_LIMIT, actual_size=len(data))
            data = bytes(data)
            kind = part.headers.get("Content-Type", "")
            name = part.filename or "file"  # type: ignore[union-attr]
            photo = _as_photo(data) if kind in PHOTO_TYPES else None
            if photo is not None:
                photos.append(photo)
            else:
                documents.append((name, data, kind or "application/octet-stream"))
        if len(photos) > 1:
            for start in range(0, len(photos), 10):  # Telegram's albums hold ten at most
                self._world.send_album(chat_id, photos[start : start + 10], caption or None)
        elif photos:
            self._world.send_photo(chat_id, photos[0], caption=caption or None)
        for name, data, kind in documents:
            self._world.send_document(chat_id, data, name, mime_type=kind, caption=caption or None)
        await self._world.notify()
        return web.json_response({"ok": True, "photos": len(photos), "documents": len(documents)})


def _as_photo(data: bytes) -> bytes | None:
    """The photo as Telegram keeps it: a JPEG no larger than 1280 px; None if it is no image."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.thumbnail((PHOTO_SIDE, PHOTO_SIDE))
            out = io.BytesIO()
            image.convert("RGB").save(out, "JPEG", quality=87)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return None
    return out.getvalue()


def _reply_keyboard(messages: list[ChatMessage]) -> list[list[str]] | None:
    """The keyboard under the input: the last one the bot sent, unless removed since."""
    for message in reversed(messages):
        markup: dict[str, Any] = message.payload.get("reply_markup") or {}
        if not message.from_bot:
            continue
        if markup.get("remove_keyboard"):
            return None
        if "keyboard" in markup:
            return [
                [button["text"] if isinstance(button, dict) else str(button) for button in row]
                for row in markup["keyboard"]
            ]
    return None
