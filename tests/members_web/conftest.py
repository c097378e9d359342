"""The register pages and API on the shared cast (tests/conftest.py): T with wards W1 (secretary Hoa,
`secretary`) and W2 (`outsider`), cell C1 under W1 (`cell_secretary`), C2 under W2; observer at T.
Here W1 also has cell C3 and cell SHUT (closed on 2018-01-01). Members, entered through the services:
An (admitted in C1 on 2017-03-15, probationary), Đặng Thị Bình (opening entry in C1, official since
2011), Lê Văn Cường (opening entry in C2, under W2)."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.test import Client

from dangvu.accounts.services import create_api_token
from dangvu.members import services
from dangvu.members.entries import Decision
from dangvu.organizations.models import OrgKind
from tests.conftest import make_org


def opening(code, name, unit, sex="male"):
    return services.register_existing(
        actor=None, code=code, full_name=name, birth_date=dt.date(1975, 6, 1), sex=sex, organization=unit,
        entry_kind="opening", registered_on=dt.date(2017, 1, 1), admitted_on=dt.date(2010, 5, 1),
        official_on=dt.date(2011, 5, 1),
        profile={"citizen_id": f"0460750{code[-5:]}", "phone": "0905000111"})


@pytest.fixture
def register(cast):
    c3 = make_org("C3", "Chi bộ khu phố 3", OrgKind.CELL, cast.W1)
    shut = make_org("SHUT", "Chi bộ đã giải thể", OrgKind.CELL, cast.W1, closed_on=dt.date(2018, 1, 1))
    an = services.admit(actor=None, code="M-00001", full_name="Nguyễn Văn An", birth_date=dt.date(1990, 2, 3),
                        sex="male", organization=cast.C1, on=dt.date(2017, 3, 15),
                        decision=Decision("12-QĐ/ĐU", dt.date(2017, 3, 1), "Đảng ủy phường Một"))
    binh = opening("M-00002", "Đặng Thị Bình", cast.C1, sex="female")
    cuong = opening("M-00003", "Lê Văn Cường", cast.C2)
    return SimpleNamespace(**vars(cast), C3=c3, SHUT=shut, an=an, binh=binh, cuong=cuong)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def token_for(user):
    _token, raw = create_api_token(actor=user, user=user, name="test")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
