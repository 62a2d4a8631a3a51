"""Domain errors. Each carries a locale key; the bot's error handler renders it for the user."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """An expected failure the user should be told about in their language."""

    message_key = "error-generic-domain"

    def __init__(self, detail: str = "", **params: Any) -> None:
        super().__init__(detail or self.message_key)
        self.params = params


class AccessDenied(DomainError):
    message_key = "error-access-denied"


class NotFound(DomainError):
    message_key = "error-not-found"


class ChatUnreachable(Exception):
    """Telegram answered 403: the user blocked the bot or the chat is gone."""

    def __init__(self, chat_id: int | str | None, description: str = "") -> None:
        super().__init__(f"chat {chat_id} unreachable: {description}")
        self.chat_id = chat_id
