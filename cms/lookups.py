"""Lookups every public page view makes, read from the list cache instead of the database.

Wagtail asks the database on each request which site answers (one query) and which
view restrictions apply to the page (two queries), and `PageQuerySet.public()` reads
every restriction again for each list. These rows change only when an administrator
edits a site, a page's privacy or an alias, so they are kept in the list cache
(cms.page_cache.cached_list, the same mechanism as Wagtail's own cached site root
paths) and dropped by the receivers in cms.apps when they change. With
LIST_CACHE_SECONDS=0 (the tests) every call reads the database, as Wagtail does.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote

from django.conf import settings
from django.db.models import Q
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models import sites as wagtail_sites

from cms.languages import shown_text
from cms.page_cache import cached_list

_wagtail_get_site_for_hostname = wagtail_sites.get_site_for_hostname


def cached_site_for_hostname(hostname, port):
    """Wagtail's get_site_for_hostname (the same matching rules), cached per host and
    port. cms.apps puts it in Wagtail's place; no site matching is not cached."""
    found = cached_list(
        f"site:{hostname}:{port}",
        lambda: _site_or_none(hostname, port),
    )
    if found is None:
        raise Site.DoesNotExist
    return found


def _site_or_none(hostname, port):
    try:
        return _wagtail_get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None


@dataclass(frozen=True)
class Restrictions:
    restricted: dict  # tree path of a restricted page -> its id
    aliases: frozenset  # tree paths of alias pages

    def ids_for(self, path: str, steplen: int) -> list[int] | None:
        """Ids of the restricted pages among `path` and its ancestors; None where an
        alias is among them (its source's restrictions apply: Wagtail decides)."""
        prefixes = [path[:end] for end in range(steplen, len(path) + 1, steplen)]
        if any(prefix in self.aliases for prefix in prefixes):
            return None
        return [self.restricted[prefix] for prefix in prefixes if prefix in self.restricted]


def view_restrictions() -> Restrictions:
    def build():
        restricted = dict(PageViewRestriction.objects.values_list("page__path", "page_id"))
        aliases = frozenset(
            Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
        )
        return Restrictions(restricted=restricted, aliases=aliases)

    return cached_list("view-restrictions", build)


def page_view_restrictions(page):
    """What Page.get_view_restrictions() returns, without a query where nothing on the
    page's way from the root is restricted (the usual case on a public site)."""
    ids = view_restrictions().ids_for(page.path, page.steplen)
    if ids is None:
        return None
    if not ids:
        return PageViewRestriction.objects.none()
    return PageViewRestriction.objects.filter(page_id__in=ids)


def public_q() -> Q:
    """PageQuerySet.public()'s condition (no restricted page above or at a page), built
    from the cached restrictions."""
    q = Q()
    for path in view_restrictions().restricted:
        q &= ~Q(path__startswith=path)
    return q


# --- page addresses -------------------------------------------------------------------
# Wagtail's Page.get_url_parts() reverses the `wagtail_serve` URL for every link it
# writes (the language switcher alone writes seven per page, an offer list ten more).
# With one site and modeltranslation's address per language in url_path, the address is
# the language's prefix of that URL plus the page's path below the site root: the prefix
# is reversed once per language and URLconf, the rest is string work.

WAGTAIL_SERVE_PATH = re.compile(r"^(?:[\w\-]+/)*$")  # wagtail.urls serve_pattern


@lru_cache(maxsize=64)
def _serve_prefix(language: str, urlconf, script_prefix: str) -> str:
    with translation.override(language):
        return reverse("wagtail_serve", args=("",), urlconf=urlconf)


def page_url_parts(page, request=None):
    """(site_id, root_url, page_path) as Wagtail's Page.get_url_parts() returns them,
    or None where this shortcut does not apply (several sites, Wagtail's own i18n, no
    trailing slash, a path the serve pattern does not take): Wagtail's method decides."""
    return _url_parts(page.url_path, page._get_relevant_site_root_paths(request))


def url_for_url_path(url_path: str, request=None, language: str | None = None) -> str | None:
    """The address Page.get_url() gives the page with this url_path (in `language`, by
    default the active one); None where Wagtail must decide (see above)."""
    root_paths = _site_root_paths(request)
    if len({values[0] for values in root_paths}) != 1:
        return None  # several sites: Wagtail chooses relative or absolute addresses
    parts = _url_parts(
        url_path,
        tuple(values for values in root_paths if url_path.startswith(values[1])),
        language,
    )
    return parts[2] if parts else None


def url_for_row(row: dict, request=None, language: str | None = None) -> str:
    """The address of the page a value row describes (its `id` and `url_path_<code>`
    columns for the reader's language and German), for lists read as values. Where
    Wagtail must decide (several sites), it reads the page and asks it."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    url_path, _lang = shown_text(row.get, "url_path", language)
    url = url_for_url_path(url_path, request, language) if url_path else None
    if url is None:
        with translation.override(language):
            url = Page.objects.get(pk=row["id"]).specific.get_url(request)
    return url or ""


def _site_root_paths(request):
    """Site.get_site_root_paths(), kept on the request as Wagtail's pages keep it."""
    if request is None:
        return Site.get_site_root_paths()
    try:
        return request._wagtail_cached_site_root_paths
    except AttributeError:
        request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
        return request._wagtail_cached_site_root_paths


def _url_parts(url_path: str, possible_sites, language: str | None = None):
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False) or not getattr(
        settings, "WAGTAIL_APPEND_SLASH", True
    ):
        return None
    if not possible_sites or len({values[0] for values in possible_sites}) > 1:
        return None
    site_id, root_path, root_url, _language = possible_sites[0]
    relative = url_path[len(root_path) :]
    if not WAGTAIL_SERVE_PATH.match(relative):
        return None
    try:
        prefix = _serve_prefix(
            language or translation.get_language() or settings.LANGUAGE_CODE,
            get_urlconf(),
            get_script_prefix(),
        )
    except NoReverseMatch:
        return None
    return (site_id, root_url, prefix + quote(relative, safe=RFC3986_SUBDELIMS + "/~:@"))
