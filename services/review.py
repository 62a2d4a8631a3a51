"""Reviewing reports: who is asked, the queue a reviewer sees, the card they decide on, and the
decision itself (one conditional statement, so two reviewers at the same moment have one winner)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from db.models import Organisation, Report, ReportEvent, ReportStatus, Role, User
from db.repositories import Repositories
from services.clock import Clock
from services.errors import AccessDenied, NotFound
from services.evidence import counts_as_photo
from services.permissions import Action, require
from services.refs import ItemInfo
from services.report_draft import check_text
from services.reports import CommentRequired, NotWaiting
from services.users import Person, Viewer


@dataclass(frozen=True)
class WaitingReport:
    report_id: int
    item_number: str | None
    item_title: str
    org_label: str  # the short name where there is one


@dataclass(frozen=True)
class EvidenceRef:
    kind: str
    file_id: str


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    actor: str | None
    action: str  # submitted | amended | approved | returned
    comment: str | None
    changes: tuple[str, ...]  # names of the fields an amendment changed


@dataclass(frozen=True)
class ReviewCard:
    report_id: int
    version: int
    item: ItemInfo
    org_name: str
    author: str
    due_on: date
    event_date: date
    participants: int | None
    text: str | None
    link: str | None
    files: tuple[EvidenceRef, ...]
    photos: int
    reused_from: tuple[int, ...]  # other reports holding any of the same files
    reused_files: int
    history: tuple[HistoryLine, ...]


@dataclass(frozen=True)
class Decision:
    report_id: int
    item: ItemInfo
    author: Person | None
    comment: str | None  # set when sent back


class ReviewService:
    def __init__(self, repos: Repositories, clock: Clock, default_timezone: str = "") -> None:
        self._clock = clock
        self._repo = repos.reports
        self._orgs = repos.orgs

    async def reviewers_of(self, report_id: int) -> list[Person]:
        """Who is asked to review: the organisation's heads for a teacher's report, otherwise the
        admins of the nearest organisation above that has any."""
        report = await self._repo.get(report_id)
        if report is None:
            raise NotFound(f"report {report_id}")
        author_roles = await self._repo.member_roles(report.author_id, report.org_id)
        if Role.HEAD not in author_roles:
            heads = [
                Person.of(user)
                for _org, user in await self._repo.members_with_role([report.org_id], Role.HEAD)
                if user.id != report.author_id
            ]
            if heads:
                return heads
        for org_id in [report.org_id, *await self._orgs.ancestors(report.org_id)]:
            admins = [
                Person.of(user)
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

    async def check(self, viewer: Viewer, report_id: int) -> None:
        """Raises unless the viewer may decide on the report."""
        await self._reviewable(viewer, report_id)

    async def card(self, viewer: Viewer, report_id: int) -> ReviewCard:
        report = await self._reviewable(viewer, report_id)
        item = await self._item(report.item_id)
        org = await self._orgs.get(report.org_id)
        author = await self._repo.user(report.author_id)
        occurrence = await self._repo.occurrence(report.occurrence_id)
        assert org is not None and author is not None and occurrence is not None
        hashes = [f.sha256 for f in report.files]
        types = await self._repo.mime_types(hashes)
        reused = await self._repo.reused_files(report.id, hashes)
        return ReviewCard(
            report_id=report.id,
            version=report.version,
            item=item,
            org_name=org.name,
            author=author.first_name,
            due_on=occurrence.due_on,
            event_date=report.event_date,
            participants=report.participants,
            text=report.text,
            link=report.link,
            files=tuple(EvidenceRef(f.kind, f.file_id) for f in report.files),
            # Photos by the same rule as the teacher's summary.
            photos=sum(1 for f in report.files if counts_as_photo(f.kind, types.get(f.sha256))),
            reused_from=tuple(sorted({other for ids in reused.values() for other in ids})),
            reused_files=len(reused),
            history=tuple(await self.history(report.id)),
        )

    async def approve(self, viewer: Viewer, report_id: int) -> Decision:
        return await self._decide(viewer, report_id, ReportStatus.APPROVED, None)

    async def send_back(self, viewer: Viewer, report_id: int, comment: str) -> Decision:
        comment = comment.strip()
        if not comment:
            raise CommentRequired()
        return await self._decide(viewer, report_id, ReportStatus.RETURNED, check_text(comment))

    async def _decide(
        self, viewer: Viewer, report_id: int, status: ReportStatus, comment: str | None
    ) -> Decision:
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
        author = await self._repo.user(report.author_id)
        return Decision(
            report.id,
            await self._item(report.item_id),
            Person.of(author) if author else None,
            report.review_comment,
        )

    async def queue(self, viewer: Viewer) -> list[WaitingReport]:
        """Reports waiting for this viewer: their teachers' as a head; as an admin, those of the
        organisations in their part of the tree that no head of the organisation can review."""
        found: dict[int, tuple[datetime, WaitingReport]] = {}
        head_orgs = viewer.org_ids(Role.HEAD)
        if head_orgs:
            for report, item, org, _author in await self._repo.waiting(
                head_orgs, [Role.TEACHER], viewer.user_id
            ):
                found[report.id] = (report.submitted_at, _waiting(report, item.number, item.title, org))
        admin_orgs = viewer.org_ids(Role.ADMIN)
        if admin_orgs:
            reach = [org.id for org in await self._orgs.subtree(admin_orgs)]
            with_heads = {org_id for org_id, _user in await self._repo.members_with_role(reach, Role.HEAD)}
            for report, item, org, _author in await self._repo.waiting(reach, None, viewer.user_id):
                by_head = Role.HEAD in await self._repo.member_roles(report.author_id, report.org_id)
                if by_head or org.id not in with_heads:
                    found.setdefault(
                        report.id, (report.submitted_at, _waiting(report, item.number, item.title, org))
                    )
        return [w for _at, w in sorted(found.values(), key=lambda pair: (pair[0], pair[1].report_id))]

    async def history(self, report_id: int) -> list[HistoryLine]:
        return history_of(await self._repo.events(report_id))

    async def _item(self, item_id: int) -> ItemInfo:
        item = await self._repo.item(item_id)
        if item is None:
            raise NotFound(f"item {item_id}")
        return ItemInfo.of(item)


def history_of(events: list[tuple[ReportEvent, User | None]]) -> list[HistoryLine]:
    return [
        HistoryLine(
            event.at,
            actor.first_name if actor else None,
            event.action,
            event.comment,
            tuple(event.changes or ()),
        )
        for event, actor in events
    ]


def _waiting(report: Report, number: str | None, title: str, org: Organisation) -> WaitingReport:
    return WaitingReport(report.id, number, title, org.short_name or org.name)
