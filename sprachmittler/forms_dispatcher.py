"""Forms of the dispatcher screens (Disposition): offering, marking unfilled, the pool.
They only parse and check input; services.py decides."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.municipalities import Municipality

from .constants import VARIANTS, Gender, Language
from .selectors import department_list_active

WEEKDAYS = [
    (0, _("Montag")),
    (1, _("Dienstag")),
    (2, _("Mittwoch")),
    (3, _("Donnerstag")),
    (4, _("Freitag")),
    (5, _("Samstag")),
    (6, _("Sonntag")),
]


def language_choices() -> list[tuple[str, str]]:
    """Each pool language, and each of its variants, as one tick: "ku" or "ku:sorani".
    "Other language" is left out: an interpreter's languages are named ones."""
    choices = []
    for code, label in Language.choices:
        if code == Language.OTHER:
            continue
        choices.append((code, label))
        for variant, variant_label in VARIANTS.get(code, ()):
            choices.append((f"{code}:{variant}", f"{label} – {variant_label}"))
    return choices


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class OfferForm(forms.Form):
    """Offer to the ticked candidates: one is an offer, several a broadcast."""

    interpreters = forms.TypedMultipleChoiceField(
        label=_("Sprachmittelnde"),
        coerce=int,
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": _("Bitte kreuzen Sie mindestens eine Person an."),
            "invalid_choice": _("Diese Person steht nicht (mehr) in der Liste der Passenden."),
        },
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interpreters"].choices = [
            (candidate.interpreter.pk, str(candidate.interpreter)) for candidate in candidates
        ]


class UnfilledForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund"),
        max_length=300,
        help_text=_("Zum Beispiel: niemand verfügbar, alle Angefragten haben abgelehnt."),
        error_messages={"required": _("Bitte nennen Sie den Grund.")},
    )


class InterpreterForm(forms.Form):
    first_name = forms.CharField(label=_("Vorname"), max_length=100)
    last_name = forms.CharField(label=_("Nachname"), max_length=100)
    email = forms.EmailField(
        label=_("E-Mail"), required=False, help_text=_("Für Angebote und Erinnerungen.")
    )
    phone = forms.CharField(label=_("Telefon"), max_length=40, required=False)
    gender = forms.ChoiceField(
        label=_("Geschlecht"),
        choices=[("", _("– keine Angabe –")), *Gender.choices],
        required=False,
    )
    home_municipality = forms.ChoiceField(
        label=_("Wohnort"), choices=[("", _("– bitte wählen –")), *Municipality.choices]
    )
    languages = forms.MultipleChoiceField(
        label=_("Sprachen und Varianten"),
        choices=language_choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Kreuzen Sie auch die Varianten an, die die Person spricht: "
            "bei Anfragen in genau dieser Variante steht sie weiter oben."
        ),
        error_messages={"required": _("Bitte kreuzen Sie mindestens eine Sprache an.")},
    )
    on_site = forms.BooleanField(label=_("Vor Ort"), required=False)
    phone_mode = forms.BooleanField(label=_("Telefon"), required=False)
    video = forms.BooleanField(label=_("Video"), required=False)
    areas = forms.MultipleChoiceField(
        label=_("Einsatzorte (für Termine vor Ort)"),
        choices=Municipality.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    qualification = forms.CharField(label=_("Qualifikation"), max_length=200, required=False)
    pledge_signed_on = forms.DateField(
        label=_("Schweigepflichterklärung unterschrieben am"), required=False, widget=DateInput()
    )
    active = forms.BooleanField(label=_("Aktiv (bekommt Angebote)"), required=False, initial=True)

    def clean_pledge_signed_on(self):
        value = self.cleaned_data.get("pledge_signed_on")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Das Datum darf nicht in der Zukunft liegen."))
        return value

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("on_site") or cleaned.get("phone_mode") or cleaned.get("video")):
            self.add_error("on_site", _("Bitte wählen Sie mindestens eine Einsatzart."))
        if cleaned.get("on_site") and not cleaned.get("areas"):
            self.add_error("areas", _("Für Einsätze vor Ort wählen Sie bitte die Einsatzorte."))
        return cleaned

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["languages"] = [
            tuple(value.split(":", 1)) if ":" in value else (value, "")
            for value in data["languages"]
        ]
        return data

    @staticmethod
    def initial_for(interpreter, details: dict) -> dict:
        initial = {
            name: getattr(interpreter, name)
            for name in (
                "first_name", "last_name", "email", "phone", "gender", "home_municipality",
                "on_site", "phone_mode", "video", "qualification", "pledge_signed_on", "active",
            )
        }  # fmt: skip
        initial["languages"] = [
            f"{row.language}:{row.variant}" if row.variant else row.language
            for row in details["languages"]
        ]
        initial["areas"] = [row.municipality for row in details["areas"]]
        return initial


class AbsenceForm(forms.Form):
    starts_on = forms.DateField(label=_("Abwesend von"), widget=DateInput())
    ends_on = forms.DateField(label=_("bis einschließlich"), widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_on"), cleaned.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("Das Ende darf nicht vor dem Beginn liegen."))
        return cleaned


class AvailabilityForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Wochentag"), choices=WEEKDAYS, coerce=int)
    starts_at = forms.TimeField(label=_("Von"), widget=TimeInput())
    ends_at = forms.TimeField(label=_("Bis"), widget=TimeInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("starts_at"), cleaned.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("Das Ende muss nach dem Beginn liegen."))
        return cleaned


class DoNotSendForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Abteilung"),
        queryset=None,
        empty_label=_("– bitte wählen –"),
        error_messages={"required": _("Bitte wählen Sie eine Abteilung.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = department_list_active()
