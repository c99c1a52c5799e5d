"""Records of the interpreter booking (docs/booking.md): departments, the AWO pool, requests
(Anfragen), offers to interpreters, assignments (Einsätze) and the audit trail.

A request holds no client name, contact or residence status: the department's case
reference stands in for the client. Times are stored in UTC, shown in Europe/Berlin.
"""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.municipalities import Municipality

from .constants import (
    VARIANT_CHOICES,
    AssignmentStatus,
    CancelParty,
    Gender,
    GenderPreference,
    Language,
    Mode,
    OfferStatus,
    Outcome,
    RejectReason,
    RequestStatus,
    Topic,
)


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class Department(models.Model):
    """A department of the district (or a school) that may request interpreters."""

    name = models.CharField(_("Name"), max_length=200, unique=True)
    email = models.EmailField(_("E-Mail für Benachrichtigungen"), blank=True)
    active = models.BooleanField(_("Aktiv"), default=True)

    class Meta:
        verbose_name = _("Abteilung")
        verbose_name_plural = _("Abteilungen")
        ordering = ["name"]

    def __str__(self):
        return self.name


class StaffProfile(models.Model):
    """The department a requester works in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="staff", verbose_name=_("Abteilung")
    )

    def __str__(self):
        return f"{self.user} ({self.department})"


class BudgetLine(models.Model):
    """A budget line (Kostenstelle) the coordinator books approved requests on."""

    code = models.CharField(_("Kostenstelle"), max_length=40, unique=True)
    name = models.CharField(_("Bezeichnung"), max_length=200)
    year = models.PositiveIntegerField(_("Haushaltsjahr"))
    amount = models.DecimalField(_("Budget (€)"), max_digits=10, decimal_places=2, default=0)
    active = models.BooleanField(_("Aktiv"), default=True)

    class Meta:
        verbose_name = _("Kostenstelle")
        verbose_name_plural = _("Kostenstellen")
        ordering = ["-year", "code"]

    def __str__(self):
        return f"{self.code} – {self.name} ({self.year})"


class Interpreter(models.Model):
    """A member of the AWO pool (Sprachmittler/in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpreter",
    )
    first_name = models.CharField(_("Vorname"), max_length=100)
    last_name = models.CharField(_("Nachname"), max_length=100)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=40, blank=True)
    gender = models.CharField(_("Geschlecht"), max_length=10, choices=Gender.choices, blank=True)
    home_municipality = models.CharField(_("Wohnort"), max_length=20, choices=Municipality.choices)
    on_site = models.BooleanField(_("Vor Ort"), default=True)
    phone_mode = models.BooleanField(_("Telefon"), default=True)
    video = models.BooleanField(_("Video"), default=False)
    qualification = models.CharField(_("Qualifikation"), max_length=200, blank=True)
    pledge_signed_on = models.DateField(_("Schweigepflichterklärung am"), null=True, blank=True)
    active = models.BooleanField(_("Aktiv"), default=True)
    calendar_token = models.CharField(max_length=64, unique=True, default=new_calendar_token)

    class Meta:
        verbose_name = _("Sprachmittler/in")
        verbose_name_plural = _("Sprachmittler/innen")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def offers_mode(self, mode: str) -> bool:
        return {Mode.ON_SITE: self.on_site, Mode.PHONE: self.phone_mode, Mode.VIDEO: self.video}[
            mode
        ]


class InterpreterLanguage(models.Model):
    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("Sprache"), max_length=10, choices=Language.choices)
    variant = models.CharField(_("Variante"), max_length=20, choices=VARIANT_CHOICES, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["interpreter", "language", "variant"], name="one_language_variant_each"
            )
        ]

    def __str__(self):
        return f"{self.get_language_display()} {self.variant}".strip()


class InterpreterArea(models.Model):
    """A municipality an interpreter goes to for appointments on site."""

    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="areas")
    municipality = models.CharField(max_length=20, choices=Municipality.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interpreter", "municipality"], name="one_area_each")
        ]

    def __str__(self):
        return self.get_municipality_display()


