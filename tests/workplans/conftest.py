"""The cast of tests/conftest.py plus members on the register since 2015: Bình (cell C1, has the login
`cell_secretary`), An (ward W1, no login) and Chi (cell C2 under W2, outside W1). Tasks are assigned by
`secretary` (secretary of W1 since 2020-10-01) on days of 2024."""

import datetime as dt
from types import SimpleNamespace

import pytest

from dangvu.members import services as members
from dangvu.workplans import services

ASSIGNED = dt.date(2024, 3, 1)


def _member(code, name, org, sex="male"):
    return members.register_existing(
        actor=None,
        code=code,
        full_name=name,
        birth_date=dt.date(1980, 5, 5),
        sex=sex,
        organization=org,
        entry_kind="opening",
        registered_on=dt.date(2015, 1, 1),
        admitted_on=dt.date(2005, 1, 1),
        official_on=dt.date(2006, 1, 1),
    )


@pytest.fixture
def people(cast):
    binh = _member("DV-BINH", "Trần Văn Bình", cast.C1)
    an = _member("DV-AN", "Lê Thị An", cast.W1, sex="female")
    chi = _member("DV-CHI", "Phạm Văn Chi", cast.C2)
    cast.cell_secretary.member = binh
    cast.cell_secretary.email = "binh@example.invalid"
    cast.cell_secretary.save()
    cast.secretary.email = "hoa@example.invalid"
    cast.secretary.save()
    return SimpleNamespace(binh=binh, an=an, chi=chi)


@pytest.fixture
def make_task(cast, people):
    def make(**overrides):
        fields = {
            "actor": cast.secretary,
            "organization": cast.W1,
            "title": "Rà soát hồ sơ đảng viên",
            "product": "Báo cáo rà soát",
            "owner": people.binh,
            "lead_unit": cast.C1,
            "deadline": dt.date(2024, 3, 31),
            "on": ASSIGNED,
        }
        fields.update(overrides)
        return services.create_task(**fields)

    return make
