"""Guards: no model change without its migration, a clean lint, and a working --help for every command
of `dangvu --help` (wagtail's tests/test_migrations.py)."""

import subprocess

import pytest
from django.core.management import call_command, get_commands

from dangvu.cli import COMMANDS

from .conftest import ROOT, dangvu


@pytest.mark.django_db
def test_no_migration_is_missing():
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=0)
    except SystemExit as exc:
        pytest.fail(f"A model change has no migration (exit {exc.code}): run "
                    "`.venv/bin/python manage.py makemigrations <app>`.")


def test_ruff_is_clean():
    result = subprocess.run([str(ROOT / ".venv" / "bin" / "ruff"), "check", "."], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_dangvu_help_lists_the_commands(tmp_path):
    result = dangvu("--help", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "migrate" in result.stdout


AVAILABLE = [name for name, _ in COMMANDS if name in get_commands()]


def test_the_platform_commands_exist():
    assert {"migrate", "serve", "backup", "restore"} <= set(AVAILABLE)


@pytest.mark.parametrize("name", AVAILABLE)
def test_every_command_has_help(tmp_path, name):
    result = dangvu(name, "--help", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
