"""Booking notifications sent by a real Celery worker: the mail leaves through the
worker, the outbox row is marked sent, and sending twice sends once.

The worker is another process, so it needs a database both can reach: PostgreSQL
(DATABASE_URL, as .ci/run's second pass); on the in-memory SQLite of the first pass
this test is skipped."""

import time

import pytest
from django.db import connection
from django.utils import timezone

from sprachmittler.models import Notification
from tests import booking_factories as f
from tests.celery_worker import database_url, running_worker

pytestmark = [pytest.mark.worker, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_sends_the_outbox_mail_once(broker, tmp_path):
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
    with running_worker(
        broker,
        DATABASE_URL=database_url(),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(mails),
    ) as worker:
        assert worker.send("sprachmittler.notification_send", note.pk).get(timeout=60) is True
        assert worker.send("sprachmittler.notification_send", note.pk).get(timeout=60) is False
    note.refresh_from_db()
    assert note.sent_at is not None and note.sent_at <= timezone.now()
    written = list(mails.iterdir())
    deadline = time.time() + 5
    while not written and time.time() < deadline:
        time.sleep(0.2)
        written = list(mails.iterdir())
    assert len(written) == 1, worker.output
    text = written[0].read_text()
    assert "To: koordination@example.org" in text
    assert "Neue Sprachmittlungs-Anfrage" in text
