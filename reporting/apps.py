from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """The committee report: the one place that brings the interpreter service's figures
    (sprachmittler) and the content's reach (analytics) together."""

    name = "reporting"
    verbose_name = _("Bericht")
    default_auto_field = "django.db.models.BigAutoField"
