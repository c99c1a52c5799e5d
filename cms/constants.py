"""Named values of the content model: the district's municipalities, course levels,
the offer categories and the legal page kinds."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Municipality(models.TextChoices):
    """The twelve towns, municipalities and joint municipalities of the Landkreis Harburg.

    Proper names: shown as they are in every language.
    """

    BUCHHOLZ = "buchholz", "Buchholz i. d. Nordheide"
    WINSEN = "winsen", "Winsen (Luhe)"
    SEEVETAL = "seevetal", "Seevetal"
    NEU_WULMSTORF = "neu-wulmstorf", "Neu Wulmstorf"
    ROSENGARTEN = "rosengarten", "Rosengarten"
    STELLE = "stelle", "Stelle"
    TOSTEDT = "tostedt", "Tostedt"
    HANSTEDT = "hanstedt", "Hanstedt"
    JESTEBURG = "jesteburg", "Jesteburg"
    HOLLENSTEDT = "hollenstedt", "Hollenstedt"
    SALZHAUSEN = "salzhausen", "Salzhausen"
    ELBMARSCH = "elbmarsch", "Elbmarsch"


class CefrLevel(models.TextChoices):
    ALPHA = "alpha", _("Alphabetisierung")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"


class OfferCategory(models.TextChoices):
    """One category per offer page type (OfferPage.category)."""

    COURSE = "course", _("Deutsch lernen")
    VOLUNTEERING = "volunteering", _("Ehrenamt")
    COUNSELLING = "counselling", _("Beratung und Anlaufstellen")
    INTERPRETING = "interpreting", _("Sprachmittlung")


class LegalKind(models.TextChoices):
    IMPRESSUM = "impressum", _("Impressum")
    PRIVACY = "privacy", _("Datenschutz")
    ACCESSIBILITY = "accessibility", _("Barrierefreiheit")


class TranslationStatus(models.TextChoices):
    """State of one page in one language (DESIGN.md "Translation states").

    missing ──machine translate──> machine ──editor reviews──> reviewed
       ^                              |                           |
       └──────── German source changes after translation ─────────┴──> outdated

    The transitions are made in one place, cms.mt.services; how a state is derived on
    publish is `translation_states_on_publish` there.
    """

    MISSING = "missing", _("fehlt")
    MACHINE = "machine", _("maschinell")
    REVIEWED = "reviewed", _("geprüft")
    OUTDATED = "outdated", _("veraltet")


# Readers of these see the "translated automatically" notice with a link to the original.
TRANSLATION_NOTICE_STATUSES = (TranslationStatus.MACHINE, TranslationStatus.OUTDATED)


class TranslationJobStatus(models.TextChoices):
    QUEUED = "queued", _("wartet")
    RUNNING = "running", _("läuft")
    DONE = "done", _("fertig")
    FAILED = "failed", _("fehlgeschlagen")


ACTIVE_JOB_STATUSES = (TranslationJobStatus.QUEUED, TranslationJobStatus.RUNNING)


class TranslationJobError(models.TextChoices):
    """Why a job failed, in words an editor can act on (cms.mt.services)."""

    NO_MODEL = "no_model", _("Für diese Sprache ist kein Übersetzungsmodell installiert.")
    PAGE_GONE = "page_gone", _("Die Seite wurde inzwischen gelöscht.")
    REVIEWED = (
        "reviewed",
        _(
            "Die Übersetzung ist geprüft und wurde nicht überschrieben. Wählen Sie "
            "„Geprüfte Übersetzungen überschreiben“, wenn Sie sie neu übersetzen lassen wollen."
        ),
    )
    RETRIES = (
        "retries",
        _("Die Übersetzung ist mehrmals an einem vorübergehenden Fehler gescheitert."),
    )
    UNEXPECTED = "unexpected", _("Unerwarteter Fehler bei der Übersetzung.")
