"""Translation screens in the Wagtail admin: the matrix, translating, the jobs, review
side by side, and which models are installed. Thin: services and selectors do the work."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_bidi, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from cms.languages import is_rtl
from translations.backends import get_backend
from translations.constants import ACTIVE_JOB_STATUSES, TranslationStatus
from translations.forms import TranslateForm, language_label
from translations.models import PageTranslation
from translations.selectors import (
    pages_editable_by,
    translation_jobs_recent,
    translation_matrix,
    translation_matrix_queryset,
    translation_review_rows,
)
from translations.services import (
    SOURCE,
    NothingToReview,
    target_languages,
    translation_jobs_queue,
    translation_mark_reviewed,
)

PER_PAGE = 50


def _editable_page(request, page_id: int) -> Page:
    (page,) = _editable_pages(request, [page_id])
    return page.specific_class.objects.get(pk=page.pk)  # every field: the review reads them


def _editable_pages(request, ids: list[int]) -> list[Page]:
    """The chosen pages in the order given, in one query with the permission check (the
    bulk action sends many): 404 for a page that does not exist, 403 for one the user may
    not edit."""
    wanted = list(dict.fromkeys(ids))
    if Page.objects.filter(pk__in=wanted, depth__gt=1).count() != len(wanted):
        raise Http404
    editable = {
        page.pk: page
        for page in pages_editable_by(request.user).filter(pk__in=wanted).specific(defer=True)
    }
    if len(editable) != len(wanted):
        raise PermissionDenied
    return [editable[pk] for pk in wanted]


def _language(code: str) -> str:
    if code not in target_languages():
        raise Http404
    return code


def matrix(request):
    language = request.GET.get("sprache", "")
    status = request.GET.get("status", "")
    query = request.GET.get("q", "").strip()[:100]
    if language not in target_languages():
        language = ""
    if status not in TranslationStatus.values:
        status = ""
    pages = translation_matrix_queryset(request.user, language=language, status=status, query=query)
    paginator = Paginator(pages.specific(defer=True), PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("seite"))
    result = translation_matrix(request.user, list(page_obj.object_list), all_pages=pages)
    filters = {k: v for k, v in {"sprache": language, "status": status, "q": query}.items() if v}
    return render(
        request,
        "translations/matrix.html",
        {
            "page_title": _("Übersetzungen"),
            "header_icon": "globe",
            "matrix": result,
            "page_obj": page_obj,
            "languages": [(c, language_label(c)) for c in target_languages()],
            "statuses": TranslationStatus.choices,
            "language": language,
            "status": status,
            "query": query,
            "filter_query": urlencode(filters),
            "count_rows": [
                (
                    code,
                    language_label(code),
                    [(value, result.counts[code][value]) for value in TranslationStatus.values],
                )
                for code in result.languages
            ],
        },
    )


@require_http_methods(["GET", "POST"])
def translate(request):
    """Translate one or many pages (?seite=1&seite=2 from the matrix, a page's button or
    the explorer's bulk action) into the chosen languages."""
    ids = [
        int(v) for v in request.GET.getlist("seite") + request.POST.getlist("seite") if v.isdigit()
    ]
    pages = _editable_pages(request, ids)
    if not pages:
        messages.error(request, _("Wählen Sie mindestens eine Seite aus."))
        return redirect("translations:matrix")
    by_page = {}
    for state in PageTranslation.objects.filter(page__in=pages):
        by_page.setdefault(state.page_id, {})[state.language] = state.status
    states = [by_page.get(p.pk, {}) for p in pages]
    form = TranslateForm(request.POST or None, states=states)
    if request.method == "POST" and form.is_valid():
        jobs = translation_jobs_queue(
            pages=pages,
            languages=form.cleaned_data["languages"],
            user=request.user,
            overwrite_reviewed=form.cleaned_data["overwrite_reviewed"],
        )
        messages.success(
            request,
            ngettext(
                "Ein Übersetzungsauftrag wurde gestartet.",
                "%(count)d Übersetzungsaufträge wurden gestartet.",
                len(jobs),
            )
            % {"count": len(jobs)},
        )
        return redirect(
            reverse("translations:jobs") + "?" + urlencode([("seite", p.pk) for p in pages])
        )
    return render(
        request,
        "translations/translate.html",
        {
            "page_title": _("Übersetzen"),
            "header_icon": "globe",
            "pages": pages,
            "form": form,
            "reviewed_languages": sorted(
                {c for s in states for c, v in s.items() if v == TranslationStatus.REVIEWED}
            ),
        },
    )


def jobs(request):
    ids = [int(v) for v in request.GET.getlist("seite") if v.isdigit()]
    recent = translation_jobs_recent(request.user, page_ids=ids)
    for job in recent:
        job.language_label = language_label(job.language)
    running = any(job.status in ACTIVE_JOB_STATUSES for job in recent)
    return render(
        request,
        "translations/jobs.html",
        {
            "page_title": _("Übersetzungsaufträge"),
            "header_icon": "globe",
            "jobs": recent,
            "running": running,
            "filtered": bool(ids),
        },
    )


@require_http_methods(["GET", "POST"])
def review(request, page_id: int, language: str):
    page = _editable_page(request, page_id)
    language = _language(language)
    state = PageTranslation.objects.filter(page=page, language=language).first()
    if request.method == "POST":
        try:
            translation_mark_reviewed(page, language, user=request.user)
        except NothingToReview:
            messages.error(request, _("Diese Seite hat in dieser Sprache noch keinen Text."))
        else:
            message = _("„%(title)s“ ist in %(language)s als geprüft markiert.") % {
                "title": page.get_admin_display_title(),
                "language": language_label(language),
            }
            if page.has_unpublished_changes:
                message += " " + _(
                    "Veröffentlichen Sie die Seite, damit Leserinnen und Leser die "
                    "Übersetzung sehen."
                )
            messages.success(request, message)
        return redirect("translations:review", page_id=page.pk, language=language)
    current, rows = translation_review_rows(page, language, state)
    return render(
        request,
        "translations/review.html",
        {
            "page_title": _("Übersetzung prüfen"),
            "header_icon": "globe",
            "page": page,
            "language": language,
            "language_name": language_label(language),
            "source_name": language_label(SOURCE),
            "state": state,
            "status": TranslationStatus(state.status if state else TranslationStatus.MISSING),
            "admin_language": get_language(),
            "admin_direction": "rtl" if get_language_bidi() else "ltr",
            "rows": rows,
            "draft": page.has_unpublished_changes,
            "rtl": is_rtl(language),
            "can_translate": get_backend().can_translate(SOURCE, language),
        },
    )


def models_status(request):
    backend = get_backend()
    pairs = backend.available_pairs()
    from_source = {p.target: p for p in pairs if p.source == SOURCE}
    languages = [
        (
            code,
            language_label(code),
            from_source.get(code),
            backend.model_version(SOURCE, code) if code in from_source else "",
        )
        for code in target_languages()
    ]
    return render(
        request,
        "translations/models.html",
        {
            "page_title": _("Übersetzungsmodelle"),
            "header_icon": "cogs",
            "backend": backend.name,
            "languages": languages,
            "missing": [label for code, label, pair, _v in languages if pair is None],
        },
    )


def any_editable(request) -> bool:
    """For the menu: asked once per admin page, not once per menu item."""
    if not hasattr(request, "_cms_any_editable"):
        request._cms_any_editable = pages_editable_by(request.user).exists()
    return request._cms_any_editable
