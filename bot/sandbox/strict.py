"""What Telegram refuses, refused the same way: the checks that keep the fake Bot API honest.

Each check raises the 400 (or 413) Telegram gives, with its description, so a bot that passes
against the fake server does not meet a new error in production: malformed HTML, texts and
captions over their limits (counted as Telegram counts them: visible characters in UTF-16
units, after the HTML is parsed), callback data over 64 bytes, more than 100 inline buttons.
"""

from __future__ import annotations

import html
import re
from typing import Any

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
CALLBACK_DATA_LIMIT = 64
INLINE_BUTTONS_LIMIT = 100
UPLOAD_LIMIT = 50 * 1024 * 1024
DOWNLOAD_LIMIT = 20 * 1024 * 1024

# The tags Telegram's HTML parse mode knows (https://core.telegram.org/bots/api#html-style).
HTML_TAGS = frozenset(
    {
        "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
        "code", "pre", "blockquote", "tg-emoji",
    }
)  # fmt: skip
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)\s*>")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_KNOWN_ENTITIES = frozenset({"lt", "gt", "amp", "quot"})
# A tag-like piece (up to the next ">" unless another "<" comes first), an entity-like piece, or text.
_PIECES = re.compile(r"<[^<>]*>|<|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);|&|[^<&]+")


def error_json(error_code: int, description: str, retry_after: int | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"ok": False, "error_code": error_code, "description": description}
    if retry_after is not None:
        body["parameters"] = {"retry_after": retry_after}
    return body


class BotApiError(Exception):
    def __init__(self, error_code: int, description: str) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description


def bad_request(reason: str) -> BotApiError:
    return BotApiError(400, f"Bad Request: {reason}")


def visible_text(text: str, parse_mode: Any) -> str:
    return parse_html(text) if str(parse_mode or "").upper() == "HTML" else text


def utf16_length(text: str) -> int:
    """Telegram counts lengths in UTF-16 code units: an emoji outside the BMP is two."""
    return len(text.encode("utf-16-le")) // 2


def parse_html(text: str) -> str:
    """The visible text of an HTML message, or the 400 Telegram answers to a malformed one."""
    if "<" not in text and "&" not in text:
        return text
    out: list[str] = []
    stack: list[str] = []
    for piece in _PIECES.finditer(text):
        chunk = piece.group(0)
        first = chunk[0]
        if first == "<":
            offset = len(text[: piece.start()].encode("utf-8"))
            match = _TAG.fullmatch(chunk)
            if match is None:
                raise bad_request(f"can't parse entities: Unclosed start tag at byte offset {offset}")
            closing, name = match.group(1), match.group(2).lower()
            if name not in HTML_TAGS:
                raise bad_request(
                    f'can\'t parse entities: Unsupported start tag "{name}" at byte offset {offset}'
                )
            if closing:
                if not stack or stack[-1] != name:
                    raise bad_request(f"can't parse entities: Unexpected end tag at byte offset {offset}")
                stack.pop()
            else:
                stack.append(name)
        elif first == "&":
            match = _ENTITY.fullmatch(chunk)
            known = match is not None and (match.group(1)[0] == "#" or match.group(1) in _KNOWN_ENTITIES)
            out.append(html.unescape(chunk) if known else chunk)
        else:
            out.append(chunk)
    if stack:
        raise bad_request(
            f'can\'t parse entities: Can\'t find end tag corresponding to start tag "{stack[-1]}"'
        )
    return "".join(out)


def check_text(text: str, parse_mode: Any, *, caption: bool = False) -> None:
    plain = visible_text(text, parse_mode)
    if utf16_length(plain) > (CAPTION_LIMIT if caption else TEXT_LIMIT):
        raise bad_request("message caption is too long" if caption else "message is too long")
    if not caption and not plain.strip():
        raise bad_request("message text is empty")


def check_markup(markup: Any) -> None:
    """Inline keyboards: at most 100 buttons, callback data of 1–64 bytes."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return
    buttons = [button for row in markup["inline_keyboard"] for button in row]
    if len(buttons) > INLINE_BUTTONS_LIMIT:
        raise bad_request("BUTTONS_TOO_MUCH")
    for button in buttons:
        if not str(button.get("text") or "").strip():
            raise bad_request("text buttons are unallowed in the inline keyboard")
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode("utf-8")) <= CALLBACK_DATA_LIMIT:
            raise bad_request("BUTTON_DATA_INVALID")
