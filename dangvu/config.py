"""Typed readers of the environment. Every setting comes from here; a bad value stops the start with a
message that names the variable (healthchecks' settings style)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
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
    """The working data folder: $DANGVU_DATA_DIR, else a fixed folder of the user ($XDG_DATA_HOME/dangvu,
    by default ~/.local/share/dangvu), never one that depends on the current directory."""
    configured = env_str("DANGVU_DATA_DIR")
    if configured:
        path = Path(configured)
    else:
        base = env_str("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        path = Path(base) / "dangvu"
    path = path.resolve()
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


def key_dir(database: dict) -> Path:
    """Where the generated local keys of `database` live: beside an SQLite file (the keys belong to the
    database, wherever the command runs), else in the data folder."""
    name = str(database.get("NAME") or "")
    in_memory = not name or name.startswith((":memory:", "file:"))
    if database["ENGINE"] == "django.db.backends.sqlite3" and not in_memory:
        return Path(name).resolve().parent
    return data_dir()


@dataclass(frozen=True)
class Secret:
    """A key and where it comes from: the environment (`path` None) or a file of the key folder. `new`: no
    such file yet, the value was generated now and is written only by `write_new_secret` (the audit key:
    only when a chain is created)."""

    value: str
    path: Path | None
    new: bool = False


def file_secret(name: str, folder: Path, filename: str) -> Secret:
    """$name, else the key file `folder/filename`, else a fresh value that is not written yet."""
    value = env_str(name)
    if value:
        return Secret(value, None)
    path = folder / filename
    if path.exists():
        return Secret(path.read_text().strip(), path)
    return Secret(secrets.token_urlsafe(50), path, new=True)


def write_new_secret(secret: Secret) -> str:
    """Write a generated secret to its file, readable by the owner only, unless another process wrote
    one first: then that one is the key (returned), and the generated value is dropped."""
    if not secret.new or secret.path is None:
        return secret.value
    try:
        fd = os.open(secret.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return secret.path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(secret.value)
    return secret.value


def local_secret(name: str, folder: Path, filename: str) -> str:
    """A secret for the local profile whose loss costs little (Django's SECRET_KEY: sessions end): from
    the environment, else generated once into the key folder."""
    secret = file_secret(name, folder, filename)
    if secret.new and secret.path is not None and secret.path.parent.is_dir():
        return write_new_secret(secret)
    return secret.value
