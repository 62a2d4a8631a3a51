"""`python -m bot import-plan`: read a plan file, print it as JSON or save it."""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from services.plans import PlanFileError, parse_plan
from services.plans.model import ParsedPlan

EXIT_BAD_INPUT = 2


@asynccontextmanager
async def database(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """The bot's database, migrated, for one CLI command."""
    from db.engine import create_engine, create_session_factory
    from db.migrate import upgrade

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    url = settings.database_url_resolved
    await upgrade(url)
    engine = create_engine(url)
    try:
        yield create_session_factory(engine)
    finally:
        await engine.dispose()


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror or exc}")
        return None


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_BAD_INPUT


def cmd_import_plan(settings: Settings, args: argparse.Namespace) -> int:
    path = Path(args.file)
    if (data := _read(path)) is None:
        return EXIT_BAD_INPUT
    try:
        parsed = parse_plan(path.name, data, year=args.year)
    except PlanFileError as exc:
        return _fail(f"{path.name}: {exc.english()}")
    except Exception as exc:  # a parser bug must still end in one line, not a traceback
        return _fail(f"{path.name}: the file could not be read ({type(exc).__name__})")

    if args.dry_run:
        if args.json:
            json.dump(parsed.as_json(), sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            print(_describe(parsed))
        return 0
    summary = asyncio.run(_save(settings, parsed, path.name, hashlib.sha256(data).hexdigest()))
    if args.json:
        json.dump({"plan_id": summary.plan_id, **parsed.as_json()}, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print(_describe(parsed))
        if summary.diff is None:
            print(f"saved as plan #{summary.plan_id}")
        else:
            d = summary.diff
            print(
                f"updated plan #{summary.plan_id}: {len(d.added)} added, {len(d.removed)} removed, "
                f"{len(d.changed)} changed"
            )
    return 0


def _describe(parsed: ParsedPlan) -> str:
    period = f"{parsed.period.start} – {parsed.period.end}" if parsed.period else "unknown"
    lines = [
        f"title: {parsed.title or '(none)'}",
        f"period: {period}",
        f"sections: {len(parsed.sections)}, items: {len(parsed.items)}",
    ]
    lines += [f"warning: {warning.english()}" for warning in parsed.warnings]
    return "\n".join(lines)


async def _save(settings: Settings, parsed: ParsedPlan, source_name: str, sha256: str):
    from db.unit_of_work import transaction
    from services.clock import SystemClock
    from services.plan_import import PlanImportService
    from services.users import ensure_root_organisation

    async with database(settings) as factory, transaction(factory) as repos:
        clock = SystemClock()
        root = await ensure_root_organisation(repos.orgs, clock)
        service = PlanImportService(repos, clock)
        return await service.save(None, parsed, source_name=source_name, sha256=sha256, org_id=root.id)


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "import-plan",
        help="read a plan file (TXT, MD, DOCX, XLSX, CSV, PDF); print it or save it",
        description="Read a work plan file. With --dry-run nothing is saved; --json prints the parsed plan.",
    )
    parser.add_argument("file", help="path to the plan file")
    parser.add_argument("--dry-run", action="store_true", help="parse only, save nothing")
    parser.add_argument("--json", action="store_true", help="print the parsed plan as JSON")
    parser.add_argument(
        "--year", type=int, help="calendar year for dates without one, if the title names none"
    )
    parser.set_defaults(func=cmd_import_plan)


def cmd_import_orgs(settings: Settings, args: argparse.Namespace) -> int:
    path = Path(args.file)
    if (data := _read(path)) is None:
        return EXIT_BAD_INPUT
    try:
        result = asyncio.run(_import_orgs(settings, path.name, data, dry_run=args.dry_run))
    except PlanFileError as exc:
        return _fail(f"{path.name}: {exc.english()}")
    except Exception as exc:  # one line, never a traceback
        return _fail(f"{path.name}: the file could not be read ({type(exc).__name__})")
    for problem in result.problems:
        print(f"warning: {problem}", file=sys.stderr)
    if args.dry_run:
        print(f"{len(result.rows)} organisations read, nothing saved")
    else:
        print(f"{result.created} organisations created, {result.updated} updated")
        _tell_instances(settings)
    return 0


def _tell_instances(settings: Settings) -> None:
    """Organisations are part of who people are: instances sharing a Redis drop what they cached."""
    if not settings.redis_url:
        return
    from bot.factory import redis_namespace
    from bot.viewer_sync import announce_identity_change

    failed = asyncio.run(announce_identity_change(settings.redis_url, redis_namespace(settings)))
    if failed:
        print(
            f"warning: the running bot could not be told at once (Redis: {failed}); it sees the "
            f"change within {settings.identity_cache_seconds:g} s",
            file=sys.stderr,
        )


async def _import_orgs(settings: Settings, name: str, data: bytes, *, dry_run: bool):
    from db.unit_of_work import transaction
    from services.clock import SystemClock
    from services.orgs_import import read_org_rows, save_orgs
    from services.users import ensure_root_organisation

    async with database(settings) as factory, transaction(factory) as repos:
        result = read_org_rows(name, data, await repos.orgs.kinds())
        if dry_run:
            return result  # nothing was written: the commit is empty
        clock = SystemClock()
        root = await ensure_root_organisation(repos.orgs, clock)
        await save_orgs(repos.orgs, result, root, clock.now())
        return result


def add_orgs_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "import-orgs",
        help="read organisations from CSV/XLSX (name, short name, kind, parent, aliases, time zone)",
        description="Create or update organisations under the region. A parent is named by its name "
        "or short name; rows whose parent or kind is unknown are reported and skipped.",
    )
    parser.add_argument("file", help="path to the CSV or XLSX file")
    parser.add_argument("--dry-run", action="store_true", help="read and check only, save nothing")
    parser.set_defaults(func=cmd_import_orgs)
