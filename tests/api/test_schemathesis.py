"""schemathesis against the API in-process (WSGI, no network): every operation of /api/openapi.json, with
cases that fit the schema and cases that break it, through all of schemathesis's checks (no 5xx, answers
that match the documented status codes, content types, headers and schemas, invalid data refused, valid
data accepted, auth not ignored, 405 with Allow, ...). Twice: with the token of the secretary of W1, who
may read and write the register and the tasks of the ward, and of the observer at T (figures only).

Bounded (a few examples per operation and mode) so that the whole file runs in well under a minute; the
data is a small register built with the services, not the demo."""

import datetime as dt
import secrets

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from dangvu.accounts.models import ApiToken
from dangvu.core.api import api
from dangvu.members import services as members
from dangvu.oversight import services as oversight
from dangvu.workplans import services as workplans

MAX_EXAMPLES = 8
ROLES = ("secretary", "observer")

# Django's WSGI handler, as dangvu.wsgi builds it (that module also checks the audit key against the
# database at start-up, which is not open while tests are collected).
application = WSGIHandler()
# The schema that /api/openapi.json serves (test_openapi_snapshot compares the two), sent to `application`.
schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/"))
schema.app = application


def _member(code, name, org):
    return members.register_existing(
        actor=None, code=code, full_name=name, birth_date=dt.date(1980, 5, 5), sex="male", organization=org,
        entry_kind="opening", registered_on=dt.date(2015, 1, 1), admitted_on=dt.date(2005, 1, 1),
        official_on=dt.date(2006, 1, 1),
    )


def _token(user) -> str:
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="schemathesis", digest=ApiToken.digest_of(raw))
    return raw


@pytest.fixture
def register(cast):
    """Two members, a task of W1 led by C1, a concluded inspection of C1 with one recommendation."""
    binh = _member("DV-BINH", "Trần Văn Bình", cast.C1)
    _member("DV-CHI", "Phạm Văn Chi", cast.C2)
    workplans.create_task(
        actor=cast.secretary, organization=cast.W1, title="Rà soát hồ sơ", product="Báo cáo",
        owner=binh, lead_unit=cast.C1, deadline=dt.date(2024, 3, 31), on=dt.date(2024, 3, 1),
    )
    review = oversight.record_review(
        actor=None, activity="inspection", code="KT-01/2024", subject_type="organization",
        subject=cast.C1, conducted_by=cast.W1, kind="task_performance", started_on=dt.date(2024, 2, 1),
    )
    review = oversight.conclude(actor=None, review=review, concluded_on=dt.date(2024, 3, 1),
                                conclusion="Đạt yêu cầu")
    oversight.recommend(actor=None, review=review, text="Bổ sung hồ sơ",
                        owner_organization=cast.C1, deadline=dt.date(2024, 6, 30))
    return cast


@pytest.fixture(autouse=True)
def _keep_the_connection():
    # As Django's test client does: the start and end of a request must not close the test's database
    # connection (the test's transaction, and SQLite's in-memory database, live in it).
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def tokens(register):
    return {role: _token(getattr(register, role)) for role in ROLES}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    database=None,  # no .hypothesis folder in the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.filter_too_much],
)
def test_api_conforms_to_its_schema(case, tokens):
    # Each case is sent with the token of each role.
    for token in tokens.values():
        case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
