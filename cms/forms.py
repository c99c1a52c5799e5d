"""The offer index's filters: a plain GET form, so they work without JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.constants import CefrLevel, OfferCategory
from cms.selectors import spoken_languages, target_groups
from portal.municipalities import Municipality

EVERYTHING = ("", _("Alle"))


class OfferFilterForm(forms.Form):
    """Every filter is optional. A value the form does not know (an old link, a typed
    address) is named in the form's notice and ignored; the valid ones still apply."""

    category = forms.ChoiceField(label=_("Bereich"), required=False)
    municipality = forms.ChoiceField(label=_("Ort"), required=False)
    level = forms.ChoiceField(label=_("Sprachniveau"), required=False)
    target_group = forms.ChoiceField(label=_("Für wen"), required=False)
    language = forms.ChoiceField(label=_("Hilfe in meiner Sprache"), required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        choices = {
            "category": OfferCategory.choices,
            "municipality": Municipality.choices,
            "level": CefrLevel.choices,
            # Snippets, in the reader's language (modeltranslation falls back to German).
            "target_group": [(group.slug, group.name) for group in target_groups()],
            "language": [(spoken.code, spoken.name) for spoken in spoken_languages()],
        }
        for name, options in choices.items():
            self.fields[name].choices = [EVERYTHING, *options]

    def filters(self) -> dict:
        """The understood values, to filter by (an unknown one is left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        for name in self.errors:
            # Screen readers hear why the filter was not applied (the notice's id).
            self.fields[name].widget.attrs["aria-describedby"] = "filter-error"
        return {name: value for name, value in self.cleaned_data.items() if value}

    @property
    def active_filters(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)
