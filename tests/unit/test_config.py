from pathlib import Path

import pytest
from pydantic import ValidationError

from bot.config import Settings


def test_admin_ids_are_read_from_a_comma_separated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "101, 202;303")
    monkeypatch.setenv("BOT_TOKEN", "1:abc")
    settings = Settings(_env_file=None)
    assert settings.admin_ids == [101, 202, 303]
    assert settings.bot_token is not None and "abc" not in repr(settings)


def test_database_defaults_to_a_sqlite_file_in_data_dir(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, data_dir=tmp_path)
    assert settings.database_url_resolved == f"sqlite+aiosqlite:///{tmp_path.resolve()}/bot.sqlite3"


@pytest.mark.parametrize(("field", "value"), [("default_timezone", "Mars/Olympus"), ("default_locale", "de")])
def test_wrong_values_are_rejected(field: str, value: str) -> None:
    with pytest.raises(ValidationError):
        Settings(_env_file=None, **{field: value})
