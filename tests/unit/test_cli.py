"""The command line as an operator meets it: help, a missing token, a bad setting."""

from pathlib import Path

from tests.harness import run_bot_cli as run_cli


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "--help")
    assert result.returncode == 0
    assert "migrate" in result.stdout and "run" in result.stdout


def test_without_a_token_it_says_how_to_set_one(tmp_path: Path) -> None:
    result = run_cli(tmp_path)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "BOT_TOKEN" in lines[0] and "BotFather" in lines[0]
    assert "Traceback" not in result.stderr


def test_a_bad_setting_is_one_line(tmp_path: Path) -> None:
    result = run_cli(tmp_path, ADMIN_IDS="12,abc")
    assert result.returncode == 2
    assert "ADMIN_IDS" in result.stderr and "Traceback" not in result.stderr


def test_migrate_creates_the_database(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "migrate")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "bot.sqlite3").exists()
