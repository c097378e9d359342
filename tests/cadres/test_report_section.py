"""The annual report gains its evaluation section when the year has evaluations, and leaves it out when
it has none (issue "Reports": sections of later modules appear only with data)."""

import datetime as dt

from dangvu.cadres import services
from dangvu.reports import annual


def _texts(document):
    return "\n".join(document.text_lines())


def test_the_report_says_who_was_rated_and_which_secretaries_were_evaluated(cast, people, committee):
    before = annual.build(annual.resolve(cast.W1, 2025, dt.date(2025, 12, 31)))
    assert "ĐÁNH GIÁ" not in _texts(before).upper()

    services.evaluate(actor=cast.secretary, member=people.dung, year=2025, kind="cadre", post="secretary",
                      score=82, evaluated_on=dt.date(2025, 12, 20), body=cast.W1)
    for member, score in ((people.binh, 75), (people.cuong, 60), (people.giang, 72)):
        services.evaluate(actor=cast.secretary, member=member, year=2025, kind="member", score=score,
                          evaluated_on=dt.date(2025, 12, 20), body=cast.C1)

    text = _texts(annual.build(annual.resolve(cast.W1, 2025, dt.date(2025, 12, 31))))
    assert "4 đồng chí" in text  # every evaluation of the subtree counted once
    assert "Hoàn thành tốt nhiệm vụ (HTTNV) 03" in text and "Hoàn thành nhiệm vụ (HTNV) 01" in text
    # the secretary yes, the deputy not yet; a ratio of counts in prose must not read as a date ("01/02")
    assert "phó bí thư đã được đánh giá: 01 trên tổng số 02" in text
