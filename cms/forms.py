"""The offer index's filters: a plain GET form, so they work without JavaScript."""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cms.constants import CefrLevel, Municipality, OfferCategory
from cms.page_cache import cached_list
from cms.selectors import spoken_languages, target_groups


class PlainSelect(forms.Select):
    """A select written in one go: Django renders each option through its own template,
    which made the five filter lists (about 50 options) 2.4 ms of an uncached offer
    index's 18 ms. Same markup, flat choices only (no groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) == selected else ""}>'
            f"{escape(label)}</option>"
            for key, label in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        return mark_safe(f"<select{attributes}>{options}</select>")  # noqa: S308 - escaped


def filter_choices(language: str) -> dict[str, list[tuple[str, str]]]:
    """The filters' options with their labels in `language`, kept in the list cache (the
    target groups and languages are snippets: saving one drops it)."""

    def build():
        with translation.override(language):
            everything = [("", str(_("Alle")))]
            lists = {
                "category": OfferCategory.choices,
                "municipality": Municipality.choices,
                "level": CefrLevel.choices,
                "target_group": [(group.slug, group.name) for group in target_groups()],
                "language": [(spoken.code, spoken.name) for spoken in spoken_languages()],
            }
            return {
                name: everything + [(value, str(label)) for value, label in choices]
                for name, choices in lists.items()
            }

    return cached_list(f"filter-choices:{language}", build)


def _filter(label):
    return forms.ChoiceField(label=label, required=False, widget=PlainSelect)


class OfferFilterForm(forms.Form):
    category = _filter(_("Bereich"))
    municipality = _filter(_("Ort"))
    level = _filter(_("Sprachniveau"))
    target_group = _filter(_("Für wen"))
    language = _filter(_("Hilfe in meiner Sprache"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = translation.get_language() or settings.LANGUAGE_CODE
        for name, choices in filter_choices(language).items():
            self.fields[name].choices = choices

    def fields_html(self):
        """Each filter with its label (`{{ filter_form.fields_html }}`), written here
        rather than with a template loop over the bound fields."""
        return mark_safe(  # noqa: S308 - format_html escapes, the widgets escape
            "\n      ".join(
                format_html(
                    '<div class="filters__field">\n        <label for="{}">{}</label>\n'
                    "        {}\n      </div>",
                    field.id_for_label,
                    field.label,
                    field.as_widget(),
                )
                for field in self
            )
        )

    def query_without_page(self) -> str:
        """The filter part of the address, for the pagination links."""
        values = {name: self.data.get(name) for name in self.fields if self.data.get(name)}
        return urlencode(values)

    @property
    def active_filters(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)
