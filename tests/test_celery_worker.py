"""A task executed by a real Celery worker process started with the project's config.

On the embedded default the broker is kombu's filesystem transport (as in `make demo`);
when CELERY_BROKER_URL is set (as .ci/run does), it is that broker, e.g. Redis.
"""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery

from config.broker import filesystem_transport_options

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.worker


@pytest.fixture
def broker(tmp_path):
    url = os.environ.get("CELERY_BROKER_URL")
    if url:
        backend = os.environ.get("CELERY_RESULT_BACKEND")
        if not backend:
            pytest.fail("CELERY_BROKER_URL is set but CELERY_RESULT_BACKEND is not")
        return {"url": url, "backend": backend, "options": {}, "env": {}}
    folder = tmp_path / "broker"
    results = tmp_path / "results"
    results.mkdir()
    options = filesystem_transport_options(folder)
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        Path(options[key]).mkdir(parents=True, exist_ok=True)
    return {
        "url": "filesystem://",
        "backend": f"file://{results}",
        "options": options,
        "env": {"CELERY_BROKER_FOLDER": str(folder)},
    }


def test_real_worker_executes_a_task(broker, tmp_path):
    queue = f"test-{uuid.uuid4().hex[:12]}"  # no other worker on this machine takes it
    env = {
        **os.environ,
        **broker["env"],
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_BROKER_URL": broker["url"],
        "CELERY_RESULT_BACKEND": broker["backend"],
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    producer = Celery("probe", broker=broker["url"], backend=broker["backend"])
    producer.conf.broker_transport_options = broker["options"]
    try:
        result = producer.send_task("config.ping", queue=queue)
        assert result.get(timeout=60) == "pong"
    finally:
        worker.terminate()
        try:
            output, _ = worker.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            output, _ = worker.communicate()
    assert "config.ping" in output and "succeeded" in output, output
    # The embedded broker keeps all its state in its own folder, none in the checkout.
    assert not (ROOT / "control").exists()
