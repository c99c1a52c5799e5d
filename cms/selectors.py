"""Reads of the public site: which offers, news, forms and legal pages a reader sees.

Offers are listed only while valid (valid_from/valid_until, in the district's time
zone), and every list is built with a fixed number of queries, whatever its length.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, Value, When, Window
from django.utils import timezone, translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from wagtail.models import Page

from cms.constants import CefrLevel, OfferCategory
from cms.languages import lang_attrs, shown_text
from cms.lookups import public_q, url_for_row, view_restrictions
from cms.models import (
    Brochure,
    BrochureFile,
    CounsellingPage,
    InterpreterPoolPage,
    LanguageCoursePage,
    LegalPage,
    NewsPage,
    OfferPage,
    Organisation,
    Place,
    SpokenLanguage,
    TargetGroup,
    VolunteeringPage,
)
from cms.page_cache import cached_list
from cms.prepared import PreparedQuery
from portal.municipalities import Municipality

OFFERS_PER_PAGE = 10
NEWS_PER_PAGE = 10

OFFER_TYPES = {
    OfferCategory.COURSE: LanguageCoursePage,
    OfferCategory.COUNSELLING: CounsellingPage,
    OfferCategory.VOLUNTEERING: VolunteeringPage,
    OfferCategory.INTERPRETING: InterpreterPoolPage,
}


def offer_valid_q(day=None) -> Q:
    day = day or timezone.localdate()
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


def _offers(
    *, day, category_type=None, municipality=None, level=None, target_group=None, language=None
):
    offers = OfferPage.objects.live().filter(public_q()).defer_streamfields()
    offers = offers.filter(offer_valid_q(day))
    if category_type:
        offers = offers.filter(content_type_id=category_type)
    # The many-to-many filters as subqueries, not joins: an offer matches once however
    # many of its places match, so the list needs no DISTINCT and can count itself
    # (offer_list_paginated).
    if municipality:
        offers = offers.filter(
            pk__in=OfferPage.places.through.objects.filter(place__municipality=municipality).values(
                "offerpage_id"
            )
        )
    if level:
        offers = offers.filter(languagecoursepage__cefr_level=level)
    if target_group:
        offers = offers.filter(
            pk__in=OfferPage.target_groups.through.objects.filter(
                targetgroup__slug=target_group
            ).values("offerpage_id")
        )
    if language:
        offers = offers.filter(
            pk__in=OfferPage.languages_spoken.through.objects.filter(
                spokenlanguage__code=language
            ).values("offerpage_id")
        )
    # Courses first (what most readers look for), then counselling, volunteering, the pool.
    type_order = Case(
        *[
            When(content_type=ContentType.objects.get_for_model(model), then=Value(rank))
            for rank, model in enumerate(OFFER_TYPES.values())
        ],
        default=Value(9),
        output_field=IntegerField(),
    )
    return offers.annotate(
        cefr_level=F("languagecoursepage__cefr_level"), type_rank=type_order
    ).order_by("type_rank", "cefr_level", "title_de")


@dataclass(frozen=True)
class OfferCard:
    """What a card in the offer list shows, in the reader's language. `*_lang` is "de"
    where that text is shown in German because it has no translation (the template marks
    it with lang="de"), else ""."""

    url: str
    title: str
    title_lang: str
    intro: str
    intro_lang: str
    category: str
    cefr_level: str
    municipalities: tuple[str, ...]
    organisation: str

    @property
    def category_label(self) -> str:
        return OfferCategory(self.category).label if self.category else ""

    @property
    def html(self):
        """The card as the offer index shows it (`{{ offer.html }}`): written here rather
        than with template tags, as the ten cards were a third of the index's rendering."""
        category = escape(self.category_label)
        if self.cefr_level:
            level = _label_of(CefrLevel, self.cefr_level)
            category += format_html(" · {} {}", gettext("Niveau"), level or self.cefr_level)
        html = [
            '<li class="card">\n',
            f'    <p class="card__category">{category}</p>\n',
            format_html(
                '    <h2 class="card__title"><a href="{}"{}>{}</a></h2>\n',
                self.url,
                lang_attrs(self.title_lang),
                self.title,
            ),
        ]
        if self.intro:
            html.append(format_html("    <p{}>{}</p>\n", lang_attrs(self.intro_lang), self.intro))
        if self.municipalities or self.organisation:
            separator = " · " if self.municipalities and self.organisation else ""
            html.append(
                format_html(
                    '    <p class="card__meta">{}{}{}</p>\n',
                    ", ".join(self.municipalities),
                    separator,
                    self.organisation,
                )
            )
        html.append("  </li>")
        return mark_safe("".join(html))  # noqa: S308 - every value above is escaped


