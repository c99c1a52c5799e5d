"""Public views that are not pages: search, sitemap.xml, robots.txt."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET
from wagtail.models import Page, Site

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
            "paths": home_paths(home, request) if isinstance(home, HomePage) else [],
        },
    )


class PageSitemap(Sitemap):
    """Every published page in every language it is written in, with hreflang alternates."""

    i18n = True
    alternates = True
    # No x-default here: Django would write the address without its language prefix,
    # which this site does not serve. The pages' own <link hreflang="x-default"> name
    # the German version.
    x_default = False
    languages = [code for code, _name in settings.LANGUAGES]

    def items(self):
        from cms.models import OfferPage

        expired = OfferPage.objects.exclude(offer_valid_q()).values("pk")
        return list(
            Page.objects.live()
            .public()
            .filter(depth__gt=1)
            .exclude(pk__in=expired)
            .specific()
            .order_by("path")
        )

    def get_languages_for_item(self, item):
        return page_languages(item)

    def location(self, item):
        return item.get_url_parts()[2]

    def lastmod(self, item):
        return item.last_published_at


def sitemap(request):
    from django.contrib.sitemaps.views import sitemap as django_sitemap

    return django_sitemap(request, {"pages": PageSitemap()})


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /*/suche/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
