from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Inhalte"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from cms import signals

        page_published.connect(signals.page_published_update_search, dispatch_uid="cms-search")
        page_unpublished.connect(
            signals.page_unpublished_drop_search, dispatch_uid="cms-search-drop"
        )
