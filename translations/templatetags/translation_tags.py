"""Template tags of the translation pipeline for the public site."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from cms.languages import has_own_translation, url_in_language
from translations.constants import TRANSLATION_NOTICE_STATUSES
from translations.services import translation_status

register = template.Library()


@register.simple_tag(takes_context=True)
def translation_notice(context, page):
    """For a page read in a machine-made or outdated translation: says so, in the
    reader's language, with a link to the German original (the AI labelling readers
    are owed). Pages shown in German have their own notice (is_untranslated). Nothing
    to render (most pages): no template is rendered either."""
    code = translation.get_language()
    request = context.get("request")
    source = settings.LANGUAGE_CODE
    if page is None or request is None or code == source or not has_own_translation(page, code):
        return ""
    status = translation_status(page, code)
    if status not in TRANSLATION_NOTICE_STATUSES:
        return ""
    return render_to_string(
        "translations/_notice.html",
        {
            "status": status,
            "original_url": url_in_language(request, source, page),
            "source": source,
        },
    )
