"""The Celery app. Configured from Django settings (CELERY_*), tasks found in the apps."""

import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

app = Celery("teilhabe")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _create_filesystem_broker_folders(sender, **kwargs):
    # kombu's filesystem transport (the embedded default) expects its folders to exist.
    if str(sender.conf.broker_url).startswith("filesystem://"):
        for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
            folder = (sender.conf.broker_transport_options or {}).get(key)
            if folder:
                Path(folder).mkdir(parents=True, exist_ok=True)


@app.task(name="config.ping")
def ping_task() -> str:
    """Answers "pong": used by the worker test and by operators to see a worker is alive."""
    return "pong"
