from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationsConfig(AppConfig):
    """Machine translation of the content. Pages know nothing of it: it connects itself
    to them here (publishing), in wagtail_hooks.py (admin screens, the state pages
    report) and in its template tags (the reader's notice)."""

    name = "translations"
    verbose_name = _("Übersetzungen")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published

        from portal.signals import demo_content_loaded

        # The tasks are registered in every process (web and worker alike), so that
        # services can queue them by name (portal.tasks.task_enqueue).
        from . import demo, signals, tasks  # noqa: F401

        page_published.connect(
            signals.page_published_translation_states, dispatch_uid="translations-states"
        )
        demo_content_loaded.connect(
            demo.demo_content_loaded_translations, dispatch_uid="translations-demo"
        )
