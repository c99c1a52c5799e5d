"""Public views that are not pages: search, sitemap.xml, robots.txt."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

from cms.cache import ALL, TREE, cached_list
from cms.models import HomePage
from cms.search import page_languages, page_search_paginated
from cms.selectors import home_paths, offer_valid_q
from portal.signals import search_finished

MAX_QUERY_LENGTH = 200


@require_GET
def search(request):
    query = request.GET.get("q", "").strip()
    error = ""
    if len(query) > MAX_QUERY_LENGTH:
        error = "too_long"
        query = query[:MAX_QUERY_LENGTH]
    language = translation.get_language()
    results = page_search_paginated(query, language, request.GET.get("seite")) if query else None
    if results is not None:
        # analytics counts what readers look for and do not find.
        search_finished.send(
            sender=search, request=request, query=query, found=results.paginator.count
        )
    site = Site.find_for_request(request)
    home = site.root_page.specific if site else None
    return render(
        request,
        "cms/search.html",
        {
            "query": query,
            "error": error,
            "page_obj": results,
            "home": home,
            "paths": home_paths(home) if isinstance(home, HomePage) else [],
        },
    )


def _sitemap_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


@require_GET
def sitemap_index(request):
    """/sitemap.xml: the index of one sitemap per language (each small enough to build
    in one request, and renewed only when pages change)."""
    locations = [
        request.build_absolute_uri(reverse("sitemap_language", args=[code]))
        for code in _sitemap_languages()
    ]
    return render(
        request,
        "cms/sitemap_index.xml",
        {"locations": locations},
        content_type="application/xml; charset=utf-8",
    )


@require_GET
def sitemap_language(request, code: str):
    """/sitemap-<code>.xml: every published, public, valid page written in that language,
    with the addresses of its other languages as hreflang alternates. Kept in the shared
    cache until a page is published, unpublished, moved or made private."""
    if code not in _sitemap_languages():
        raise Http404
    root = request.build_absolute_uri("/")
    xml = cached_list(
        f"sitemap:{root}:{code}",
        lambda: _sitemap_xml(request, code),
        depends_on=(ALL, TREE),
    )
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")


def _sitemap_xml(request, code: str) -> str:
    from cms.models import OfferPage

    expired = OfferPage.objects.exclude(offer_valid_q()).values("pk")
    pages = (
        Page.objects.live()
        .public()
        .filter(depth__gt=1)
        .exclude(pk__in=expired)
        .defer_streamfields()
        .order_by("path")
    )
    entries = []
    for page in pages.iterator(chunk_size=500):
        languages = page_languages(page)
        if code not in languages:
            continue
        addresses = {}
        for language in languages:
            with translation.override(language):
                addresses[language] = request.build_absolute_uri(page.get_url(request))
        entries.append(
            {
                "location": addresses[code],
                "lastmod": page.last_published_at,
                "alternates": sorted(addresses.items()),
            }
        )
    return render_to_string("cms/sitemap_language.xml", {"entries": entries})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /*/suche/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