def _label_of(choices, value) -> str:
    """The label of a stored choice, "" for one the code no longer has."""
    try:
        return choices(value).label
    except ValueError:
        return ""


def _own_or_german(row: dict, field: str, language: str) -> tuple[str, str]:
    value, lang = shown_text(row.get, field, language)
    return value or "", lang


def _codes(language: str) -> list[str]:
    return list(dict.fromkeys([language, settings.LANGUAGE_CODE]))


def _translated(*fields: str, language: str) -> list[str]:
    """The columns of `fields` a reader of `language` may see: own and German."""
    return [f"{field}_{code}" for field in fields for code in _codes(language)]


_OFFER_TOWNS = PreparedQuery(
    OfferPage.places.through,
    lambda key, ids: (
        OfferPage.places.through.objects.filter(offerpage_id__in=ids)
        .order_by("place__municipality", "place__name")
        .values("offerpage_id", "place__municipality")
    ),
    ids=list,
)


def _offer_cards(rows: list[dict], language: str, request=None) -> list[OfferCard]:
    """Cards from value rows: a list of ten offers needs two narrow queries (the offers,
    their places), not a model instance per offer, organisation and place."""
    towns: dict[int, list[str]] = {row["id"]: [] for row in rows}
    links = _OFFER_TOWNS.rows(ids=list(towns)) if towns else []
    for link in links:
        offer_id, municipality = link["offerpage_id"], link["place__municipality"]
        label = _label_of(Municipality, municipality)
        if label and label not in towns[offer_id]:
            towns[offer_id].append(label)
    categories = {
        ContentType.objects.get_for_model(model).pk: category
        for category, model in OFFER_TYPES.items()
    }
    cards = []
    for row in rows:
        title, title_lang = _own_or_german(row, "title", language)
        intro, intro_lang = _own_or_german(row, "intro", language)
        organisation = (
            row["organisation__short_name"]
            or _own_or_german(row, "organisation__name", language)[0]
        )
        cards.append(
            OfferCard(
                url=url_for_row(row, request, language),
                title=title,
                title_lang=title_lang,
                intro=intro,
                intro_lang=intro_lang,
                category=categories.get(row["content_type_id"], ""),
                cefr_level=row["cefr_level"] or "",
                municipalities=tuple(towns[row["id"]]),
                organisation=organisation or "",
            )
        )
    return cards


def _card_fields(language: str) -> list[str]:
    return [
        "id",
        "content_type_id",
        "cefr_level",
        "organisation__short_name",
        "total_count",
        *_translated("title", "intro", "url_path", "organisation__name", language=language),
    ]


_FILTER_TYPES = {
    "category_type": int,
    "municipality": str,
    "level": str,
    "target_group": str,
    "language": str,
}


@lru_cache(maxsize=64)
def _offer_list_query(active: tuple[str, ...]) -> PreparedQuery:
    """The list query for one combination of filters (cms.prepared): the key is the
    reader's language, the first row of the page and the restricted pages (public_q
    writes them into the SQL)."""

    def build(key, day, **filters):
        language, start, _restricted = key
        offers = _offers(day=day, **filters).annotate(total_count=Window(Count("pk")))
        return offers.values(*_card_fields(language))[start : start + OFFERS_PER_PAGE]

    return PreparedQuery(
        OfferPage, build, day=datetime.date, **{name: _FILTER_TYPES[name] for name in active}
    )


