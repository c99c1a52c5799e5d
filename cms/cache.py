"""One cache every process sees: whole public pages and the lists many pages show, kept
in Django's cache (Redis in production, a file cache shared by the demo's web server and
worker) and kept current by version tokens.

A version token is a random value stored under a fixed key. Everything cached records
the tokens it was built with; it is used only while every one of them is unchanged.
Changing content replaces tokens (a fresh UUID, after the transaction commits), so every
process sees the change at its next read, and nothing has to find and delete entries
(which expire on their own). Tokens, not counters: the file and database caches
implement `incr` as get-then-set, which loses increments between processes.

The tokens (`ALL`, `TREE`, `LEGAL`, `SNIPPETS`, `page_token(id)`):

- `all`: what every page depends on beyond its own text: the site, the pages' places in
  the tree (moves, deletions), view restrictions, redirects;
- `tree`: any page published or unpublished: lists of pages (offer index, news, sitemap);
- `legal`: a legal page published or unpublished (the footer of every page links them);
- `snippets`: an organisation, place, target group, spoken language or form changed;
- `page:<id>`: the page itself (published, unpublished, its translation state changed).

A page is stored twice: under its address (which query parameters it understands and
which tokens it depends on, `PageVariants`) and, per variant of those parameters, the
response with the tokens it was rendered with. A hit costs two cache reads. Parameters
a page does not understand (`?utm_source=…`) do not enter the key: they add no entry.
"""

import hashlib
import uuid
from collections.abc import Callable, Iterable
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from wagtail.models import PageViewRestriction

from portal.served import page_served_mark

PREFIX = "portal"
ALL = "all"
TREE = "tree"
LEGAL = "legal"
SNIPPETS = "snippets"
PAGE_TOKENS = (ALL, SNIPPETS, LEGAL)  # what every page shows
# Headers worth keeping; Set-Cookie never is (a cached cookie would go to everyone).
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Link")


def page_token(page_id: int) -> str:
    return f"page:{page_id}"


def _token_key(name: str) -> str:
    return f"{PREFIX}:v:{name}"


# --- version tokens ---------------------------------------------------------------------


def tokens_read(names: Iterable[str], *, also: Iterable[str] = ()) -> tuple[dict, dict]:
    """The current value of each token (a missing one, never set or evicted, gets a fresh
    value), and the cached values of the keys in `also`, in one read."""
    names = list(dict.fromkeys(names))
    keys = [_token_key(name) for name in names]
    found = cache.get_many([*keys, *also])
    missing = [key for key in keys if key not in found]
    if missing:
        # add() keeps a value another process set in between; read back what won.
        for key in missing:
            cache.add(key, uuid.uuid4().hex, None)
        found.update(cache.get_many(missing))
    tokens = {name: found.get(key) for name, key in zip(names, keys, strict=True)}
    return tokens, {key: found[key] for key in also if key in found}


def tokens_replace(*names: str) -> None:
    """Replaces the tokens at once, and again once the current transaction has committed:
    a process that read the new token while the change was not yet committed may have
    stored the old rows under it; the second replacement makes that entry stale."""

    def replace():
        cache.set_many({_token_key(name): uuid.uuid4().hex for name in names}, None)

    replace()
    transaction.on_commit(replace)


def page_changed(page_id: int, *, listed: bool = True, legal: bool = False) -> None:
    """A page's text, state or existence changed: its own token, and the lists' (and
    the footer's) where it appears in them."""
    names = [page_token(page_id)]
    if listed:
        names.append(TREE)
    if legal:
        names.append(LEGAL)
    tokens_replace(*names)


def everything_changed() -> None:
    tokens_replace(ALL, TREE, LEGAL, SNIPPETS)


# --- lists shown on many pages ------------------------------------------------------------


def cached_list(name: str, build: Callable, *, depends_on: Iterable[str]):
    """`build()`, kept until one of the tokens it depends on changes (or for
    LIST_CACHE_SECONDS). One cache read when it is current."""
    if settings.LIST_CACHE_SECONDS <= 0:
        return build()
    key = f"{PREFIX}:list:{name}"
    tokens, found = tokens_read(depends_on, also=[key])
    entry = found.get(key)
    if entry is not None and entry["tokens"] == tokens:
        return entry["value"]
    value = build()
    cache.set(key, {"tokens": tokens, "value": value}, settings.LIST_CACHE_SECONDS)
    return value


