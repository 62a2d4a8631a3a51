"""Reports that an event took place: starting a draft, amending a returned one, submitting.

A report belongs to one due date (occurrence) of an item and one organisation. A teacher's or
head's draft lives in the conversation state until it is submitted; submitting writes the
report, its files and the first history line in one transaction. A returned report is amended
in place (version + 1) and the change is written to its history.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.exc import IntegrityError

from db.models import Occurrence, Report, ReportEvent, ReportFile, ReportStatus
from db.repositories import Repositories
from services.clock import Clock, local_today
from services.errors import DomainError, NotFound
from services.evidence import StoredEvidence
from services.permissions import Action, can, require
from services.refs import ItemInfo
from services.report_draft import (
    BadEventDate,
    Draft,
    DraftFile,
    PhotoRequired,
    check_event_date,
)
from services.users import Viewer


class NoDueDate(DomainError):
    message_key = "report-no-due-date"


class AlreadyReported(DomainError):
    message_key = "report-already"


class NotAssigned(DomainError):
    message_key = "report-not-assigned"


class NotWaiting(DomainError):
    message_key = "review-not-waiting"


class CommentRequired(DomainError):
    message_key = "review-comment-required"


@dataclass(frozen=True)
class Submitted:
    report_id: int
    item: ItemInfo
    org_name: str


class ReportService:
    def __init__(self, repos: Repositories, clock: Clock, default_timezone: str) -> None:
        self._clock = clock
        self._default_timezone = default_timezone
        self._repo = repos.reports
        self._orgs = repos.orgs
        self._assignments = repos.assignments

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
        occurrence = await self._repo.occurrence(report.occurrence_id)
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
                DraftFile(
                    f.sha256,
                    f.kind,
                    f.file_id,
                    f.file_unique_id,
                    f.file_name,
                    f.size,
                    mime_types.get(f.sha256, "application/octet-stream"),
                )
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

    async def item(self, item_id: int) -> ItemInfo:
        item = await self._repo.item(item_id)
        if item is None:
            raise NotFound(f"item {item_id}")
        return ItemInfo.of(item)

    async def org_name(self, org_id: int) -> str:
        org = await self._orgs.get(org_id)
        return org.name if org else "—"

    async def check_files(self, draft: Draft) -> None:
        """At least one photo, unless the item's execution cannot be photographed."""
        item = await self.item(draft.item_id)
        if draft.photos == 0 and not item.text_only:
            raise PhotoRequired(str(item.item_id))

    async def check_complete(self, draft: Draft) -> None:
        await self.check_files(draft)
        if draft.event_date is None:
            raise BadEventDate("missing")

    async def submit(self, viewer: Viewer, draft: Draft) -> Submitted:
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
                sha256=f.sha256,
                kind=f.kind,
                file_id=f.file_id,
                file_unique_id=f.file_unique_id,
                file_name=f.file_name,
                size=f.size,
                position=position,
            )
            for position, f in enumerate(draft.files)
        ]
        try:
            if draft.report_id is None:
                await self._repo.add(report)
            else:
                await self._repo.flush()
        except IntegrityError as exc:  # another teacher of the organisation was quicker
            raise AlreadyReported(str(draft.item_id)) from exc
        await self._repo.add_event(
            ReportEvent(report_id=report.id, at=now, actor_id=viewer.user_id, action=action, changes=changes)
        )
        return Submitted(report.id, await self.item(draft.item_id), await self.org_name(draft.org_id))


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
    if [f.sha256 for f in report.files] != [f.sha256 for f in draft.files] and "files" not in changed:
        changed["files"] = [len(report.files), len(draft.files)]
    return changed
