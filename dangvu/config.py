"""Typed readers of the environment. Every setting comes from here; a bad value stops the start with a
message that names the variable (healthchecks' settings style)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url


class ConfigError(RuntimeError):
    """A setting in the environment is missing or malformed."""


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = os.environ.get(name)
    if value is None or value == "":
        if required:
            raise ConfigError(
                f"Thiếu biến môi trường {name} / The environment variable {name} is required."
            )
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(
        f"{name}={value!r}: cần true/false / {name} must be true or false (1/0, yes/no, on/off)."
    )


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r}: cần một số nguyên / {name} must be an integer.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = env_str(name, default)
    if value not in choices:
        raise ConfigError(
            f"{name}={value!r}: phải là một trong {', '.join(choices)} / {name} must be one of "
            f"{', '.join(choices)}."
        )
    return value


def data_dir() -> Path:
    """The working data folder: $DANGVU_DATA_DIR, else ./var under the current directory."""
    path = Path(env_str("DANGVU_DATA_DIR", str(Path.cwd() / "var"))).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_sqlite_path() -> Path:
    return data_dir() / "dangvu.sqlite3"


def env_database(name: str = "DATABASE_URL") -> dict:
    url = env_str(name) or f"sqlite:///{default_sqlite_path()}"
    try:
        config = dj_database_url.parse(url, conn_max_age=0)
    except Exception as exc:  # dj_database_url raises several types for bad URLs
        raise ConfigError(
            f"{name}={url!r} không hợp lệ / {name} is not a valid database URL: {exc}"
        ) from None
    engine = config["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        # Writers wait for each other instead of failing with "database is locked": every write
        # transaction takes the lock when it begins, and WAL lets readers go on meanwhile.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
        # Tests use a file, not the shared-cache memory database: threads of one test (the audit chain's
        # concurrent writers) then wait on the write lock like real processes instead of failing.
        config["TEST"] = {"NAME": str(data_dir() / f"test_{os.getpid()}.sqlite3")}
    elif engine == "django.db.backends.postgresql":
        config.setdefault("OPTIONS", {})
    else:
        raise ConfigError(
            f"{name}: chỉ hỗ trợ sqlite và postgres / only sqlite:// and postgres:// URLs are supported."
        )
    return config


def local_secret(name: str, filename: str) -> str:
    """A secret for the local profile: from the environment, else generated once into the data folder so
    that it survives restarts (the audit chain is keyed by it)."""
    value = env_str(name)
    if value:
        return value
    path = data_dir() / filename
    if path.exists():
        return path.read_text().strip()
    value = secrets.token_urlsafe(50)
    path.write_text(value)
    path.chmod(0o600)
    return value