# --- whole pages ---------------------------------------------------------------------------


def _digest(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def _address_key(request) -> str:
    return f"{PREFIX}:page:{_digest(request.get_host(), request.path)}"


def _variant_key(request, params: Iterable[str]) -> str:
    understood = sorted(
        (name, value)
        for name in params
        for value in request.GET.getlist(name)
        if value != ""  # "?seite=" is the page without it
    )
    return f"{PREFIX}:page:{_digest(request.get_host(), request.path, urlencode(understood))}"


def _cacheable_request(request) -> bool:
    """An anonymous GET of an address Wagtail serves (not the search, the API, the
    admin, the booking screens)."""
    if settings.PAGE_CACHE_SECONDS <= 0 or request.method not in ("GET", "HEAD"):
        return False
    try:
        if resolve(request.path_info).url_name != "wagtail_serve":
            return False
    except Resolver404:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def page_serving(page, request, serve_args, serve_kwargs):
    """Wagtail hook (before_serve_page, cms/wagtail_hooks.py): which page this request
    shows (portal.served, for the page-view count too), what the page cache must know of
    it, and its own token read before it is rendered."""
    page_served_mark(request, page.pk)
    state = getattr(request, "_page_cache", None)
    if state is None:
        return
    # Wagtail's own hook (order 0) has answered a restricted page with its password or
    # login form before this one runs; a reader who is served a page anyway has logged
    # in (not cached) or has given a page's password in this session: never for everyone.
    if request.session.get(PageViewRestriction.passed_view_restrictions_session_key):
        page_cache_skip(request)
        return
    # A plain Wagtail page (not one of the site's types) shows no lists of its own.
    shows_lists = getattr(page, "cache_shows_lists", False)
    deps = (*PAGE_TOKENS, page_token(page.pk), *((TREE,) if shows_lists else ()))
    tokens, _found = tokens_read([name for name in deps if name not in state["tokens"]])
    state.update(
        page_id=page.pk,
        params=tuple(getattr(page, "cache_query_params", ())),
        deps=deps,
        tokens={**state["tokens"], **tokens},
    )


class PageCacheMiddleware:
    """Anonymous GET requests for pages served by Wagtail come from the cache while the
    tokens they were rendered with are current (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _cacheable_request(request):
            return self.get_response(request)
        address_key = _address_key(request)
        variants = cache.get(address_key)
        if variants is not None:
            hit = self._hit(request, variants)
            if hit is not None:
                return hit
        # The shared tokens are read before the page is read and rendered: a change
        # committed meanwhile replaces them, and the entry stored below is then stale.
        tokens, _found = tokens_read(PAGE_TOKENS + (TREE,))
        request._page_cache = {"tokens": tokens}
        response = self.get_response(request)
        state = request._page_cache
        if "page_id" in state and self._storable(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            stored = {
                "content": response.content,
                "headers": {name: response[name] for name in KEPT_HEADERS if name in response},
                "page_id": state["page_id"],
                "tokens": {name: state["tokens"][name] for name in state["deps"]},
            }
            cache.set_many(
                {
                    address_key: {"params": state["params"], "deps": state["deps"]},
                    _variant_key(request, state["params"]): stored,
                },
                settings.PAGE_CACHE_SECONDS,
            )
            response["X-Page-Cache"] = "miss"
        return response

    def _hit(self, request, variants):
        variant_key = _variant_key(request, variants["params"])
        tokens, found = tokens_read(variants["deps"], also=[variant_key])
        stored = found.get(variant_key)
        if stored is None or stored["tokens"] != tokens:
            return None
        response = HttpResponse(stored["content"], status=200)
        for name, value in stored["headers"].items():
            response[name] = value
        response["X-Page-Cache"] = "hit"
        page_served_mark(request, stored["page_id"])
        return response

    @staticmethod
    def _storable(request, response) -> bool:
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
            and not getattr(request, "page_cache_skip", False)
        )


def page_cache_skip(request) -> None:
    """This answer must not be stored (a page made for one reader's odd input, e.g. a
    filter value the form did not understand): the next reader gets a fresh one."""
    request.page_cache_skip = True
