"""The content's reach for the committee report (issue 6): page views per page and
language, searches without result, and pages read without a reviewed translation.

Whether a page's translation was reviewed is the translation pipeline's knowledge: the
report place passes it in (`translation_states`), so that counting does not depend on
the content or the pipeline.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from portal.reporting import Period, Table

from .models import PageViewDay, SearchMissDay

SEARCH_MISS_MIN_COUNT = 2
TOP_ROWS = 50

# [(page id, language, has its own title in it)] -> {(page id, language): (reviewed?,
# the state's name as editors know it)}; translations.selectors.translation_states_read.
TranslationStates = Callable[[Iterable[tuple[int, str, bool]]], dict]


def _language_names() -> dict[str, str]:
    return {code: str(name) for code, name in settings.LANGUAGES}


def _page_language_views(days, translation_states: TranslationStates) -> list[dict]:
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
            }
        )
    states = translation_states(
        [(row["page_id"], row["language"], row["translated"]) for row in rows]
    )
    for row in rows:
        # Missing, machine-made or outdated: readers are not reading a text a person has
        # checked.
        row["reviewed"], row["status"] = states[row["page_id"], row["language"]]
    return rows


def _views_by_page(totals, names, *, unreviewed: bool = False) -> list[dict]:
    rows = [row for row in totals if not (unreviewed and row["reviewed"])]
    rows.sort(key=lambda row: (-row["views"], row["title"] or "", row["language"]))
    return [
        {
            "page_id": row["page_id"],
            "title": row["title"],
            "language": names.get(row["language"], row["language"]),
            "views": row["views"],
            **({"status": str(row["status"])} if unreviewed else {}),
        }
        for row in rows[:TOP_ROWS]
    ]


def reach_report(*, period: Period, translation_states: TranslationStates) -> list[Table]:
    names = _language_names()
    views = PageViewDay.objects.filter(day__gte=period.start, day__lt=period.end)
    page_columns = [("title", _("Seite")), ("language", _("Sprache")), ("views", _("Aufrufe"))]

    totals = _page_language_views(views, translation_states)
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
