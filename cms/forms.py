"""The offer index's filters: a plain GET form, so they work without JavaScript."""

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from cms.constants import CefrLevel, OfferCategory
from cms.page_cache import cached_list
from cms.selectors import spoken_languages, target_groups
from portal.municipalities import Municipality


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


def filter_options(language: str) -> dict[str, list[tuple[str, str, str]]]:
    """Per filter, each option as (value, its <option> and its <option selected>),
    escaped once per language and kept with the choices (fields_html joins them)."""

    def build():
        return {
            name: [
                (
                    str(value),
                    format_html('<option value="{}">{}</option>', value, label),
                    format_html('<option value="{}" selected>{}</option>', value, label),
                )
                for value, label in choices
            ]
            for name, choices in filter_choices(language).items()
        }

    return cached_list(f"filter-options:{language}", build)


class FilterField(forms.CharField):
    """One filter: a value among `allowed` (set per request from filter_choices), or
    nothing. Like a ChoiceField, without normalising some sixty choices on every view:
    the form writes its lists itself (fields_html)."""

    default_error_messages = forms.ChoiceField.default_error_messages

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)
        self.allowed = frozenset()

    def validate(self, value):
        super().validate(value)
        if value and value not in self.allowed:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )


def _filter(label):
    return FilterField(label=label)


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
            self.fields[name].allowed = frozenset(value for value, _label in choices if value)

    def fields_html(self):
        """Each filter with its label and list (`{{ filter_form.fields_html }}`), written
        here from options escaped once per language (filter_options), rather than by
        Django's widgets and a template loop: five lists of some sixty options were a
        third of the offer index's rendering. A filter whose value was not understood is
        marked invalid and points to the form's notice (#filter-error)."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        options = filter_options(language)
        fields = []
        for name, field in self.fields.items():
            selected = str(self.data.get(name) or "") if self.is_bound else ""
            invalid = self.is_bound and name in self.errors
            fields.append(
                format_html(
                    '<div class="filters__field">\n        <label for="id_{}">{}</label>\n'
                    '        <select id="id_{}" name="{}"{}>{}</select>\n      </div>',
                    name,
                    field.label,
                    name,
                    name,
                    mark_safe(' aria-invalid="true" aria-describedby="filter-error"')
                    if invalid
                    else "",
                    mark_safe(  # noqa: S308 - escaped in filter_options
                        "".join(
                            chosen if value == selected else plain
                            for value, plain, chosen in options[name]
                        )
                    ),
                )
            )
        return mark_safe("\n      ".join(fields))  # noqa: S308 - format_html escapes

    @property
    def active_filters(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)
