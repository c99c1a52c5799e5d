from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from cms.api import api_router
from config.views import language_redirect, media_image

urlpatterns = [
    path("", language_redirect, name="language_redirect"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The committee report is its own app (reporting), under the booking's address.
    path("sprachmittlung/bericht/", include("reporting.urls")),
    path("sprachmittlung/", include("sprachmittler.urls")),
    path("sitemap.xml", cms_views.sitemap_index, name="sitemap"),
    path("sitemap-<str:code>.xml", cms_views.sitemap_language, name="sitemap_language"),
    path("robots.txt", cms_views.robots_txt, name="robots_txt"),
]

# Images (their renditions, and the originals the admin shows) are files under
# MEDIA_ROOT: served by Django in every environment, so that an uploaded image shows
# without a separate web server for media (a caching proxy in front keeps the load off).
# Documents are never served from here: Wagtail's document view (/documents/…) checks
# their collection's privacy first.
urlpatterns += [
    re_path(
        r"^media/(?P<path>.+)$",
        media_image,
        name="media_image",
    )
]

# Every public page carries its language: /de/…, /ar/…
urlpatterns += i18n_patterns(
    path("suche/", cms_views.search, name="search"),
    path("api/v2/", api_router.urls),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
