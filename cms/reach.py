"""Content reach (issue 6): page views and searches without result, counted on the
server, and the report tables built from them.

Counting keeps no trace of the reader: no cookie is set or read, and neither the IP
address nor the user agent is stored (the user agent is only looked at to leave out
obvious bots). Views are added up per page, language and local day.

Page views arrive on every public page, most of them from the page cache, so they are
not written one by one: each process adds them up in memory and writes the sums in one
transaction, once a minute or every 200 views, from the request that crosses the
threshold. A process that stops loses at most those buffered views.
"""

import logging
import re
import threading
import time
from collections import Counter
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from cms.constants import TranslationStatus
from cms.models import PageTranslation, PageViewDay, SearchMissDay
from config.reporting import Period, Table

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 60
FLUSH_VIEWS = 200
SEARCH_MISS_MIN_COUNT = 2
TOP_ROWS = 50
MAX_TERM_LENGTH = 100

BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|preview|monitor|curl|wget|python-requests|headless",
    re.IGNORECASE,
)


# --- counting -----------------------------------------------------------------------


def is_bot(request) -> bool:
    """Obvious robots, link previews and prefetches: not a person reading."""
    user_agent = request.headers.get("User-Agent", "")
    if not user_agent.strip() or BOT_USER_AGENT.search(user_agent):
        return True
    purpose = f"{request.headers.get('Purpose', '')} {request.headers.get('Sec-Purpose', '')}"
    return "prefetch" in purpose.casefold()


def _reader_language(request) -> str | None:
    language = getattr(request, "LANGUAGE_CODE", None)
    return language if language in dict(settings.LANGUAGES) else None


