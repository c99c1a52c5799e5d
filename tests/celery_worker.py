"""A real Celery worker process for the tests that need one (tests/test_*worker*.py):
started with the project's config on a queue of its own, stopped afterwards, its output
kept for the assertions."""

import os
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path

import pytest
from celery import Celery
from django.db import connection

from config.broker import filesystem_transport_options

ROOT = Path(__file__).resolve().parent.parent


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


def database_url() -> str:
    """The test database, for a worker in another process (PostgreSQL: the in-memory
    SQLite of the first pass cannot be shared)."""
    s = connection.settings_dict
    return f"postgres://{s['USER']}:{s['PASSWORD'] or ''}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


class Worker:
    def __init__(self, producer: Celery, queue: str):
        self.producer = producer
        self.queue = queue
        self.output = ""

    def send(self, name: str, *args):
        return self.producer.send_task(name, args=list(args), queue=self.queue)


@contextmanager
def running_worker(broker: dict, **env):
    """`with running_worker(broker, DATABASE_URL=…) as worker: worker.send("task", 1)`;
    `worker.output` holds what the worker printed once the block has ended."""
    queue = f"test-{uuid.uuid4().hex[:12]}"  # no other worker on this machine takes it
    environment = {
        **os.environ,
        **broker["env"],
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_BROKER_URL": broker["url"],
        "CELERY_RESULT_BACKEND": broker["backend"],
        **env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo",
         "--queues", queue, "--without-gossip", "--without-mingle", "--without-heartbeat",
         "--loglevel=INFO"],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    producer = Celery("probe", broker=broker["url"], backend=broker["backend"])
    producer.conf.broker_transport_options = broker["options"]
    worker = Worker(producer, queue)
    try:
        yield worker
    finally:
        process.terminate()
        try:
            worker.output, _ = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            worker.output, _ = process.communicate()
