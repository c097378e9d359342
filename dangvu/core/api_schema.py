"""Pieces every router of the REST API shares: the one error shape, the page parameters with their bounds,
the enumeration helper and the bounds of integers that reach the database.

Everything a client may send is bounded in the schema, so that what the schema accepts the database can
hold (SQLite and PostgreSQL keep 64-bit integers; Python dates end at year 9999)."""

import datetime as dt
import enum
import re
from typing import Annotated

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

# The largest id either engine stores (a signed 64-bit integer).
MAX_ID = 2**63 - 1
# Past the last page the list is empty; a page this far out would need more rows than either engine holds.
MAX_PAGE = 10_000_000
MAX_PAGE_SIZE = 100


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_day(value):
    # pydantic alone would also take a number of seconds since 1970 ("0") or a date and time.
    if value is None or isinstance(value, dt.date) or (isinstance(value, str) and _ISO_DAY.fullmatch(value)):
        return value
    raise PydanticCustomError("date_parsing", "Input should be a date as YYYY-MM-DD")


# A day as the schema says (`format: date`): YYYY-MM-DD and nothing else.
Day = Annotated[dt.date, BeforeValidator(_iso_day)]
def _json_int(value):
    # JSON Schema's integer: 3 and 3.0, but not `false` or "3" (pydantic's lax mode takes both).
    if isinstance(value, bool | str):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


def body_int(minimum: int, maximum: int):
    """A whole number in a JSON body, between the bounds (which come before the validator, so that the
    schema shows them as minimum and maximum)."""
    return Annotated[int, Field(ge=minimum, le=maximum), BeforeValidator(_json_int)]


class ProblemOut(Schema):
    field: str = Field(description="The field concerned (dotted for nested input), empty for the request")
    message_vi: str
    message_en: str
    rule: str = Field(description="The rule broken: a regulation's article, or a check's code")


class ErrorOut(Schema):
    """Every error answer of the API: a bilingual summary, and the problems field by field."""

    detail: str = Field(description="'Vietnamese / English' summary")
    errors: list[ProblemOut] = Field(description="One entry per field and rule; may be empty")


class Pagination(PageNumberPagination):
    """Django-ninja's page numbers, bounded: `page` past MAX_PAGE is a 400, never a database overflow."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=MAX_PAGE_SIZE)

    def __init__(self, page_size: int = 50, **kwargs):
        super().__init__(page_size=page_size, max_page_size=MAX_PAGE_SIZE, **kwargs)


def enumeration(name: str, values, doc: str = "") -> type[enum.Enum]:
    """A string enumeration for values that have no TextChoices of their own (e.g. a filter's 'open')."""
    # The functional API: the names come from data, which mypy cannot check.
    members = enum.Enum(name, {str(v): str(v) for v in values}, type=str)  # type: ignore[misc]
    members.__doc__ = doc or None
    return members
