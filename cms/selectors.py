"""Reads of the public site: which offers, news, forms and legal pages a reader sees.

Offers are listed only while valid (valid_from/valid_until, in the district's time
zone). Lists are filtered, counted and paged by the database, and read with a fixed
number of queries whatever their length. Lists that many pages show (the footer's legal
pages, the latest news, the filters' options) are kept in the shared cache (cms.cache).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import EmptyPage, Paginator
from django.db.models import Case, F, IntegerField, Prefetch, Q, Value, When
from django.http import Http404
from django.utils import timezone, translation

from cms.cache import ALL, LEGAL, SNIPPETS, TREE, cached_list, page_token
from cms.constants import OfferCategory
from cms.models import (
    Brochure,
    BrochureFile,
    CounsellingPage,
    InterpreterPoolPage,
    LanguageCoursePage,
    LegalPage,
    NewsPage,
    OfferPage,
    SpokenLanguage,
    TargetGroup,
    VolunteeringPage,
)

OFFERS_PER_PAGE = 10
NEWS_PER_PAGE = 10
# Far beyond any real list; a larger number is not a page a reader can have been given.
MAX_PAGE_NUMBER = 10_000

# In the list, courses first (what most readers look for), then counselling,
# volunteering, the pool.
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


def offer_list(*, filters: dict | None = None, day=None):
    """The valid, published, public offers matching the filters (the OfferFilterForm's
    cleaned data), in the list's order. The many-to-many filters are subqueries, not
    joins: an offer matches once however many of its places match, so the list needs no
    DISTINCT and the database counts it as it is."""
    filters = {name: value for name, value in (filters or {}).items() if value}
    offers = OfferPage.objects.live().public().filter(offer_valid_q(day)).defer_streamfields()
    if category := filters.get("category"):
        offers = offers.type(OFFER_TYPES[category])
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
    type_rank = Case(
        *[
            When(content_type=ContentType.objects.get_for_model(model), then=Value(rank))
            for rank, model in enumerate(OFFER_TYPES.values())
        ],
        default=Value(len(OFFER_TYPES)),
        output_field=IntegerField(),
    )
    return offers.annotate(
        course_level=F("languagecoursepage__cefr_level"), type_rank=type_rank
    ).order_by("type_rank", "course_level", "title_de", "pk")


def paginated(items, per_page: int, number):
    """One page of `items`: no number (or an empty one) is the first page, a number
    past the end the last page. Anything else (not a number, zero, negative, absurdly
    large) is no page of this list: a 404, never an error."""
    paginator = Paginator(items, per_page)
    if number in (None, ""):
        return paginator.page(1)
    text = str(number).strip()
    if not text.isdigit() or len(text) > len(str(MAX_PAGE_NUMBER)):
        raise Http404
    number = int(text)
    if not 1 <= number <= MAX_PAGE_NUMBER:
        raise Http404
    try:
        return paginator.page(number)
    except EmptyPage:
        return paginator.page(paginator.num_pages)


def _in_reader_languages(*fields: str) -> list[str]:
    """The columns of translated `fields` a reader sees: the active language's and
    German, its fallback (modeltranslation reads them in that order)."""
    codes = dict.fromkeys([translation.get_language() or settings.LANGUAGE_CODE, "de"])
    return [f"{field}_{code}" for field in fields for code in codes]


def offer_list_paginated(*, filters: dict | None = None, page_number=None, day=None):
    """One page of offers for the index's cards, with what a card shows read in the same
    fixed number of queries: the organisation with the page, the places in one more.
    Only the columns a card shows are read (a page row has a column per language for
    every translated field: some 200 in all)."""
    offers = (
        offer_list(filters=filters, day=day)
        .select_related("organisation")
        .prefetch_related("places")
        .only(
            "id",
            "path",
            "depth",
            "content_type",
            *_in_reader_languages("title", "url_path", "intro"),
            "organisation__short_name",
            *[f"organisation__{column}" for column in _in_reader_languages("name")],
        )
    )
    return paginated(offers, OFFERS_PER_PAGE, page_number)


# Lists never show page bodies: defer_streamfields() keeps the seven body columns of each
# row (one per language) from being read and parsed.


def news_list_latest(*, limit: int = 3) -> list[NewsPage]:
    def build():
        news = NewsPage.objects.live().public().defer_streamfields()
        return list(news.order_by("-date", "-pk")[:limit])

    return cached_list(f"news-latest-{limit}", build, depends_on=(ALL, TREE))


def news_list_paginated(*, page_number=None):
    news = NewsPage.objects.live().public().defer_streamfields().order_by("-date", "-pk")
    return paginated(news, NEWS_PER_PAGE, page_number)


def brochure_list() -> list[Brochure]:
    files = BrochureFile.objects.select_related("document").order_by("sort_order")
    return list(Brochure.objects.prefetch_related(Prefetch("files", queryset=files)))


def legal_page_links() -> list[LegalPage]:
    """The footer's legal pages, in the order a reader expects them."""
    order = {"impressum": 0, "privacy": 1, "accessibility": 2}

    def build():
        pages = LegalPage.objects.live().public().defer_streamfields()
        return sorted(pages, key=lambda page: order.get(page.kind, 9))

    return cached_list("legal-links", build, depends_on=(ALL, LEGAL))


def target_groups() -> list[TargetGroup]:
    """The offer filter's target groups."""
    return cached_list(
        "target-groups", lambda: list(TargetGroup.objects.all()), depends_on=(SNIPPETS,)
    )


def spoken_languages() -> list[SpokenLanguage]:
    """The offer filter's spoken languages."""
    return cached_list(
        "spoken-languages",
        lambda: list(SpokenLanguage.objects.all()),
        depends_on=(SNIPPETS,),
    )


def offer_facts(offer: OfferPage) -> dict:
    """What an offer page shows of its snippets: the organisation, target groups,
    languages and places, in the snippets' own order (name; town, then name). The
    snippets carry every language, so one entry in the shared cache serves all readers
    until the page or a snippet changes."""
    return cached_list(
        f"offer-facts:{offer.pk}",
        lambda: {
            "organisation": offer.organisation,
            "target_groups": list(offer.target_groups.all()),
            "languages": list(offer.languages_spoken.all()),
            "places": list(offer.places.all()),
        },
        depends_on=(SNIPPETS, page_token(offer.pk)),
    )


def home_paths(home) -> list[dict]:
    """The home page's main paths, each with its page; a path whose page is not
    published is left out rather than shown as a dead link."""
    return [
        {"title": path.value["title"], "text": path.value["text"], "page": path.value["page"]}
        for path in home.paths
        if path.block_type == "path" and path.value["page"] and path.value["page"].live
    ]
