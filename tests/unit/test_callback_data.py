"""Every button's callback data fits Telegram's 64 bytes and reads back as it was written."""

from __future__ import annotations

import pytest
from aiogram.filters.callback_data import CallbackData
from hypothesis import given, settings
from hypothesis import strategies as st

from handlers.assign import As
from handlers.callbacks import Br
from handlers.report_view import Rp, Rv
from handlers.tasks import Tk

ids = st.integers(min_value=0, max_value=2**31 - 1)
actions = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6)


@pytest.mark.parametrize("factory", [As, Br, Tk])
@given(data=st.data())
@settings(max_examples=60, deadline=None)
def test_id_buttons_fit_and_round_trip(factory: type[CallbackData], data: st.DataObject) -> None:
    fields = {name: data.draw(ids) for name in factory.model_fields if name != "a"}
    value = factory(a=data.draw(actions), **fields)
    packed = value.pack()
    assert len(packed.encode()) <= 64
    assert factory.unpack(packed) == value


@given(a=actions, i=ids, r=ids, f=st.sampled_from(["", "files", "date", "participants", "text", "link"]))
@settings(max_examples=80, deadline=None)
def test_report_buttons_fit_and_round_trip(a: str, i: int, r: int, f: str) -> None:
    value = Rp(a=a, i=i, r=r, f=f)
    assert len(value.pack().encode()) <= 64 and Rp.unpack(value.pack()) == value
    review = Rv(a=a, r=r, g=i)
    assert len(review.pack().encode()) <= 64 and Rv.unpack(review.pack()) == review