class Absence(models.Model):
    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="absences")
    starts_on = models.DateField(_("Von"))
    ends_on = models.DateField(_("Bis"))

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="absence_ends_after"
            )
        ]

    def __str__(self):
        return f"{self.starts_on}–{self.ends_on}"


class WeeklyAvailability(models.Model):
    interpreter = models.ForeignKey(
        Interpreter, on_delete=models.CASCADE, related_name="availability"
    )
    weekday = models.PositiveSmallIntegerField(
        _("Wochentag"), validators=[MinValueValidator(0), MaxValueValidator(6)]
    )  # 0 = Monday
    starts_at = models.TimeField(_("Von"))
    ends_at = models.TimeField(_("Bis"))

    class Meta:
        ordering = ["weekday", "starts_at"]

    def __str__(self):
        return f"{self.weekday} {self.starts_at}–{self.ends_at}"


class DoNotSend(models.Model):
    """A department asked that this interpreter not be sent to it again."""

    department = models.ForeignKey(Department, on_delete=models.CASCADE, related_name="do_not_send")
    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["department", "interpreter"], name="do_not_send_once")
        ]

    def __str__(self):
        return f"{self.department} ✕ {self.interpreter}"


class Request(models.Model):
    """An interpreter request (Anfrage) of a department."""

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    onsite_contact = models.CharField(_("Ansprechperson vor Ort"), max_length=200, blank=True)

    language = models.CharField(_("Sprache"), max_length=10, choices=Language.choices)
    language_variant = models.CharField(
        _("Variante"), max_length=20, choices=VARIANT_CHOICES, blank=True
    )
    language_other = models.CharField(_("Andere Sprache"), max_length=100, blank=True)

    starts_at = models.DateTimeField(_("Beginn"))
    duration_minutes = models.PositiveIntegerField(_("Dauer (Minuten)"), default=180)
    mode = models.CharField(_("Art"), max_length=10, choices=Mode.choices, default=Mode.ON_SITE)
    municipality = models.CharField(
        _("Stadt/Gemeinde"), max_length=20, choices=Municipality.choices
    )
    place = models.CharField(_("Ort (Straße, Raum, Treffpunkt)"), max_length=300, blank=True)

    topic = models.CharField(_("Thema"), max_length=20, choices=Topic.choices)
    description = models.TextField(_("Kurzbeschreibung"), max_length=1000, blank=True)
    case_reference = models.CharField(_("Aktenzeichen/Fallnummer"), max_length=60)
    participants = models.PositiveSmallIntegerField(_("Teilnehmende"), default=2)
    gender_preference = models.CharField(
        _("Gewünschtes Geschlecht"), max_length=10, choices=GenderPreference.choices, blank=True
    )
    other_gender_ok = models.BooleanField(_("Anderes Geschlecht möglich"), default=True)
    follow_up_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    note_dispatcher = models.TextField(_("Hinweis an die Disposition"), max_length=1000, blank=True)
    note_interpreter = models.TextField(
        _("Hinweis an die Sprachmittlerin/den Sprachmittler"), max_length=1000, blank=True
    )
    urgent = models.BooleanField(_("Dringend"), default=False)
    urgent_reason = models.CharField(_("Grund der Dringlichkeit"), max_length=300, blank=True)
    scope_confirmed = models.BooleanField(_("Regeln eingehalten"), default=False)

    budget_line = models.ForeignKey(
        BudgetLine, null=True, blank=True, on_delete=models.PROTECT, related_name="requests"
    )
    reject_reason = models.CharField(max_length=20, choices=RejectReason.choices, blank=True)
    question = models.TextField(_("Rückfrage"), blank=True)
    cancelled_by = models.CharField(max_length=20, choices=CancelParty.choices, blank=True)
    cancel_reason = models.CharField(_("Grund"), max_length=300, blank=True)
    cancelled_late = models.BooleanField(default=False)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Anfrage")
        verbose_name_plural = _("Anfragen")
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["department", "starts_at"]),
        ]

    def __str__(self):
        return f"{self.case_reference} ({self.get_language_display()}, {self.starts_at:%Y-%m-%d})"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def language_label(self) -> str:
        if self.language == Language.OTHER:
            return self.language_other
        label = str(self.get_language_display())
        if self.language_variant:
            label += f" ({self.get_language_variant_display()})"
        return label

    @property
    def active_assignment(self):
        return next(
            (a for a in self.assignments.all() if a.status == AssignmentStatus.ACTIVE), None
        )


