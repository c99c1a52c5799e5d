"""Wagtail admin hooks."""

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.cache import page_serving
from cms.languages import is_rtl
from cms.models import Brochure, Organisation, Place, SpokenLanguage, TargetGroup

# After Wagtail's own check of view restrictions (order 0): a page it answers with a
# password or login form never reaches the page cache.
hooks.register("before_serve_page", page_serving, order=100)


@hooks.register("insert_global_admin_js")
def translation_input_direction():
    # modeltranslation's inputs for Arabic and Farsi (title_ar, body_fa, …) have no `dir`:
    # without this, editors type right-to-left text in a left-to-right box.
    rtl = " ".join(code for code, _name in settings.LANGUAGES if is_rtl(code))
    return format_html(
        '<script src="{}" data-rtl-languages="{}" defer></script>',
        static("cms/admin-direction.js"),
        rtl,
    )


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisationen")
    list_display = ["name", "short_name", "phone"]
    search_fields = ["name", "short_name"]


class PlaceViewSet(SnippetViewSet):
    model = Place
    icon = "site"
    menu_label = _("Orte")
    list_display = ["name", "municipality", "street"]
    list_filter = ["municipality"]
    search_fields = ["name"]


class TargetGroupViewSet(SnippetViewSet):
    model = TargetGroup
    icon = "user"
    menu_label = _("Zielgruppen")


class SpokenLanguageViewSet(SnippetViewSet):
    model = SpokenLanguage
    icon = "globe"
    menu_label = _("Gesprochene Sprachen")
    list_display = ["name", "code"]


class BrochureViewSet(SnippetViewSet):
    model = Brochure
    icon = "doc-full"
    menu_label = _("Formulare und Broschüren")
    search_fields = ["title"]


class ContentSnippetGroup(SnippetViewSetGroup):
    menu_label = _("Verzeichnisse")
    menu_icon = "folder-open-inverse"
    menu_order = 250
    items = (
        OrganisationViewSet,
        PlaceViewSet,
        BrochureViewSet,
        TargetGroupViewSet,
        SpokenLanguageViewSet,
    )


register_snippet(ContentSnippetGroup)
