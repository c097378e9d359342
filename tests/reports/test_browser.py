"""A user in headless Chromium (Debian's chromium and chromium-driver, driven by Selenium through an
explicit chromedriver): logs in, opens the dashboard of the Hương Trà town committee for 2017 up to
30 November on a phone-sized window, follows a figure to the list behind it, opens the report, issues it
and finds it in the register. Screenshots go to tests/screenshots/ (git-ignored). A missing browser
fails the test with the package to install; it is never skipped."""

import datetime as dt
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from dangvu.accounts.roles import Role
from dangvu.organizations.models import Organization
from tests.conftest import PASSWORD, make_user

CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--lang=vi", "--window-size=412,915")
SHOTS = Path(__file__).resolve().parent.parent / "screenshots"
SEED = "Đảng bộ đã kết nạp 157 đảng viên mới; đến ngày 30/11/2017 toàn Đảng bộ có 3.456 đảng viên"


@pytest.fixture
def browser():
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            pytest.fail(f"{path} is missing: install the Debian package {package} "
                        f"(apt-get install chromium chromium-driver)", pytrace=False)
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never download anything
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for arg in ARGS:
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": "vi"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.implicitly_wait(5)
    SHOTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


def text_of(driver) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.TAG_NAME, "body").text


def submit_and_wait(driver, selector: str) -> None:
    """Click and wait until the next page has replaced this one."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, selector).click()
    WebDriverWait(driver, 30).until(expected_conditions.staleness_of(old))


@pytest.mark.django_db(transaction=True)
def test_dashboard_and_report_as_a_user_sees_them(fresh_demo, live_server, browser):
    from selenium.webdriver.common.by import By

    make_user("bithu.tinh", "Nguyễn Văn Tỉnh",
              (Role.SECRETARY, Organization.objects.get(code="TU-HUE"), dt.date(2015, 1, 1)))
    b = browser
    b.get(live_server.url + reverse("accounts:login"))
    # Headless Chromium asks for English whatever --lang says; the user picks Vietnamese.
    b.add_cookie({"name": settings.LANGUAGE_COOKIE_NAME, "value": "vi"})
    b.get(live_server.url + reverse("accounts:login"))
    b.find_element(By.NAME, "username").send_keys("bithu.tinh")
    b.find_element(By.NAME, "password").send_keys(PASSWORD)
    submit_and_wait(b, "main form button[type=submit]")
    assert "Đăng xuất" in text_of(b)

    b.get(f"{live_server.url}{reverse('reports:dashboard', args=['HT'])}?year=2017&to=2017-11-30")
    page = text_of(b)
    assert "Bảng số liệu" in page and "Đảng bộ thị xã Hương Trà" in page
    assert b.find_element(By.CSS_SELECTOR, '[data-figure="at_end"]').text == "3.456"
    assert b.find_element(By.CSS_SELECTOR, '[data-figure="admitted"]').text == "157"
    assert "Số đảng viên cuối mỗi tháng" in page and "Theo trình độ lý luận chính trị" in page
    charts = b.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert len(charts) == 8
    # The page fits the phone's width: nothing wider than the window.
    assert b.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    b.save_screenshot(str(SHOTS / "reports-dashboard.png"))
    # Every figure links to the list behind it: the member list of HT on 30/11/2017.
    submit_and_wait(b, '[data-figure="at_end"]')
    assert "org=HT" in b.current_url and "on=2017-11-30" in b.current_url

    b.get(f"{live_server.url}{reverse('reports:annual', args=['HT'])}?year=2017&to=2017-11-30")
    page = text_of(b)
    for expected in ("ĐẢNG CỘNG SẢN VIỆT NAM", "THỊ ỦY HƯƠNG TRÀ", "Hương Trà, ngày 30 tháng 11 năm 2017",
                     SEED, "khiển trách 09, cảnh cáo 05 và khai trừ 02", "T/M BAN THƯỜNG VỤ"):
        assert expected in page
    place_date = b.find_element(By.CSS_SELECTOR, ".place-date")
    assert place_date.value_of_css_property("font-style") == "italic"
    # The preview's table headers do not overlap: each header cell is at least as wide as its content.
    assert b.execute_script("return [...document.querySelectorAll('.doc-table th')]"
                            ".every(th => th.scrollWidth <= th.clientWidth + 1)")
    b.save_screenshot(str(SHOTS / "reports-annual.png"))
    # A committee issues only its own documents: the province's user may read HT's report, not issue it.
    assert not b.find_elements(By.CSS_SELECTOR, "form[action$='/issue/'] button[type=submit]")
    b.get(f"{live_server.url}{reverse('reports:register', args=['HT'])}")
    assert "Sổ văn bản" in text_of(b)
    b.save_screenshot(str(SHOTS / "reports-register.png"))
