"""The page "Quy định áp dụng": the rows in force on the date asked, linked from the menu."""

from django.urls import reverse


def test_rules_page_lists_the_rules_of_the_date(client, cast):
    client.force_login(cast.secretary)
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("reports:rules") in home
    page = client.get(reverse("reports:rules"), {"on": "2017-03-01"}).content.decode()
    assert "Quy định áp dụng" in page and "discipline.appeal_period" in page and "29-QĐ/TW" in page
    later = client.get(reverse("reports:rules"), {"on": "2025-08-01"}).content.decode()
    assert "294-QĐ/TW" in later and "29-QĐ/TW (2016)" not in later
    before = client.get(reverse("reports:rules"), {"on": "2010-01-01"}).content.decode()
    assert "discipline.appeal_period" not in before and "Không có bộ quy định" in before
