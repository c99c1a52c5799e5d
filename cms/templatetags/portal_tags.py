"""Template tags of the public site."""

from django import template
from django.conf import settings
from django.utils import translation

from cms import selectors
from cms.cache import page_cache_skip
from cms.constants import CefrLevel
from cms.forms import OfferFilterForm
from cms.languages import has_own_translation, lang_attrs, shown_text
from cms.languages import language_links as _language_links
from cms.selectors import legal_page_links

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    request = context.get("request")
    if request is None:
        return []
    return _language_links(request, page or context.get("page"))


def _source_language() -> str:
    return settings.LANGUAGE_CODE


@register.simple_tag
def lang_attr(obj, field: str):
    """` lang="de" dir="ltr"` where a field is shown in German because it has no
    translation into the reader's language, so that screen readers switch voice."""
    if obj is None:
        return ""
    _value, lang = shown_text(
        lambda name: getattr(obj, name, None), field, translation.get_language()
    )
    return lang_attrs(lang)


@register.filter
def is_untranslated(page) -> bool:
    """The page has no translation into the reader's language and is shown in German."""
    code = translation.get_language()
    if page is None or code == _source_language():
        return False
    return not has_own_translation(page, code)


@register.simple_tag
def legal_links():
    return legal_page_links()


@register.simple_tag(takes_context=True)
def querystring_page(context, number):
    """The current filters with another page number (pagination links)."""
    request = context["request"]
    query = request.GET.copy()
    query["seite"] = number
    return "?" + query.urlencode()


@register.filter
def files_for(brochure, language: str):
    """A brochure's files: the reader's language first, then German, then the others."""
    return brochure.files_for(language)


# --- what the page types show besides their own fields ------------------------------
# Read here, where the template asks for them, rather than in the page models'
# get_context(): the models stay below the queries and forms that read them (no import
# cycle through cms.models).


@register.simple_tag
def home_paths(page):
    """The home page's main paths whose pages are published."""
    return selectors.home_paths(page)


@register.simple_tag
def news_latest(limit: int = 3):
    return selectors.news_list_latest(limit=limit)


@register.simple_tag(takes_context=True)
def news_listing(context):
    """One page of news (?seite=)."""
    return selectors.news_list_paginated(page_number=context["request"].GET.get("seite"))


@register.simple_tag(takes_context=True)
def offer_listing(context) -> dict:
    """The offer index's filter form and one page of the offers it selects. An answer
    made for input the site did not give out (an unknown filter value, a page number
    past the end) is not kept in the page cache: readers could otherwise fill it."""
    request = context["request"]
    form = OfferFilterForm(request.GET or None)
    filters = form.filters()
    number = request.GET.get("seite")
    page_obj = selectors.offer_list_paginated(filters=filters, page_number=number)
    if form.errors or (number not in (None, "") and str(page_obj.number) != number.strip()):
        page_cache_skip(request)
    return {"form": form, "page_obj": page_obj}


@register.simple_tag
def offer_facts(page):
    return selectors.offer_facts(page)


@register.simple_tag
def brochures():
    return selectors.brochure_list()


@register.simple_tag
def municipalities_of(offer) -> list[str]:
    """The towns of an offer's places, each once, in the places' order (prefetched by
    the offer list)."""
    return list(dict.fromkeys(place.get_municipality_display() for place in offer.places.all()))


@register.filter
def cefr_label(value: str) -> str:
    """A level as the list shows it: "A1" stays "A1", "alpha" is "Alphabetisierung" in
    the reader's language; a level the code no longer knows is shown as stored."""
    return CefrLevel(value).label if value in CefrLevel.values else value