def offer_list_paginated(*, filters: dict | None = None, page_number=None, day=None, request=None):
    """One page of cards (OfferCard), as Paginator.get_page() pages (a page number that is
    not a number is the first page, one past the end the last), read with the total in
    the same query: a separate COUNT over the wide page table cost as much as the list."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    day = day or timezone.localdate()
    values = {name: value for name, value in (filters or {}).items() if value}
    if category := values.pop("category", None):
        values["category_type"] = ContentType.objects.get_for_model(OFFER_TYPES[category]).pk
    query = _offer_list_query(tuple(sorted(values)))
    restricted = tuple(sorted(view_restrictions().restricted))

    def rows_from(start):
        return query.rows((language, start, restricted), day=day, **values)

    try:
        number = max(int(page_number), 1)
    except (TypeError, ValueError):
        number = 1
    paginator = Paginator([], OFFERS_PER_PAGE)  # the rows come from the prepared query
    rows = rows_from((number - 1) * OFFERS_PER_PAGE)
    if rows:
        paginator.count = rows[0]["total_count"]  # a cached_property: set, not counted
    elif number > 1:  # past the end: the last page, as get_page() does
        paginator.count = _offers(day=day, **values).count()
        number = paginator.num_pages
        rows = rows_from((number - 1) * OFFERS_PER_PAGE)
    else:
        paginator.count = 0
    return paginator._get_page(_offer_cards(rows, language, request), number, paginator)


# Lists never show page bodies: defer_streamfields() keeps the seven body columns of each
# row (one per language) from being read and parsed.


def news_list_latest(*, limit: int = 3):
    def build():
        news = NewsPage.objects.live().filter(public_q()).defer_streamfields()
        return list(news.order_by("-date", "-pk")[:limit])

    return cached_list(f"news-latest-{limit}", build)


def news_list_paginated(*, page_number=None):
    news = NewsPage.objects.live().filter(public_q()).defer_streamfields().order_by("-date", "-pk")
    return Paginator(news, NEWS_PER_PAGE).get_page(page_number)


def brochure_list():
    files = BrochureFile.objects.select_related("document").order_by("sort_order")
    return list(Brochure.objects.prefetch_related(Prefetch("files", queryset=files)))


def legal_page_links() -> list[LegalPage]:
    """The footer's legal pages, in the order a reader expects them."""
    order = {"impressum": 0, "privacy": 1, "accessibility": 2}

    def build():
        pages = LegalPage.objects.live().filter(public_q()).defer_streamfields()
        return sorted(pages, key=lambda page: order.get(page.kind, 9))

    return cached_list("legal-links", build)


def target_groups() -> list[TargetGroup]:
    """The offer filter's target groups (snippets: saving one drops the list)."""
    return cached_list("target-groups", lambda: list(TargetGroup.objects.all()))


def spoken_languages() -> list[SpokenLanguage]:
    """The offer filter's spoken languages (snippets: saving one drops the list)."""
    return cached_list("spoken-languages", lambda: list(SpokenLanguage.objects.all()))


# --- what an offer page shows of its snippets --------------------------------------------


@dataclass(frozen=True)
class Text:
    """A translated text as the reader sees it; `lang` is "de" where it is the German
    text, shown for lack of a translation (the template marks it for screen readers)."""

    text: str
    lang: str = ""

    def __str__(self) -> str:
        return self.text

    @property
    def attrs(self):
        return lang_attrs(self.lang)


@dataclass(frozen=True)
class PlaceFacts:
    name: Text
    address: str
    phone: str
    opening_hours: Text
    accessibility: Text


@dataclass(frozen=True)
class OfferFacts:
    organisation: Text | None
    target_groups: list[Text]
    languages: list[Text]
    places: list[PlaceFacts]


