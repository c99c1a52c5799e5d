"""Named values of the interpreter booking domain (docs/booking.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Mode(models.TextChoices):
    ON_SITE = "on_site", _("Vor Ort")
    PHONE = "phone", _("Telefon")
    VIDEO = "video", _("Video")


class Topic(models.TextChoices):
    HEALTH = "health", _("Gesundheit")
    SCHOOL = "school", _("Schule/Kita")
    BENEFITS = "benefits", _("Leistungen/Jobcenter")
    RESIDENCE = "residence", _("Aufenthalt")
    YOUTH = "youth", _("Jugendhilfe")
    HOUSING = "housing", _("Wohnen")
    OTHER = "other", _("Sonstiges")


class Language(models.TextChoices):
    """The pool's languages (a language can have variants, see VARIANTS)."""

    ARABIC = "ar", _("Arabisch")
    PERSIAN = "fa", _("Persisch")
    KURDISH = "ku", _("Kurdisch")
    UKRAINIAN = "uk", _("Ukrainisch")
    RUSSIAN = "ru", _("Russisch")
    TURKISH = "tr", _("Türkisch")
    TIGRINYA = "ti", _("Tigrinya")
    PASHTO = "ps", _("Paschtu")
    SOMALI = "so", _("Somali")
    ALBANIAN = "sq", _("Albanisch")
    ROMANIAN = "ro", _("Rumänisch")
    BULGARIAN = "bg", _("Bulgarisch")
    POLISH = "pl", _("Polnisch")
    FRENCH = "fr", _("Französisch")
    ENGLISH = "en", _("Englisch")
    OTHER = "other", _("Andere Sprache")


VARIANTS = {
    "fa": (("farsi", _("Farsi")), ("dari", _("Dari"))),
    "ku": (("kurmanji", _("Kurmandschi")), ("sorani", _("Sorani"))),
    "ar": (
        ("levantine", _("Levantinisch")),
        ("iraqi", _("Irakisch")),
        ("maghrebi", _("Maghrebinisch")),
    ),
}
VARIANT_CHOICES = [(code, label) for variants in VARIANTS.values() for code, label in variants]


class GenderPreference(models.TextChoices):
    NONE = "", _("Keine")
    FEMALE = "female", _("Frau")
    MALE = "male", _("Mann")


class Gender(models.TextChoices):
    FEMALE = "female", _("Frau")
    MALE = "male", _("Mann")
    DIVERSE = "diverse", _("Divers")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Eingereicht")
    NEEDS_INFO = "needs_info", _("Rückfrage")
    APPROVED = "approved", _("Genehmigt")
    REJECTED = "rejected", _("Abgelehnt")
    IN_DISPATCH = "in_dispatch", _("In Vermittlung")
    CONFIRMED = "confirmed", _("Bestätigt")
    UNFILLED = "unfilled", _("Nicht besetzt")
    COMPLETED = "completed", _("Durchgeführt")
    NO_SHOW_CLIENT = "no_show_client", _("Klient/in nicht erschienen")
    INTERPRETER_ABSENT = "interpreter_absent", _("Sprachmittler/in nicht erschienen")
    SETTLED = "settled", _("Abgerechnet")
    CANCELLED = "cancelled", _("Storniert")


OPEN_STATUSES = (
    RequestStatus.SUBMITTED,
    RequestStatus.NEEDS_INFO,
    RequestStatus.APPROVED,
    RequestStatus.IN_DISPATCH,
    RequestStatus.CONFIRMED,
)
FINISHED_STATUSES = (
    RequestStatus.REJECTED,
    RequestStatus.UNFILLED,
    RequestStatus.COMPLETED,
    RequestStatus.NO_SHOW_CLIENT,
    RequestStatus.INTERPRETER_ABSENT,
    RequestStatus.SETTLED,
    RequestStatus.CANCELLED,
)


class RejectReason(models.TextChoices):
    OUT_OF_SCOPE = "out_of_scope", _("Außerhalb der Regeln (Gericht, Diagnose, keine Fachkraft)")
    PRIVATE = "private", _("Private Anfrage")
    BUDGET = "budget", _("Kein Budget")
    OTHER_SERVICE = "other_service", _("Anderer Kostenträger zuständig")
    DUPLICATE = "duplicate", _("Doppelte Anfrage")
    OTHER = "other", _("Sonstiges")


class CancelParty(models.TextChoices):
    DEPARTMENT = "department", _("Abteilung")
    CLIENT = "client", _("Klient/in")
    INTERPRETER = "interpreter", _("Sprachmittler/in")
    POOL = "pool", _("Pool (AWO)")
    DISTRICT = "district", _("Landkreis")


class OfferStatus(models.TextChoices):
    PENDING = "pending", _("Offen")
    ACCEPTED = "accepted", _("Angenommen")
    DECLINED = "declined", _("Abgelehnt")
    EXPIRED = "expired", _("Abgelaufen")
    WITHDRAWN = "withdrawn", _("Zurückgezogen")
    FILLED_BY_OTHER = "filled_by_other", _("Anderweitig besetzt")


class AssignmentStatus(models.TextChoices):
    ACTIVE = "active", _("Aktiv")
    WITHDRAWN = "withdrawn", _("Zurückgegeben")
    CANCELLED = "cancelled", _("Storniert")


class Outcome(models.TextChoices):
    COMPLETED = "completed", _("Durchgeführt")
    NO_SHOW_CLIENT = "no_show_client", _("Klient/in nicht erschienen")
    INTERPRETER_ABSENT = "interpreter_absent", _("Sprachmittler/in nicht erschienen")
