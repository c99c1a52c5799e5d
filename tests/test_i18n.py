"""Languages as a reader meets them: the redirect, lang/dir, hreflang, the switcher."""

import re

import pytest
from django.utils import translation

from tests.conftest import INFO_SLUGS, INFO_TITLES, LANGUAGES, RTL_LANGUAGES

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("ar,en;q=0.8", "/ar/"),
        ("fa-IR,fa;q=0.9", "/fa/"),
        ("en-US,en;q=0.9,de;q=0.8", "/en/"),
        ("uk", "/uk/"),
        ("ru-RU", "/ru/"),
        ("tr-TR,tr;q=0.9", "/tr/"),
        ("ti,so;q=0.8", "/de/"),  # Tigrinya, Somali: not published -> German
        ("", "/de/"),
    ],
)
def test_root_redirects_to_best_language(client, home_page, accept_language, expected):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = client.get("/", **headers)
    assert response.status_code == 302
    assert response["Location"] == expected
    # A cache must not hand one reader's language to another.
    assert "Accept-Language" in response["Vary"]


def test_root_redirect_lands_on_a_page(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="ar", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [("/ar/", 302)]


def _html_tag(content: str) -> str:
    return re.search(r"<html[^>]*>", content).group(0)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_language_sets_lang_and_direction(client, home_page, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = _html_tag(response.content.decode())
    assert f'lang="{code}"' in html
    expected_dir = "rtl" if code in RTL_LANGUAGES else "ltr"
    assert f'dir="{expected_dir}"' in html
    assert response["Content-Language"] == code


@pytest.mark.parametrize("code", LANGUAGES)
def test_home_page_title_is_in_the_readers_language(client, home_page, code):
    from cms.services import HOME_TITLES

    response = client.get(f"/{code}/")
    assert f"<h1>{HOME_TITLES[code]}</h1>" in response.content.decode()


def _alternates(content: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', content))


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_page_links_all_translations_with_hreflang(client, info_page, code):
    response = client.get(f"/{code}/{INFO_SLUGS[code]}/")
    assert response.status_code == 200
    alternates = _alternates(response.content.decode())
    expected = {other: f"http://testserver/{other}/{INFO_SLUGS[other]}/" for other in LANGUAGES}
    expected["x-default"] = expected["de"]
    assert alternates == expected


def _switcher_links(content: str) -> dict[str, tuple[str, str]]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', content, re.S).group(0)
    return {
        lang: (href, name)
        for href, lang, name in re.findall(
            r'<a href="([^"]+)" hreflang="[\w-]+" lang="([\w-]+)"[^>]*>([^<]+)</a>', nav
        )
    }


def test_switcher_names_each_language_in_its_own_script(client, home_page):
    links = _switcher_links(client.get("/ru/").content.decode())
    names = {code: name for code, (_href, name) in links.items()}
    assert names["de"] == "Deutsch"
    assert names["ar"] == "العربيّة"
    assert names["fa"] == "فارسی"
    assert names["uk"] == "Українська"
    assert names["ru"] == "Русский"
    assert names["tr"] == "Türkçe"
    assert list(names) == LANGUAGES


@pytest.mark.parametrize("code", LANGUAGES)
def test_switcher_keeps_the_reader_on_the_same_page(client, info_page, code):
    links = _switcher_links(client.get(f"/de/{INFO_SLUGS['de']}/").content.decode())
    href, _name = links[code]
    assert href == f"/{code}/{INFO_SLUGS[code]}/"
    target = client.get(href)
    assert target.status_code == 200
    assert f"<h1>{INFO_TITLES[code]}</h1>" in target.content.decode()


def test_switcher_marks_the_current_language(client, info_page):
    content = client.get(f"/fa/{INFO_SLUGS['fa']}/").content.decode()
    current = re.findall(r'<a [^>]*lang="([\w-]+)"[^>]*aria-current="true"', content)
    assert current == ["fa"]


def test_switcher_on_a_missing_page_keeps_the_path_in_each_language(client, home_page):
    response = client.get("/tr/gibt-es-nicht/?q=1")
    assert response.status_code == 404
    links = _switcher_links(response.content.decode())
    assert links["ar"][0] == "/ar/gibt-es-nicht/?q=1"


def test_untranslated_title_falls_back_to_german_marked_as_german(client, info_page):
    info_page.title_tr = ""
    info_page.save_revision().publish()
    with translation.override("tr"):
        response = client.get(f"/tr/{INFO_SLUGS['tr']}/")
    content = response.content.decode()
    # Screen readers switch to a German voice for the German title...
    assert f'<h1 lang="de" dir="ltr">{INFO_TITLES["de"]}</h1>' in content
    # ...and the reader is told, in Turkish, why the page is German.
    assert "Bu sayfa henüz sizin dilinizde yok" in content


def test_a_missing_staff_page_is_a_plain_404_not_a_language_redirect(client, home_page):
    assert client.get(
        "/sprachmittlung/anfragen/00000000-0000-0000-0000-000000000000/"
    ).status_code in (
        302,  # to the login, for an anonymous visitor
        404,
    )
    response = client.get("/sprachmittlung/gibt-es-nicht/")
    assert response.status_code == 404
    # The public site still sends an unprefixed address to its language version.
    assert client.get("/gibt-es-nicht/").status_code == 302
