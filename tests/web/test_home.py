import datetime as dt
import json

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from dangvu.accounts.models import RoleAssignment, User
from dangvu.accounts.roles import Action, Role
from dangvu.core import attention, navigation
from dangvu.organizations.models import Organization, OrgKind
from dangvu.reports import home
from dangvu.reports.home import items_for

from .shell import parse

HOME = "/"


@pytest.fixture
def huong_tra(db):
    return Organization.objects.create(code="HT", name="Đảng bộ thị xã Hương Trà", kind=OrgKind.COMMITTEE)


@pytest.fixture
def lan(huong_tra):
    """Lan, secretary of the Hương Trà committee."""
    user = User.objects.create_user("lan", password="not-used-here-1", full_name="Nguyễn Thị Lan")
    RoleAssignment.objects.create(user=user, organization=huong_tra, role=Role.SECRETARY,
                                  valid_from=dt.date(2020, 1, 1))
    return user


@pytest.fixture
def minh(huong_tra):
    """Minh, an ordinary party member with an account."""
    user = User.objects.create_user("minh", password="not-used-here-2", full_name="Trần Văn Minh")
    RoleAssignment.objects.create(user=user, organization=huong_tra, role=Role.MEMBER,
                                  valid_from=dt.date(2020, 1, 1))
    return user


@pytest.fixture
def khoa(db):
    """Khoa has an account but no role anywhere."""
    return User.objects.create_user("khoa", password="not-used-here-3", full_name="Lê Khoa")


def _client_for(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_anonymous_visitor_is_sent_to_login(db):
    response = Client().get(HOME)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={HOME}"


def test_home_shows_the_organisation_roles_and_user(lan):
    response = _client_for(lan).get(HOME)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đảng bộ thị xã Hương Trà" in body
    assert "Nguyễn Thị Lan" in body
    with translation.override("vi"):
        assert str(Role.SECRETARY.label) in body


def test_home_shows_the_empty_attention_state_in_vietnamese_by_default(lan):
    response = _client_for(lan).get(HOME)
    assert parse(response).html["lang"] == "vi"
    assert "Không có việc cần chú ý" in response.content.decode()


def test_user_without_role_is_told_so(khoa):
    response = _client_for(khoa).get(HOME)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Chưa được phân công vai trò" in body
    assert "Không có việc cần chú ý" not in body


def test_page_loads_only_local_assets(lan):
    page = parse(_client_for(lan).get(HOME))
    assert any(src.endswith("dangvu/js/htmx.min.js") for src in page.assets)
    assert any(href.endswith("dangvu/css/app.css") for href in page.assets)
    for url in page.assets:
        assert url.startswith("/static/"), url
        assert "//" not in url, url


def test_local_assets_are_served_and_the_stylesheet_fetches_nothing_remote(lan):
    client = _client_for(lan)
    for url in parse(client.get(HOME)).assets:
        response = client.get(url)
        assert response.status_code == 200, url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if url.endswith(".css"):
            assert b"http:" not in content and b"https:" not in content and b"@import" not in content


def test_the_login_page_uses_the_same_shell(db):
    page = parse(Client().get(reverse("accounts:login")))
    assert any(m.get("name") == "viewport" for m in page.metas)
    assert all(url.startswith("/static/") for url in page.assets)


def test_viewport_meta_tag_is_present(lan):
    page = parse(_client_for(lan).get(HOME))
    viewport = [m for m in page.metas if m.get("name") == "viewport"]
    assert viewport and "width=device-width" in viewport[0]["content"]


def test_logout_is_a_post_form(lan):
    page = parse(_client_for(lan).get(HOME))
    logout = [f for f in page.forms if f.get("action") == reverse("accounts:logout")]
    assert logout and logout[0]["method"] == "post"


def test_htmx_requests_carry_a_csrf_token_that_django_accepts(lan):
    client = _client_for(lan, enforce_csrf_checks=True)
    headers = json.loads(parse(client.get(HOME)).body["hx-headers"])
    token = headers["X-CSRFToken"]
    url = reverse("set_language")
    assert client.post(url, {"language": "vi", "next": HOME}).status_code == 403
    response = client.post(url, {"language": "vi", "next": HOME}, headers={"X-CSRFToken": token})
    assert response.status_code == 302


def test_menu_shows_entries_only_to_users_holding_their_action(lan, minh, monkeypatch):
    entries = [*navigation.ENTRIES, navigation.Entry("core:home", "Sổ nhật ký kiểm tra", Action.VIEW_AUDIT)]
    monkeypatch.setattr(navigation, "ENTRIES", entries)
    assert "Sổ nhật ký kiểm tra" in _client_for(lan).get(HOME).content.decode()
    assert "Sổ nhật ký kiểm tra" not in _client_for(minh).get(HOME).content.decode()


def test_current_page_is_marked_in_the_menu(lan):
    body = _client_for(lan).get(HOME).content.decode()
    assert f'<a href="{HOME}" aria-current="page">' in body


def test_messages_are_shown(lan):
    request = RequestFactory().get(HOME)
    request.user = lan
    request.session = {}
    request._messages = FallbackStorage(request)
    messages.success(request, "Đã lưu hồ sơ")
    html = render_to_string("base.html", request=request)
    assert '<li class="message message-success" role="status">Đã lưu hồ sơ</li>' in html


def test_attention_items_are_listed_with_their_count_and_link(lan, monkeypatch):
    items = [
        attention.AttentionItem("Hồ sơ dự bị sắp hết hạn", 3, "/members/probation/", attention.WARNING),
        attention.AttentionItem("Đơn thư quá hạn", 1234, "/petitions/overdue/", attention.DANGER),
    ]
    monkeypatch.setattr(home, "items_for", lambda user: items)
    body = _client_for(lan).get(HOME).content.decode()
    assert "Không có việc cần chú ý" not in body
    assert '<a href="/petitions/overdue/"><span class="count">1.234</span> Đơn thư quá hạn</a>' in body
    assert 'class="attention attention-warning"' in body


def test_attention_list_is_empty_until_a_module_provides_items(lan):
    assert items_for(lan) == []


def test_attention_items_rank_most_severe_first_and_drop_zero_counts():
    info = attention.AttentionItem("Nhiệm vụ mới", 2, "/a/", attention.INFO)
    zero = attention.AttentionItem("Không có gì", 0, "/b/", attention.DANGER)
    danger = attention.AttentionItem("Quá hạn", 1, "/c/", attention.DANGER)
    assert attention.ranked([info, zero, danger]) == [danger, info]


def test_audit_log_is_in_the_menu_of_a_secretary_only(lan, minh):
    audit_url = reverse("audit:log")
    assert f'href="{audit_url}"' in _client_for(lan).get(HOME).content.decode()
    assert f'href="{audit_url}"' not in _client_for(minh).get(HOME).content.decode()
