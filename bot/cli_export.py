"""`python -m bot export PLAN_ID`: write a plan's execution report to a file."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.cli_import import EXIT_BAD_INPUT, database
from bot.config import Settings
from services.errors import DomainError

FORMATS = ("xlsx", "docx", "audit")
EXTENSIONS = {"xlsx": "xlsx", "docx": "docx", "audit": "csv"}


def cmd_export(settings: Settings, args: argparse.Namespace) -> int:
    default = f"plan-{args.plan_id}{'-audit' if args.format == 'audit' else ''}.{EXTENSIONS[args.format]}"
    out = Path(args.out) if args.out else Path(default)
    try:
        written = asyncio.run(_export(settings, args.plan_id, args.org, args.format, out))
    except DomainError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(written)
    return 0


async def _export(settings: Settings, plan_id: int, org_id: int | None, fmt: str, out: Path) -> Path:
    from bot.i18n import I18n
    from db.unit_of_work import reading
    from services.clock import SystemClock
    from services.export_audit import write_audit_csv
    from services.export_docx import docx_of, write_docx
    from services.export_xlsx import write_xlsx
    from services.exports import ExportService

    text = I18n(settings.default_locale).get(settings.default_locale)
    async with database(settings) as factory, reading(factory) as repos:
        service = ExportService(repos, SystemClock(), settings.default_timezone)
        if fmt == "audit":
            return write_audit_csv(await service.audit(None, plan_id, org_id), out, text)
        if fmt == "docx":
            book = docx_of(
                await service.report_document(None, plan_id, org_id), settings.data_dir / "evidence", text
            )
            return await asyncio.to_thread(write_docx, book, out)
        export = await service.gather(None, plan_id, org_id)
    return await asyncio.to_thread(write_xlsx, export, out, text)


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "export",
        help="write a plan's execution report (xlsx: a summary and one row per item, organisation and "
        "date; docx: the plan's layout with what was done and photos) or its audit trail (audit: CSV)",
    )
    parser.add_argument("plan_id", type=int, help="the plan's number (as /plans and import-plan show it)")
    parser.add_argument("--format", choices=FORMATS, default="xlsx", help="the file's format")
    parser.add_argument("--org", type=int, help="only this organisation and those below it")
    parser.add_argument("--out", help="the file to write (default: plan-PLAN_ID.FORMAT here)")
    parser.set_defaults(func=cmd_export)
