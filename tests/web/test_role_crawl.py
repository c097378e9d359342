"""Every demo login follows every link it is shown, from the home page on, and none leads to an error page
(issue 13, point 3: each role sees only what it can open). The crawl is bounded per role; export and
download links are fetched once, never followed."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangvu.accounts.models import User
from dangvu.accounts.roles import Role
from dangvu.demo.load import LOGINS

MAX_PAGES = 150
VARIANTS_PER_PATH = 3  # variants of one path shape (ids, filters, pages) crawled before it is skipped
SKIP = ("/static/", "/media/", "/i18n/", "/accounts/logout", "/logout", "/admin/")
FILE_MARKS = ("export", "download", ".csv", ".xlsx", ".docx", ".pdf", "format=")


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    out = []
    for href in parser.hrefs:
        href = urldefrag(href)[0]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not href.startswith("/") or href.startswith(SKIP):
            continue
        out.append(href)
    return out


def _client(user) -> Client:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    client.force_login(user)
    device = TOTPDevice.objects.create(user=user, name="crawl", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def crawl(client: Client) -> tuple[int, list[str]]:
    """(pages opened, errors as 'status url ← page')."""
    seen, variants, errors = {"/"}, {}, []
    queue: deque[tuple[str, str]] = deque([("/", "-")])
    pages = 0
    while queue and pages < MAX_PAGES:
        url, came_from = queue.popleft()
        pages += 1
        response = client.get(url)
        if response.status_code >= 400:
            errors.append(f"{response.status_code} {url} ← {came_from}")
            continue
        if response.status_code in (301, 302):
            continue
        if "html" not in response.get("Content-Type", "") or any(m in url for m in FILE_MARKS):
            continue
        for link in _links(response.content.decode()):
            if link in seen:
                continue
            seen.add(link)
            path = re.sub(r"\d+", "#", urlsplit(link).path)
            if any(mark in link for mark in FILE_MARKS):
                status = client.get(link).status_code
                if status >= 400:
                    errors.append(f"{status} {link} ← {url}")
                continue
            variants[path] = variants.get(path, 0) + 1
            if variants[path] <= VARIANTS_PER_PATH:
                queue.append((link, url))
    return pages, errors


def test_the_demo_has_a_login_for_each_working_role(demo, db):
    roles = {login.role for login in LOGINS}
    assert {Role.SECRETARY, Role.OFFICE_STAFF, Role.INSPECTION_STAFF, Role.MEMBER, Role.OBSERVER} <= roles
    plain = User.objects.get(username="dangvien.phuonghuongtra")
    assert plain.member is not None and plain.member.left_on is None


@pytest.mark.parametrize("username", [login.username for login in LOGINS])
def test_no_link_leads_to_an_error(demo, db, username):
    user = User.objects.get(username=username)
    pages, errors = crawl(_client(user))
    assert pages > 1 or username == "bithu.thixa2017", f"{username} reached only the home page"
    assert errors == [], f"{username}: {len(errors)} broken links:\n" + "\n".join(errors[:40])
