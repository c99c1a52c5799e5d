"""`manage.py search_text_rebuild`: after a language is added, pages already translated
into it become findable in it (publishing keeps the search text up to date afterwards)."""

from io import StringIO

from django.core.management import call_command

from cms.models import PageSearchText
from tests.conftest import INFO_TITLES


def _found(client, language: str, query: str) -> bool:
    return INFO_TITLES[language] in client.get(f"/{language}/suche/", {"q": query}).content.decode()


def test_rebuild_makes_pages_findable_in_a_language_that_had_no_search_text(client, info_page):
    # As after adding Arabic to PORTAL_LANGUAGES and running migrate: the page has its
    # Arabic text, but no Arabic search text was written when it was published.
    PageSearchText.objects.filter(language="ar").delete()
    assert not _found(client, "ar", "الألمانية")

    out = StringIO()
    call_command("search_text_rebuild", stdout=out)

    assert "2 pages" in out.getvalue()  # the home page and the information page
    assert _found(client, "ar", "الألمانية")
    # Run again, nothing doubles: one row per page and language.
    call_command("search_text_rebuild", stdout=StringIO())
    assert PageSearchText.objects.filter(page=info_page, language="ar").count() == 1