class Offer(models.Model):
    """A request offered to one interpreter; shows minimal data until accepted."""

    reference = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="offers")
    interpreter = models.ForeignKey(Interpreter, on_delete=models.CASCADE, related_name="offers")
    status = models.CharField(
        max_length=20, choices=OfferStatus.choices, default=OfferStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "interpreter"],
                condition=models.Q(status="pending"),
                name="one_pending_offer_per_interpreter",
            )
        ]

    def __str__(self):
        return f"{self.request_id} → {self.interpreter_id} ({self.status})"


class Assignment(models.Model):
    """An accepted offer (Einsatz); after the appointment it holds outcome and hours.

    blocked_from/blocked_until are the appointment widened by the travel buffer: on
    PostgreSQL an exclusion constraint forbids two active assignments of one interpreter
    whose blocked times overlap (migration 0002); the service checks the same everywhere.
    """

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="assignments")
    interpreter = models.ForeignKey(
        Interpreter, on_delete=models.PROTECT, related_name="assignments"
    )
    offer = models.OneToOneField(Offer, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(
        max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.ACTIVE
    )
    blocked_from = models.DateTimeField()
    blocked_until = models.DateTimeField()
    # The appointment as accepted: a later change of the request's time ends this
    # assignment, which keeps the time it was for (its calendar entry, cancelled, too).
    starts_at = models.DateTimeField(null=True, blank=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    minutes_worked = models.PositiveIntegerField(null=True, blank=True)
    travel_minutes = models.PositiveIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField(null=True, blank=True)
    confirmed_by_requester_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    reminded_48h_at = models.DateTimeField(null=True, blank=True)
    reminded_2h_at = models.DateTimeField(null=True, blank=True)
    hours_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["blocked_from"]
        indexes = [models.Index(fields=["interpreter", "status", "blocked_from"])]
        constraints = [
            # A request has at most one interpreter at a time (the report counts on it).
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(status="active"),
                name="one_active_assignment_per_request",
            )
        ]

    def __str__(self):
        return f"{self.request_id} → {self.interpreter_id} ({self.status})"


class Event(models.Model):
    """One transition of a request: the audit trail. Never edited, never deleted."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.request_id}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("Events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("Events are append-only.")


class Notification(models.Model):
    """An e-mail to send (outbox). Written in the same transaction as the change it tells
    about, sent by a Celery task after commit; a periodic task sends whatever is left
    (a broker outage at submit time delays mail, it loses none). Carries a link only."""

    event = models.ForeignKey(
        Event, null=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    request = models.ForeignKey(
        Request, null=True, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30)
    recipient = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self):
        return f"{self.kind} → {self.recipient}"


# --- issue 6, interpreter service figures: the tariff the costs are computed with ------


class Tariff(models.Model):
    """What an hour of interpreting costs from a date on (Vergütungssatz): the rate, the
    billable minimum for a late cancellation or a client who did not come, and the flat
    travel allowance per assignment on site. The report applies the tariff valid on the
    appointment's local date, so a change of rate within a year splits the costs."""

    valid_from = models.DateField(_("Gültig ab"))
    valid_until = models.DateField(_("Gültig bis (einschließlich)"), null=True, blank=True)
    hourly_rate = models.DecimalField(_("Stundensatz (€)"), max_digits=7, decimal_places=2)
    late_cancel_minimum_minutes = models.PositiveIntegerField(
        _("Mindestabrechnung bei kurzfristiger Absage oder Nichterscheinen (Minuten)"),
        default=60,
    )
    travel_allowance = models.DecimalField(
        _("Fahrtpauschale je Einsatz vor Ort (€)"), max_digits=7, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("Vergütungssatz")
        verbose_name_plural = _("Vergütungssätze")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="tariff_valid_until_after_from",
            )
        ]

    def __str__(self):
        return _("%(rate)s € ab %(day)s") % {
            "rate": self.hourly_rate,
            "day": f"{self.valid_from:%d.%m.%Y}",
        }
