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
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published

        from portal.signals import demo_content_loaded

        # The tasks are registered in every process (web and worker alike), so that
        # services can queue them by name (portal.tasks.task_enqueue).
        from . import demo, signals, tasks  # noqa: F401
        from .models import PageTranslation

        page_published.connect(
            signals.page_published_translation_states, dispatch_uid="translations-states"
        )
        for signal in (post_save, post_delete):
            signal.connect(
                signals.translation_state_changed,
                sender=PageTranslation,
                dispatch_uid=f"translations-state-changed-{id(signal)}",
            )
        demo_content_loaded.connect(
            demo.demo_content_loaded_translations, dispatch_uid="translations-demo"
        )
