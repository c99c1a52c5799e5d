"""Reads for the translation screens: the matrix of pages × languages, the jobs, the
side-by-side review."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from translations.constants import ACTIVE_JOB_STATUSES
from translations.constants import TranslationStatus as Status
from translations.models import PageTranslation, TranslationJob
from translations.segments import page_segments, page_source_hashes, translatable_fields
from translations.services import SOURCE, target_languages


def pages_editable_by(user):
    """The site's pages (not Wagtail's root) this user may edit."""
    return (
        PagePermissionPolicy()
        .instances_user_has_any_permission_for(user, ["change"])
        .filter(depth__gt=1)
    )


@dataclass
class MatrixRow:
    page: Page
    cells: list[tuple[str, Status, str]]  # (language, status, active job status or "")


@dataclass
class Matrix:
    languages: list[str]
    rows: list[MatrixRow]
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # language -> status -> n
    total: int = 0


def translation_matrix_queryset(user, *, language: str = "", status: str = "", query: str = ""):
    pages = pages_editable_by(user).order_by("path")
    if query:
        pages = pages.filter(Q(title__icontains=query) | Q(title_de__icontains=query))
    if language and status:
        if status == Status.MISSING:
            pages = pages.exclude(
                Q(translation_states__language=language)
                & ~Q(translation_states__status=Status.MISSING)
            )
        else:
            pages = pages.filter(
                translation_states__language=language, translation_states__status=status
            )
    elif status:  # in any language
        if status == Status.MISSING:
            have = Count(
                "translation_states",
                filter=~Q(translation_states__status=Status.MISSING),
                distinct=True,
            )
            pages = pages.annotate(have=have).filter(have__lt=len(target_languages()))
        else:
            pages = pages.filter(translation_states__status=status).distinct()
    return pages


def translation_matrix(user, pages_on_screen, *, all_pages) -> Matrix:
    """States of the pages on screen in every language, and counts over all pages
    matching the filters: two queries whatever the number of pages."""
    languages = target_languages()
    ids = [p.pk for p in pages_on_screen]
    states = {
        (page_id, language): status
        for page_id, language, status in PageTranslation.objects.filter(
            page_id__in=ids
        ).values_list("page_id", "language", "status")
    }
    jobs = {
        (page_id, language): status
        for page_id, language, status in TranslationJob.objects.filter(
            page_id__in=ids, status__in=ACTIVE_JOB_STATUSES
        ).values_list("page_id", "language", "status")
    }
    rows = [
        MatrixRow(
            page=page,
            cells=[
                (
                    language,
                    Status(states.get((page.pk, language), Status.MISSING)),
                    jobs.get((page.pk, language), ""),
                )
                for language in languages
            ],
        )
        for page in pages_on_screen
    ]
    total = all_pages.count()
    counts = {language: dict.fromkeys(Status.values, 0) for language in languages}
    for language, status, n in (
        PageTranslation.objects.filter(page__in=all_pages.values("pk"))
        .exclude(status=Status.MISSING)
        .values_list("language", "status")
        .annotate(n=Count("pk"))
    ):
        if language in counts:
            counts[language][status] = n
    for language in languages:
        counts[language][Status.MISSING] = total - sum(
            n for s, n in counts[language].items() if s != Status.MISSING
        )
    return Matrix(languages=languages, rows=rows, counts=counts, total=total)


def translation_jobs_recent(user, *, page_ids=None, limit: int = 100):
    jobs = TranslationJob.objects.select_related("page", "requested_by").filter(
        page__in=pages_editable_by(user).values("pk")
    )
    if page_ids:
        jobs = jobs.filter(page_id__in=page_ids)
    return list(jobs[:limit])


@dataclass
class ReviewRow:
    field: str
    label: str
    source: str
    translation: str
    html: bool
    machine: bool  # the text of this field is machine output
    changed: bool  # the German text of this field changed since the translation
    problems: list[str]


def translation_review_rows(page, language: str, state: PageTranslation | None):
    """German and the translation side by side, one row per segment, from the latest
    revision (what the editor is about to publish or has published)."""
    specific = page.specific
    current = (
        specific.get_latest_revision_as_object() if specific.has_unpublished_changes else specific
    )
    translated = {s.key: s for s in page_segments(current, language)}
    hashes = page_source_hashes(current, SOURCE)
    made_from = state.source_fields if state else {}
    machine = set(state.machine_fields) if state else set()
    problems = state.problems if state else {}
    labels = {}
    for name in translatable_fields(current):
        try:
            labels[name] = str(current._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            labels[name] = name
    rows = []
    for segment in page_segments(current, SOURCE):
        other = translated.get(segment.key)
        rows.append(
            ReviewRow(
                field=segment.field,
                label=labels.get(segment.field, segment.field),
                source=segment.text,
                translation=other.text if other else "",
                html=segment.html,
                machine=segment.field in machine,
                changed=bool(made_from)
                and made_from.get(segment.field) != hashes.get(segment.field),
                problems=problems.get(segment.field, []),
            )
        )
    return current, rows


def translation_states_read(pairs) -> dict[tuple[int, str], tuple[bool, str]]:
    """For (page id, language, has its own text in it) triples: whether a person has
    checked the text readers of that language see, and the state's name as editors know
    it. German is the reviewed source; a page without its own text is missing, whatever
    a stale state says. One query. (analytics.reach asks this through the report.)"""
    pairs = list(pairs)
    stored = {
        (page_id, language): status
        for page_id, language, status in PageTranslation.objects.filter(
            page_id__in={page_id for page_id, _language, _own in pairs}
        ).values_list("page_id", "language", "status")
    }
    found = {}
    for page_id, language, own in pairs:
        if language == SOURCE:
            status = Status.REVIEWED
        elif not own:
            status = Status.MISSING
        else:
            status = Status(stored.get((page_id, language), Status.MISSING))
        found[page_id, language] = (status == Status.REVIEWED, status.label)
    return found
