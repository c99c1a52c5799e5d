"""Security a reader or an attacker would notice: headers, cookies, throttled logins,
and production refusing to start without its secrets."""

import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "x7#k2!q9-" + "a1b2c3d4e5f6g7h8i9j0" * 3,
    "DATABASE_URL": "postgres://portal@db.invalid:5432/portal",
    "ALLOWED_HOSTS": "teilhabe.example.org",
    "CACHE_URL": "redis://cache.invalid:6379/2",
}


def _csp(response) -> dict[str, str]:
    return {
        part.strip().split(" ", 1)[0]: part.strip().split(" ", 1)[1]
        for part in response["Content-Security-Policy"].split(";")
        if part.strip()
    }


@pytest.mark.django_db
def test_public_pages_carry_a_strict_csp_and_security_headers(client, home_page):
    response = client.get("/de/")
    csp = _csp(response)
    assert csp["script-src"] == "'self'"
    assert csp["style-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert csp["frame-ancestors"] == "'none'"
    assert csp["font-src"] == "'self'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.django_db
def test_public_pages_run_no_inline_script_or_style(client, home_page):
    content = client.get("/ar/").content.decode()
    # Scripts only as files from this site (the optional read-aloud), never inline.
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", content, re.S)
    assert scripts, "the read-aloud script is offered"
    for attributes, body in scripts:
        assert re.search(r'src="/static/[^"]+\.js"', attributes) and body.strip() == ""
    assert "<style" not in content
    assert " style=" not in content
    # Nothing from another host: no font CDN, no tracker.
    assert "http://" not in content.replace("http://testserver/", "")
    assert "https://" not in content


@pytest.mark.django_db
def test_admin_may_be_framed_by_itself_for_the_preview(client, roles):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert _csp(response)["frame-ancestors"] == "'self'"
    assert "https://" not in response["Content-Security-Policy"]


# --- failed logins -------------------------------------------------------------


@pytest.fixture
def staff_user(roles):
    user = get_user_model().objects.create_user("rita", password="richtiges-passwort-123")
    user.groups.add(roles["Redaktion"])
    return user


def _login(client, username, password, address="10.0.0.1"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE="de",
    )


def test_correct_login_reaches_the_admin(client, staff_user):
    response = _login(client, "rita", "richtiges-passwort-123")
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_failed_logins_lock_user_and_address_then_cool_off(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _login(client, "rita", "falsch")
        assert response.status_code in (200, 429)

    locked = _login(client, "rita", "richtiges-passwort-123")
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "Zu viele fehlgeschlagene Anmeldeversuche" in text
    assert "15 Minuten" in text

    # The lock is on the pair: the same user from another address may still log in...
    assert _login(client, "rita", "richtiges-passwort-123", address="10.0.0.2").status_code == 302
    client.logout()

    # ...and after the cool-off the user may try again from the first address.
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.first().attempt_time - timedelta(minutes=16)
    )
    assert _login(client, "rita", "richtiges-passwort-123").status_code == 302


def test_behind_a_proxy_the_lock_is_on_the_client_address_not_the_proxys(
    client, staff_user, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "172.18.0.5"

    def via_proxy(password, client_address, claimed=""):
        chain = f"{claimed}, {client_address}" if claimed else client_address
        return client.post(
            "/admin/login/",
            {"username": "rita", "password": password},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=chain,
            HTTP_ACCEPT_LANGUAGE="de",
        )

    # An attacker at 203.0.113.7 fails five times, claiming other addresses in the header.
    for n in range(settings.AXES_FAILURE_LIMIT):
        via_proxy("falsch", "203.0.113.7", claimed=f"10.9.9.{n}")
    assert via_proxy("richtiges-passwort-123", "203.0.113.7").status_code == 429
    # Rita, at her own address behind the same proxy, still gets in.
    assert via_proxy("richtiges-passwort-123", "198.51.100.20").status_code == 302


def test_lockout_message_is_in_the_readers_language(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        response = client.post(
            "/admin/login/",
            {"username": "rita", "password": "falsch"},
            REMOTE_ADDR="10.0.0.9",
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 429
    text = response.content.decode()
    assert 'lang="en"' in text
    assert "Too many failed sign-in attempts. Please try again in 15 minutes." in text


# --- production settings ---------------------------------------------------------


def _run_manage(env_overrides, *args):
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    "missing", ["DJANGO_SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CACHE_URL"]
)
def test_production_refuses_to_start_without_its_secrets(missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    result = _run_manage(env, "check")
    assert result.returncode != 0
    assert "refuse to start" in result.stderr
    assert missing in result.stderr


def test_production_refuses_a_cache_other_processes_cannot_see():
    """Local memory or a file would be a cache per process or per container: a page
    published in one would be served old by the others."""
    for url in ("locmem://", "/tmp/cache"):
        result = _run_manage({**PRODUCTION_ENV, "CACHE_URL": url}, "check")
        assert result.returncode != 0
        assert "CACHE_URL must be a Redis URL" in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = _run_manage({**PRODUCTION_ENV, "DJANGO_SECRET_KEY": "dev-short"}, "check")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_passes_the_deployment_checklist():
    result = _run_manage(PRODUCTION_ENV, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_headers_and_cookies():
    """HSTS, HTTPS redirect and Secure/HttpOnly cookies, as served by production settings."""
    script = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client
c = Client(HTTP_HOST="teilhabe.example.org")
plain = c.get("/")
secure = c.get("/", secure=True, HTTP_ACCEPT_LANGUAGE="de")
print(json.dumps({
    "plain_status": plain.status_code, "plain_location": plain.get("Location"),
    "hsts": secure.get("Strict-Transport-Security"),
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "csrf_httponly": settings.CSRF_COOKIE_HTTPONLY,
    "debug": settings.DEBUG,
}))
"""
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    env.update(PRODUCTION_ENV)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    import json

    facts = json.loads(result.stdout.strip().splitlines()[-1])
    assert facts["plain_status"] == 301
    assert facts["plain_location"] == "https://teilhabe.example.org/"
    assert facts["hsts"].startswith("max-age=31536000")
    assert "includeSubDomains" in facts["hsts"]
    assert facts["session_secure"] and facts["csrf_secure"]
    assert facts["session_httponly"] and facts["csrf_httponly"]
    assert facts["debug"] is False


@pytest.mark.django_db
def test_pages_are_compressed_for_slow_connections(client, home_page):
    response = client.get("/de/", HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
