"""Tables. Times are UTC; dates (deadlines) are local calendar dates of the organisation.

One module per part of the domain; everything is importable from `db.models` as before.
"""

from db.models.messaging import (
    Alert,
    Broadcast,
    BroadcastStatus,
    Digest,
    DigestStatus,
    OutboxMessage,
    OutboxStatus,
)
from db.models.people import AuditEntry, Invite, Membership, Organisation, OrgKind, Role, User
from db.models.plans import Assignment, Item, Occurrence, Plan, Section, TeacherAssignment
from db.models.reports import EvidenceFile, Report, ReportEvent, ReportFile, ReportStatus
from db.models.system import FsmState, InboxUpdate, Lease, SweepMark

__all__ = [
    "Alert",
    "Assignment",
    "AuditEntry",
    "Broadcast",
    "BroadcastStatus",
    "Digest",
    "DigestStatus",
    "EvidenceFile",
    "FsmState",
    "InboxUpdate",
    "Invite",
    "Item",
    "Lease",
    "Membership",
    "Occurrence",
    "OrgKind",
    "Organisation",
    "OutboxMessage",
    "OutboxStatus",
    "Plan",
    "Report",
    "ReportEvent",
    "ReportFile",
    "ReportStatus",
    "Role",
    "Section",
    "SweepMark",
    "TeacherAssignment",
    "User",
]
