"""The product's URLs plus the two references of the page benchmark.

- `/bench/hello/`: a minimal view, what Django and the middleware cost without a page;
- `/bench/hello-cached/`: the same view behind Django's `cache_page`, on the same cache
  as the portal's page cache (Redis, CACHE_URL): what a page served whole from Django's
  own cache costs, the yardstick of the portal's page cache.

config.urls is extended, not include()d: Django refuses i18n_patterns in an included
URLconf, and LocaleMiddleware looks for them in the root URLconf.
"""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import cache_page

from config.urls import urlpatterns as portal_urlpatterns

# Seconds the cached reference stays in the cache: longer than a benchmark's rounds.
HELLO_CACHE_SECONDS = 600


def hello(request):
    """The smallest useful Django response: what the framework costs without a page."""
    return HttpResponse(b"Hello, world\n", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/hello/", hello, name="bench_hello"),
    path(
        "bench/hello-cached/",
        cache_page(HELLO_CACHE_SECONDS)(hello),
        name="bench_hello_cached",
    ),
    *portal_urlpatterns,
]
