"""dangvu backup / restore: a database with organisations, accounts, roles, tokens and audit entries is
backed up, restored into a fresh database by the CLI, and every table is compared row by row."""

import datetime as dt
import gzip
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from dangvu.accounts.models import ApiToken, RoleAssignment, User
from dangvu.accounts.roles import Role
from dangvu.audit import services as audit
from dangvu.audit.selectors import verify_chain
from dangvu.core import backup
from dangvu.core.errors import InvalidInput
from dangvu.organizations.models import Organization, OrgKind

from .conftest import dangvu, python_code, source_connection

pytestmark = pytest.mark.django_db(transaction=True)

FORMATS = ["sqlite", "portable"] if connection.vendor == "sqlite" else ["portable"]
SKIPPED_TABLES = {"django_migrations", "sqlite_sequence"}


@pytest.fixture
def records():
    """The town T with ward W under it; Hoa, secretary of W, with a token; each write audited."""
    with audit.atomic():
        town = Organization.objects.create(code="T", name="Đảng bộ thị xã", kind=OrgKind.COMMITTEE,
                                           established_on=dt.date(1990, 5, 1))
        ward = Organization.objects.create(code="W", name="Đảng bộ phường Ơ",
                                           kind=OrgKind.GRASSROOTS_COMMITTEE, scope_parent=town,
                                           closed_on=dt.date(2025, 7, 1))
        for org in (town, ward):
            audit.record(actor=None, action="organization.create", obj=org, after=audit.snapshot(org))
    hoa = User.objects.create_user("hoa", password="a-long-password-1", full_name="Nguyễn Thị Hoa")
    role = RoleAssignment.objects.create(user=hoa, organization=ward, role=Role.SECRETARY,
                                         valid_from=dt.date(2020, 1, 1))
    ApiToken.objects.create(user=hoa, name="script", digest=ApiToken.digest_of("raw"),
                            last_used_at=timezone.now().replace(microsecond=123456))
    with audit.atomic():
        audit.record(actor=hoa, action="role.grant", obj=role, after=audit.snapshot(role))
    return {"town": town, "ward": ward, "hoa": hoa}


def _rows(raw, table):
    cursor = raw.cursor()
    cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names come from introspection
    return sorted(cursor.fetchall(), key=repr)


def _tables():
    return sorted(set(connection.introspection.table_names()) - SKIPPED_TABLES)


def assert_same_rows(fresh_db):
    source, target = source_connection(), fresh_db.connect()
    try:
        compared = 0
        for table in _tables():
            assert _rows(source, table) == _rows(target, table), table
            compared += 1
        assert compared > 20
        migrations = "SELECT app, name FROM django_migrations"
        assert _rows(source, "django_migrations") != [] and sorted(
            r[:2] for r in source.cursor().execute(migrations).fetchall()
        ) == sorted(r[:2] for r in target.cursor().execute(migrations).fetchall())
    finally:
        target.close()
        if connection.vendor != "sqlite":
            source.close()