_ORGANISATION = PreparedQuery(
    Organisation,
    lambda language, organisation_id: Organisation.objects.filter(pk=organisation_id).values(
        *_translated("name", language=language)
    ),
    organisation_id=int,
)


def _offer_names(model, through, column: str) -> PreparedQuery:
    """The names of an offer's snippets of `model` (linked by `through`, whose `column`
    holds the snippet's id), in the reader's language and German, in the snippets' order."""
    return PreparedQuery(
        model,
        lambda language, offer_id: model.objects.filter(
            pk__in=through.objects.filter(offerpage_id=offer_id).values(column)
        ).values(*_translated("name", language=language)),
        offer_id=int,
    )


_TARGET_GROUPS = _offer_names(TargetGroup, OfferPage.target_groups.through, "targetgroup_id")
_LANGUAGES_SPOKEN = _offer_names(
    SpokenLanguage, OfferPage.languages_spoken.through, "spokenlanguage_id"
)
_PLACES = PreparedQuery(
    Place,
    lambda language, offer_id: Place.objects.filter(
        pk__in=OfferPage.places.through.objects.filter(offerpage_id=offer_id).values("place_id")
    ).values(
        "street",
        "postcode",
        "municipality",
        "phone",
        *_translated("name", "opening_hours", "accessibility", language=language),
    ),
    offer_id=int,
)


def _text(row: dict, field: str, language: str) -> Text:
    return Text(*_own_or_german(row, field, language))


def offer_facts(offer: OfferPage, language: str | None = None) -> OfferFacts:
    """The organisation, target groups, languages and places of an offer page in the
    reader's language, in the snippets' own order (name; town, then name), read with
    four prepared queries (cms.prepared)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    organisation = None
    if offer.organisation_id:
        rows = _ORGANISATION.rows(language, organisation_id=offer.organisation_id)
        organisation = _text(rows[0], "name", language) if rows else None
    groups = _TARGET_GROUPS.rows(language, offer_id=offer.pk)
    languages = _LANGUAGES_SPOKEN.rows(language, offer_id=offer.pk)
    places = []
    for row in _PLACES.rows(language, offer_id=offer.pk):
        town = _label_of(Municipality, row["municipality"])
        address = ", ".join(
            part for part in (row["street"], f"{row['postcode']} {town}".strip()) if part
        )
        places.append(
            PlaceFacts(
                name=_text(row, "name", language),
                address=address,
                phone=row["phone"] or "",
                opening_hours=_text(row, "opening_hours", language),
                accessibility=_text(row, "accessibility", language),
            )
        )
    return OfferFacts(
        organisation=organisation,
        target_groups=[_text(row, "name", language) for row in groups],
        languages=[_text(row, "name", language) for row in languages],
        places=places,
    )


# --- the home page's main paths ----------------------------------------------------------


@dataclass(frozen=True)
class PathLink:
    title: str
    text: str
    url: str


_LIVE_URL_PATHS = PreparedQuery(
    Page,
    lambda language, ids: Page.objects.filter(pk__in=ids, live=True).values(
        "id", *_translated("url_path", language=language)
    ),
    ids=list,
)


def home_paths(home, request=None) -> list[PathLink]:
    """The main paths of the home page in the reader's language (or German, where the
    paths are not translated), each with the address of its page; a path whose page is
    not published is left out rather than shown as a dead link. The pages are read with
    one prepared query of their addresses (Wagtail's chooser would read every column of
    every page)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    items = [
        item["value"]
        for item in home.paths.raw_data
        if item.get("type") == "path" and item.get("value")
    ]
    ids = [value["page"] for value in items if isinstance(value.get("page"), int)]
    if not ids:
        return []
    addresses = {}
    for row in _LIVE_URL_PATHS.rows(language, ids=ids):
        if url := url_for_row(row, request, language):
            addresses[row["id"]] = url
    return [
        PathLink(
            title=value.get("title") or "",
            text=value.get("text") or "",
            url=addresses[value["page"]],
        )
        for value in items
        if value.get("page") in addresses
    ]
