"""/healthz as a container orchestrator sees it."""

import pytest

from config import health
from config.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthy_when_database_and_broker_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_answers_any_host_over_plain_http(client, settings):
    # The container's own check calls http://localhost:8000/healthz.
    settings.ALLOWED_HOSTS = ["teilhabe.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="localhost:8000")
    assert response.status_code == 200


@pytest.fixture
def unreachable_broker(monkeypatch):
    # Nothing listens on port 1: the connection is refused at once. Celery reads the
    # environment variable before its own setting, so both are changed.
    unreachable = "redis://127.0.0.1:1/0"
    saved = celery_app.conf.broker_url
    monkeypatch.setenv("CELERY_BROKER_URL", unreachable)
    celery_app.conf.broker_url = unreachable
    try:
        yield
    finally:
        celery_app.conf.broker_url = saved


def test_unreachable_broker_gives_503_naming_the_broker(client, unreachable_broker):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "broker": "unavailable"}
    assert "127.0.0.1" not in response.content.decode()


def test_failing_database_gives_503_naming_the_database(client, monkeypatch):
    def broken():
        from django.db import OperationalError

        raise OperationalError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response.json()["broker"] == "ok"


def test_postgresql_runs_without_jit():
    """bench/report.md: JIT compilation cost seconds on the report's queries."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
