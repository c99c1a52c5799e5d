"""Template tags of the public site."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from cms.languages import lang_attrs, shown_text
from cms.languages import language_links as _language_links
from cms.search import has_own_translation
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


@register.simple_tag(takes_context=True)
def translation_notice(context, page):
    """For a page read in a machine-made or outdated translation: says so, in the
    reader's language, with a link to the German original (the AI labelling readers
    are owed). Pages shown in German have their own notice (is_untranslated). Nothing
    to render (most pages): no template is rendered either."""
    from cms.constants import TRANSLATION_NOTICE_STATUSES
    from cms.languages import url_in_language
    from cms.mt.services import translation_status

    code = translation.get_language()
    request = context.get("request")
    if page is None or request is None or code == _source_language() or is_untranslated(page):
        return ""
    status = translation_status(page, code)
    if status not in TRANSLATION_NOTICE_STATUSES:
        return ""
    source = _source_language()
    return render_to_string(
        "cms/_translation_notice.html",
        {
            "status": status,
            "original_url": url_in_language(request, source, page),
            "source": source,
        },
    )


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


@register.filter
def cefr_label(value: str) -> str:
    """ "A1" stays "A1"; "alpha" reads "Alphabetisierung" in the reader's language."""
    from cms.constants import CefrLevel

    return CefrLevel(value).label if value in CefrLevel.values else value
