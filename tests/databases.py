"""The database the tests run on: SQLite files by default; with TEST_DATABASE_URL (a
PostgreSQL server, e.g. postgresql+asyncpg://postgres:postgres@127.0.0.1/postgres) a fresh
database per test, copied from one migrated once per run (CREATE DATABASE … TEMPLATE)."""

from __future__ import annotations

import os
import uuid

from sqlalchemy.engine import make_url

SERVER = os.environ.get("TEST_DATABASE_URL", "")
TEMPLATE = f"bot_tests_template_{os.getpid()}"


def on_postgresql() -> bool:
    return SERVER.startswith("postgresql")


def _admin_dsn() -> str:
    """asyncpg's own form of the server's address (without SQLAlchemy's driver suffix)."""
    url = make_url(SERVER)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _url_of(name: str) -> str:
    return make_url(SERVER).set(database=name).render_as_string(hide_password=False)


async def make_template() -> None:
    import asyncpg

    from db.migrate import upgrade

    connection = await asyncpg.connect(_admin_dsn())
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}"')
        await connection.execute(f'CREATE DATABASE "{TEMPLATE}"')
    finally:
        await connection.close()
    await upgrade(_url_of(TEMPLATE))


async def fresh_database() -> tuple[str, str]:
    """(SQLAlchemy URL, name) of a new database with the schema in place."""
    import asyncpg

    name = f"bot_test_{uuid.uuid4().hex[:16]}"
    connection = await asyncpg.connect(_admin_dsn())
    try:
        await connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
    finally:
        await connection.close()
    return _url_of(name), name


async def drop_database(name: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(_admin_dsn())
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


async def drop_template() -> None:
    await drop_database(TEMPLATE)
