"""Counting page views and searches without result on the server (issue 6).

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
from django.db.models import F
from django.utils import timezone
from wagtail.models import Page

from .models import PageViewDay, SearchMissDay

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 60
FLUSH_VIEWS = 200
MAX_TERM_LENGTH = 100

BOT_USER_AGENT = re.compile(
    r"bot|crawl|spider|slurp|preview|monitor|curl|wget|python-requests|headless",
    re.IGNORECASE,
)


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


def search_finished_count(sender, *, request, query: str, found: int, **kwargs) -> None:
    """Receiver of portal.signals.search_finished: a search that found nothing counts."""
    if not found:
        search_miss_count(request, query)
