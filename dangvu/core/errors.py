"""Errors that every layer understands: the CLI maps them to exit codes (CONTRACT.md), the web and API to
status codes, and each carries Vietnamese and English text naming the field and the rule."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import translation


def bilingual(message) -> str:
    """'Vietnamese / English' for a lazy translatable message (CLI output and API errors)."""
    with translation.override("vi"):
        vi = str(message)
    with translation.override("en"):
        en = str(message)
    return vi if vi == en else f"{vi} / {en}"


@dataclass
class Problem:
    """One broken rule: the field it concerns, the message, and the rule's citation if it has one."""

    field: str
    message: object  # a lazy translatable string
    rule: str = ""  # e.g. "Quy định 294-QĐ/TW (2025), Điều 3" or an internal rule code
    row: int | None = None  # 1-based file row, header = row 1

    def render(self, lang: str | None = None) -> str:
        if lang:
            with translation.override(lang):
                text = str(self.message)
        else:
            text = bilingual(self.message)
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.field:
            parts.append(self.field)
        prefix = ", ".join(parts)
        rule = f" [{self.rule}]" if self.rule else ""
        return f"{prefix}: {text}{rule}" if prefix else f"{text}{rule}"

    def as_dict(self) -> dict:
        with translation.override("vi"):
            vi = str(self.message)
        with translation.override("en"):
            en = str(self.message)
        data: dict[str, object] = {"field": self.field, "message_vi": vi, "message_en": en, "rule": self.rule}
        if self.row is not None:
            data["row"] = self.row
        return data


class DangvuError(Exception):
    exit_code = 1


@dataclass
class InvalidInput(DangvuError):
    """Bad input: nothing was written. Exit code 2, HTTP 400."""

    problems: list[Problem] = field(default_factory=list)
    exit_code = 2

    def __post_init__(self):
        super().__init__(self.problems)

    @classmethod
    def one(cls, field_name: str, message, rule: str = "") -> InvalidInput:
        return cls([Problem(field_name, message, rule)])

    def __str__(self) -> str:
        return "\n".join(p.render() for p in self.problems)


class NotFound(DangvuError):
    """Unknown or out-of-scope object. Exit code 3, HTTP 404 (existence does not leak)."""

    exit_code = 3

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return bilingual(self.message)


class Forbidden(DangvuError):
    """The actor may see the object but not do this to it. HTTP 403."""

    exit_code = 1

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return bilingual(self.message)


class Conflict(InvalidInput):
    """Well-formed, but the record's current state refuses it: it changed since the version the user read
    (core.concurrency), or it is closed. HTTP 409; on a page it shows as form errors like any InvalidInput,
    and the CLI exits 2. For a stale version the problems name the fields changed since, with their
    current values, and `current_version` is the version to send again."""

    def __init__(self, problems: list[Problem], *, summary=None, current_version: int | None = None):
        super().__init__(problems)
        self.summary = summary
        self.current_version = current_version
