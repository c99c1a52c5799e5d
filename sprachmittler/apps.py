from django.apps import AppConfig


class SprachmittlerConfig(AppConfig):
    name = "sprachmittler"
    verbose_name = "Sprachmittlung"
    default_auto_field = "django.db.models.BigAutoField"
