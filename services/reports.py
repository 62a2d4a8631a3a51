"""Reports that an event took place, and their review.

A report belongs to one due date (occurrence) of an item and one organisation. A teacher's or
head's draft lives in the conversation state until it is submitted; submitting writes the
report, its files and the first history line in one transaction. A returned report is amended
in place (version + 1) and the change is written to its history.
"""

from __future__ import annotations

import enum
import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import (
    Item,
    Occurrence,
    Organisation,
    Report,
    ReportEvent,
    ReportFile,
    ReportStatus,
    Role,
    User,
)
from db.repositories.assignments import AssignmentRepo
from db.repositories.orgs import OrgRepo
from db.repositories.reports import ReportRepo
from services.clock import Clock, local_today
from services.errors import AccessDenied, DomainError, NotFound
from services.evidence import IncomingFile, StoredEvidence, counts_as_photo
from services.permissions import Action, can, require
from services.users import Viewer

MAX_FILES = 30
MAX_TEXT = 1000
MAX_PARTICIPANTS = 100_000
EVENT_DATE_REACH = timedelta(days=400)  # how far back an event may be reported


class NoDueDate(DomainError):
    message_key = "report-no-due-date"


class AlreadyReported(DomainError):
    message_key = "report-already"


class NotAssigned(DomainError):
    message_key = "report-not-assigned"


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


class NotWaiting(DomainError):
    message_key = "review-not-waiting"


class CommentRequired(DomainError):
    message_key = "review-comment-required"


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


@dataclass
class Draft:
    """A report being put together; stored in the conversation state as a plain dict."""

    item_id: int
    org_id: int
    occurrence_id: int
    due_on: str
    report_id: int | None = None  # amending a returned report
    files: list[dict[str, Any]] = field(default_factory=list)
    event_date: str | None = None
    participants: int | None = None
    text: str | None = None
    link: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Draft:
        return cls(**{key: data[key] for key in cls.__dataclass_fields__ if key in data})

    def add_file(self, incoming: IncomingFile, stored: StoredEvidence) -> None:
        if len(self.files) >= MAX_FILES:
            raise TooManyFiles(max=MAX_FILES)
        self.files.append(
            {
                "sha256": stored.sha256,
                "kind": incoming.kind,
                "file_id": incoming.file_id,
                "file_unique_id": incoming.file_unique_id,
                "file_name": incoming.file_name,
                "size": stored.size,
                "mime_type": stored.mime_type,
            }
        )

    @property
    def photos(self) -> int:
        return sum(1 for f in self.files if counts_as_photo(f["kind"], f["mime_type"]))


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


@dataclass(frozen=True)
class WaitingReport:
    report: Report
    item: Item
    org: Organisation
    author: User


