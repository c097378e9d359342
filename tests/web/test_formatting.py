import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from dangvu.core.formatting import long_date, short_date, two_digits, vn_number


@pytest.fixture
def vi():
    with translation.override("vi"):
        yield


@pytest.fixture
def en():
    with translation.override("en"):
        yield


@pytest.mark.usefixtures("vi")
class TestVietnamese:
    def test_long_date_spells_day_month_year(self):
        assert long_date(dt.date(2026, 11, 29)) == "ngày 29 tháng 11 năm 2026"

    def test_long_date_pads_day_and_month_below_ten_as_hd_36_does(self):
        # Hướng dẫn 36-HD/VPTW: "ngày 05 tháng 01 năm 2018".
        assert long_date(dt.date(2018, 1, 5)) == "ngày 05 tháng 01 năm 2018"
        assert long_date(dt.date(2027, 1, 1)) == "ngày 01 tháng 01 năm 2027"

    def test_long_date_of_an_aware_datetime_uses_the_office_day(self):
        late_utc = dt.datetime(2026, 11, 28, 20, 0, tzinfo=dt.UTC)  # 03:00 on the 29th in Hà Nội
        assert long_date(late_utc) == "ngày 29 tháng 11 năm 2026"

    def test_short_date(self):
        assert short_date(dt.date(2026, 11, 29)) == "29/11/2026"
        assert short_date(dt.date(2027, 1, 1)) == "01/01/2027"

    def test_number_groups_thousands_with_dots(self):
        assert vn_number(3456) == "3.456"
        assert vn_number(1234567) == "1.234.567"
        assert vn_number(157) == "157"
        assert vn_number(Decimal("1234.5")) == "1.234,5"

    def test_two_digits(self):
        assert two_digits(9) == "09"
        assert two_digits(1) == "01"
        assert two_digits(12) == "12"
        assert two_digits("3") == "03"

    def test_empty_values_render_as_nothing(self):
        assert long_date(None) == short_date(None) == vn_number(None) == two_digits(None) == ""


@pytest.mark.usefixtures("en")
class TestEnglish:
    def test_long_date(self):
        assert long_date(dt.date(2026, 11, 29)) == "29 November 2026"
        assert long_date(dt.date(2027, 1, 1)) == "1 January 2027"

    def test_short_date_follows_the_english_format_module(self):
        assert short_date(dt.date(2026, 11, 29)) == "2026-11-29"

    def test_number_groups_thousands_with_commas(self):
        assert vn_number(3456) == "3,456"
        assert vn_number(Decimal("1234.5")) == "1,234.5"

    def test_two_digits_is_the_same(self):
        assert two_digits(9) == "09"


def _render(source, **context):
    return Template("{% load vn %}" + source).render(Context(context))


def test_template_filters_follow_the_active_language():
    day = dt.date(2018, 1, 5)
    source = "{{ day|long_date }}|{{ day|short_date }}|{{ n|vn_number }}|khiển trách {{ k|two_digits }}"
    with translation.override("vi"):
        expected = "ngày 05 tháng 01 năm 2018|05/01/2018|3.456|khiển trách 09"
        assert _render(source, day=day, n=3456, k=9) == expected
    with translation.override("en"):
        assert _render(source, day=day, n=3456, k=9) == "5 January 2018|2018-01-05|3,456|khiển trách 09"
