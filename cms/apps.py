from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Inhalte"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from modeltranslation.translator import translator
        from wagtail.admin.panels import FieldPanel
        from wagtail.api import APIField
        from wagtail.contrib.redirects.models import Redirect
        from wagtail.models import Page, PageViewRestriction, Site, get_page_models
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from cms import signals
        from cms.models import (
            Brochure,
            BrochureFile,
            Organisation,
            Place,
            SpokenLanguage,
            TargetGroup,
        )
        from cms.models.pages import PortalPage, portal_route
        from cms.modeltranslation_fixes import form_slug_check_install, slug_check_install

        for model in get_page_models():
            if issubclass(model, PortalPage):
                # wagtail-modeltranslation replaces every page type's route() with one
                # that loads all children of a page and compares their slugs in Python;
                # ours asks the database for the one child (docs/decisions.md).
                model.route = portal_route
                # Every page tells apps in which state its text is (PortalPage).
                api_fields = list(getattr(model, "api_fields", []))
                if "translation_status" not in {f.name for f in api_fields}:
                    model.api_fields = [*api_fields, APIField("translation_status")]
                # Below every page type's own fields, so that no type forgets it.
                names = {getattr(panel, "field_name", None) for panel in model.content_panels}
                if "translation_minor_edit" not in names:
                    model.content_panels = [
                        *model.content_panels,
                        FieldPanel("translation_minor_edit"),
                    ]
        # modeltranslation's slug check on clean() loads every sibling (see the module).
        slug_check_install(get_page_models(), translator.get_registered_models())
        form_slug_check_install(get_page_models(), translator.get_registered_models())

        page_published.connect(signals.page_published_update_search, dispatch_uid="cms-publish")
        page_unpublished.connect(signals.page_unpublished_drop_search, dispatch_uid="cms-unpublish")
        post_page_move.connect(signals.pages_moved_or_deleted, dispatch_uid="cms-move")
        post_delete.connect(
            signals.pages_moved_or_deleted, sender=Page, dispatch_uid="cms-page-delete"
        )
        watched = {
            signals.snippet_changed: (
                Organisation,
                Place,
                TargetGroup,
                SpokenLanguage,
                Brochure,
                BrochureFile,
            ),
            signals.access_changed: (Site, PageViewRestriction, Redirect),
        }
        for receiver, models in watched.items():
            for model in models:
                for signal in (post_save, post_delete):
                    signal.connect(
                        receiver,
                        sender=model,
                        dispatch_uid=f"cms-{model.__name__}-{id(signal)}",
                    )
