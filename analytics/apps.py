from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalyticsConfig(AppConfig):
    """Cookie-less counting of page views and searches without result, and the reach
    tables of the committee report built from the counts."""

    name = "analytics"
    verbose_name = _("Reichweite")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from portal.signals import search_finished

        from . import counting

        search_finished.connect(counting.search_finished_count, dispatch_uid="analytics-search")
