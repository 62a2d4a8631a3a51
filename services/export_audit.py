"""The audit trail of a plan as CSV: who imported it, assigned its items, reported, approved
and returned, and when. UTF-8 with a byte-order mark and `;` between cells, as Excel opens a
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
ACTIONS = ("imported", "assigned", "submitted", "amended", "approved", "returned")


def defused(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def write_audit_csv(audit: AuditExport, path: Path, text: Text) -> Path:
    actions = {action: text(f"export-audit-{action}") for action in ACTIONS}
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow([text(f"export-audit-col-{column}") for column in COLUMNS])
        for row in audit.rows:
            when = row.at.astimezone(audit.timezone).strftime("%d.%m.%Y %H:%M")
            values = (
                when,
                row.actor,
                actions.get(row.action, row.action),
                row.org_name,
                row.number,
                row.title,
            )
            writer.writerow([defused(value) for value in (*values, row.details)])
    return path
