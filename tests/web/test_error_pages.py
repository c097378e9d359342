"""Error pages speak Vietnamese in the page shell, whatever the browser's language (issue 13.2)."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import path

from dangvu.urls import urlpatterns as app_urls


def _boom(request):
    raise RuntimeError("deliberate failure for the 500 page")


urlpatterns = [*app_urls, path("boom/", _boom)]


@pytest.fixture
def secretary_client(cast):
    client = Client(raise_request_exception=False)
    client.force_login(cast.secretary)
    return client


def test_404_is_the_styled_vietnamese_page_for_an_english_browser(secretary_client):
    response = secretary_client.get("/no-such-page/", headers={"Accept-Language": "en-US,en"})
    body = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="vi">' in body and 'name="viewport"' in body
    assert "Không tìm thấy trang" in body and "Về trang chủ" in body
    assert "Not Found" not in body


def test_404_in_english_when_the_user_chose_english(secretary_client):
    secretary_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = secretary_client.get("/no-such-page/").content.decode()
    assert "Page not found" in body and "Back to the home page" in body


@pytest.mark.urls(__name__)
def test_500_is_the_styled_vietnamese_page(secretary_client):
    response = secretary_client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="vi">' in body and "Lỗi máy chủ" in body
    assert "deliberate failure" not in body


def test_an_expired_form_is_the_vietnamese_csrf_page(cast):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.secretary)
    response = client.post("/i18n/setlang/", {"language": "en"})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in body and "CSRF verification failed" not in body
