"""Booking notifications sent by a real Celery worker: the mail leaves through the
worker, the outbox row is marked sent, and sending twice sends once.

The worker is another process, so it needs a database both can reach: PostgreSQL
(DATABASE_URL, as .ci/run's second pass); on the in-memory SQLite of the first pass
this test is skipped."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection
from django.utils import timezone

from sprachmittler.models import Notification
from tests import booking_factories as f
from tests.test_celery_worker import broker  # noqa: F401 - the same broker fixture

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


def test_a_real_worker_sends_the_outbox_mail_once(broker, tmp_path):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("the worker needs a database it shares with the test: set DATABASE_URL")
    department = f.department()
    note = Notification.objects.create(
        kind="submit",
        recipient="koordination@example.org",
        subject="Neue Sprachmittlungs-Anfrage",
        body="Bitte öffnen Sie: https://example.org/sprachmittlung/",
    )
    assert department.pk and note.sent_at is None
    mails = tmp_path / "mail"
    mails.mkdir()
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        **broker["env"],
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": broker["url"],
        "CELERY_RESULT_BACKEND": broker["backend"],
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mails),
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "--queues", queue, "--without-gossip", "--without-mingle", "--without-heartbeat",
         "--loglevel=INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    producer = Celery("probe", broker=broker["url"], backend=broker["backend"])
    producer.conf.broker_transport_options = broker["options"]
    try:
        first = producer.send_task("sprachmittler.notification_send", args=[note.pk], queue=queue)
        assert first.get(timeout=60) is True
        second = producer.send_task("sprachmittler.notification_send", args=[note.pk], queue=queue)
        assert second.get(timeout=60) is False
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    note.refresh_from_db()
    assert note.sent_at is not None and note.sent_at <= timezone.now()
    written = list(mails.iterdir())
    deadline = time.time() + 5
    while not written and time.time() < deadline:
        time.sleep(0.2)
        written = list(mails.iterdir())
    assert len(written) == 1, output
    text = written[0].read_text()
    assert "To: koordination@example.org" in text
    assert "Neue Sprachmittlungs-Anfrage" in text
