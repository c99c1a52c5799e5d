"""Celery task of machine translation: takes a job id, the service does the rest."""

from celery import shared_task

from translations.services import (
    PAGE_TRANSLATE_TASK,
    TransientJobError,
    translation_job_give_up,
    translation_job_run,
    translation_jobs_waiting,
)


@shared_task(
    bind=True,
    name=PAGE_TRANSLATE_TASK,
    max_retries=3,
    acks_late=True,
    # A worker lost in the middle of a page: the message goes back to the queue, and the
    # job (still "running") is taken up again once it is stale (services.STALE_RUNNING).
    reject_on_worker_lost=True,
)
def page_translate_task(self, job_id: int) -> str:
    try:
        return translation_job_run(job_id)
    except TransientJobError as exc:
        if self.request.retries >= self.max_retries:
            translation_job_give_up(job_id, str(exc))
            return "failed"
        raise self.retry(exc=exc, countdown=10 * 2**self.request.retries) from exc


@shared_task(name="translations.translation_jobs_resume")
def translation_jobs_resume_task() -> int:
    """Jobs still waiting a while after they were asked for: their message was lost."""
    job_ids = translation_jobs_waiting()
    for job_id in job_ids:
        page_translate_task.delay(job_id)
    return len(job_ids)
