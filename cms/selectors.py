"""Reads of the public site: which offers, news, forms and legal pages a reader sees.

Offers are listed only while valid (valid_from/valid_until, in the district's time
zone), and every list is built with a fixed number of queries, whatever its length.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, IntegerField, Prefetch, Q, Value, When, Window
from django.utils import timezone

from cms.constants import OfferCategory
from cms.lookups import public_q
from cms.models import (
    Brochure,
    BrochureFile,
    CounsellingPage,
    InterpreterPoolPage,
    LanguageCoursePage,
    LegalPage,
    NewsPage,
    OfferPage,
    Place,
    SpokenLanguage,
    TargetGroup,
    VolunteeringPage,
)
from cms.page_cache import cached_list

OFFERS_PER_PAGE = 10
NEWS_PER_PAGE = 10

OFFER_TYPES = {
    OfferCategory.COURSE: LanguageCoursePage,
    OfferCategory.COUNSELLING: CounsellingPage,
    OfferCategory.VOLUNTEERING: VolunteeringPage,
    OfferCategory.INTERPRETING: InterpreterPoolPage,
}


def _in_every_language(*names: str) -> list[str]:
    return [f"{name}_{code}" for name in names for code, _label in settings.LANGUAGES]


# What a card in the offer list shows. Every page row has a column per language for each
# translated field; reading only these makes the list's SQL a fraction of its size.
OFFER_LIST_FIELDS = (
    "id",
    "path",
    "depth",
    "numchild",
    "live",
    "locale",
    "content_type",
    "translation_key",
    "draft_title",
    *_in_every_language("title", "slug", "url_path", "intro"),
    "organisation__id",
    "organisation__short_name",
    *[f"organisation__{field}" for field in _in_every_language("name")],
)


def offer_valid_q(day=None) -> Q:
    day = day or timezone.localdate()
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


def offer_category_of(content_type_id: int) -> str:
    for category, model in OFFER_TYPES.items():
        if ContentType.objects.get_for_model(model).pk == content_type_id:
            return category
    return ""


def offer_list_valid(*, filters: dict | None = None, day=None):
    """Live, public, currently valid offers matching the reader's filters."""
    filters = filters or {}
    offers = OfferPage.objects.live().filter(public_q()).defer_streamfields()
    offers = offers.filter(offer_valid_q(day))
    if category := filters.get("category"):
        offers = offers.filter(
            content_type=ContentType.objects.get_for_model(OFFER_TYPES[category])
        )
    # The many-to-many filters as subqueries, not joins: an offer matches once however
    # many of its places match, so the list needs no DISTINCT and can count itself
    # (offer_list_paginated).
    if municipality := filters.get("municipality"):
        offers = offers.filter(
            pk__in=OfferPage.places.through.objects.filter(place__municipality=municipality).values(
                "offerpage_id"
            )
        )
    if level := filters.get("level"):
        offers = offers.filter(languagecoursepage__cefr_level=level)
    if target_group := filters.get("target_group"):
        offers = offers.filter(
            pk__in=OfferPage.target_groups.through.objects.filter(
                targetgroup__slug=target_group
            ).values("offerpage_id")
        )
    if language := filters.get("language"):
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
    places = Place.objects.only("id", "municipality", *_in_every_language("name"))
    return (
        offers.annotate(cefr_level=F("languagecoursepage__cefr_level"), type_rank=type_order)
        .select_related("organisation")
        .prefetch_related(Prefetch("places", queryset=places))
        .only(*OFFER_LIST_FIELDS)
        .order_by("type_rank", "cefr_level", "title_de")
    )


def offer_list_paginated(*, filters: dict | None = None, page_number=None, day=None):
    """One page of the list, as Paginator.get_page() gives it (a page number that is not
    a number is the first page, one past the end the last), read with its total in one
    query: a separate COUNT over the wide page table cost as much as the list."""
    offers = offer_list_valid(filters=filters, day=day).annotate(total_count=Window(Count("pk")))
    paginator = Paginator(offers, OFFERS_PER_PAGE)
    try:
        number = max(int(page_number), 1)
    except (TypeError, ValueError):
        number = 1
    start = (number - 1) * OFFERS_PER_PAGE
    rows = list(offers[start : start + OFFERS_PER_PAGE])
    if rows:
        paginator.count = rows[0].total_count  # count is a cached_property: set, not counted
    elif number > 1:  # past the end: the last page, as get_page() does
        number = paginator.num_pages  # counts
        start = (number - 1) * OFFERS_PER_PAGE
        rows = list(offers[start : start + OFFERS_PER_PAGE])
    else:
        paginator.count = 0
    for offer in rows:
        offer.category = offer_category_of(offer.content_type_id)
    return paginator._get_page(rows, number, paginator)


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
