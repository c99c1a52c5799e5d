"""A task executed by a real Celery worker process started with the project's config.

On the embedded default the broker is kombu's filesystem transport (as in `make demo`);
when CELERY_BROKER_URL is set (as .ci/run does), it is that broker, e.g. Redis.
"""

from pathlib import Path

import pytest

from tests.celery_worker import running_worker

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.worker


def test_real_worker_executes_a_task(broker, tmp_path):
    with running_worker(broker) as worker:
        assert worker.send("config.ping").get(timeout=60) == "pong"
    assert "config.ping" in worker.output and "succeeded" in worker.output, worker.output
    # The embedded broker keeps all its state in its own folder, none in the checkout.
    assert not (ROOT / "control").exists()
