"""Forms of the translation screens in the Wagtail admin."""

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from translations.backends import get_backend
from translations.constants import TranslationStatus
from translations.services import SOURCE, target_languages


def language_label(code: str) -> str:
    info = translation.get_language_info(code)
    return f"{info['name_translated']} ({info['name_local']})"


class TranslateForm(forms.Form):
    """Which languages to translate the chosen pages into. Languages no installed model
    can reach are shown, disabled, with the reason, so nobody wonders where they are."""

    languages = forms.MultipleChoiceField(
        label=_("Sprachen"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Wählen Sie mindestens eine Sprache.")},
    )
    overwrite_reviewed = forms.BooleanField(
        label=_("Geprüfte Übersetzungen überschreiben"),
        required=False,
        help_text=_(
            "Sonst bleiben geprüfte Sprachen, wie sie sind. Geprüfte Abschnitte werden "
            "ohne dieses Häkchen aus dem Übersetzungsspeicher übernommen."
        ),
    )

    def __init__(self, *args, states=None, **kwargs):
        super().__init__(*args, **kwargs)
        backend = get_backend()
        self.unavailable = [c for c in target_languages() if not backend.can_translate(SOURCE, c)]
        self.fields["languages"].choices = [
            (code, language_label(code))
            for code in target_languages()
            if code not in self.unavailable
        ]
        if not self.is_bound:
            # Preselected: what needs doing (missing or outdated in any chosen page).
            wanted = {
                code
                for code in target_languages()
                if code not in self.unavailable
                and any(
                    s.get(code, TranslationStatus.MISSING)
                    in (TranslationStatus.MISSING, TranslationStatus.OUTDATED)
                    for s in (states or [{}])
                )
            }
            self.initial.setdefault("languages", sorted(wanted))

    @property
    def unavailable_labels(self) -> list[str]:
        return [language_label(code) for code in self.unavailable]
