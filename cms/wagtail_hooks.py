"""Wagtail admin hooks."""

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from cms.languages import is_rtl


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