class ReportService:
    def __init__(self, session: AsyncSession, clock: Clock, default_timezone: str) -> None:
        self._session = session
        self._clock = clock
        self._default_timezone = default_timezone
        self._repo = ReportRepo(session)
        self._orgs = OrgRepo(session)
        self._assignments = AssignmentRepo(session)

    async def today_of(self, org_id: int) -> date:
        org = await self._orgs.get(org_id)
        return local_today(self._clock, (org.timezone if org else None) or self._default_timezone)

    async def reporting_orgs(self, viewer: Viewer, item_id: int) -> list[int]:
        """The viewer's organisations that were given the item and for which they may report."""
        found = []
        for membership in viewer.memberships:
            org_id = membership.org_id
            if org_id in found or await self._assignments.find(item_id, org_id) is None:
                continue
            if can(viewer, Action.REPORT, org_id, await self._orgs.ancestors(org_id)):
                found.append(org_id)
        # The organisation the viewer is acting for comes first.
        active = viewer.active
        if active is not None and active.org_id in found:
            found.remove(active.org_id)
            found.insert(0, active.org_id)
        return found

    async def start(self, viewer: Viewer, item_id: int) -> Draft:
        """A draft for the first due date the viewer's organisation has not reported yet."""
        orgs = await self.reporting_orgs(viewer, item_id)
        if not orgs:
            raise NotAssigned(str(item_id))
        org_id = orgs[0]
        dates = await self._repo.occurrences_with_reports(item_id, org_id)
        if not dates:
            raise NoDueDate(str(item_id))
        for occurrence, report in dates:
            if report is None:
                return Draft(item_id, org_id, occurrence.id, occurrence.due_on.isoformat())
            if report.status is ReportStatus.RETURNED:
                return await self._draft_from(report, occurrence)
        raise AlreadyReported(str(item_id))

    async def amend(self, viewer: Viewer, report_id: int) -> Draft:
        report = await self._reportable(viewer, report_id)
        if report.status is not ReportStatus.RETURNED:
            raise NotWaiting(str(report_id))
        occurrence = await self._session.get(Occurrence, report.occurrence_id)
        assert occurrence is not None
        return await self._draft_from(report, occurrence)

    async def _draft_from(self, report: Report, occurrence: Occurrence) -> Draft:
        # The stored type, so an image sent as a document still counts as a photo when amended.
        mime_types = await self._repo.mime_types([f.sha256 for f in report.files])
        return Draft(
            item_id=report.item_id,
            org_id=report.org_id,
            occurrence_id=report.occurrence_id,
            due_on=occurrence.due_on.isoformat(),
            report_id=report.id,
            files=[
                {
                    "sha256": f.sha256,
                    "kind": f.kind,
                    "file_id": f.file_id,
                    "file_unique_id": f.file_unique_id,
                    "file_name": f.file_name,
                    "size": f.size,
                    "mime_type": mime_types.get(f.sha256, "application/octet-stream"),
                }
                for f in report.files
            ],
            event_date=report.event_date.isoformat(),
            participants=report.participants,
            text=report.text,
            link=report.link,
        )

    async def _reportable(self, viewer: Viewer, report_id: int) -> Report:
        report = await self._repo.get(report_id)
        if report is None:
            raise NotFound(f"report {report_id}")
        require(viewer, Action.REPORT, report.org_id, await self._orgs.ancestors(report.org_id))
        return report

    async def record_evidence(self, stored: StoredEvidence) -> None:
        """The stored file's row, written with the update that received it."""
        await self._repo.record_evidence(
            [
                {
                    "sha256": stored.sha256,
                    "size": stored.size,
                    "mime_type": stored.mime_type,
                    "stored_at": self._clock.now(),
                }
            ]
        )

    async def item(self, item_id: int) -> Item:
        item = await self._session.get(Item, item_id)
        if item is None:
            raise NotFound(f"item {item_id}")
        return item

    async def user(self, user_id: int) -> User | None:
        return await self._session.get(User, user_id)

    async def due_of(self, report: Report) -> date:
        occurrence = await self._session.get(Occurrence, report.occurrence_id)
        assert occurrence is not None
        return occurrence.due_on

    async def org_name(self, org_id: int) -> str:
        org = await self._orgs.get(org_id)
        return org.name if org else "—"

    async def check_files(self, draft: Draft) -> None:
        """At least one photo, unless the item's execution cannot be photographed."""
        item = await self.item(draft.item_id)
        if draft.photos == 0 and not item.text_only:
            raise PhotoRequired(str(item.id))

    async def check_complete(self, draft: Draft) -> None:
        await self.check_files(draft)
        if draft.event_date is None:
            raise BadEventDate("missing")

    async def submit(self, viewer: Viewer, draft: Draft) -> Report:
        """Write the report (or the amendment) with its files and history line, all at once."""
        require(viewer, Action.REPORT, draft.org_id, await self._orgs.ancestors(draft.org_id))
        if draft.org_id not in await self.reporting_orgs(viewer, draft.item_id):
            raise NotAssigned(str(draft.item_id))
        await self.check_complete(draft)
        event_date = date.fromisoformat(draft.event_date or "")
        check_event_date(event_date, await self.today_of(draft.org_id))
        now = self._clock.now()
        if draft.report_id is not None:
            report = await self._reportable(viewer, draft.report_id)
            changes = _changes(report, draft, event_date)
            # Claimed by one conditional statement: an amendment sent twice counts once.
            if not await self._repo.transition(
                report, ReportStatus.RETURNED, status=ReportStatus.SUBMITTED, version=report.version + 1
            ):
                raise NotWaiting(str(report.id))
            action = "amended"
        else:
            if await self._repo.find(draft.occurrence_id, draft.org_id) is not None:
                raise AlreadyReported(str(draft.item_id))
            report = Report(
                occurrence_id=draft.occurrence_id,
                item_id=draft.item_id,
                org_id=draft.org_id,
                status=ReportStatus.SUBMITTED,
                version=1,
            )
            changes = {}
            action = "submitted"
        report.author_id = viewer.user_id
        report.event_date = event_date
        report.participants = draft.participants
        report.text = draft.text
        report.link = draft.link
        report.submitted_at = now
        report.reviewed_by = None
        report.reviewed_at = None
        report.files = [
            ReportFile(
                sha256=f["sha256"],
                kind=f["kind"],
                file_id=f["file_id"],
                file_unique_id=f["file_unique_id"],
                file_name=f.get("file_name"),
                size=f["size"],
                position=position,
            )
            for position, f in enumerate(draft.files)
        ]
        try:
            if draft.report_id is None:
                await self._repo.add(report)
            else:
                await self._session.flush()
        except IntegrityError as exc:  # another teacher of the organisation was quicker
            raise AlreadyReported(str(draft.item_id)) from exc
        await self._repo.add_event(
            ReportEvent(report_id=report.id, at=now, actor_id=viewer.user_id, action=action, changes=changes)
        )
        return report

    # ---- review ----

    async def reviewers(self, report: Report) -> list[User]:
        """Who is asked to review: the organisation's heads for a teacher's report, otherwise the
        admins of the nearest organisation above that has any."""
        author_roles = await self._repo.member_roles(report.author_id, report.org_id)
        if Role.HEAD not in author_roles:
            heads = [
                user
                for _org, user in await self._repo.members_with_role([report.org_id], Role.HEAD)
                if user.id != report.author_id
            ]
            if heads:
                return heads
        for org_id in [report.org_id, *await self._orgs.ancestors(report.org_id)]:
            admins = [
                user
                for _org, user in await self._repo.members_with_role([org_id], Role.ADMIN)
                if user.id != report.author_id
            ]
            if admins:
                return admins
        return []

    async def _reviewable(self, viewer: Viewer, report_id: int) -> Report:
        report = await self._repo.get(report_id)
        if report is None:
            raise NotFound(f"report {report_id}")
        if report.author_id == viewer.user_id:
            raise AccessDenied("own report")
        require(viewer, Action.REVIEW, report.org_id, await self._orgs.ancestors(report.org_id))
        # A head reviews the teachers of their organisation, not fellow heads.
        if not await self._admin_over(viewer, report.org_id) and Role.HEAD in await self._repo.member_roles(
            report.author_id, report.org_id
        ):
            raise AccessDenied("a head's report goes to an admin")
        return report

    async def _admin_over(self, viewer: Viewer, org_id: int) -> bool:
        reach = {org_id, *await self._orgs.ancestors(org_id)}
        return any(m.role == Role.ADMIN and m.org_id in reach for m in viewer.memberships)

    async def review_card(self, viewer: Viewer, report_id: int) -> tuple[Report, Item, Organisation, User]:
        report = await self._reviewable(viewer, report_id)
        item = await self.item(report.item_id)
        org = await self._orgs.get(report.org_id)
        author = await self._session.get(User, report.author_id)
        assert org is not None and author is not None
        return report, item, org, author

    async def photo_count(self, report: Report) -> int:
        """Photos among the report's files, by the same rule as the teacher's summary."""
        types = await self._repo.mime_types([f.sha256 for f in report.files])
        return sum(1 for f in report.files if counts_as_photo(f.kind, types.get(f.sha256)))

    async def reused_files(self, report: Report) -> dict[str, list[int]]:
        return await self._repo.reused_files(report.id, [f.sha256 for f in report.files])

    async def approve(self, viewer: Viewer, report_id: int) -> Report:
        return await self._decide(viewer, report_id, ReportStatus.APPROVED, None)

    async def send_back(self, viewer: Viewer, report_id: int, comment: str) -> Report:
        comment = comment.strip()
        if not comment:
            raise CommentRequired()
        return await self._decide(viewer, report_id, ReportStatus.RETURNED, check_text(comment))

    async def _decide(
        self, viewer: Viewer, report_id: int, status: ReportStatus, comment: str | None
    ) -> Report:
        report = await self._reviewable(viewer, report_id)
        now = self._clock.now()
        decided = await self._repo.transition(
            report,
            ReportStatus.SUBMITTED,
            status=status,
            reviewed_by=viewer.user_id,
            reviewed_at=now,
            review_comment=comment,
        )
        if not decided:  # decided already, by another reviewer a moment ago
            raise NotWaiting(str(report_id))
        await self._repo.add_event(
            ReportEvent(
                report_id=report.id,
                at=now,
                actor_id=viewer.user_id,
                action="approved" if status is ReportStatus.APPROVED else "returned",
                comment=comment,
                changes={},
            )
        )
        return report

    async def queue(self, viewer: Viewer) -> list[WaitingReport]:
        """Reports waiting for this viewer: their teachers' as a head; as an admin, those of the
        organisations in their part of the tree that no head of the organisation can review."""
        found: dict[int, WaitingReport] = {}
        head_orgs = viewer.org_ids(Role.HEAD)
        if head_orgs:
            for row in await self._repo.waiting(head_orgs, [Role.TEACHER], viewer.user_id):
                found[row[0].id] = WaitingReport(*row)
        admin_orgs = viewer.org_ids(Role.ADMIN)
        if admin_orgs:
            reach = [org.id for org in await self._orgs.subtree(admin_orgs)]
            with_heads = {org_id for org_id, _user in await self._repo.members_with_role(reach, Role.HEAD)}
            for row in await self._repo.waiting(reach, None, viewer.user_id):
                report, _item, org, _author = row
                by_head = Role.HEAD in await self._repo.member_roles(report.author_id, report.org_id)
                if by_head or org.id not in with_heads:
                    found.setdefault(report.id, WaitingReport(*row))
        return sorted(found.values(), key=lambda w: (w.report.submitted_at, w.report.id))

    async def history(self, report_id: int) -> list[tuple[ReportEvent, User | None]]:
        return await self._repo.events(report_id)


def _changes(report: Report, draft: Draft, event_date: date) -> dict[str, list[Any]]:
    before = {
        "event_date": report.event_date.isoformat(),
        "participants": report.participants,
        "text": report.text,
        "link": report.link,
        "files": len(report.files),
    }
    after = {
        "event_date": event_date.isoformat(),
        "participants": draft.participants,
        "text": draft.text,
        "link": draft.link,
        "files": len(draft.files),
    }
    changed = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    if [f.sha256 for f in report.files] != [f["sha256"] for f in draft.files] and "files" not in changed:
        changed["files"] = [len(report.files), len(draft.files)]
    return changed
