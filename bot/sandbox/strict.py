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


class BotApiError(Exception):
    def __init__(self, error_code: int, description: str) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description


def bad_request(reason: str) -> BotApiError:
    return BotApiError(400, f"Bad Request: {reason}")


def visible_length(text: str, parse_mode: Any) -> int:
    """Telegram's length of a text: UTF-16 code units of what the reader sees."""
    plain = parse_html(text) if str(parse_mode or "").upper() == "HTML" else text
    return len(plain.encode("utf-16-le")) // 2


def parse_html(text: str) -> str:
    """The visible text of an HTML message, or the 400 Telegram answers to a malformed one."""
    out: list[str] = []
    stack: list[str] = []
    position = 0
    while position < len(text):
        char = text[position]
        if char == "<":
            match = _TAG.match(text, position)
            offset = len(text[:position].encode("utf-8"))
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
            position = match.end()
            continue
        if char == "&":
            match = _ENTITY.match(text, position)
            if match is not None and (match.group(1)[0] == "#" or match.group(1) in _KNOWN_ENTITIES):
                out.append(html.unescape(match.group(0)))
                position = match.end()
                continue
        out.append(char)
        position += 1
    if stack:
        raise bad_request(
            f'can\'t parse entities: Can\'t find end tag corresponding to start tag "{stack[-1]}"'
        )
    return "".join(out)


def check_text(text: str, parse_mode: Any, *, caption: bool = False) -> None:
    limit = CAPTION_LIMIT if caption else TEXT_LIMIT
    if visible_length(text, parse_mode) > limit:
        raise bad_request("message caption is too long" if caption else "message is too long")
    if not caption and not (parse_html(text) if str(parse_mode or "").upper() == "HTML" else text).strip():
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
