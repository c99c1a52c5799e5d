"""`/healthz` for container health checks: database and broker, 200 or 503.

Answered by a middleware placed first, so that a check from inside the container
(Host: localhost, plain HTTP) is neither refused by ALLOWED_HOSTS nor redirected to
HTTPS. It names the failing part but not the error text, which may hold host names.
"""

import logging

from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_broker() -> None:
    from config.celery import app

    with app.connection_for_write() as conn:
        # One attempt, bounded by CELERY_BROKER_CONNECTION_TIMEOUT: a health check must not hang.
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=3)


CHECKS = {"database": check_database, "broker": check_broker}


def health_status() -> tuple[int, dict]:
    parts = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure means "not healthy"; the kind is logged
            logger.warning("Health check %s failed: %s", name, exc.__class__.__name__)
            parts[name] = "unavailable"
        else:
            parts[name] = "ok"
    healthy = all(state == "ok" for state in parts.values())
    return (200 if healthy else 503), {"status": "ok" if healthy else "error", **parts}


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH and request.method in ("GET", "HEAD"):
            status, body = health_status()
            response = JsonResponse(body, status=status)
            response["Cache-Control"] = "no-store"
            return response
        return self.get_response(request)
