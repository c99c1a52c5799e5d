"""Project-level views that belong to no app."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.static import serve


def language_redirect(request):
    """`/` sends the reader to their best language (Accept-Language), German if none fits.

    A temporary redirect that varies on Accept-Language, so no cache hands one
    reader's language to another.
    """
    code = translation.get_language_from_request(request)
    response = HttpResponseRedirect(f"/{code}/")
    patch_vary_headers(response, ["Accept-Language", "Cookie"])
    return response


IMAGE_FOLDERS = ("images", "original_images")  # Wagtail's renditions and originals


@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def media_image(request, path):
    """An image file under MEDIA_ROOT's image folders (config/urls.py). Django's static
    view only keeps a path inside MEDIA_ROOT; a path that climbs out of the image
    folders (`images/../documents/…`) would reach documents past their privacy check."""
    parts = path.split("/")
    if parts[0] not in IMAGE_FOLDERS or any(part in ("", ".", "..") for part in parts):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
