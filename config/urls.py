from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms import views as cms_views
from cms.api import api_router
from config.views import language_redirect

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

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public page carries its language: /de/…, /ar/…
urlpatterns += i18n_patterns(
    path("suche/", cms_views.search, name="search"),
    path("api/v2/", api_router.urls),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
