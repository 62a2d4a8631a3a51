"""A report being put together, before it is submitted: its files, the values a teacher types
(event date, participants, text, link) and the rules each must meet. No database here: the draft
lives in the conversation state until `ReportService.submit` writes it."""

from __future__ import annotations

import enum
import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from db.models import ReportStatus
from services.errors import DomainError
from services.evidence import IncomingFile, StoredEvidence, counts_as_photo

MAX_FILES = 30
MAX_TEXT = 1000
MAX_PARTICIPANTS = 100_000
EVENT_DATE_REACH = timedelta(days=400)  # how far back an event may be reported


class TooManyFiles(DomainError):
    message_key = "report-too-many-files"


class PhotoRequired(DomainError):
    message_key = "report-photo-required"


class BadEventDate(DomainError):
    message_key = "report-bad-date"


class BadParticipants(DomainError):
    message_key = "report-bad-participants"


class BadLink(DomainError):
    message_key = "report-bad-link"


class TextTooLong(DomainError):
    message_key = "report-text-too-long"


class OrgStatus(enum.StrEnum):
    """What one organisation did about one due date, as the item card shows it."""

    NOT_STARTED = "not_started"
    REPORTED = "reported"
    APPROVED = "approved"
    RETURNED = "returned"
    OVERDUE = "overdue"


def org_status(report_status: ReportStatus | None, due_on: date, today: date) -> OrgStatus:
    if report_status is ReportStatus.APPROVED:
        return OrgStatus.APPROVED
    if report_status is ReportStatus.SUBMITTED:
        return OrgStatus.REPORTED
    if report_status is ReportStatus.RETURNED:
        return OrgStatus.RETURNED
    return OrgStatus.OVERDUE if due_on < today else OrgStatus.NOT_STARTED


@dataclass(frozen=True)
class DraftFile:
    """One file of a draft: what Telegram knows it by, and what the evidence store checked."""

    sha256: str
    kind: str  # "photo" or "document", as it was sent
    file_id: str
    file_unique_id: str
    file_name: str | None
    size: int
    mime_type: str

    @classmethod
    def received(cls, incoming: IncomingFile, stored: StoredEvidence) -> DraftFile:
        return cls(
            stored.sha256,
            incoming.kind,
            incoming.file_id,
            incoming.file_unique_id,
            incoming.file_name,
            stored.size,
            stored.mime_type,
        )


def files_from_dicts(rows: list[dict[str, Any]]) -> list[DraftFile]:
    """Files as the conversation state keeps them (plain dicts) back into dataclasses."""
    names = DraftFile.__dataclass_fields__
    return [DraftFile(**{key: row.get(key) for key in names}) for row in rows]  # type: ignore[arg-type]


@dataclass
class Draft:
    """A report being put together; stored in the conversation state as a plain dict."""

    item_id: int
    org_id: int
    occurrence_id: int
    due_on: str
    report_id: int | None = None  # amending a returned report
    files: list[DraftFile] = field(default_factory=list)
    event_date: str | None = None
    participants: int | None = None
    text: str | None = None
    link: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Draft:
        values = {key: data[key] for key in cls.__dataclass_fields__ if key in data}
        values["files"] = files_from_dicts(values.get("files", []))
        return cls(**values)

    def check_room(self) -> None:
        """Refused before anything is downloaded."""
        if len(self.files) >= MAX_FILES:
            raise TooManyFiles(max=MAX_FILES)

    def add_file(self, incoming: IncomingFile, stored: StoredEvidence) -> None:
        self.check_room()
        self.files.append(DraftFile.received(incoming, stored))

    def take_quick_files(self, files: list[DraftFile], caption: str | None) -> None:
        """Photos sent before the flow began (the quick path) join the draft, up to the limit;
        their caption becomes the text unless the draft has one."""
        for file in files:
            if len(self.files) < MAX_FILES:
                self.files.append(file)
        if caption and not self.text:
            self.text = caption

    @property
    def photos(self) -> int:
        return sum(1 for f in self.files if counts_as_photo(f.kind, f.mime_type))


# ASCII digits only: str.isdigit() and \d accept "²" or "٣", which int() then refuses or misreads.
_DATE = re.compile(r"^\s*([0-9]{1,2})[./-]([0-9]{1,2})(?:[./-]([0-9]{2}|[0-9]{4}))?\s*$")
_NUMBER = re.compile(r"[0-9]+")
_LINK = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def parse_event_date(text: str, today: date) -> date:
    """ "15.03.2026", "15.03.26" or "15.03" (the latest such day not in the future: "31.12" typed
    on 5 January is last year's); not in the future, not over a year ago."""
    match = _DATE.match(text)
    if not match:
        raise BadEventDate(text[:40])
    day, month, year = match.groups()
    full_year = today.year if year is None else int(year) + (2000 if len(year) == 2 else 0)
    try:
        value = date(full_year, int(month), int(day))
        if year is None and value > today:
            value = date(full_year - 1, int(month), int(day))
    except ValueError as exc:  # 31.04, or 29.02 of a common year: refused, never bent
        raise BadEventDate(text[:40]) from exc
    check_event_date(value, today)
    return value


def check_event_date(value: date, today: date) -> None:
    if value > today or value < today - EVENT_DATE_REACH:
        raise BadEventDate(value.isoformat())


def parse_participants(text: str) -> int:
    cleaned = text.strip().replace(" ", "")
    if not _NUMBER.fullmatch(cleaned) or not 0 < int(cleaned) <= MAX_PARTICIPANTS:
        raise BadParticipants(text[:20])
    return int(cleaned)


def parse_link(text: str) -> str:
    link = text.strip()
    if len(link) > 1000 or not _LINK.match(link):
        raise BadLink(link[:40])
    return link


def check_text(text: str) -> str:
    cleaned = text.strip()
    if len(cleaned) > MAX_TEXT:
        raise TextTooLong(length=len(cleaned), max=MAX_TEXT)
    return cleaned


@dataclass
class QuickPhotos:
    """Photos sent outside any flow, kept until the sender says which task they are for."""

    files: list[DraftFile] = field(default_factory=list)
    caption: str | None = None

    def check_room(self) -> None:
        """Refused before anything is downloaded."""
        if len(self.files) >= MAX_FILES:
            raise TooManyFiles(max=MAX_FILES)

    def add(self, incoming: IncomingFile, stored: StoredEvidence, caption: str | None) -> None:
        self.check_room()
        self.files.append(DraftFile.received(incoming, stored))
        if not self.caption and caption:
            self.caption = check_text(caption)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuickPhotos:
        return cls(files_from_dicts(list(data.get("files", []))), data.get("caption"))
