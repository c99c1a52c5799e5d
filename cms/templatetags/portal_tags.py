"""Template tags of the public site."""

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from cms import selectors
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


# The language links are written in Python, not with template loops: three loops over
# seven languages on every page were a quarter of an uncached page's rendering.


@register.simple_tag
def hreflang_links(languages):
    """<link rel="alternate" hreflang> for every language, and x-default (German)."""
    links = [(link.code, link.absolute_url) for link in languages]
    links += [("x-default", link.absolute_url) for link in languages if link.code == "de"]
    return format_html_join("\n  ", '<link rel="alternate" hreflang="{}" href="{}">', links)


@register.simple_tag
def language_switcher_items(languages):
    """The switcher's list items: each language's name in its own script and direction."""
    return format_html_join(
        "\n          ",
        '<li><a href="{}" hreflang="{}" lang="{}" dir="{}"{}>{}</a></li>',
        (
            (
                link.url,
                link.code,
                link.code,
                link.direction,
                mark_safe(' aria-current="true"') if link.is_current else "",
                link.name_local,
            )
            for link in languages
        ),
    )


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


@register.simple_tag(takes_context=True)
def home_paths(context, page):
    """The home page's main paths in the reader's language, with their addresses."""
    return selectors.home_paths(page, context.get("request"))


@register.simple_tag
def news_latest(limit: int = 3):
    return selectors.news_list_latest(limit=limit)


@register.simple_tag(takes_context=True)
def news_listing(context):
    """One page of news (?seite=)."""
    request = context["request"]
    return selectors.news_list_paginated(page_number=request.GET.get("seite"))


@register.simple_tag(takes_context=True)
def offer_listing(context) -> dict:
    """The offer index's filter form and one page of the offers it selects. An unknown
    value in one filter (an old link) is named in the form and ignored; the valid ones
    still apply."""
    request = context["request"]
    form = OfferFilterForm(request.GET or None)
    filters = {}
    if form.is_bound:
        form.is_valid()
        filters = form.cleaned_data
    return {
        "form": form,
        "page_obj": selectors.offer_list_paginated(
            filters=filters, page_number=request.GET.get("seite"), request=request
        ),
    }


@register.simple_tag
def offer_facts(page):
    return selectors.offer_facts(page)


@register.simple_tag
def brochures():
    return selectors.brochure_list()
