from django.apps import AppConfig


class SprachmittlerConfig(AppConfig):
    name = "sprachmittler"
    verbose_name = "Sprachmittlung"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The tasks are registered in every process (web and worker alike), so that
        # services can queue them by name (portal.tasks.task_enqueue).
        from . import tasks  # noqa: F401
