"""Project-level views that belong to no app."""

from django.http import HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers


def language_redirect(request):
    """`/` sends the reader to their best language (Accept-Language), German if none fits.

    A temporary redirect that varies on Accept-Language, so no cache hands one
    reader's language to another.
    """
    code = translation.get_language_from_request(request)
    response = HttpResponseRedirect(f"/{code}/")
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response
