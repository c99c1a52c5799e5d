"""Site search in the reader's language, with German as the marked fallback.

`search_text_update(page)` writes one PageSearchText row per language the page is
translated into (German always), from the live page; `page_search(query, language)`
finds pages in that language, and German pages that have no translation into it.
"""

import contextlib
from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Value, When
from django.utils.html import strip_tags
from modeltranslation.translator import NotRegistered, translator
from wagtail.fields import StreamValue
from wagtail.models import Page

from cms.languages import has_own_translation
from cms.models import OfferPage, PageSearchText
from cms.selectors import offer_valid_q

RESULTS_PER_PAGE = 10
MAX_TERMS = 8


def page_languages(page) -> list[str]:
    """The languages a page is written in: German, and those with their own title."""
    source = settings.LANGUAGE_CODE
    return [
        code
        for code, _name in settings.LANGUAGES
        if code == source or has_own_translation(page, code)
    ]


def _field_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, StreamValue):
        return " ".join(value.stream_block.get_searchable_content(value))
    if hasattr(value, "source"):  # RichText
        value = value.source
    return strip_tags(str(value))


def _page_text(page, code: str) -> tuple[str, str, str]:
    """(title, summary, full text) of a page in one language, without fallback."""
    specific = page.specific
    names: list[str] = ["title", "search_description"]
    with contextlib.suppress(NotRegistered):
        names += list(translator.get_options_for_model(type(specific)).all_fields)
    seen, parts = set(), []
    for name in names:
        if name in seen or name in ("slug", "url_path", "seo_title"):
            continue
        seen.add(name)
        parts.append(_field_text(getattr(specific, f"{name}_{code}", None)))
    if isinstance(specific, OfferPage):
        # Readers search for the town and the organisation too ("Tostedt", "KVHS").
        if specific.organisation:
            org = specific.organisation
            parts += [org.short_name, getattr(org, f"name_{code}", "") or org.name_de]
        for place in specific.places.all():
            parts += [getattr(place, f"name_{code}", "") or place.name_de]
            parts += [place.get_municipality_display()]
    title = getattr(specific, f"title_{code}", "") or ""
    summary = (
        getattr(specific, f"intro_{code}", "")
        or getattr(specific, f"search_description_{code}", "")
        or ""
    )
    text = " ".join(part for part in parts if part)
    return title, _field_text(summary)[:300], text


@transaction.atomic
def search_text_update(page: Page) -> None:
    page = Page.objects.get(pk=page.pk).specific  # the live, stored version
    languages = page_languages(page)
    PageSearchText.objects.filter(page=page).exclude(language__in=languages).delete()
    for code in languages:
        title, summary, text = _page_text(page, code)
        PageSearchText.objects.update_or_create(
            page=page,
            language=code,
            defaults={"title": title.casefold(), "text": text.casefold(), "summary": summary},
        )


def search_text_rebuild() -> int:
    """Every live page's search text in every published language, written anew (the
    command of the same name); returns the number of pages. Pages are read a few hundred
    at a time, so that memory does not grow with the site."""
    pages = Page.objects.live().filter(depth__gt=1).order_by("pk").specific()
    count = 0
    for page in pages.iterator(chunk_size=200):
        search_text_update(page)
        count += 1
    return count


@dataclass
class SearchResult:
    page: Page
    summary: str
    is_fallback: bool  # shown in German: no translation into the reader's language


def page_search(query: str, language: str):
    """Matches of every word of the query; title matches first."""
    terms = [term for term in query.casefold().split() if term][:MAX_TERMS]
    if not terms:
        return PageSearchText.objects.none()
    source = settings.LANGUAGE_CODE
    own = PageSearchText.objects.filter(page_id=OuterRef("page_id"), language=language)
    rows = PageSearchText.objects.filter(Q(language=language) | (Q(language=source) & ~Exists(own)))
    for term in terms:
        rows = rows.filter(text__contains=term)
    hidden_offers = OfferPage.objects.exclude(offer_valid_q()).values("pk")
    visible = Page.objects.live().public().values("pk")
    return (
        rows.filter(page_id__in=visible)
        .exclude(page_id__in=hidden_offers)
        .annotate(
            rank=Case(
                When(title__contains=terms[0], then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .select_related("page")
        .order_by("rank", "title", "pk")
    )


def page_search_paginated(query: str, language: str, page_number=None):
    page_obj = Paginator(page_search(query, language), RESULTS_PER_PAGE).get_page(page_number)
    page_obj.object_list = [
        SearchResult(page=row.page, summary=row.summary, is_fallback=row.language != language)
        for row in page_obj.object_list
    ]
    return page_obj
