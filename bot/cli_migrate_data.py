"""`python -m bot migrate-data --from URL --to URL`: move everything from one database to
another (an SQLite file to PostgreSQL, typically), with the bot stopped; see `db.copy`."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.config import Settings
from db.copy import MigrationRefused, copy_database

EXIT_FAILED = 2


def cmd_migrate_data(_settings: Settings, args: argparse.Namespace) -> int:
    if args.source == args.target:
        print("error: --from and --to are the same database", file=sys.stderr)
        return EXIT_FAILED
    try:
        copied = asyncio.run(copy_database(args.source, args.target))
    except MigrationRefused as exc:
        print(f"error: {exc}; nothing was copied", file=sys.stderr)
        return EXIT_FAILED
    print(f"copied {sum(copied.values())} rows in {len(copied)} tables")
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "migrate-data",
        help="copy everything from one database to another (SQLite to PostgreSQL), bot stopped",
    )
    parser.add_argument("--from", dest="source", required=True, help="the database to read, a SQLAlchemy URL")
    parser.add_argument(
        "--to", dest="target", required=True, help="the empty database to fill, a SQLAlchemy URL"
    )
    parser.set_defaults(func=cmd_migrate_data)
