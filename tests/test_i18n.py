"""Every app's translation catalogues are complete and compiled, and pages switch language.

The catalogues are made by scripts/messages; a string added without its Vietnamese translation, left
fuzzy, or changed without recompiling the .mo fails here."""

import datetime as dt
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

import dangvu
from dangvu.accounts.models import RoleAssignment, User
from dangvu.accounts.roles import Role
from dangvu.organizations.models import Organization, OrgKind

PACKAGE = Path(dangvu.__file__).parent
APPS = sorted(p.parent.name for p in PACKAGE.glob("*/apps.py"))
LANGUAGES = [code for code, _name in settings.LANGUAGES]
USES_TRANSLATION = re.compile(r"gettext|\{%-?\s*(translate|trans|blocktranslate|blocktrans)\b")


def _catalogue(app: str, language: str) -> Path:
    return PACKAGE / app / "locale" / language / "LC_MESSAGES" / "django.po"


def _uses_translation(app: str) -> bool:
    root = PACKAGE / app
    for path in root.rglob("*"):
        skipped = "migrations" in path.parts or "locale" in path.parts
        if skipped or path.suffix not in (".py", ".html", ".txt"):
            continue
        if USES_TRANSLATION.search(path.read_text(encoding="utf-8")):
            return True
    return False


def _existing(language: str) -> list[str]:
    return [app for app in APPS if _catalogue(app, language).exists()]


def _translations(entries) -> dict:
    """(context, msgid, plural msgid) → translation, for the entries gettext would use."""
    found = {}
    for e in entries:
        if not e.msgid or e.obsolete or "fuzzy" in e.flags:
            continue
        if e.msgid_plural:
            forms = tuple(sorted((int(k), v) for k, v in e.msgstr_plural.items()))
            if all(v for _k, v in forms):
                found[(e.msgctxt, e.msgid, e.msgid_plural)] = forms
        elif e.msgstr:
            found[(e.msgctxt, e.msgid, None)] = e.msgstr
    return found


@pytest.mark.parametrize("app", [app for app in APPS if _uses_translation(app)])
def test_an_app_with_translatable_strings_has_both_catalogues(app):
    for language in LANGUAGES:
        assert _catalogue(app, language).exists(), f"run ./scripts/messages {app}"


@pytest.mark.parametrize("app", _existing("vi"))
def test_vietnamese_catalogue_is_fully_translated(app):
    po = polib.pofile(str(_catalogue(app, "vi")))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, f"{app}: untranslated {untranslated}"
    assert not fuzzy, f"{app}: fuzzy {fuzzy}"


@pytest.mark.parametrize("app", _existing("en"))
def test_english_catalogue_has_no_fuzzy_entries(app):
    po = polib.pofile(str(_catalogue(app, "en")))
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not fuzzy, f"{app}: fuzzy {fuzzy}"


@pytest.mark.parametrize(
    ("app", "language"), [(app, language) for language in LANGUAGES for app in _existing(language)]
)
def test_compiled_catalogue_matches_its_source(app, language):
    po_path = _catalogue(app, language)
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{app}/{language}: django.mo missing, run ./scripts/messages {app}"
    expected = _translations(polib.pofile(str(po_path)))
    compiled = _translations(polib.mofile(str(mo_path)))
    missing = sorted(set(expected) - set(compiled), key=str)
    stale = sorted(set(compiled) - set(expected), key=str)
    changed = sorted((k for k in set(expected) & set(compiled) if expected[k] != compiled[k]), key=str)
    assert not (missing or stale or changed), (
        f"{app}/{language}: recompile with ./scripts/messages {app}; "
        f"missing {missing[:5]}, stale {stale[:5]}, changed {changed[:5]}"
    )


# Pages follow the visitor's language: Vietnamese by default, English on request.

VI_EMPTY = "Không có việc cần chú ý"
EN_EMPTY = "Nothing needs your attention"


@pytest.fixture
def hoa(db):
    org = Organization.objects.create(code="PT", name="Đảng bộ phường Tứ Hạ",
                                      kind=OrgKind.GRASSROOTS_COMMITTEE)
    user = User.objects.create_user("hoa", password="not-used-here-4", full_name="Phạm Thị Hoa")
    RoleAssignment.objects.create(user=user, organization=org, role=Role.DEPUTY_SECRETARY,
                                  valid_from=dt.date(2021, 5, 1))
    client = Client()
    client.force_login(user)
    return client


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_default_language_is_vietnamese(hoa):
    body = _page(hoa.get("/"))
    assert '<html lang="vi">' in body
    assert VI_EMPTY in body and EN_EMPTY not in body


def test_an_english_browser_still_gets_vietnamese(hoa):
    # The browser's language is the office computer's setting, not the user's choice (issue 13.2).
    body = _page(hoa.get("/", headers={"Accept-Language": "en-US,en;q=0.9"}))
    assert '<html lang="vi">' in body
    assert VI_EMPTY in body and EN_EMPTY not in body


def test_the_second_factor_page_is_vietnamese_for_an_english_browser(client):
    body = client.get(reverse("accounts:login"), headers={"Accept-Language": "en-US"}).content.decode()
    assert '<html lang="vi">' in body


def test_language_cookie_gives_english_even_to_a_vietnamese_browser(hoa):
    hoa.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = _page(hoa.get("/", headers={"Accept-Language": "vi"}))
    assert EN_EMPTY in body


def test_language_switch_form_sets_the_language_and_returns_to_the_page(hoa):
    response = hoa.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    body = _page(hoa.get("/"))
    assert EN_EMPTY in body
    # ... and the switch now offers Vietnamese back.
    assert 'name="language" value="vi"' in body
