"""Command line: `python -m bot [run|migrate|...]`."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from pydantic import ValidationError

from bot import cli_backup, cli_export, cli_import, cli_migrate_data
from bot.config import Settings
from bot.logging_setup import setup_logging

EXIT_USAGE = 2
FAST_CLOCK = 60.0  # `sandbox --clock fast`: an hour of the bot's time a real minute


def _fail(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _load_settings() -> Settings:
    return Settings()


async def _run(settings: Settings, webhook: bool = False) -> None:
    from bot.factory import create_app

    app = await create_app(settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, app.stop)
    try:
        await app.run(webhook=webhook)
    finally:
        await app.close()


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        return _fail(
            "BOT_TOKEN is not set. Create a bot with @BotFather in Telegram, then put "
            "BOT_TOKEN=<token> into .env or the environment (see .env.example)."
        )
    webhook = bool(getattr(args, "webhook", False))
    if webhook and (not settings.webhook_url or settings.webhook_secret is None):
        return _fail(
            "--webhook needs WEBHOOK_URL (the https address Telegram posts to) and WEBHOOK_SECRET "
            "(1-256 letters, digits, _ or -); see .env.example."
        )
    asyncio.run(_run(settings, webhook))
    return 0


def cmd_migrate(settings: Settings, _args: argparse.Namespace) -> int:
    from db.migrate import upgrade_sync

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade_sync(settings.database_url_resolved)
    print("database is up to date")
    return 0


def cmd_sandbox(_settings: Settings, args: argparse.Namespace) -> int:
    from bot.sandbox.run import SandboxOptions, run_sandbox

    speed = FAST_CLOCK if args.clock == "fast" else args.speed
    if speed <= 0:
        return _fail("--speed must be positive")
    options = SandboxOptions(Path(args.data), args.host, args.port, args.fresh, speed)
    asyncio.run(run_sandbox(options))
    return 0


def _add_sandbox_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sandbox = sub.add_parser(
        "sandbox",
        help="try the whole bot offline: a fake Telegram, demo data and a chat page in the browser",
    )
    sandbox.add_argument("--port", type=int, default=8080, help="the page's port (default 8080)")
    sandbox.add_argument("--host", default="127.0.0.1", help="the page's address (default 127.0.0.1)")
    sandbox.add_argument("--data", default="./sandbox-data", help="where its data are kept")
    sandbox.add_argument("--fresh", action="store_true", help="start over with new demo data")
    sandbox.add_argument("--speed", type=float, default=1.0, help="the bot's clock runs N times faster")
    sandbox.add_argument(
        "--clock", choices=("real", "fast"), default="real", help=f"fast: --speed {FAST_CLOCK:g}"
    )
    sandbox.set_defaults(func=cmd_sandbox)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Telegram bot that turns education work plans into tracked tasks.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = sub.add_parser("run", help="run the bot with long polling (the default), or --webhook")
    run.add_argument(
        "--webhook", action="store_true", help="receive updates at WEBHOOK_URL instead of polling"
    )
    run.set_defaults(func=cmd_run)
    sub.add_parser("migrate", help="create or upgrade the database schema").set_defaults(func=cmd_migrate)
    cli_import.add_parser(sub)
    cli_import.add_orgs_parser(sub)
    cli_export.add_parser(sub)
    cli_backup.add_parser(sub)
    cli_migrate_data.add_parser(sub)
    _add_sandbox_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func: Callable[[Settings, argparse.Namespace], int] = getattr(args, "func", cmd_run)
    try:
        settings = _load_settings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors())
        return _fail(f"invalid settings: {problems}")
    # Never in the log: the token, and the secret Telegram's webhook posts carry.
    secrets = [value.get_secret_value() for value in (settings.bot_token, settings.webhook_secret) if value]
    setup_logging(settings.log_level, secrets)
    try:
        return func(settings, args)
    except BrokenPipeError:
        # The reader of our output (head, less) went away: nothing left to tell anyone.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
