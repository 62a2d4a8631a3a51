"""The state of the fake Telegram: users, chats, messages, files, pending updates, limits.

It knows nothing about HTTP; `bot.sandbox.server` exposes it as a Bot API, and tests (or the
sandbox's web chat) drive it from the user's side through the methods below.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import itertools
import time
from collections import defaultdict, deque
from typing import Any

from bot.sandbox.chat import SEND_METHODS, ChatMessage, Counters, ErrorRule, JsonDict, RateLimits, StoredFile
from bot.sandbox.faults import Chaos, Fault, FaultRule
from bot.sandbox.strict import error_json

__all__ = ["ChatMessage", "Counters", "ErrorRule", "FakeWorld", "JsonDict", "RateLimits", "StoredFile"]


class FakeWorld:
    def __init__(
        self,
        *,
        bot_id: int = 7_000_000_001,
        bot_username: str = "plan_tracker_bot",
        token: str | None = None,
        latency: float = 0.0,
        limits: RateLimits | None = None,
    ) -> None:
        self.bot_id = bot_id
        self.bot_username = bot_username
        self.token = token
        self.latency = latency
        self.limits = limits or RateLimits()
        self.users: dict[int, JsonDict] = {}
        self.blocked: set[int] = set()
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.chats: dict[int, list[ChatMessage]] = defaultdict(list)
        self.callback_answers: list[JsonDict] = []
        # (chat, message) of the bot's messages sent without a sound (disable_notification).
        self.silent: set[tuple[int, int]] = set()
        self.commands: dict[tuple[str, str], list[JsonDict]] = {}
        self.counters = Counters()
        self.long_poll: asyncio.Future[None] | None = None  # the getUpdates now waiting
        self._updates: deque[JsonDict] = deque()
        self._update_ids = itertools.count(1)
        self._message_ids: dict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._file_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._errors: list[ErrorRule] = []
        self._faults: list[FaultRule] = []
        self.chaos: Chaos | None = None
        self._open_queries: set[str] = set()
        self._sends: deque[float] = deque()
        self._last_send_per_chat: dict[int, float] = {}
        self._group_sends: dict[int, deque[float]] = defaultdict(deque)
        self._cursor: dict[int, int] = defaultdict(int)
        self.changed = asyncio.Condition()
        # Grows with every change anyone can see (a message, an edit, an answer): the sandbox's
        # page asks for a fresh view when it moves.
        self.version = 0
        self.query_owner: dict[str, int] = {}  # press id → the user who pressed
        self.updates_available = asyncio.Event()

    # ---- the user's side ------------------------------------------------------------------

    def add_user(
        self,
        user_id: int,
        first_name: str = "User",
        *,
        language_code: str | None = "ru",
        username: str | None = None,
    ) -> JsonDict:
        user = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        if username:
            user["username"] = username
        self.users[user_id] = user
        return user

    def _user(self, user_id: int) -> JsonDict:
        return self.users.get(user_id) or self.add_user(user_id)

    def _user_message(self, user_id: int, payload: JsonDict) -> JsonDict:
        message = self._store(user_id, from_bot=False, payload=payload)
        return self.message_json(message)

    def send_text(self, user_id: int, text: str) -> int:
        payload: JsonDict = {"text": text}
        if text.startswith("/"):
            command = text.split()[0]
            payload["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return self.push_update({"message": self._user_message(user_id, payload)})

    def press(self, user_id: int, message_id: int, callback_data: str) -> int:
        message = self.find(user_id, message_id)
        query_id = str(next(self._callback_ids))
        self._open_queries.add(query_id)
        self.query_owner[query_id] = user_id
        query = {
            "id": query_id,
            "from": self._user(user_id),
            "chat_instance": str(user_id),
            "message": self.message_json(message),
            "data": callback_data,
        }
        return self.push_update({"callback_query": query})

    def upload(self, data: bytes, kind: str, extension: str) -> StoredFile:
        number = next(self._file_ids)
        stored = StoredFile(
            file_id=f"{kind}-{number}-{hashlib.sha256(data).hexdigest()[:12]}",
            file_unique_id=hashlib.sha256(data).hexdigest()[:16],
            data=data,
            file_path=f"{kind}s/file_{number}.{extension}",
        )
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    def photo_payload(self, data: bytes, width: int = 1280, height: int = 960) -> list[JsonDict]:
        stored = self.upload(data, "photo", "jpg")
        return [
            {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "width": width,
                "height": height,
                "file_size": len(data),
            }
        ]

    def send_photo(
        self,
        user_id: int,
        data: bytes,
        *,
        caption: str | None = None,
        media_group_id: str | None = None,
        width: int = 1280,
        height: int = 960,
    ) -> int:
        payload: JsonDict = {"photo": self.photo_payload(data, width, height)}
        if caption:
            payload["caption"] = caption
        if media_group_id:
            payload["media_group_id"] = media_group_id
        return self.push_update({"message": self._user_message(user_id, payload)})

    def send_album(self, user_id: int, photos: list[bytes], caption: str | None = None) -> list[int]:
        group = f"album-{next(self._file_ids)}"
        return [
            self.send_photo(user_id, data, caption=caption if index == 0 else None, media_group_id=group)
            for index, data in enumerate(photos)
        ]

    def send_document(
        self,
        user_id: int,
        data: bytes,
        file_name: str,
        *,
        mime_type: str = "application/octet-stream",
        caption: str | None = None,
        declared_size: int | None = None,
    ) -> int:
        extension = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        stored = self.upload(data, "document", extension)
        payload: JsonDict = {
            "document": {
                "file_id": stored.file_id,
                "file_unique_id": stored.file_unique_id,
                "file_name": file_name,
                "mime_type": mime_type,
                "file_size": declared_size if declared_size is not None else len(data),
            }
        }
        if caption:
            payload["caption"] = caption
        return self.push_update({"message": self._user_message(user_id, payload)})

    def post(self, user_id: int, text: str) -> ChatMessage:
        """A message the user already wrote in their chat with the bot, without an update for it
        (something for the bot to copy, say)."""
        self._user(user_id)
        return self._store(user_id, from_bot=False, payload={"text": text})

    def push_update(self, body: JsonDict, update_id: int | None = None) -> int:
        update = {"update_id": update_id if update_id is not None else next(self._update_ids), **body}
        self._updates.append(update)
        self.updates_available.set()
        return update["update_id"]

    def redeliver(self, update_id: int, body: JsonDict) -> None:
        """Deliver an update again under the same id, as Telegram does after a lost confirm."""
        self.push_update(body, update_id=update_id)

    # ---- what the bot did -----------------------------------------------------------------

    def bot_messages(self, chat_id: int) -> list[ChatMessage]:
        return [m for m in self.chats[chat_id] if m.from_bot and not m.deleted]

    def find(self, chat_id: int, message_id: int) -> ChatMessage:
        for message in self.chats[chat_id]:
            if message.message_id == message_id:
                return message
        raise LookupError(f"no message {message_id} in chat {chat_id}")

    async def expect(self, chat_id: int, timeout: float = 5.0) -> ChatMessage:
        """The next bot message in the chat that the test has not read yet."""

        def unread() -> ChatMessage | None:
            messages = self.bot_messages(chat_id)
            index = self._cursor[chat_id]
            return messages[index] if index < len(messages) else None

        message = await self.wait_until(unread, timeout)
        self._cursor[chat_id] += 1
        return message

    async def expect_nothing(self, chat_id: int, wait: float = 0.3) -> None:
        """Fail if the bot writes to the chat within `wait` seconds (settling, not a deadline)."""
        try:
            extra = await self.expect(chat_id, timeout=wait)
        except TimeoutError:
            return
        raise AssertionError(f"unexpected message: {extra.text!r}")

    async def wait_until(self, predicate: Any, timeout: float = 5.0) -> Any:
        async with self.changed:
            result = predicate()
            deadline = asyncio.get_running_loop().time() + timeout
            while not result:
                remaining = deadline - asyncio.get_running_loop().time()
                if remaining <= 0:
                    raise TimeoutError("the bot did not do what was expected in time")
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self.changed.wait(), remaining)
                result = predicate()
            return result

    async def tap(self, user_id: int, message_id: int, text_part: str, timeout: float = 5.0) -> ChatMessage:
        """Press the button whose text contains `text_part` and wait until the bot edits that message."""
        message = self.find(user_id, message_id)
        before = message.edits
        self.press(user_id, message_id, message.button(text_part)["callback_data"])
        return await self.wait_until(
            lambda: self.find(user_id, message_id).edits > before and self.find(user_id, message_id), timeout
        )

    def mark_read(self, chat_id: int) -> None:
        self._cursor[chat_id] = len(self.bot_messages(chat_id))

    # ---- error injection and limits -------------------------------------------------------

    def fail(
        self,
        method: str,
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        times: int = 1,
        chat_id: int | None = None,
    ) -> None:
        self._errors.append(ErrorRule(method, error_code, description, retry_after, times, chat_id))

    def fault(
        self, fault: Fault, *, method: str | None = None, times: int = 1, chat_id: int | None = None
    ) -> None:
        """The next `times` calls of `method` (any method but getUpdates if None), to `chat_id`
        if given, meet `fault`."""
        self._faults.append(FaultRule(method, fault, times, chat_id))

    def take_fault(self, method: str, chat_id: int | None = None) -> Fault | None:
        for rule in self._faults:
            if rule.times > 0 and rule.method in (None, method) and rule.chat_id in (None, chat_id):
                rule.times -= 1
                return rule.fault
        return self.chaos.draw(method) if self.chaos is not None else None

    def take_callback_query(self, query_id: str) -> bool:
        """A press may be answered once: True the first time, False after (or for an unknown id)."""
        if query_id not in self._open_queries:
            return False
        self._open_queries.discard(query_id)
        return True

    def block(self, user_id: int) -> None:
        self.blocked.add(user_id)

    def injected_error(self, method: str, chat_id: int | None) -> JsonDict | None:
        if method in SEND_METHODS and chat_id in self.blocked:
            return error_json(403, "Forbidden: bot was blocked by the user")
        for rule in self._errors:
            if rule.method == method and rule.times > 0 and rule.chat_id in (None, chat_id):
                rule.times -= 1
                return error_json(rule.error_code, rule.description, rule.retry_after)
        return None

    def rate_limit(self, method: str, chat_id: int | None, messages: int = 1) -> JsonDict | None:
        """Account a send against the flood limits; a 429 when one would be exceeded."""
        if method not in SEND_METHODS:
            return None
        now = time.monotonic()
        limits = self.limits
        while self._sends and now - self._sends[0] >= 1.0:
            self._sends.popleft()
        if limits.global_per_second is not None and len(self._sends) + messages > limits.global_per_second:
            return self._too_many(1)
        if chat_id is not None and chat_id < 0 and limits.per_group_per_minute is not None:
            group = self._group_sends[chat_id]
            while group and now - group[0] >= 60.0:
                group.popleft()
            if len(group) + messages > limits.per_group_per_minute:
                return self._too_many(int(60 - (now - group[0])) + 1)
            group.extend([now] * messages)
        elif chat_id is not None and limits.per_chat_per_second is not None:
            last = self._last_send_per_chat.get(chat_id)
            if last is not None and now - last < 1.0 / limits.per_chat_per_second:
                return self._too_many(1)
            self._last_send_per_chat[chat_id] = now
        self._sends.extend([now] * messages)
        return None

    def _too_many(self, retry_after: int) -> JsonDict:
        self.counters.rate_limited += 1
        return error_json(429, f"Too Many Requests: retry after {retry_after}", retry_after)

    # ---- messages the server stores -------------------------------------------------------

    def _store(self, chat_id: int, *, from_bot: bool, payload: JsonDict) -> ChatMessage:
        message = ChatMessage(
            chat_id=chat_id,
            message_id=next(self._message_ids[chat_id]),
            from_bot=from_bot,
            payload=payload,
        )
        self.chats[chat_id].append(message)
        self.version += 1
        if from_bot:
            self.counters.messages_delivered += 1
        return message

    async def bot_sent(self, chat_id: int, payload: JsonDict) -> ChatMessage:
        message = self._store(chat_id, from_bot=True, payload=payload)
        await self.notify()
        return message

    async def notify(self) -> None:
        self.version += 1
        async with self.changed:
            self.changed.notify_all()

    def bot_user(self) -> JsonDict:
        return {"id": self.bot_id, "is_bot": True, "first_name": "Plan bot", "username": self.bot_username}

    def chat_json(self, chat_id: int) -> JsonDict:
        if chat_id < 0:
            return {"id": chat_id, "type": "group", "title": f"Group {chat_id}"}
        user = self._user(chat_id)
        return {"id": chat_id, "type": "private", "first_name": user["first_name"]}

    def message_json(self, message: ChatMessage) -> JsonDict:
        sender = self.bot_user() if message.from_bot else self._user(message.chat_id)
        payload = {k: v for k, v in message.payload.items() if k not in ("parse_mode_used", "copied_from")}
        if "inline_keyboard" not in (payload.get("reply_markup") or {}):
            # Only inline keyboards belong to a message; reply keyboards stay with the chat.
            payload.pop("reply_markup", None)
        return {
            "message_id": message.message_id,
            "date": int(time.time()),
            "chat": self.chat_json(message.chat_id),
            "from": sender,
            **payload,
        }

    def take_updates(self, offset: int | None, limit: int) -> list[JsonDict]:
        if offset is not None:
            while self._updates and self._updates[0]["update_id"] < offset:
                self._updates.popleft()
        if not self._updates:
            self.updates_available.clear()
        return list(itertools.islice(self._updates, limit))

    @property
    def pending_updates(self) -> int:
        return len(self._updates)

    # ---- what webhook delivery and the sandbox's saving need ------------------------------

    def first_update(self) -> JsonDict | None:
        """The oldest update not yet confirmed (a webhook posts them one at a time, in order)."""
        if not self._updates:
            self.updates_available.clear()
            return None
        return self._updates[0]

    def confirm(self, update: JsonDict) -> None:
        """The bot answered 200 for `update`: it is delivered."""
        if self._updates and self._updates[0] is update:
            self._updates.popleft()

    def drop_updates(self) -> None:
        self._updates.clear()
        self.updates_available.clear()

    def counters_state(self) -> JsonDict:
        """The next ids of updates, files, presses and each chat's messages, and the updates not
        yet taken: what a restart must carry on from."""
        state: JsonDict = {"updates": list(self._updates), "next_message": {}}
        state["next_update"], self._update_ids = _peek(self._update_ids)
        state["next_file"], self._file_ids = _peek(self._file_ids)
        state["next_query"], self._callback_ids = _peek(self._callback_ids)
        for chat_id, counter in list(self._message_ids.items()):
            state["next_message"][str(chat_id)], self._message_ids[chat_id] = _peek(counter)
        return state

    def carry_on_from(self, state: JsonDict, update_id_margin: int = 0) -> None:
        """The counters and the pending updates of `counters_state`; update ids start
        `update_id_margin` further on."""
        self._updates = deque(state["updates"])
        if self._updates:
            self.updates_available.set()
        self._update_ids = itertools.count(state["next_update"] + update_id_margin)
        self._file_ids = itertools.count(state["next_file"])
        self._callback_ids = itertools.count(state["next_query"])
        for chat_id, value in state["next_message"].items():
            self._message_ids[int(chat_id)] = itertools.count(value)


def _peek(counter: itertools.count[int]) -> tuple[int, itertools.count[int]]:
    """The counter's next value, and a counter that still starts there."""
    value = next(counter)
    return value, itertools.count(value)
