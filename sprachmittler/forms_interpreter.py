"""Forms of the interpreter screens: giving an assignment back, recording its outcome.

The limits repeat those of services.assignment_record, so that a wrong number is shown
next to its field (and kept) instead of as a message at the top."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import Outcome

MAX_MINUTES_WORKED = 12 * 60
MAX_TRAVEL_MINUTES = 8 * 60


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Grund"),
        max_length=300,
        help_text=_("Zum Beispiel: krank, Terminüberschneidung. Keine Namen von Klient/innen."),
        error_messages={
            "required": _("Bitte nennen Sie den Grund, damit die Disposition planen kann.")
        },
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _minutes_field(label, *, maximum: int, help_text, initial=None):
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=maximum,
        initial=initial,
        help_text=help_text,
        error_messages={
            "required": _("Bitte tragen Sie die Minuten ein (0, wenn keine)."),
            "invalid": _("Bitte nur ganze Minuten als Zahl, zum Beispiel 90."),
            "min_value": _("Die Minuten können nicht negativ sein."),
            "max_value": _("Höchstens %(limit_value)s Minuten. Bitte prüfen Sie die Zahl."),
        },
        # A text field with a number keypad: a browser's number field would drop what
        # does not parse instead of showing it next to the message.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class RecordForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Wie ist der Termin verlaufen?"),
        # "Sprachmittler/in nicht erschienen" is not the interpreter's to record.
        choices=[("", _("Bitte wählen"))]
        + [
            (value, label)
            for value, label in Outcome.choices
            if value != Outcome.INTERPRETER_ABSENT
        ],
        error_messages={"required": _("Bitte wählen Sie, wie der Termin verlaufen ist.")},
    )
    minutes_worked = _minutes_field(
        _("Einsatzzeit (Minuten)"),
        maximum=MAX_MINUTES_WORKED,
        help_text=_("Die Zeit vor Ort oder am Telefon, einschließlich Wartezeit."),
    )
    travel_minutes = _minutes_field(
        _("Fahrzeit (Minuten)"),
        maximum=MAX_TRAVEL_MINUTES,
        initial=0,
        help_text=_("Hin- und Rückweg zusammen; 0 bei Telefon und Video."),
    )
