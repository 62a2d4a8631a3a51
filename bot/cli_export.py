"""`python -m bot export PLAN_ID`: write a plan's execution report to a file."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.cli_import import EXIT_BAD_INPUT, database
from bot.config import Settings
from services.errors import DomainError

FORMATS = ("xlsx", "docx", "zip", "audit")
DEFAULT_NAMES = {
    "xlsx": "plan-{id}.xlsx",
    "docx": "plan-{id}.docx",
    "zip": "plan-{id}-evidence",  # a folder: the archive's parts go into it
    "audit": "plan-{id}-audit.csv",
}


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else Path(DEFAULT_NAMES[args.format].format(id=args.plan_id))
    try:
        written = asyncio.run(_export(settings, args.plan_id, args.org, args.format, out))
    except DomainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not written:
        print("the plan's reports have no files: nothing to archive", file=sys.stderr)
    for path in written:
        print(path)
    return 0


async def _export(settings: Settings, plan_id: int, org_id: int | None, fmt: str, out: Path) -> list[Path]:
    from bot.i18n import I18n
    from db.unit_of_work import reading
    from services.clock import SystemClock
    from services.evidence import EvidenceStore
    from services.export_audit import write_audit_csv
    from services.export_docx import docx_of, write_docx
    from services.export_xlsx import write_xlsx_apart
    from services.export_zip import entries_of, write_evidence_zip
    from services.exports import ExportService

    text = I18n(settings.default_locale).get(settings.default_locale)
    evidence = settings.data_dir / "evidence"
    async with database(settings) as factory, reading(factory) as repos:
        service = ExportService(repos, SystemClock(), settings.default_timezone)
        if fmt == "audit":
            return [write_audit_csv(await service.audit(None, plan_id, org_id), out, text)]
        if fmt == "docx":
            book = docx_of(await service.report_document(None, plan_id, org_id), evidence, text)
            return [await asyncio.to_thread(write_docx, book, out)]
        if fmt == "zip":
            _plan, records = await service.evidence(None, plan_id, org_id)
            if not records:
                return []
            header = tuple(text(f"export-zip-col-{c}") for c in ("file", "org", "status", "sha256"))
            entries = entries_of(records, EvidenceStore(evidence), text)
            return await asyncio.to_thread(
                write_evidence_zip, entries, out, f"plan-{plan_id}-evidence", header
            )
        # Written while the rows are read, a chunk at a time, as the bot does.
        return [await write_xlsx_apart(await service.stream(None, plan_id, org_id), out, text)]


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "export",
        help="write a plan's execution report (xlsx: a summary and one row per item, organisation and "
        "date; docx: the plan's layout with what was done and photos), its reports' files (zip: in parts "
        "under 50 MB, into a folder) or its audit trail (audit: CSV)",
    )
    parser.add_argument("plan_id", type=int, help="the plan's number (as /plans and import-plan show it)")
    parser.add_argument("--format", choices=FORMATS, default="xlsx", help="the file's format")
    parser.add_argument("--org", type=int, help="only this organisation and those below it")
    parser.add_argument(
        "--out", help="the file to write (default: plan-PLAN_ID.FORMAT here; for zip, a folder for the parts)"
    )
    parser.set_defaults(func=cmd_export)
