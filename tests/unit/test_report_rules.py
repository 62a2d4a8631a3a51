"""The rules a report must pass, and the evidence checks, without Telegram."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from db.models import ReportStatus
from services.evidence import (
    MAX_FILE_BYTES,
    EvidenceStore,
    FileTooBig,
    ImageTooLarge,
    IncomingFile,
    NotAnImage,
    check_declared_size,
    check_image,
)
from services.report_draft import (
    BadEventDate,
    BadLink,
    BadParticipants,
    Draft,
    OrgStatus,
    TextTooLong,
    TooManyFiles,
    check_text,
    org_status,
    parse_event_date,
    parse_link,
    parse_participants,
)

TODAY = date(2026, 3, 2)


def png(size: tuple[int, int], mode: str = "RGB") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size).save(out, "PNG")
    return out.getvalue()


def photo(file_id: str = "f1") -> IncomingFile:
    return IncomingFile("photo", file_id, file_id + "u", 100, None, "image/jpeg")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01.03.2026", date(2026, 3, 1)),
        ("1.3.26", date(2026, 3, 1)),
        ("02.03", TODAY),
        ("15-02-2026", date(2026, 2, 15)),
    ],
)
def test_event_dates_people_write(text: str, expected: date) -> None:
    assert parse_event_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["31.02.2026", "03.03.2026", "01.01.2025", "вчера", "", "2026-03-01"])
def test_impossible_future_or_ancient_dates_are_refused(text: str) -> None:
    with pytest.raises(BadEventDate):
        parse_event_date(text, TODAY)


def test_participants_links_and_text() -> None:
    assert parse_participants(" 1 200 ") == 1200
    for bad in ("0", "-3", "много", "10.5", "9999999"):
        with pytest.raises(BadParticipants):
            parse_participants(bad)
    assert parse_link(" https://school1.by/news/42 ") == "https://school1.by/news/42"
    for bad in ("school1.by", "javascript:alert(1)", "ftp://x.by/file", "https://"):
        with pytest.raises(BadLink):
            parse_link(bad)
    assert check_text("  Семинар  ") == "Семинар"
    with pytest.raises(TextTooLong):
        check_text("я" * 1001)


def test_status_of_a_due_date_for_an_organisation() -> None:
    assert org_status(None, date(2026, 3, 5), TODAY) is OrgStatus.NOT_STARTED
    assert org_status(None, TODAY, TODAY) is OrgStatus.NOT_STARTED  # due today is not late yet
    assert org_status(None, date(2026, 3, 1), TODAY) is OrgStatus.OVERDUE
    assert org_status(ReportStatus.SUBMITTED, date(2026, 3, 1), TODAY) is OrgStatus.REPORTED
    assert org_status(ReportStatus.RETURNED, date(2026, 3, 1), TODAY) is OrgStatus.RETURNED
    assert org_status(ReportStatus.APPROVED, date(2026, 3, 1), TODAY) is OrgStatus.APPROVED


def test_a_draft_survives_the_conversation_state_and_caps_its_files(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path)
    stored = store.accept(photo(), png((10, 10)))
    draft = Draft(1, 2, 3, "2026-03-31")
    for n in range(30):
        draft.add_file(photo(f"f{n}"), stored)
    with pytest.raises(TooManyFiles):
        draft.add_file(photo("one-too-many"), stored)
    again = Draft.from_dict(draft.as_dict() | {"unknown": "ignored"})
    assert again == draft and again.photos == 30


def test_the_same_bytes_are_stored_once_under_their_hash(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path)
    data = png((20, 10))
    first = store.accept(photo("a"), data)
    second = store.accept(photo("b"), data)
    assert first == second and first.mime_type == "image/png"
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files == [store.path_of(first.sha256)] and files[0].read_bytes() == data


def test_refused_files_leave_nothing_behind(tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path)
    with pytest.raises(NotAnImage):
        store.accept(photo(), b"GIF89a but not really")
    with pytest.raises(NotAnImage):
        store.accept(IncomingFile("document", "d", "du", 9, "scan.JPG", None), b"%PDF-1.4")
    with pytest.raises(ImageTooLarge):
        store.accept(photo(), png((8000, 7000), mode="1"))
    with pytest.raises(FileTooBig):
        check_declared_size(
            IncomingFile("document", "d", "du", MAX_FILE_BYTES + 1, "a.pdf", "application/pdf")
        )
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]
    # A document that does not claim to be an image is stored as it is.
    kept = store.accept(IncomingFile("document", "d", "du", 8, "minutes.pdf", "application/pdf"), b"%PDF-1.4")
    assert kept.mime_type == "application/pdf"


def test_a_bomb_far_past_pillows_own_limit_is_refused_without_decoding() -> None:
    # Pillow itself raises above twice its limit; that must read as "too large", not crash.
    with pytest.raises(ImageTooLarge):
        check_image(png((16000, 14000), mode="1"))


def test_files_no_row_knows_of_are_removed_after_a_grace_period(tmp_path: Path) -> None:
    import os

    store = EvidenceStore(tmp_path)
    kept = store.accept(photo("a"), png((5, 5)))
    orphan = store.accept(photo("b"), png((6, 6)))
    fresh = store.accept(photo("c"), png((7, 7)))
    old = 1_000_000.0
    for stored in (kept, orphan):
        os.utime(store.path_of(stored.sha256), (old, old))
    assert store.remove_orphans({kept.sha256}, older_than=old + 1) == 1
    assert store.path_of(kept.sha256).exists() and store.path_of(fresh.sha256).exists()
    assert not store.path_of(orphan.sha256).exists()


def test_failure_lists_do_not_run_names_as_spreadsheet_formulas() -> None:
    from services.broadcasts import _cell

    assert _cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert _cell("@admin") == "'@admin" and _cell("Анна") == "Анна"
