"""What the fake Telegram holds, as plain data: stored files, chat messages, error rules, rate
limits and counters."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

JsonDict = dict[str, Any]


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    data: bytes
    file_path: str

    def as_json(self) -> JsonDict:
        return {
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "file_size": len(self.data),
            "file_path": self.file_path,
        }


@dataclass
class ChatMessage:
    """A message as Telegram would store it, sent by a user or by the bot."""

    chat_id: int
    message_id: int
    from_bot: bool
    payload: JsonDict  # the Message object minus chat/from/date/message_id
    edits: int = 0
    deleted: bool = False

    @property
    def text(self) -> str | None:
        return self.payload.get("text") or self.payload.get("caption")

    @property
    def reply_markup(self) -> JsonDict | None:
        return self.payload.get("reply_markup")

    def buttons(self) -> list[JsonDict]:
        """Inline buttons, flattened row by row."""
        markup = self.reply_markup or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]

    def keyboard_texts(self) -> list[str]:
        markup = self.reply_markup or {}
        return [button["text"] for row in markup.get("keyboard", []) for button in row]

    def button(self, text_part: str) -> JsonDict:
        for button in self.buttons():
            if text_part in button["text"]:
                return button
        raise LookupError(f"no button with {text_part!r} in {[b['text'] for b in self.buttons()]}")


@dataclass
class ErrorRule:
    method: str
    error_code: int
    description: str
    retry_after: int | None
    times: int
    chat_id: int | None


@dataclass
class RateLimits:
    """Telegram's flood limits; None switches a limit off."""

    global_per_second: float | None = None
    per_chat_per_second: float | None = None
    per_group_per_minute: int | None = None


SEND_METHODS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendMediaGroup",
        "copyMessage",
        "copyMessages",
        "forwardMessage",
    }
)


@dataclass
class Counters:
    requests: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    messages_delivered: int = 0
    rate_limited: int = 0
    # Long polls cut short by a newer getUpdates (two instances polling one bot): Telegram
    # answers the older one 409 «terminated by other getUpdates request».
    poll_conflicts: int = 0
