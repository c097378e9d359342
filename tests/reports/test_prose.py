"""The report's sentences from figures alone (no database): one style for counts, admissions and the
total said apart, missing figures said to be missing, the header name as running text."""

import datetime as dt

from django.utils import translation

from dangvu.reports import prose

MEMBERS = {"admitted": 157, "at_start": 3376, "at_end": 3456}


def test_counts_have_one_style():
    with translation.override("vi"):
        assert [prose.count(n) for n in (0, 2, 9, 10, 157, 3456)] == ["0", "02", "09", "10", "157", "3.456"]


def test_admissions_do_not_make_the_total():
    with translation.override("vi"):
        text = prose.admissions("Đảng bộ", dt.date(2017, 11, 30), MEMBERS)
        change = prose.net_change(MEMBERS)
    assert text == ("Tính đến ngày 30/11/2017, Đảng bộ đã kết nạp 157 đảng viên mới; đến ngày 30/11/2017 "
                    "toàn Đảng bộ có 3.456 đảng viên.")
    assert change == "So với đầu kỳ (3.376 đảng viên), tổng số đảng viên tăng 80 đồng chí."
    with translation.override("vi"):
        assert "giảm 05" in prose.net_change({"at_start": 10, "at_end": 5})


def test_missing_previous_figures_are_said_to_be_missing():
    empty = dict.fromkeys(prose.OVERSIGHT_KEYS, 0)
    with translation.override("vi"):
        assert prose.oversight_compared(2016, empty, empty) == "Chưa có số liệu cùng kỳ năm 2016."
        assert prose.admissions_compared(2016, MEMBERS, None) == "Chưa có số liệu cùng kỳ năm 2016."
        assert prose.admissions_compared(2016, MEMBERS, {"admitted": 0, "at_end": 0}) == (
            "Chưa có số liệu cùng kỳ năm 2016.")
        assert "03 đảng viên" in prose.oversight_compared(2016, empty, {**empty, "inspected_members": 3})


def test_the_header_name_as_running_text():
    assert prose.sentence_case("THỊ ỦY HƯƠNG TRÀ", "Hương Trà") == "Thị ủy Hương Trà"
    assert prose.sentence_case("ĐẢNG ỦY PHƯỜNG HƯƠNG TRÀ", "Hương Trà") == "Đảng ủy phường Hương Trà"