class _ViewBuffer:
    """Views counted in this process and not yet written, per (page id, language, day)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts: Counter[tuple[int, str, date]] = Counter()
        self._pending = 0
        self._last_flush = time.monotonic()

    def add(self, key: tuple[int, str, date]) -> bool:
        """Adds one view; True when the caller should flush."""
        with self._lock:
            self._counts[key] += 1
            self._pending += 1
            return (
                self._pending >= FLUSH_VIEWS or time.monotonic() - self._last_flush >= FLUSH_SECONDS
            )

    def take(self) -> Counter:
        # Swapped under the lock, written outside it: two threads crossing the
        # threshold at once write disjoint counts, and readers never wait for the
        # database.
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._pending = 0
            self._last_flush = time.monotonic()
        return counts

    def give_back(self, counts: Counter) -> None:
        # Not added to the pending number: with the database down, the next try is a
        # minute or 200 views later, not on every request.
        with self._lock:
            self._counts.update(counts)

    def clear(self) -> None:
        self.take()


_views = _ViewBuffer()


def page_view_count(request, page) -> None:
    """Counts one view of `page` (a page or its id) if a person read it: an anonymous
    GET, not a bot or prefetch. The caller has checked that the answer was a 200."""
    if request.method != "GET" or page is None:
        return
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return  # editors checking their pages are not readers
    language = _reader_language(request)
    if language is None or is_bot(request):
        return
    page_id = getattr(page, "pk", page)
    if _views.add((page_id, language, timezone.localdate())):
        try:
            page_views_flush()
        except Exception:
            # The reader gets the page anyway; the views stay buffered for next time.
            logger.exception("Page views could not be written")


def _add(model, keys: dict, field: str, n: int) -> None:
    """Adds `n` to the day's row, creating it if needed.

    An update first, because the row usually exists; a create when it does not; and if
    another process created it in between (unique constraint), the update again.
    """
    rows = model.objects.filter(**keys)
    if rows.update(**{field: F(field) + n}):
        return
    try:
        with transaction.atomic():
            model.objects.create(**keys, **{field: n})
    except IntegrityError:
        rows.update(**{field: F(field) + n})


def page_views_flush() -> int:
    """Writes the buffered views (one upsert per page, language and day); returns how
    many views were written."""
    counts = _views.take()
    written = 0
    if not counts:
        return written
    try:
        # A page deleted since it was read has no row to count into.
        existing = set(
            Page.objects.filter(pk__in={key[0] for key in counts}).values_list("pk", flat=True)
        )
        # One transaction that starts with a write: SQLite takes its write lock once per
        # flush, waiting for it, instead of failing to upgrade a read lock under load.
        with transaction.atomic():
            for (page_id, language, day), n in counts.items():
                if page_id in existing:
                    keys = {"page_id": page_id, "language": language, "day": day}
                    _add(PageViewDay, keys, "views", n)
                    written += n
    except Exception:
        _views.give_back(counts)
        raise
    return written


def search_term_normalize(query: str) -> str:
    """Case-folded, runs of whitespace as one space, at most 100 characters."""
    return " ".join(query.casefold().split())[:MAX_TERM_LENGTH].rstrip()


def search_miss_count(request, query: str) -> None:
    """Counts a search that found nothing: the term, the language and the day only.
    Searches are never cached, so each is written at once."""
    term = search_term_normalize(query)
    language = _reader_language(request)
    if not term or language is None or is_bot(request):
        return
    keys = {"language": language, "term": term, "day": timezone.localdate()}
    with transaction.atomic():
        _add(SearchMissDay, keys, "count", 1)


# --- the report -----------------------------------------------------------------------


def _language_names() -> dict[str, str]:
    return {code: str(name) for code, name in settings.LANGUAGES}


def _page_language_views(days) -> list[dict]:
    """The period's views summed per (page, language) by the database, in one pass over
    the daily rows (bench/report.md: three passes made a year's report take over 1 s),
    with each page's German title and whether it has its own title in that language."""
    totals = list(days.values("page_id", "language").annotate(views=Sum("views")))
    if not totals:
        return []
    source = settings.LANGUAGE_CODE
    title_fields = [f"title_{code}" for code, _name in settings.LANGUAGES]
    titles = {
        row["id"]: row
        for row in Page.objects.filter(pk__in={t["page_id"] for t in totals}).values(
            "id", *title_fields
        )
    }
    states = {
        (page_id, language): status
        for page_id, language, status in PageTranslation.objects.filter(
            page_id__in=titles.keys()
        ).values_list("page_id", "language", "status")
    }
    rows = []
    for total in totals:
        page = titles.get(total["page_id"])
        if page is None:
            continue
        language = total["language"]
        own = page.get(f"title_{language}")
        translated = language == source or bool((own or "").strip())
        rows.append(
            {
                "page_id": total["page_id"],
                "language": language,
                "views": total["views"],
                "title": page[f"title_{source}"],
                # The same rule as cms.search.page_languages: German always counts.
                "translated": translated,
                # Missing, machine-made or outdated: readers are not reading a text a
                # person has checked (cms.mt.services keeps these states).
                "status": TranslationStatus.REVIEWED
                if language == source
                else TranslationStatus(
                    states.get((total["page_id"], language), TranslationStatus.MISSING)
                    if translated
                    else TranslationStatus.MISSING
                ),
            }
        )
    return rows


def _views_by_page(totals, names, *, unreviewed: bool = False) -> list[dict]:
    rows = [
        row for row in totals if not (unreviewed and row["status"] == TranslationStatus.REVIEWED)
    ]
    rows.sort(key=lambda row: (-row["views"], row["title"] or "", row["language"]))
    return [
        {
            "page_id": row["page_id"],
            "title": row["title"],
            "language": names.get(row["language"], row["language"]),
            "views": row["views"],
            **({"status": str(row["status"].label)} if unreviewed else {}),
        }
        for row in rows[:TOP_ROWS]
    ]


def reach_report(*, period: Period) -> list[Table]:
    names = _language_names()
    views = PageViewDay.objects.filter(day__gte=period.start, day__lt=period.end)
    page_columns = [("title", _("Seite")), ("language", _("Sprache")), ("views", _("Aufrufe"))]

    totals = _page_language_views(views)
    by_language: dict[str, int] = {}
    for row in totals:
        by_language[row["language"]] = by_language.get(row["language"], 0) + row["views"]
    language_rows = sorted(
        ({"language": name, "views": by_language.get(code, 0)} for code, name in names.items()),
        key=lambda row: -row["views"],
    )

    misses = (
        SearchMissDay.objects.filter(day__gte=period.start, day__lt=period.end)
        .values("language", "term")
        .annotate(count=Sum("count"))
        # A term searched only once may be a name someone typed: it stays out of the
        # report (and its exports), which go to the committee.
        .filter(count__gte=SEARCH_MISS_MIN_COUNT)
        .order_by("-count", "term", "language")[:TOP_ROWS]
    )

    return [
        Table(
            key="views_by_page",
            title=_("Seitenaufrufe nach Seite"),
            columns=page_columns,
            rows=_views_by_page(totals, names),
            description=_(
                "Aufrufe je Seite und Sprache ohne Bots und angemeldete Redakteure, "
                "die 50 meistgelesenen; Seiten mit ihrem deutschen Titel."
            ),
        ),
        Table(
            key="views_by_language",
            title=_("Seitenaufrufe nach Sprache"),
            columns=[("language", _("Sprache")), ("views", _("Aufrufe"))],
            rows=language_rows,
            chart="bar",
            chart_label="language",
            chart_value="views",
            description=_("In welcher Sprache die Seiten des Portals gelesen wurden."),
        ),
        Table(
            key="search_misses",
            title=_("Suchen ohne Ergebnis"),
            columns=[
                ("language", _("Sprache")),
                ("term", _("Suchbegriff")),
                ("count", _("Anzahl")),
            ],
            rows=[
                {
                    "language": names.get(row["language"], row["language"]),
                    "term": row["term"],
                    "count": row["count"],
                }
                for row in misses
            ],
            description=_(
                "Suchbegriffe, zu denen die Suche nichts fand, die 50 häufigsten, "
                "mindestens zweimal gesucht; gespeichert wird nur der Begriff, "
                "nichts über die Person."
            ),
        ),
        Table(
            key="untranslated_reads",
            title=_("Gelesen ohne geprüfte Übersetzung"),
            columns=[*page_columns, ("status", _("Übersetzung"))],
            rows=_views_by_page(totals, names, unreviewed=True),
            description=_(
                "Seiten, die in einer Sprache aufgerufen wurden, in der es keine geprüfte "
                "Übersetzung gibt: keine (die Leser sehen Deutsch), eine maschinelle oder "
                "eine veraltete. Hier lohnt sich die Prüfung am meisten. Die 50 "
                "meistgelesenen; maßgeblich ist der heutige Stand der Seite."
            ),
        ),
    ]
