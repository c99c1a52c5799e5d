"""Whole-page cache of the public pages, per language, in Django's cache (Redis in
production, local memory in the demo).

Only anonymous GET requests for pages served by Wagtail are cached, keyed by host and
full path (the language is in the path, filters in the query string). Publishing or
unpublishing a page drops exactly its entries in every language, and those of its
ancestors, which list it (offer index, home page news). Editing a snippet that pages
show (an organisation, a place) empties the whole page cache: it is rare, and the
pages it touches are not tracked.
"""

import hashlib
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from portal.served import page_served_mark

KEY_PREFIX = "pagecache"
# Headers worth keeping; Set-Cookie never is (a cached cookie would go to everyone).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Link")


def _generation() -> int:
    return cache.get_or_set(f"{KEY_PREFIX}:generation", 1, None)


def _key(request) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}"
    return f"{KEY_PREFIX}:{_generation()}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _page_keys(page_id: int) -> str:
    return f"{KEY_PREFIX}:{_generation()}:page:{page_id}"


def _cacheable_request(request) -> bool:
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def remember_served_page(page, request, serve_args, serve_kwargs):
    """Wagtail hook (before_serve_page, registered in wagtail_hooks): marks the request as
    a page, so that the admin, the search and the API are never cached, and says which
    page it is (portal.served: the page-view count reads it)."""
    request.page_cache_page = page
    page_served_mark(request, page.pk)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            response = HttpResponse(stored["content"], status=200)
            for name, value in stored["headers"].items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            page_served_mark(request, stored["page_id"])
            return response
        response = self.get_response(request)
        page = getattr(request, "page_cache_page", None)
        if (
            page is not None
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        ):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = {name: response[name] for name in KEPT_HEADERS if name in response}
            cache.set(
                key,
                {"content": response.content, "headers": headers, "page_id": page.pk},
                settings.PAGE_CACHE_SECONDS,
            )
            keys = cache.get(_page_keys(page.pk)) or []
            if key not in keys:
                cache.set(_page_keys(page.pk), [*keys, key], settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response


def page_cache_invalidate(page) -> None:
    """Drop the cached versions (every language, every query) of a page and of the pages
    above it."""
    ids = [page.pk, *page.get_ancestors().values_list("pk", flat=True)]
    for page_id in ids:
        list_key = _page_keys(page_id)
        keys = cache.get(list_key) or []
        cache.delete_many([*keys, list_key])


def page_cache_clear() -> None:
    """Everything: a new generation makes every stored key unreachable (they expire)."""
    try:
        cache.incr(f"{KEY_PREFIX}:generation")
    except ValueError:
        cache.set(f"{KEY_PREFIX}:generation", 2, None)


# --- lists shown on many pages (footer legal links, latest news) ---------------------
# Cached until any page is published, unpublished, moved or deleted: reading them costs
# two queries over the wide, per-language page table on every uncached page view.

LISTS_VERSION_KEY = f"{KEY_PREFIX}:lists-version"


# This process keeps the lists it has read, with the version they belong to, so that a
# page view does not unpickle the same site, legal pages and news again: one small read
# of the version decides whether they are still current. The lists are shared between
# requests and threads and must not be changed by their readers.
_read: dict = {}  # name -> (version, monotonic deadline, value)


def _lists_version() -> int:
    # A random start, not 1: after the cache is emptied (a Redis flush, the tests), the
    # versions start afresh and must not meet one this process still holds lists of.
    return cache.get_or_set(LISTS_VERSION_KEY, lambda: secrets.randbits(62), None)


def cached_list(name: str, build):
    if settings.LIST_CACHE_SECONDS <= 0:
        return build()
    version = _lists_version()
    now = time.monotonic()
    held = _read.get(name)
    if held is not None and held[0] == version and held[1] > now:
        return held[2]
    key = f"{KEY_PREFIX}:list:{version}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.LIST_CACHE_SECONDS)
    _read[name] = (version, now + settings.LIST_CACHE_SECONDS, value)
    return value


def cached_lists_clear() -> None:
    try:
        cache.incr(LISTS_VERSION_KEY)
    except ValueError:
        _lists_version()  # none yet: a fresh random one
