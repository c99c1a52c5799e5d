"""The page a locked-out login sees (django-axes), in the reader's language."""

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render


def lockout_response(request, original_response=None, credentials=None):
    cool_off = get_cool_off(request)
    minutes = max(1, int(cool_off.total_seconds() // 60)) if cool_off else 0
    return render(
        request,
        settings.AXES_LOCKOUT_TEMPLATE,
        {"cooloff_minutes": minutes},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


def client_ip(request) -> str | None:
    """The address login throttling locks on.

    Behind the reverse proxy every request comes from the proxy's address, so locking on
    REMOTE_ADDR would let anyone lock a staff account for everyone. With
    TRUSTED_PROXY_COUNT = n proxies in front, the client is the n-th address from the
    right of X-Forwarded-For (each proxy appends the address it saw; entries further left
    are whatever the client claimed and are never trusted).
    """
    count = settings.TRUSTED_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
