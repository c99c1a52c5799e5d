"""The product's URLs plus `/bench/hello/`, the reference of the page benchmark.

config.urls is extended, not include()d: Django refuses i18n_patterns in an included
URLconf, and LocaleMiddleware looks for them in the root URLconf.
"""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns


def hello(request):
    """The smallest useful Django response: what the framework costs without a page."""
    return HttpResponse(b"Hello, world\n", content_type="text/plain; charset=utf-8")


urlpatterns = [path("bench/hello/", hello, name="bench_hello"), *portal_urlpatterns]
