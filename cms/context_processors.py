"""Values every template of the public site needs."""

from django.conf import settings
from django.utils import translation

from cms.languages import is_rtl


def portal(request):
    code = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "LANGUAGE_DIRECTION": "rtl" if is_rtl(code) else "ltr",
    }
