"""The offer index's filters: a plain GET form, so they work without JavaScript."""

from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from cms.constants import CefrLevel, Municipality, OfferCategory
from cms.models import SpokenLanguage, TargetGroup


class OfferFilterForm(forms.Form):
    category = forms.ChoiceField(label=_("Bereich"), required=False)
    municipality = forms.ChoiceField(label=_("Ort"), required=False)
    level = forms.ChoiceField(label=_("Sprachniveau"), required=False)
    target_group = forms.ChoiceField(label=_("Für wen"), required=False)
    language = forms.ChoiceField(label=_("Hilfe in meiner Sprache"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alle"))]
        self.fields["category"].choices = everything + list(OfferCategory.choices)
        self.fields["municipality"].choices = everything + list(Municipality.choices)
        self.fields["level"].choices = everything + list(CefrLevel.choices)
        self.fields["target_group"].choices = everything + [
            (group.slug, group.name) for group in TargetGroup.objects.all()
        ]
        self.fields["language"].choices = everything + [
            (language.code, language.name) for language in SpokenLanguage.objects.all()
        ]

    def query_without_page(self) -> str:
        """The filter part of the address, for the pagination links."""
        values = {name: self.data.get(name) for name in self.fields if self.data.get(name)}
        return urlencode(values)

    @property
    def active_filters(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)
