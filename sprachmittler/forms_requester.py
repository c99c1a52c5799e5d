"""Forms of the requester screens: parse what was typed; the booking rules themselves are
services.request_validate's, whose messages land on the fields they concern."""

from datetime import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import services
from .constants import VARIANTS, CancelParty, GenderPreference, Language
from .models import Request
from .selectors import request_list_follow_up_choices

# services.request_validate names the appointment "starts_at"; the form asks for it as a
# date and a start time, and shows the message on the date.
ERROR_FIELDS = {"starts_at": "date"}

EDITABLE = [name for name in services.EDITABLE_FIELDS if name != "starts_at"]


def _variant_choices():
    groups = [("", _("Keine bestimmte Variante"))]
    for language, variants in VARIANTS.items():
        groups.append((Language(language).label, list(variants)))
    return groups


class RequestForm(forms.ModelForm):
    """The request (Anfrage): new, changed, or completed after a question."""

    date = forms.DateField(
        label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Beginn (Uhrzeit)"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    participants = forms.IntegerField(
        label=_("Teilnehmende"),
        min_value=1,
        max_value=50,
        initial=2,
        help_text=_("Wie viele Personen nehmen teil (mit Ihnen)?"),
    )

    class Meta:
        model = Request
        fields = [
            "language",
            "language_variant",
            "language_other",
            "duration_minutes",
            "mode",
            "municipality",
            "place",
            "onsite_contact",
            "topic",
            "description",
            "case_reference",
            "participants",
            "gender_preference",
            "other_gender_ok",
            "follow_up_of",
            "note_dispatcher",
            "note_interpreter",
            "urgent",
            "urgent_reason",
            "scope_confirmed",
        ]
        labels = {
            "language_other": _("Andere Sprache (wenn nicht in der Liste)"),
            "mode": _("Art des Termins"),
            "follow_up_of": _("Folgetermin von"),
            "gender_preference": _("Gewünschtes Geschlecht der Sprachmittlerin/des Sprachmittlers"),
            "other_gender_ok": _("Ein anderes Geschlecht ist auch möglich"),
            "urgent": _("Dringend (kürzer als die Vorlaufzeit)"),
            "scope_confirmed": _(
                "Ich bestätige, dass der Termin die Regeln des Pools (oben) einhält"
            ),
        }
        help_texts = {
            "language_other": _("Nur ausfüllen, wenn Sie oben „Andere Sprache“ gewählt haben."),
            "duration_minutes": _("Erwartete Dauer in Minuten."),
            "place": _(
                "Pflicht bei Terminen vor Ort. Angebote an Sprachmittelnde zeigen nur die "
                "Stadt/Gemeinde."
            ),
            "onsite_contact": _("Nur wenn es nicht Sie selbst sind."),
            "description": _(
                "Bitte keine personenbezogenen Daten der Klientin/des Klienten (kein Name, "
                "keine Anschrift, kein Geburtsdatum, keine Diagnose): nur, worum es geht."
            ),
            "case_reference": _(
                "Ihr Aktenzeichen oder Ihre Fallnummer – anstelle des Namens der Klientin/des "
                "Klienten."
            ),
            "follow_up_of": _(
                "Wir fragen dann zuerst dieselbe Sprachmittlerin/denselben Sprachmittler an."
            ),
            "note_dispatcher": _("Nur für die Disposition. Keine personenbezogenen Daten."),
            "note_interpreter": _(
                "Sieht die Sprachmittlerin/der Sprachmittler erst nach der Zusage. Keine "
                "personenbezogenen Daten."
            ),
            "urgent_reason": _("Pflicht, wenn der Termin dringend ist."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "note_dispatcher": forms.Textarea(attrs={"rows": 3}),
            "note_interpreter": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, follow_up: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["language_variant"].choices = _variant_choices()
        self.fields["gender_preference"].choices = GenderPreference.choices
        self.fields["duration_minutes"].widget.attrs.update(
            {"min": 15, "max": settings.SPRACHMITTLER_MAX_DURATION_MINUTES, "step": 15}
        )
        self.fields["duration_minutes"].help_text = _(
            "Erwartete Dauer in Minuten, höchstens %(max)s."
        ) % {"max": settings.SPRACHMITTLER_MAX_DURATION_MINUTES}
        for name in ("language", "municipality", "topic"):
            self.fields[name].choices = [("", _("Bitte wählen")), *self.fields[name].choices[1:]]
        if follow_up:
            field = self.fields["follow_up_of"]
            field.queryset = request_list_follow_up_choices(user)
            field.empty_label = _("Kein Folgetermin")
            field.label_from_instance = _follow_up_label
        else:
            # Changing or completing keeps the request's follow-up as it is.
            del self.fields["follow_up_of"]
        if self.instance.pk:
            local = timezone.localtime(self.instance.starts_at)
            self.initial.setdefault("date", local.date())
            self.initial.setdefault("start_time", local.time().replace(second=0, microsecond=0))

    def clean(self):
        cleaned = super().clean()
        date, start_time = cleaned.get("date"), cleaned.get("start_time")
        data = {name: cleaned[name] for name in EDITABLE if name in cleaned}
        if date is not None and start_time is not None:
            data["starts_at"] = timezone.make_aware(datetime.combine(date, start_time))
        try:
            services.request_validate(data)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                field = ERROR_FIELDS.get(field, field)
                self.add_error(field if field in self.fields else None, messages)
        if cleaned.get("follow_up_of") is not None:
            data["follow_up_of"] = cleaned["follow_up_of"]
        self.request_data = data
        return cleaned

    def _post_clean(self):
        # The services validate the whole record and save it; the form only parses.
        pass


def _follow_up_label(request: Request) -> str:
    local = timezone.localtime(request.starts_at)
    return f"{local:%d.%m.%Y} · {request.language_label} · {request.case_reference}"


class CancelForm(forms.Form):
    party = forms.ChoiceField(
        label=_("Wer sagt ab?"), choices=CancelParty.choices, initial=CancelParty.DEPARTMENT
    )
    reason = forms.CharField(
        label=_("Grund"),
        max_length=300,
        help_text=_("Kurz, ohne personenbezogene Daten (z. B. „Klientin erkrankt“)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""


class NoteLanguageForm(forms.Form):
    """The language of the client's appointment note: one of the portal's published,
    reviewed languages (never machine translation)."""

    sprache = forms.ChoiceField(label=_("Sprache des Hinweises"), choices=settings.LANGUAGES)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
