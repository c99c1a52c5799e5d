"""Machine translation of pages and the translation states: every change of a state is
made here.

- `translation_jobs_queue`: editors ask for languages of pages; one job per (page,
  language), never two running at once, the task queued after commit.
- `translation_job_run`: what the Celery task does with a job (claim, translate, record).
- `page_translate`: German segments -> translation memory -> machine (protected terms
  kept) -> the page's fields in that language -> a new revision, published with the
  page unless the district requires review first.
- `translation_states_on_publish`: a published German edit turns exactly the languages
  whose source changed to outdated (unless ticked as a minor edit).
- `translation_mark_reviewed`: an editor has checked a language; its segments go into
  the translation memory.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page

from cms.cache import cached_list, page_changed, page_token
from cms.languages import has_own_translation
from portal.tasks import task_enqueue
from translations.backends import TranslationUnavailable, get_backend
from translations.constants import ACTIVE_JOB_STATUSES, TranslationJobError, TranslationJobStatus
from translations.constants import TranslationStatus as Status
from translations.models import GlossaryTerm, PageTranslation, TranslationJob, TranslationMemory
from translations.protect import GlossaryEntry, translate_protected
from translations.segments import page_apply, page_segments, page_source_hashes, source_hash

logger = logging.getLogger(__name__)

SOURCE = "de"
PAGE_TRANSLATE_TASK = "translations.page_translate"  # tasks.page_translate_task
# A job left "running" this long was lost with its worker (killed, machine restarted):
# the redelivered message may take it up again.
STALE_RUNNING = timedelta(minutes=30)


def target_languages() -> list[str]:
    return [code for code in settings.MODELTRANSLATION_LANGUAGES if code != SOURCE]


def segment_hash(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


# --- reading the German source and the glossary -------------------------------------


def glossary_entries() -> list[GlossaryEntry]:
    entries = []
    for term in GlossaryTerm.objects.all():
        german = (getattr(term, f"term_{SOURCE}", "") or "").strip()
        if not german:
            continue
        fixed = {}
        for code in target_languages():
            value = (getattr(term, f"term_{code}", "") or "").strip()
            if value:
                fixed[code] = value
        entries.append(GlossaryEntry(term=german, fixed=fixed))
    return entries


# --- translating one page into one language ----------------------------------------


class ReviewedTranslationKept(Exception):
    """The language is reviewed and the editor did not ask to overwrite it."""


@dataclass
class TranslateResult:
    state: PageTranslation
    published: bool
    from_memory: int = 0
    from_machine: int = 0
    problems: dict = field(default_factory=dict)


def page_translate(
    page: Page, language: str, *, user=None, overwrite_reviewed: bool = False
) -> TranslateResult:
    """Translate the page's latest German text into `language` and save it as a revision.

    Published at once when the page is live without unpublished changes and the district
    publishes machine output (PORTAL_PUBLISH_MACHINE_TRANSLATION); otherwise left as a
    draft, so that an unpublished German draft is never published by a translation.
    """
    backend = get_backend()
    if not backend.can_translate(SOURCE, language):
        raise TranslationUnavailable(f"{SOURCE}→{language}")
    live = Page.objects.get(pk=page.pk).specific  # fresh: the caller's copy may be stale
    state = PageTranslation.objects.filter(page=live, language=language).first()
    if state and state.status == Status.REVIEWED and not overwrite_reviewed:
        raise ReviewedTranslationKept

    draft = live.get_latest_revision_as_object() if live.has_unpublished_changes else live
    segments = page_segments(draft, SOURCE)
    hashes = page_source_hashes(draft, SOURCE)

    # Reviewed segments are reused; an explicit overwrite asks for fresh machine output.
    memory = {}
    if not overwrite_reviewed:
        memory = dict(
            TranslationMemory.objects.filter(
                language=language, source_hash__in=[segment_hash(s.text) for s in segments]
            ).values_list("source_hash", "target_text")
        )
    translated: dict[str, str] = {}
    to_machine = []
    for segment in segments:
        known = memory.get(segment_hash(segment.text))
        if known is not None:
            translated[segment.key] = known
        else:
            to_machine.append(segment)

    problems: dict[str, list[str]] = {}
    glossary = glossary_entries()
    for html in (False, True):
        batch = [s for s in to_machine if s.html == html]
        if not batch:
            continue
        outcomes = translate_protected(
            [s.text for s in batch],
            source=SOURCE,
            target=language,
            backend=backend,
            glossary=glossary,
            html=html,
        )
        for segment, outcome in zip(batch, outcomes, strict=True):
            translated[segment.key] = outcome.text
            if outcome.missing:
                problems.setdefault(segment.field, []).extend(outcome.missing)

    machine_fields = sorted({s.field for s in to_machine})
    with transaction.atomic():
        # Read again, locked, and write: the model ran without a lock (seconds), and the
        # jobs of the other languages of this page may have saved meanwhile. Applying to
        # the page as it is now keeps their languages (a lost update otherwise). The row
        # lock serializes them on PostgreSQL; on SQLite the transaction takes the
        # database's write lock at its start (transaction_mode IMMEDIATE).
        locked = Page.objects.select_for_update().get(pk=page.pk).specific
        state = PageTranslation.objects.filter(page=locked, language=language).first()
        if state and state.status == Status.REVIEWED and not overwrite_reviewed:
            raise ReviewedTranslationKept
        current = (
            locked.get_latest_revision_as_object() if locked.has_unpublished_changes else locked
        )
        slug_field = f"slug_{language}"
        existing_slug = getattr(current, slug_field, None)
        page_apply(current, language, translated)
        if existing_slug:
            # An address readers may have bookmarked or shared stays as it is when the
            # page is translated again; only a first translation gets a new one.
            setattr(current, slug_field, existing_slug)
        publish = (
            settings.PORTAL_PUBLISH_MACHINE_TRANSLATION
            and locked.live
            and not locked.has_unpublished_changes
        )
        status = Status.MACHINE if to_machine else Status.REVIEWED
        if source_hash(page_source_hashes(current, SOURCE)) != source_hash(hashes):
            status = Status.OUTDATED  # the German text changed while the model ran
        # The state first: publishing below runs translation_states_on_publish, which
        # must see that this language was made from this German text.
        state, _created = PageTranslation.objects.update_or_create(
            page=locked,
            language=language,
            defaults={
                # Made entirely of reviewed segments, the text is reviewed text.
                "status": status,
                "source_hash": source_hash(hashes),
                "source_fields": hashes,
                "engine": backend.name if to_machine else "memory",
                "model_version": backend.model_version(SOURCE, language) if to_machine else "",
                "translated_at": timezone.now(),
                "machine_fields": machine_fields,
                "problems": {key: sorted(set(items)) for key, items in problems.items()},
                "reviewed_by": None,
                "reviewed_at": None,
            },
        )
        revision = current.save_revision(user=user, log_action=True)
        if publish:
            # Also for an editor who may not publish: what goes live is only machine
            # output of the German text that is already live (never a German draft, see
            # above), and publishing it is the district's setting, not the editor's call.
            revision.publish(user=user, skip_permission_checks=True)
    return TranslateResult(
        state=state,
        published=publish,
        from_memory=len(segments) - len(to_machine),
        from_machine=len(to_machine),
        problems=state.problems,
    )


# --- jobs ----------------------------------------------------------------------------


def translation_jobs_queue(
    *, pages, languages, user=None, overwrite_reviewed: bool = False
) -> list[TranslationJob]:
    """One job per (page, language); a job already waiting or running is returned as it
    is instead of a second one. The tasks are queued after the transaction commits."""
    jobs = []
    for page in pages:
        for language in languages:
            job = TranslationJob.objects.filter(
                page=page, language=language, status__in=ACTIVE_JOB_STATUSES
            ).first()
            if job is None:
                try:
                    with transaction.atomic():
                        job = TranslationJob.objects.create(
                            page=page,
                            language=language,
                            requested_by=user,
                            overwrite_reviewed=overwrite_reviewed,
                        )
                except IntegrityError:  # another request created it just now
                    job = TranslationJob.objects.get(
                        page=page, language=language, status__in=ACTIVE_JOB_STATUSES
                    )
                else:
                    job_id = job.pk
                    transaction.on_commit(
                        lambda job_id=job_id: task_enqueue(PAGE_TRANSLATE_TASK, job_id)
                    )
            jobs.append(job)
    return jobs


def translation_job_claim(job_id: int) -> bool:
    """Waiting -> running, once: a second delivery of the same task finds nothing to do."""
    now = timezone.now()
    claimable = Q(status=TranslationJobStatus.QUEUED) | Q(
        status=TranslationJobStatus.RUNNING, started_at__lt=now - STALE_RUNNING
    )
    return bool(
        TranslationJob.objects.filter(claimable, pk=job_id).update(
            status=TranslationJobStatus.RUNNING, started_at=now
        )
    )


def translation_jobs_waiting(older_than: timedelta = timedelta(minutes=2)) -> list[int]:
    now = timezone.now()
    waiting = Q(status=TranslationJobStatus.QUEUED, requested_at__lt=now - older_than) | Q(
        status=TranslationJobStatus.RUNNING, started_at__lt=now - STALE_RUNNING
    )
    return list(TranslationJob.objects.filter(waiting).values_list("pk", flat=True)[:200])


def _job_finish(job_id: int, status: str, *, error: str = "", detail: str = "", published=False):
    TranslationJob.objects.filter(pk=job_id).update(
        status=status,
        finished_at=timezone.now(),
        error=error,
        error_detail=detail[:2000],
        published=published,
    )


class TransientJobError(Exception):
    """Worth another try: the database was away for a moment."""


def translation_job_run(job_id: int) -> str:
    """Runs a job; the result is recorded on it. Raises TransientJobError (the job is
    waiting again) when a retry may succeed."""
    if not translation_job_claim(job_id):
        return "skipped"
    job = TranslationJob.objects.select_related("page", "requested_by").get(pk=job_id)
    TranslationJob.objects.filter(pk=job_id).update(attempts=job.attempts + 1)
    try:
        result = page_translate(
            job.page,
            job.language,
            user=job.requested_by,
            overwrite_reviewed=job.overwrite_reviewed,
        )
    except TranslationUnavailable as exc:
        _job_finish(
            job_id, TranslationJobStatus.FAILED, error=TranslationJobError.NO_MODEL, detail=str(exc)
        )
        return "failed"
    except ReviewedTranslationKept:
        _job_finish(job_id, TranslationJobStatus.FAILED, error=TranslationJobError.REVIEWED)
        return "kept"
    except Page.DoesNotExist:
        _job_finish(job_id, TranslationJobStatus.FAILED, error=TranslationJobError.PAGE_GONE)
        return "failed"
    except OperationalError as exc:
        TranslationJob.objects.filter(pk=job_id).update(
            status=TranslationJobStatus.QUEUED, error_detail=str(exc)[:2000]
        )
        raise TransientJobError(str(exc)) from exc
    except Exception as exc:
        logger.exception("translation job %s failed", job_id)
        _job_finish(
            job_id,
            TranslationJobStatus.FAILED,
            error=TranslationJobError.UNEXPECTED,
            detail=f"{type(exc).__name__}: {exc}",
        )
        return "failed"
    _job_finish(job_id, TranslationJobStatus.DONE, published=result.published)
    # The page's state in that language changed (readers' notice, the API's state), in
    # every process: its cached versions are renewed.
    page_changed(job.page_id, listed=False)
    return "done"


def translation_job_give_up(job_id: int, detail: str) -> None:
    _job_finish(
        job_id, TranslationJobStatus.FAILED, error=TranslationJobError.RETRIES, detail=detail
    )


# --- states --------------------------------------------------------------------------


def translation_states_on_publish(page, *, user=None) -> None:
    """Called whenever a page is published (cms.signals).

    For each language: a state made from another German text becomes outdated, unless
    the editor ticked "minor edit" (then it is taken as made from this one); text that
    an editor wrote into a language without a state counts as reviewed by the person
    who published it; a language whose text was removed is missing again.
    """
    page = page.specific
    hashes = page_source_hashes(page, SOURCE)
    current = source_hash(hashes)
    minor = getattr(page, "translation_minor_edit", False)
    states = {s.language: s for s in PageTranslation.objects.filter(page=page)}
    now = timezone.now()
    for language in target_languages():
        state = states.get(language)
        own = has_own_translation(page, language)
        if state is None or state.status == Status.MISSING:
            if own:
                PageTranslation.objects.update_or_create(
                    page=page,
                    language=language,
                    defaults={
                        "status": Status.REVIEWED,
                        "source_hash": current,
                        "source_fields": hashes,
                        "engine": "",
                        "translated_at": now,
                        "reviewed_by": user,
                        "reviewed_at": now,
                    },
                )
            continue
        if not own:
            state.status = Status.MISSING
            state.save(update_fields=["status", "updated_at"])
        elif state.source_hash != current:
            if minor:
                state.source_hash, state.source_fields = current, hashes
                state.save(update_fields=["source_hash", "source_fields", "updated_at"])
            elif state.status != Status.OUTDATED:
                # The old hashes stay: the review shows which fields changed since.
                state.status = Status.OUTDATED
                state.save(update_fields=["status", "updated_at"])
    if minor:
        # The tick is for one publication.
        type(page).objects.filter(pk=page.pk).update(translation_minor_edit=False)


def translation_status(page, language: str) -> str:
    """The state readers and editors see; no row is `missing`. A page's states are read
    in one query and kept in the shared cache until one of them changes (signals.py
    renews the page's version on every save of a state)."""
    if language == SOURCE:
        return Status.REVIEWED
    states = cached_list(
        f"translation-states:{page.pk}",
        lambda: dict(
            PageTranslation.objects.filter(page_id=page.pk).values_list("language", "status")
        ),
        depends_on=(page_token(page.pk),),
    )
    return states.get(language, Status.MISSING)


def translation_memory_learn(page, language: str, *, user=None) -> int:
    """Every segment of the page in `language` becomes the reviewed translation of its
    German segment (matched by position in the page: the same field, block and
    paragraph). Segments whose structure differs between the languages are skipped."""
    german = {s.key: s for s in page_segments(page, SOURCE)}
    learned = 0
    for segment in page_segments(page, language):
        source = german.get(segment.key)
        if source is None or not segment.text.strip():
            continue
        TranslationMemory.objects.update_or_create(
            language=language,
            source_hash=segment_hash(source.text),
            defaults={
                "source_text": source.text,
                "target_text": segment.text,
                "page": page,
                "reviewed_by": user,
            },
        )
        learned += 1
    return learned


class NothingToReview(Exception):
    """The page has no text of its own in that language."""


@transaction.atomic
def translation_mark_reviewed(page, language: str, *, user) -> PageTranslation:
    """An editor has checked the language against the German text (the latest revision
    of both, as the review screen shows them)."""
    live = Page.objects.get(pk=page.pk).specific
    current = live.get_latest_revision_as_object() if live.has_unpublished_changes else live
    if not has_own_translation(current, language):
        raise NothingToReview
    hashes = page_source_hashes(current, SOURCE)
    now = timezone.now()
    state, _created = PageTranslation.objects.update_or_create(
        page=live,
        language=language,
        defaults={
            "status": Status.REVIEWED,
            "source_hash": source_hash(hashes),
            "source_fields": hashes,
            "problems": {},
            "machine_fields": [],
            "reviewed_by": user,
            "reviewed_at": now,
        },
    )
    translation_memory_learn(current, language, user=user)
    page_changed(live.pk, listed=False)  # the readers' notice goes (after commit)
    return state