def _verify_chain(fresh_db, tmp_path, key=None):
    code = ("import django; django.setup(); from dangvu.audit.selectors import verify_chain; "
            "r = verify_chain(); print(r.ok, r.count)")
    env = {"DJANGO_SETTINGS_MODULE": "dangvu.settings", "DATABASE_URL": fresh_db.url,
           "DANGVU_PROFILE": "local", "AUDIT_KEY": key or settings.AUDIT_KEY}
    return python_code(code, env=env, data_dir=tmp_path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_backup_restores_every_row_into_a_fresh_database(records, fresh_db, tmp_path, fmt):
    path = tmp_path / f"backup.{fmt}"
    call_command("backup", str(path), format=fmt)
    assert backup.detect_format(path) == fmt
    dangvu("migrate", "-v0", database_url=fresh_db.url, data_dir=tmp_path, check=True)

    result = dangvu("restore", str(path), database_url=fresh_db.url, data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    assert_same_rows(fresh_db)
    assert _verify_chain(fresh_db, tmp_path) == ["True", "3"]
    # The chain is keyed by AUDIT_KEY: under another key the same rows do not verify.
    assert _verify_chain(fresh_db, tmp_path, key="another-key")[0] == "False"


@pytest.mark.parametrize("fmt", FORMATS)
def test_restore_refuses_a_database_that_holds_data(records, tmp_path, fmt):
    path = tmp_path / "backup"
    call_command("backup", str(path), format=fmt)
    with pytest.raises(InvalidInput) as caught:
        call_command("restore", str(path))
    assert caught.value.problems[0].rule == "backup.not_empty"


@pytest.mark.parametrize("fmt", FORMATS)
def test_restore_with_force_replaces_the_data(records, tmp_path, fmt):
    path = tmp_path / "backup"
    call_command("backup", str(path), format=fmt)
    Organization.objects.filter(code="W").update(name="changed after the backup")
    User.objects.create_user("late", password="a-long-password-2")

    call_command("restore", str(path), force=True)

    assert Organization.objects.get(code="W").name == "Đảng bộ phường Ơ"
    assert not User.objects.filter(username="late").exists()
    assert verify_chain().ok


def _rewrite(path, out, change):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        lines = fh.readlines()
    lines = change(lines)
    with gzip.open(out, "wt", encoding="utf-8") as fh:
        fh.writelines(lines)


def test_other_migrations_are_refused_with_exit_2_in_both_languages(records, fresh_db, tmp_path):
    path, edited = tmp_path / "backup.gz", tmp_path / "edited.gz"
    call_command("backup", str(path), format="portable")

    def add_migration(lines):
        header = json.loads(lines[0])
        header["migrations"].append(["members", "9999_from_the_future"])
        return [json.dumps(header) + "\n", *lines[1:]]

    _rewrite(path, edited, add_migration)
    dangvu("migrate", "-v0", database_url=fresh_db.url, data_dir=tmp_path, check=True)

    result = dangvu("restore", str(edited), database_url=fresh_db.url, data_dir=tmp_path)

    assert result.returncode == 2
    assert "members.9999_from_the_future" in result.stderr
    assert "other migrations" in result.stderr  # English
    assert "Bản sao lưu được tạo với các bước chuyển đổi" in result.stderr  # Vietnamese
    with fresh_db.connect() as raw:
        assert _rows(raw, "organizations_organization") == []


def test_a_cut_file_is_refused_and_nothing_is_written(records, fresh_db, tmp_path):
    path, cut = tmp_path / "backup.gz", tmp_path / "cut.gz"
    call_command("backup", str(path), format="portable")
    _rewrite(path, cut, lambda lines: lines[:-3])
    dangvu("migrate", "-v0", database_url=fresh_db.url, data_dir=tmp_path, check=True)

    result = dangvu("restore", str(cut), database_url=fresh_db.url, data_dir=tmp_path)

    assert result.returncode == 2
    assert "incomplete" in result.stderr
    with fresh_db.connect() as raw:
        assert _rows(raw, "organizations_organization") == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_restore_into_a_database_without_tables_creates_the_schema_then_verifies(records, fresh_db, tmp_path,
                                                                                 fmt):
    path = tmp_path / "backup"
    call_command("backup", str(path), format=fmt)

    result = dangvu("restore", str(path), database_url=fresh_db.url, data_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    assert_same_rows(fresh_db)
    assert f"audit: 3 entries, head {verify_chain().head_hash}" in result.stdout
    assert _verify_chain(fresh_db, tmp_path) == ["True", "3"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_backup_signed_by_another_key_is_refused_before_anything_is_written(records, fresh_db, tmp_path,
                                                                               fmt):
    path = tmp_path / "backup"
    call_command("backup", str(path), format=fmt)

    result = dangvu("restore", str(path), database_url=fresh_db.url, data_dir=tmp_path,
                    env={"AUDIT_KEY": "another-key-" * 4})

    assert result.returncode == 2
    assert "signed by another key" in result.stderr and "được ký bằng một khóa khác" in result.stderr
    with fresh_db.connect() as raw:
        assert "organizations_organization" not in _table_names(raw)


def _table_names(raw):
    cursor = raw.cursor()
    if connection.vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    return {name for (name,) in cursor.fetchall()}


def test_a_restored_chain_that_is_broken_is_reported_with_exit_1(records, fresh_db, tmp_path):
    path, edited = tmp_path / "backup.gz", tmp_path / "edited.gz"
    call_command("backup", str(path), format="portable")

    def edit_an_entry(lines):
        return [line.replace('"role.grant"', '"role.innocent"') for line in lines]

    _rewrite(path, edited, edit_an_entry)
    result = dangvu("restore", str(edited), database_url=fresh_db.url, data_dir=tmp_path)

    assert result.returncode == 1
    assert "Entry #3 is broken" in result.stderr and "Bản ghi #3 bị hỏng" in result.stderr


def test_backup_does_not_overwrite_a_file_without_force(records, tmp_path):
    path = tmp_path / "backup"
    path.write_text("keep me")
    with pytest.raises(InvalidInput):
        call_command("backup", str(path))
    assert path.read_text() == "keep me"
    call_command("backup", str(path), force=True)
    assert backup.detect_format(path) == FORMATS[0]
