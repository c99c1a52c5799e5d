"""Named states of machine translation: of a page in a language, and of a job."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TranslationStatus(models.TextChoices):
    """State of one page in one language (README "Machine translation").

    missing ──machine translate──> machine ──editor reviews──> reviewed
       ^                              |                           |
       └──────── German source changes after translation ─────────┴──> outdated

    The transitions are made in one place, translations.services; how a state is derived on
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
    """Why a job failed, in words an editor can act on (translations.services)."""

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
