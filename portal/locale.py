"""LocaleMiddleware for a site whose public pages carry their language in the path but
whose staff screens (/sprachmittlung/, /admin/) do not.

Django's LocaleMiddleware answers a 404 by redirecting to the same path with the
language prefix when that path could exist there; Wagtail's catch-all route makes every
path look possible, so a staff screen's 404 (another department's request, a guessed
id) became a redirect to /de/…. Outside the public site a 404 stays a 404.
"""

from django.middleware.locale import LocaleMiddleware

UNPREFIXED = ("/sprachmittlung/", "/admin/", "/documents/", "/media/", "/healthz", "/sitemap")


class PortalLocaleMiddleware(LocaleMiddleware):
    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED):
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
            return response
        return super().process_response(request, response)
