"""Forms of the coordinator screens: the queue's filters, decisions on one or many
requests. They only parse and check input; services.py decides."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from .constants import CancelParty, Language, RejectReason, RequestStatus
from .selectors import budget_line_list_active, department_list_active


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class QueueFilterForm(forms.Form):
    """GET filters of the queue; an invalid value is reported and ignored."""

    department = forms.ModelChoiceField(
        label=_("Abteilung"), queryset=None, required=False, empty_label=_("Alle")
    )
    language = forms.ChoiceField(
        label=_("Sprache"), choices=[("", _("Alle")), *Language.choices], required=False
    )
    date_from = forms.DateField(label=_("Termin ab"), required=False, widget=DateInput())
    date_until = forms.DateField(label=_("Termin bis"), required=False, widget=DateInput())
    urgent = forms.BooleanField(label=_("Nur dringende"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = department_list_active()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_until")
        if start and end and end < start:
            self.add_error("date_until", _("„Termin bis“ darf nicht vor „Termin ab“ liegen."))
            cleaned.pop("date_until", None)
        return cleaned

    def filters(self) -> dict:
        """The filters that are valid (call after is_valid())."""
        return {name: value for name, value in self.cleaned_data.items() if value}


class ReferencesField(forms.MultipleChoiceField):
    """Request references ticked in a table (the table renders the checkboxes)."""

    widget = forms.MultipleHiddenInput

    def valid_value(self, value):
        try:
            uuid.UUID(str(value))
        except ValueError:
            return False
        return True


class BulkDecisionForm(forms.Form):
    """Approve the ticked requests with one budget line, or reject them with one reason."""

    APPROVE, REJECT = "approve", "reject"

    references = ReferencesField(
        label=_("Anfragen"),
        error_messages={"required": _("Bitte kreuzen Sie mindestens eine Anfrage an.")},
    )
    action = forms.ChoiceField(
        choices=[(APPROVE, _("Genehmigen")), (REJECT, _("Ablehnen"))], widget=forms.HiddenInput
    )
    budget_line = forms.ModelChoiceField(
        label=_("Kostenstelle"),
        queryset=None,
        required=False,
        empty_label=_("– bitte wählen –"),
        help_text=_("Zum Genehmigen."),
    )
    reject_reason = forms.ChoiceField(
        label=_("Ablehnungsgrund"),
        choices=[("", _("– bitte wählen –")), *RejectReason.choices],
        required=False,
        help_text=_("Zum Ablehnen."),
    )
    note = forms.CharField(
        label=_("Vermerk (optional)"),
        required=False,
        max_length=300,
        help_text=_("Ohne personenbezogene Daten der Klientin oder des Klienten."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = budget_line_list_active()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.APPROVE and not cleaned.get("budget_line"):
            self.add_error("budget_line", _("Zum Genehmigen wählen Sie bitte eine Kostenstelle."))
        if cleaned.get("action") == self.REJECT and not cleaned.get("reject_reason"):
            self.add_error(
                "reject_reason", _("Zum Ablehnen wählen Sie bitte einen Ablehnungsgrund.")
            )
        return cleaned


class ApproveForm(forms.Form):
    budget_line = forms.ModelChoiceField(
        label=_("Kostenstelle"),
        queryset=None,
        empty_label=_("– bitte wählen –"),
        error_messages={"required": _("Bitte wählen Sie eine Kostenstelle.")},
    )
    note = forms.CharField(label=_("Vermerk (optional)"), required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["budget_line"].queryset = budget_line_list_active()


class RejectForm(forms.Form):
    reason_code = forms.ChoiceField(
        label=_("Ablehnungsgrund"),
        choices=[("", _("– bitte wählen –")), *RejectReason.choices],
        error_messages={"required": _("Bitte wählen Sie einen Ablehnungsgrund.")},
    )
    note = forms.CharField(
        label=_("Erläuterung für die Anfragenden (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AskForm(forms.Form):
    question = forms.CharField(
        label=_("Rückfrage"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Die Anfragenden ergänzen die Anfrage und reichen sie erneut ein."),
        error_messages={"required": _("Bitte schreiben Sie Ihre Rückfrage.")},
    )


class CancelForm(forms.Form):
    party = forms.ChoiceField(
        label=_("Wer storniert?"),
        choices=[("", _("– bitte wählen –")), *CancelParty.choices],
        error_messages={"required": _("Bitte wählen Sie, wer storniert.")},
    )
    reason = forms.CharField(
        label=_("Grund"),
        max_length=300,
        error_messages={"required": _("Bitte nennen Sie den Grund der Stornierung.")},
    )


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Grund für das Wiederöffnen"),
        max_length=300,
        error_messages={"required": _("Bitte nennen Sie den Grund.")},
    )


class AllFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle")), *RequestStatus.choices], required=False
    )
    q = forms.CharField(label=_("Aktenzeichen/Fallnummer"), required=False, max_length=60)
