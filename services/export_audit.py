"""The audit trail of a plan as CSV: who imported it, assigned its items, reported, approved
and returned, invited people to its organisations and sent them announcements, and when. UTF-8 with a byte-order mark and `;` between cells, as Excel opens a
CSV in Russian and Belarusian settings; a cell that would start a formula is defused."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from services.exports import AuditExport

Text = Callable[..., str]
# Excel takes a cell beginning with one of these for a formula («=HYPERLINK(…)» in a comment).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = ("at", "who", "action", "org", "number", "title", "details")
ACTIONS = ("imported", "assigned", "submitted", "amended", "approved", "returned", "broadcast")
# Actions of the people's audit log, by the name they are stored under there.
LOGGED = {"invite.create": "invited", "member.join": "joined"}
ROLES = ("admin", "head", "teacher", "observer")
AUDIENCES = ("all", "role", "org_kind", "district", "orgs", "overdue", "not_reported")


def defused(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def write_audit_csv(audit: AuditExport, path: Path, text: Text) -> Path:
    actions = {action: text(f"export-audit-{action}") for action in ACTIONS}
    actions |= {stored: text(f"export-audit-{name}") for stored, name in LOGGED.items()}
    roles = {role: text(f"role-{role}") for role in ROLES}
    audiences = {kind: text(f"export-audit-audience-{kind}") for kind in AUDIENCES}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow([text(f"export-audit-col-{column}") for column in COLUMNS])
        for row in audit.rows:
            when = row.at.astimezone(audit.timezone).strftime("%d.%m.%Y %H:%M")
            title, details = row.title, row.details
            if row.action in LOGGED:
                details = roles.get(details or "", details)
            elif row.action == "broadcast":
                title = audiences.get(title or "", title)
                details = text("export-audit-recipients", count=int(details or 0))
            values = (when, row.actor, actions.get(row.action, row.action), row.org_name, row.number, title)
            writer.writerow([defused(value) for value in (*values, details)])
    return path
