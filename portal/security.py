"""Security headers that depend on the path.

The public site gets the strict policy of settings.CONTENT_SECURITY_POLICY (no inline
script or style, no framing). Wagtail's admin still renders inline scripts and styles
and shows its page preview in a same-origin iframe, so under /admin/ scripts and
styles may be inline and framing by the same origin is allowed. Nothing else is
loosened there: still no third-party host.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_PREFIX = "/admin/"

ADMIN_CSP_UPDATE = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}


def is_admin_path(path: str) -> bool:
    return path.startswith(ADMIN_PREFIX)


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and is_admin_path(request.path_info):
            parts.replace = {**(parts.replace or {}), **ADMIN_CSP_UPDATE}
        return parts


class SecurityHeadersMiddleware:
    """Listed after XFrameOptionsMiddleware, so its response side runs first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_admin_path(request.path_info):
            # Wagtail's live preview frames admin pages in the admin itself.
            response.headers.setdefault("X-Frame-Options", "SAMEORIGIN")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        if settings.DEBUG is False:
            response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
