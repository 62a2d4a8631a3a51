"""Callback data shared by several feature routers (kept apart so they need not import each other)."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData


class Br(CallbackData, prefix="br"):
    a: str
    p: int = 0  # plan
    s: int = 0  # section
    i: int = 0  # item
    o: int = 0  # due date shown on the card, 1-based (0: the default one)
    g: int = 0  # page


class St(CallbackData, prefix="st"):
    """a = home | lang | tz | time | quiet | daily | plans | mute | rules | rule | reset; v = value."""

    a: str
    v: str = ""
    p: int = 0  # plan
    g: int = 0  # page


class Bc(CallbackData, prefix="bc"):
    """Broadcasts: a = aud | role | kind | dist | orgs | tog | plan | ovd | item | nrep | send |
    later | drop | stop | list | show | csv; v = a value, b = broadcast, g = page."""

    a: str
    v: str = ""
    b: int = 0
    g: int = 0
