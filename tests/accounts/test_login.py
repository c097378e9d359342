"""The login flow: password (throttled), then for staff roles an authenticator app or a backup code."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangvu.accounts import services

LOGIN, ENROL, VERIFY, ACCOUNT = (reverse(f"accounts:{n}") for n in ("login", "enrol", "verify", "account"))


def log_in(client, user, password, **extra):
    return client.post(LOGIN, {"username": user.username, "password": password, **extra})


def code_of(device):
    return f"{totp(device.bin_key):06d}"


def confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def test_login_page_fits_a_phone(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="viewport" content="width=device-width' in html
    assert 'autocomplete="current-password"' in html


def test_a_user_without_a_staff_role_logs_in_with_a_password_only(client, cast):
    response = log_in(client, cast.secretary, cast.password)
    assert response.status_code == 302 and response.url == reverse("core:home")
    assert client.get(ACCOUNT).status_code == 200


def test_wrong_password_is_refused(client, cast):
    response = log_in(client, cast.secretary, "wrong-password")
    assert response.status_code == 200
    assert client.get(ACCOUNT).status_code == 302


def test_staff_without_a_device_is_sent_to_enrolment_and_kept_there(client, cast):
    response = log_in(client, cast.office, cast.password)
    assert response.status_code == 302 and response.url.startswith(ENROL)
    response = client.get(ACCOUNT)
    assert response.status_code == 302 and response.url.startswith(ENROL)
    page = client.get(ENROL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<path" in html
    device = TOTPDevice.objects.get(user=cast.office, confirmed=False)
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode()
    assert secret[:4] + " " + secret[4:8] in html
    # Reloading the page keeps the same secret.
    client.get(ENROL)
    assert TOTPDevice.objects.filter(user=cast.office).count() == 1


def test_a_correct_code_confirms_the_device_shows_backup_codes_and_logs_in(client, cast):
    log_in(client, cast.office, cast.password)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=cast.office)
    response = client.post(ENROL, {"code": code_of(device), "next": ACCOUNT})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", response.content.decode())
    assert len(codes) == 10
    assert client.get(ACCOUNT).status_code == 200


def test_a_wrong_code_does_not_confirm(client, cast):
    log_in(client, cast.office, cast.password)
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=cast.office)
    wrong = f"{(int(code_of(device)) + 1) % 1000000:06d}"
    response = client.post(ENROL, {"code": wrong})
    assert response.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed and device.throttling_failure_count == 1
    assert client.get(ACCOUNT).status_code == 302


def test_staff_with_a_device_verifies_with_a_code(client, cast):
    device = confirmed_device(cast.office)
    response = log_in(client, cast.office, cast.password)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    # A password alone cannot replace the device.
    response = client.get(ENROL)
    assert response.status_code == 302 and response.url.startswith(VERIFY)
    response = client.post(VERIFY, {"code": code_of(device), "next": ACCOUNT})
    assert response.status_code == 302 and response.url == ACCOUNT
    assert client.get(ACCOUNT).status_code == 200


def test_a_wrong_code_keeps_the_staff_member_out(client, cast):
    device = confirmed_device(cast.office)
    log_in(client, cast.office, cast.password)
    wrong = f"{(int(code_of(device)) + 1) % 1000000:06d}"
    response = client.post(VERIFY, {"code": wrong})
    assert response.status_code == 200
    assert client.get(ACCOUNT).status_code == 302


def test_a_backup_code_works_once_only(client, cast):
    confirmed_device(cast.office)
    code = services.issue_backup_codes(actor=None, user=cast.office)[0]
    log_in(client, cast.office, cast.password)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 302
    assert client.get(ACCOUNT).status_code == 200
    client.post(reverse("accounts:logout"))
    log_in(client, cast.office, cast.password)
    response = client.post(VERIFY, {"code": code})
    assert response.status_code == 200
    assert client.get(ACCOUNT).status_code == 302


def test_backup_codes_alone_let_a_staff_member_in_without_a_phone(client, cast):
    code = services.issue_backup_codes(actor=None, user=cast.office, count=2)[1]
    response = log_in(client, cast.office, cast.password)
    assert response.url.startswith(VERIFY)
    client.post(VERIFY, {"code": code})
    assert client.get(ACCOUNT).status_code == 200


def test_five_wrong_passwords_lock_the_username_out(client, cast):
    for _ in range(5):
        log_in(client, cast.secretary, "wrong-password")
    response = log_in(client, cast.secretary, cast.password)
    assert response.status_code == 429
    assert client.get(ACCOUNT).status_code == 302


def test_the_api_is_not_redirected_and_a_half_session_does_not_count_there(client, cast, monkeypatch):
    log_in(client, cast.office, cast.password)
    seen = {}

    from dangvu.accounts import middleware

    def probe(request):
        seen["authenticated"] = request.user.is_authenticated
        from django.http import HttpResponse

        return HttpResponse("ok")

    mw = middleware.SecondFactorMiddleware(probe)
    request = client.get(ACCOUNT).wsgi_request  # a real request of this half-signed-in session
    request.path = "/api/me"
    assert mw(request).status_code == 200
    assert seen["authenticated"] is False


def test_logout_needs_post(client, cast):
    log_in(client, cast.secretary, cast.password)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(ACCOUNT).status_code == 302


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_next_never_leaves_the_site(client, cast, target):
    response = log_in(client, cast.secretary, cast.password, next=target)
    assert response.url == reverse("core:home")


def test_account_page_creates_and_revokes_tokens(client, cast):
    from dangvu.accounts import selectors

    log_in(client, cast.secretary, cast.password)
    page = client.get(ACCOUNT).content.decode()
    assert "Nguyễn Thị Hoa" in page or "secretary" in page
    response = client.post(reverse("accounts:token_create"), {"name": "báo cáo tháng"})
    raw = re.search(r'class="token">(dv_[^<]+)<', response.content.decode()).group(1)
    assert selectors.user_for_token(raw) == cast.secretary
    token = cast.secretary.api_tokens.get()
    assert raw not in client.get(ACCOUNT).content.decode()  # shown once
    client.post(reverse("accounts:token_revoke", args=[token.pk]))
    assert selectors.user_for_token(raw) is None
    # Another user cannot revoke someone else's token.
    other, _raw = services.create_api_token(actor=None, user=cast.outsider, name="x")
    assert client.post(reverse("accounts:token_revoke", args=[other.pk])).status_code == 404


def test_one_address_is_locked_after_its_own_limit_spread_over_many_usernames(client, cast, settings):
    """Four tries against each username stay under the per-username limit (5); the address's limit (20)
    locks it out for every username, including a right password, while another address may go on."""
    from dangvu.accounts.models import User

    assert settings.AXES_FAILURE_LIMIT == 5 and settings.LOGIN_ADDRESS_FAILURE_LIMIT == 20
    targets = [User.objects.create_user(f"target{i}", password="x-not-this-one-123") for i in range(5)]
    statuses = [log_in(client, user, "wrong-password").status_code for user in targets for _ in range(4)]
    assert statuses == [200] * 19 + [429]  # the twentieth failure locks the address
    response = log_in(client, cast.secretary, cast.password)
    assert response.status_code == 429 and client.get(ACCOUNT).status_code == 302

    elsewhere = type(client)(REMOTE_ADDR="10.0.0.2")
    response = elsewhere.post(LOGIN, {"username": cast.secretary.username, "password": cast.password})
    assert response.status_code == 302


def test_a_right_password_does_not_clear_the_address_count(client, cast):
    """With one valid account an attacker could otherwise reset the address's count every 19 tries."""
    from dangvu.accounts.models import User

    others = [User.objects.create_user(f"other{i}", password="x-not-this-one-123") for i in range(5)]
    for user in others[:4]:
        for _ in range(4):
            log_in(client, user, "wrong-password")
    assert log_in(client, cast.secretary, cast.password).status_code == 302
    client.logout()
    for _ in range(4):
        log_in(client, others[4], "wrong-password")
    assert log_in(client, cast.secretary, cast.password).status_code == 429
