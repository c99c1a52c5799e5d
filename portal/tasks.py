"""Queueing a Celery task by its name.

Services queue tasks and tasks call services. Importing the task module from a service
would make the two import each other; asking the Celery app for the task by its
registered name keeps the dependency one way (tasks -> services) while the task still
runs as registered: eagerly in the tests (CELERY_TASK_ALWAYS_EAGER), on a worker
otherwise. The apps import their task modules in AppConfig.ready(), so the names are
registered in web processes too.
"""

from celery import current_app


def task_enqueue(name: str, *args) -> None:
    current_app.tasks[name].delay(*args)
