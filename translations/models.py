"""Machine translation records: the state of each page in each language, the jobs that
translate them, the glossary of protected terms and the memory of reviewed segments.

The state is per (page, language) and remembers which German source it was made from
(a hash of the German fields), so that an edit turns exactly the affected languages to
outdated (translations.services.translation_states_on_publish).

The tables keep the names they had when these models lived in the `cms` app
(migrations/0001_initial.py moved them without touching the database).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from translations.constants import ACTIVE_JOB_STATUSES, TranslationJobError, TranslationJobStatus
from translations.constants import TranslationStatus as Status


class PageTranslation(models.Model):
    """One page in one language other than German. No row means `missing`."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="translation_states"
    )
    language = models.CharField(max_length=12)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.MISSING)
    # What it was made from: sha256 of the German fields (translations.segments.source_hash),
    # and per field, so that the review can show which fields changed since.
    source_hash = models.CharField(max_length=64, blank=True)
    source_fields = models.JSONField(default=dict, blank=True)
    engine = models.CharField(max_length=40, blank=True)  # "argos"; "" for people
    model_version = models.CharField(max_length=200, blank=True)
    translated_at = models.DateTimeField(null=True, blank=True)
    # Fields whose text is machine output (the rest came from reviewed segments).
    machine_fields = models.JSONField(default=list, blank=True)
    # Field -> protected items (numbers, addresses, glossary terms) that did not come
    # out of the machine exactly as they went in.
    problems = models.JSONField(default=dict, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "cms_pagetranslation"
        constraints = [
            models.UniqueConstraint(fields=["page", "language"], name="one_state_per_language")
        ]
        indexes = [models.Index(fields=["language", "status"])]

    def __str__(self):
        return f"{self.page_id}/{self.language}: {self.status}"


class TranslationJob(models.Model):
    """One run of machine translation for (page, language), shown to editors as it goes."""

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="translation_jobs"
    )
    language = models.CharField(max_length=12)
    status = models.CharField(
        max_length=12, choices=TranslationJobStatus.choices, default=TranslationJobStatus.QUEUED
    )
    overwrite_reviewed = models.BooleanField(default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=20, choices=TranslationJobError.choices, blank=True)
    error_detail = models.TextField(blank=True)
    published = models.BooleanField(default=False)  # the result went live with the page

    class Meta:
        db_table = "cms_translationjob"
        constraints = [
            # Two requests for the same page and language don't run twice.
            models.UniqueConstraint(
                fields=["page", "language"],
                condition=models.Q(status__in=ACTIVE_JOB_STATUSES),
                name="one_active_translation_job",
            )
        ]
        indexes = [models.Index(fields=["status", "requested_at"])]
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.page_id}/{self.language}: {self.status}"


class GlossaryTerm(index.Indexed, models.Model):
    """A term machine translation must not touch: a name (AWO, KVHS, Jobcenter, a place),
    kept as written, or given a fixed translation per language (term_en, term_ar, …)."""

    term = models.CharField(
        _("Begriff"),
        max_length=120,
        help_text=_(
            "Auf Deutsch, genau so geschrieben wie im Text. In den anderen Sprachen nur "
            "ausfüllen, wenn der Begriff dort eine feste Übersetzung hat; leer bleibt er "
            "unverändert."
        ),
    )
    note = models.CharField(_("Hinweis"), max_length=200, blank=True)

    panels = [FieldPanel("term"), FieldPanel("note")]
    search_fields = [index.SearchField("term")]

    class Meta:
        db_table = "cms_glossaryterm"
        verbose_name = _("Glossarbegriff")
        verbose_name_plural = _("Glossar")
        ordering = ["term"]

    def __str__(self):
        return self.term


class TranslationMemory(models.Model):
    """A German segment and its reviewed translation into one language, reused instead of
    machine output wherever the same segment occurs again."""

    language = models.CharField(max_length=12)
    source_hash = models.CharField(max_length=64)  # sha256 of source_text
    source_text = models.TextField()
    target_text = models.TextField()
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "cms_translationmemory"
        constraints = [
            models.UniqueConstraint(
                fields=["language", "source_hash"], name="one_memory_entry_per_segment"
            )
        ]

    def __str__(self):
        return f"{self.language}: {self.source_text[:40]}"
