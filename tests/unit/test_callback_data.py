"""Every button's callback data fits Telegram's 64 bytes and reads back as it was written: each
class in `EVERY_BUTTON`, every action, ids up to 2³¹ and the longest values the bot puts there."""

from __future__ import annotations

import enum
import inspect
import types
from typing import Any, Union, get_args, get_origin, get_type_hints

import pytest
from aiogram.filters.callback_data import CallbackData
from hypothesis import given, settings
from hypothesis import strategies as st

import bot.callback_data as buttons
from bot.callback_data import EVERY_BUTTON

ids = st.integers(min_value=0, max_value=2**31 - 1)
# Language codes, zone names ("Asia/Novosibirsk"), kind codes, "2200-0700", a sha256 prefix.
values = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/_-", max_size=16)


def _strategy(annotation: Any) -> st.SearchStrategy[Any]:
    if get_origin(annotation) in (Union, types.UnionType):
        return st.one_of(*(_strategy(arg) for arg in get_args(annotation)))
    if annotation is type(None):
        return st.none()
    if inspect.isclass(annotation) and issubclass(annotation, enum.Enum):
        return st.sampled_from(list(annotation))
    if annotation is int:
        return ids
    if annotation is str:
        return values
    raise AssertionError(f"no strategy for {annotation}")


def test_every_button_class_is_listed() -> None:
    defined = {
        obj
        for obj in vars(buttons).values()
        if inspect.isclass(obj) and issubclass(obj, CallbackData) and obj is not CallbackData
    }
    assert defined == set(EVERY_BUTTON)


@pytest.mark.parametrize("factory", EVERY_BUTTON, ids=lambda f: f.__name__)
@given(data=st.data())
@settings(max_examples=120, deadline=None)
def test_buttons_fit_and_round_trip(factory: type[CallbackData], data: st.DataObject) -> None:
    hints = get_type_hints(factory, vars(buttons))
    fields = {name: data.draw(_strategy(hints[name]), label=name) for name in factory.model_fields}
    value = factory(**fields)
    packed = value.pack()
    assert len(packed.encode()) <= 64, packed
    assert factory.unpack(packed) == value
