from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Inhalte"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.admin.panels import FieldPanel
        from wagtail.api import APIField
        from wagtail.models import Page, get_page_models

        from cms.models.pages import PortalPage, portal_route, portal_route_for_request

        Page.route_for_request = staticmethod(portal_route_for_request)
        from wagtail.models import sites as wagtail_sites

        from cms.lookups import cached_site_for_hostname

        wagtail_sites.get_site_for_hostname = cached_site_for_hostname
        for model in get_page_models():
            if issubclass(model, PortalPage):
                model.route = portal_route
                # Below every page type's own fields, so that no type forgets it.
                # Every page tells apps in which state its text is (PortalPage).
                api_fields = list(getattr(model, "api_fields", []))
                if "translation_status" not in {f.name for f in api_fields}:
                    model.api_fields = [*api_fields, APIField("translation_status")]
                names = {getattr(panel, "field_name", None) for panel in model.content_panels}
                if "translation_minor_edit" not in names:
                    model.content_panels = [
                        *model.content_panels,
                        FieldPanel("translation_minor_edit"),
                    ]
        # modeltranslation's slug check on clean() loads every sibling (see the module).
        from modeltranslation.translator import translator

        from cms.modeltranslation_fixes import slug_check_install

        slug_check_install(get_page_models(), translator.get_registered_models())
        from wagtail.signals import page_published, page_unpublished

        from cms import signals

        page_published.connect(signals.page_published_update_search, dispatch_uid="cms-search")
        page_unpublished.connect(
            signals.page_unpublished_drop_search, dispatch_uid="cms-search-drop"
        )
        from django.db.models.signals import post_delete, post_save
        from wagtail.models import Page
        from wagtail.signals import post_page_move

        from cms.models import Brochure, Organisation, Place, SpokenLanguage, TargetGroup

        for model in (Organisation, Place, TargetGroup, SpokenLanguage, Brochure):
            for signal in (post_save, post_delete):
                signal.connect(
                    signals.content_changed_clear_page_cache,
                    sender=model,
                    dispatch_uid=f"cms-page-cache-{model.__name__}-{id(signal)}",
                )
        post_delete.connect(
            signals.content_changed_clear_page_cache,
            sender=Page,
            dispatch_uid="cms-page-cache-page-delete",
        )
        # What cms.lookups keeps in the list cache: sites, view restrictions, aliases.
        from wagtail.models import PageViewRestriction, Site

        for model in (Site, PageViewRestriction):
            for signal in (post_save, post_delete):
                signal.connect(
                    signals.content_changed_clear_page_cache,
                    sender=model,
                    dispatch_uid=f"cms-lookups-{model.__name__}-{id(signal)}",
                )
        post_save.connect(signals.page_saved_alias, sender=Page, dispatch_uid="cms-lookups-alias")
        for model in get_page_models():
            post_save.connect(
                signals.page_saved_alias,
                sender=model,
                dispatch_uid=f"cms-lookups-alias-{model.__name__}",
            )
        post_page_move.connect(
            signals.content_changed_clear_page_cache, dispatch_uid="cms-page-cache-move"
        )
