"""The translation pipeline's hooks: the screens in the Wagtail admin (a menu, a
"Translate" button on every page, the explorer's bulk action, the glossary snippet) and
the state of a page's text that pages report to apps (`page_translation_status`)."""

from django.shortcuts import redirect
from django.urls import include, path, reverse, reverse_lazy
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.languages import has_own_translation
from translations import urls
from translations.models import GlossaryTerm
from translations.services import translation_status


@hooks.register("register_admin_urls")
def translation_urls():
    return [path("uebersetzungen/", include(urls, namespace="translations"))]


class EditorMenuItem(MenuItem):
    """Shown to people who may edit at least one page."""

    def is_shown(self, request):
        from translations.views import any_editable

        return any_editable(request)


class EditorSubmenuMenuItem(SubmenuMenuItem):
    def is_shown(self, request):
        from translations.views import any_editable

        return any_editable(request)


@hooks.register("register_admin_menu_item")
def translation_menu():
    menu = Menu(
        items=[
            EditorMenuItem(
                _("Übersicht"), reverse_lazy("translations:matrix"), icon_name="table", order=10
            ),
            EditorMenuItem(
                _("Aufträge"), reverse_lazy("translations:jobs"), icon_name="time", order=20
            ),
            EditorMenuItem(
                _("Glossar"),
                reverse_lazy("wagtailsnippets_translations_glossaryterm:list"),
                icon_name="openquote",
                order=25,
            ),
            EditorMenuItem(
                _("Modelle"), reverse_lazy("translations:models"), icon_name="cogs", order=30
            ),
        ]
    )
    return EditorSubmenuMenuItem(_("Übersetzungen"), menu, icon_name="globe", order=240)


@hooks.register("register_page_header_buttons")
def translate_button(page, user, view_name=None, next_url=None):
    if page.depth > 1 and page.permissions_for_user(user).can_edit():
        yield Button(
            _("Übersetzen"),
            reverse("translations:translate") + "?" + urlencode({"seite": page.pk}),
            icon_name="globe",
            priority=25,
        )


class TranslateBulkAction(PageBulkAction):
    """The explorer's "Translate" for the selected pages: on to the translate form."""

    display_name = _("Übersetzen")
    action_type = "translate"
    aria_label = _("Ausgewählte Seiten übersetzen")
    action_priority = 45

    def check_perm(self, page):
        return page.depth > 1 and page.permissions_for_user(self.request.user).can_edit()

    def get(self, request, *args, **kwargs):
        pages, _no_access = self.get_actionable_objects()
        query = urlencode([("seite", page.pk) for page in pages])
        return redirect(reverse("translations:translate") + "?" + query)

    @classmethod
    def execute_action(cls, objects, **kwargs):  # never reached: get() redirects
        return len(objects), 0


hooks.register("register_bulk_action", TranslateBulkAction)


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "openquote"
    menu_label = _("Glossar")
    list_display = ["term", "note"]
    search_fields = ["term"]
    add_to_admin_menu = False


register_snippet(GlossaryTermViewSet)


@hooks.register("page_translation_status")
def page_translation_status(page, language: str) -> str:
    """cms.models.PortalPage.translation_status asks this (the API's field)."""
    if not has_own_translation(page, language):
        return "missing"
    return translation_status(page, language)
