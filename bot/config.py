"""Settings: read once from the environment and `.env`, passed down explicitly."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

SUPPORTED_LOCALES = ("ru", "be", "en")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    bot_token: SecretStr | None = None
    data_dir: Path = Path("./data")
    # Empty means "a SQLite file under DATA_DIR"; see `database_url_resolved`.
    database_url: str = ""
    telegram_api_url: str | None = None
    # Seconds a Bot API request may take before it counts as failed (and, where safe, is retried).
    telegram_timeout: float = Field(default=60.0, gt=0, le=300)
    # Comma-separated in the environment ("123,456"), hence NoDecode instead of JSON.
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    default_timezone: str = "Europe/Moscow"
    default_locale: str = "ru"
    log_level: str = "INFO"
    # Flood control per user: a burst large enough for three 10-photo albums,
    # then this many updates per second.
    throttle_burst: int = 40
    throttle_rate: float = 2.0
    # How long a user's roles may be served from memory. Changes made through the bot apply
    # at once; this bounds how late a change from another process is seen. 0 = always ask the DB.
    identity_cache_seconds: float = 10.0
    # An album arrives as separate messages with no "last part" marker: the bot answers once
    # the group has been quiet this long.
    album_wait_seconds: float = 1.0
    # Deadline alerts: how often the sweep runs (0 = never by itself), and how long an overdue
    # due date keeps being reminded of before only the weekly summary mentions it.
    alert_sweep_seconds: int = 60
    alert_overdue_horizon_days: int = 60
    # At most this many alerts recorded per sweep; a bigger backlog takes a few sweeps. Sized so
    # that a sweep's transaction stays under a second on PostgreSQL, where each alert row costs
    # two foreign-key checks (bench sweep).
    alert_sweep_max_alerts: int = Field(default=20_000, ge=100)
    # Messages per second the bot sends on its own (digests, broadcasts); Telegram allows ~30.
    send_rate: float = Field(default=25.0, gt=0, le=1000)
    # Broadcast messages in flight at once: enough to keep the rate with 50–150 ms round trips.
    # A crash can repeat at most this many (the ones in flight, never recorded as sent).
    broadcast_in_flight: int = Field(default=8, ge=1, le=100)
    # Notices of the same kind to one person (someone joined by your link) within this many
    # seconds after the first are sent as one summary when the window closes.
    notice_window_seconds: float = Field(default=180.0, gt=0)
    # Several instances on one database: 0 means this is the only one. Above 0, the instance
    # holding a lease of this many seconds polls, sweeps and sends; the others wait, and one of
    # them takes over within this time if the leader dies (at once if it stops).
    instance_lease_seconds: float = Field(default=0.0, ge=0, le=600)
    # Redis (redis://host:port/db), for several instances: conversation states, the identity cache's
    # invalidation, update de-duplication and one send rate limit shared by all. Empty: in-process.
    redis_url: str | None = None
    # Webhook mode (`python -m bot run --webhook`): Telegram posts updates to WEBHOOK_URL, which
    # a reverse proxy (TLS) passes to WEBHOOK_HOST:WEBHOOK_PORT; every request must carry the
    # secret in X-Telegram-Bot-Api-Secret-Token. /healthz and /metrics are served there too.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_host: str = "127.0.0.1"
    webhook_port: int = Field(default=8081, ge=1, le=65535)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(part) for part in value.replace(";", ",").split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_as_telegram_takes_it(cls, value: SecretStr | None) -> SecretStr | None:
        # Telegram accepts 1–256 characters A-Z, a-z, 0-9, _ and -.
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", value.get_secret_value()):
            raise ValueError("WEBHOOK_SECRET must be 1-256 characters: letters, digits, _ and -")
        return value

    @field_validator("default_locale")
    @classmethod
    def _known_locale(cls, value: str) -> str:
        if value not in SUPPORTED_LOCALES:
            raise ValueError(f"DEFAULT_LOCALE must be one of {', '.join(SUPPORTED_LOCALES)}")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def database_url_resolved(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'bot.sqlite3').resolve()}"
