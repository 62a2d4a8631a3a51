"""Bad values are refused, not bent; texts are cut for Telegram without breaking their HTML;
failures are stored as codes that cannot carry the token. Each case failed on the old main."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from pathlib import Path

import aiohttp
import pytest
from aiogram.exceptions import ClientDecodeError, TelegramBadRequest, TelegramNetworkError, TelegramRetryAfter
from aiogram.methods import SendMessage
from hypothesis import given
from hypothesis import strategies as st

from bot.sandbox.strict import parse_html
from bot.send_errors import classify, with_retries
from bot.text import chunk_lines, fit_html
from services.broadcasts import parse_send_time
from services.evidence import EvidenceStore, IncomingFile, NotAnImage, counts_as_photo
from services.plans import parse_plan
from services.plans.deadlines import read_deadline
from services.plans.model import Period
from services.report_draft import BadEventDate, BadParticipants, parse_event_date, parse_participants

YEAR_2026 = Period(date(2026, 1, 1), date(2026, 12, 31))
TOKEN = "123456:SECRET-token"


@pytest.mark.parametrize(
    "cell", ["31.04.2026", "до 31.02.2026 г.", "29.02.2026", "32.13.2026", "с 1 по 31 апреля"]
)
def test_impossible_plan_dates_make_the_cell_unspecified(cell: str) -> None:
    """The old main clamped 31.04 to 30.04 and 29.02.2026 to 28.02, and read 32.13.2026 as 2026."""
    deadline, impossible = read_deadline(cell, YEAR_2026)
    assert deadline.kind == "unspecified" and impossible


def test_a_real_leap_day_is_kept() -> None:
    deadline, impossible = read_deadline("29.02.2028", YEAR_2026)
    assert deadline.windows == ((date(2028, 2, 29), date(2028, 2, 29)),) and not impossible


def test_an_impossible_date_is_a_warning_of_the_import() -> None:
    text = (
        "№\tМероприятие\tСрок\tОтветственные\n1.\tСовещание\t31.04.2026\tОтдел\n2.\tОтчёт\tмай 2026\tОтдел\n"
    )
    plan = parse_plan("plan.txt", text.encode())
    first, second = plan.sections[0].items
    assert first.deadline.kind == "unspecified" and second.deadline.kind == "window"
    assert [w.code for w in plan.warnings if w.code.startswith("deadline")] == ["deadline-impossible"]


def test_cells_longer_than_a_screen_are_cut_with_a_warning() -> None:
    long_title = "Очень длинное мероприятие " * 80
    text = f"№\tМероприятие\tСрок\tОтветственные\n1.\t{long_title}\tмай 2026\tОтдел\n"
    plan = parse_plan("plan.txt", text.encode())
    item = plan.sections[0].items[0]
    assert len(item.title) <= 1000 and item.title.endswith("…")
    assert any(w.code == "cell-cut" for w in plan.warnings)


def test_typed_dates_across_the_new_year_pick_the_sensible_year() -> None:
    """«31.12» typed on 5 January is last December (an event date is never in the future); a
    broadcast at «05.01 10:00» scheduled on 28 December is next January."""
    assert parse_event_date("31.12", date(2027, 1, 5)) == date(2026, 12, 31)
    assert parse_event_date("03.01", date(2027, 1, 5)) == date(2027, 1, 3)
    moment = parse_send_time("05.01 10:00", datetime(2026, 12, 28, 12, 0, tzinfo=UTC), "Europe/Moscow")
    assert moment == datetime(2027, 1, 5, 7, 0, tzinfo=UTC)
    with pytest.raises(BadEventDate):
        parse_event_date("31.04", date(2027, 5, 10))


@pytest.mark.parametrize("text", ["²", "٣", "1²", "𝟙𝟚", "-3", "0"])
def test_participant_counts_take_plain_numbers_only(text: str) -> None:
    """«²» passed str.isdigit() and then failed int(): the teacher saw the generic error."""
    with pytest.raises(BadParticipants):
        parse_participants(text)
    assert parse_participants(" 25 ") == 25


def test_a_heic_file_must_carry_the_heif_signature(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path)
    incoming = IncomingFile("document", "f", "u", 100, "IMG_0001.HEIC", "image/heic")
    with pytest.raises(NotAnImage):
        store.accept(incoming, b"MZ\x90\x00 an executable named .heic")
    assert not any(tmp_path.rglob("*"))
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64
    stored = store.accept(incoming, heic)
    assert stored.mime_type == "image/heic" and counts_as_photo("document", stored.mime_type)


def test_one_rule_counts_photos() -> None:
    assert counts_as_photo("photo", None)
    assert counts_as_photo("document", "image/jpeg")
    assert not counts_as_photo("document", "application/pdf")


@given(
    st.lists(
        st.sampled_from(["<b>", "</b>", "<i>", "</i>", "&amp;", "&lt;", "a", "б", " ", "😀"]), max_size=400
    )
)
def test_cut_texts_always_parse(tokens: list[str]) -> None:
    """The old main cut with text[:4000], which could fall inside a tag or an entity."""
    balanced: list[str] = []
    open_tags: list[str] = []
    for token in tokens:  # keep the source well formed, as the bot's own HTML is
        if token in ("</b>", "</i>"):
            if open_tags and open_tags[-1] == token[2]:
                open_tags.pop()
                balanced.append(token)
            continue
        if token in ("<b>", "<i>"):
            open_tags.append(token[1])
        balanced.append(token)
    balanced += [f"</{tag}>" for tag in reversed(open_tags)]
    source = "".join(balanced)
    for limit in (5, 37, 200):
        cut = fit_html(source, limit)
        assert len(parse_html(cut)) <= limit
    for chunk in chunk_lines([source], 50):
        parse_html(chunk)


def test_failures_are_codes_that_cannot_carry_the_token() -> None:
    method = SendMessage(chat_id=1, text="x")
    url = f"https://api.telegram.org/bot{TOKEN}/sendMessage"
    redirect = aiohttp.TooManyRedirects(
        aiohttp.RequestInfo(url, "POST", {}, url),  # type: ignore[arg-type]
        (),
    )
    network = TelegramNetworkError(method, f"TooManyRedirects: {redirect} {url}")
    cases = {
        network: ("network error", True),
        TelegramNetworkError(method, "Request timeout error"): ("timeout", True),
        ClientDecodeError("Failed to decode object", ValueError(), "<html>502</html>"): (
            "502 bad gateway",
            True,
        ),
        TelegramRetryAfter(method, "Too Many Requests: retry after 5", 5): ("429 flood control", True),
        TelegramBadRequest(method, f"Bad Request: chat not found {TOKEN}"): ("400 chat not found", False),
        redirect: ("network error", True),
    }
    for exc, (code, transient) in cases.items():
        failure = classify(exc)
        assert (failure.code, failure.transient) == (code, transient)
        assert "SECRET" not in failure.code and "123456" not in failure.code


async def test_transient_failures_are_retried_and_timeouts_only_where_a_duplicate_is_fine() -> None:
    calls = {"n": 0}
    method = SendMessage(chat_id=1, text="x")

    async def flaky() -> str:
        calls["n"] += 1
        if calls["n"] < 3:
            raise ClientDecodeError("Failed to decode object", ValueError(), "<html>")
        return "sent"

    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    assert await with_retries(flaky, (1, 2, 3), sleep=sleep) == "sent" and slept == [1, 2]

    async def times_out() -> None:
        raise TelegramNetworkError(method, "Request timeout error")

    with pytest.raises(TelegramNetworkError):
        await with_retries(times_out, (1, 2), retry_timeouts=False, sleep=sleep)
    assert slept == [1, 2]  # not retried
    await asyncio.sleep(0)
