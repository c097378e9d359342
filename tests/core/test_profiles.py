"""The settings profiles: production passes Django's deployment checks; local serves plain HTTP; a bad
environment value stops the start with a message naming the variable."""

import secrets
import string

import pytest

from .conftest import dangvu, python_code

SETTINGS_PRINT = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
)


def _production_env():
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    return {
        "DANGVU_PROFILE": "production",
        "SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(60)),
        "ALLOWED_HOSTS": "dangvu.example.vn",
        "AUDIT_KEY": secrets.token_urlsafe(40),
    }


def test_production_profile_passes_the_deployment_checks(tmp_path):
    result = dangvu("check", "--deploy", "--fail-level", "WARNING", env=_production_env(), data_dir=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_profile_is_https_only(tmp_path):
    out = python_code(SETTINGS_PRINT, env=_production_env(), data_dir=tmp_path)
    assert out == ["True", "True", "True", "31536000"]


def test_local_profile_serves_plain_http(tmp_path):
    out = python_code(SETTINGS_PRINT, env={"DANGVU_PROFILE": "local"}, data_dir=tmp_path)
    assert out == ["False", "False", "False", "0"]


@pytest.mark.django_db
def test_local_login_page_answers_over_http_without_secure_cookies(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    for cookie in response.cookies.values():
        assert not cookie["secure"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("DATABASE_URL", "mysql://x"),
        ("DANGVU_PROFILE", "staging"),
        ("AXES_FAILURE_LIMIT", "many"),
    ],
)
def test_a_malformed_value_stops_the_start_naming_the_variable(tmp_path, name, value):
    result = dangvu("check", env={name: value}, data_dir=tmp_path)
    assert result.returncode != 0
    assert name in result.stderr


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "AUDIT_KEY"])
def test_production_refuses_to_start_without_a_required_setting(tmp_path, missing):
    env = {**_production_env(), missing: ""}  # empty counts as unset
    result = dangvu("check", env=env, data_dir=tmp_path)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_a_short_secret_key(tmp_path):
    result = dangvu("check", env={**_production_env(), "SECRET_KEY": "short"}, data_dir=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(("key", "refused"), [("k" * 31, True), ("k" * 32, False), ("đ" * 16, False)])
def test_production_refuses_an_audit_key_shorter_than_32_bytes(tmp_path, key, refused):
    env = {**_production_env(), "AUDIT_KEY": key}
    result = dangvu("check", "--deploy", "--fail-level", "WARNING", env=env, data_dir=tmp_path)
    assert (result.returncode != 0) is refused, result.stderr
    assert ("AUDIT_KEY must be at least 32 bytes" in result.stderr) is refused
