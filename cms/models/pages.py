"""Page types of the public site. The tree editors can build:

HomePage
├── OfferIndexPage ── LanguageCoursePage, VolunteeringPage, CounsellingPage,
│                     InterpreterPoolPage
├── NewsIndexPage ─── NewsPage
├── BrochureIndexPage
├── InformationPage ─ InformationPage
└── LegalPage (Impressum, Datenschutz, Barrierefreiheit)
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from modeltranslation.utils import build_localized_fieldname
from wagtail import blocks, hooks
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.url_routing import RouteResult

from cms.blocks import RICH_TEXT_FEATURES, BaseStreamBlock
from cms.constants import CefrLevel, LegalKind, OfferCategory
from cms.languages import has_own_translation
from cms.validators import phone_validator, site_address_validator

from .serializers import (
    OrganisationSerializer,
    PlaceSerializer,
    SpokenLanguageSerializer,
    TargetGroupSerializer,
)


def portal_route(self, request, path_components):
    """Routes to a child by one query on its slug in the active language (or, where the
    child has no slug in it, the German one).

    wagtail-modeltranslation's own route() loads every child of a page and compares slugs
    in Python, which grows with the number of offers under the offer index. It patches
    every page type with it at start-up; cms.apps.CmsConfig.ready() puts this one back.
    """
    if not path_components:
        if self.live:
            return RouteResult(self)
        raise Http404
    child_slug, remaining = path_components[0], path_components[1:]
    own = build_localized_fieldname("slug", translation.get_language() or "")
    source = build_localized_fieldname("slug", settings.LANGUAGE_CODE)
    untranslated = Q(**{f"{own}__isnull": True}) | Q(**{own: ""})
    match = Q(**{own: child_slug}) | (untranslated & Q(**{source: child_slug}))
    child = self.get_children().filter(match).order_by("path").first()
    if child is None:
        raise Http404
    if remaining:
        # A page on the way needs nothing of its own type to route further: no query.
        return child.specific_deferred.route(request, remaining)
    return child.specific.route(request, remaining)


class PortalPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The tick is for one edit: every edit starts without it, whatever the last
        # revision said.
        if "translation_minor_edit" in self.fields:
            self.initial["translation_minor_edit"] = False

    def clean(self):
        """Values that cannot both be true are refused on the field the editor must
        change (here, not in the model's clean(): wagtail-modeltranslation wraps that,
        cms/modeltranslation_fixes.py)."""
        cleaned_data = super().clean()
        starts, ends = cleaned_data.get("valid_from"), cleaned_data.get("valid_until")
        if starts and ends and ends < starts:
            self.add_error(
                "valid_until",
                _("Das Ende liegt vor dem Beginn (%(start)s). Bitte prüfen Sie beide Daten.")
                % {"start": date_format(starts, "SHORT_DATE_FORMAT")},
            )
        return cleaned_data


class PortalPage(Page):
    """Base of every page type of the site."""

    # Travels with the revision (drafts, workflow, scheduled publishing) to the moment the
    # page is published, where translations.services.translation_states_on_publish reads it.
    translation_minor_edit = models.BooleanField(
        _("Kleine Korrektur"),
        default=False,
        help_text=_(
            "Nur Tippfehler o. Ä. im deutschen Text: Die Übersetzungen bleiben aktuell und "
            "werden nicht als veraltet markiert."
        ),
    )

    base_form_class = PortalPageForm

    # What the page cache (cms.cache) must know of a page type: the query parameters that
    # change what it shows (all others are ignored and add no entry), and whether it shows
    # lists of other pages (then any publish renews it).
    cache_query_params: tuple[str, ...] = ()
    cache_shows_lists = False

    # base.html writes the description from it; types without one (legal pages) answer
    # "" instead of failing the lookup (Django's template engine then runs a dir() of the
    # page, 0.1 ms).
    intro = ""

    class Meta:
        abstract = True

    @property
    def translation_status(self) -> str:
        """For apps (API field `translation_status`): "source" in German; otherwise the
        state of the text in the active language — "missing" (shown in German),
        "machine" or "outdated" (apps owe readers the same notice as the site), or
        "reviewed". Pages keep no such state: the app that keeps it answers through the
        Wagtail hook `page_translation_status` (translations/wagtail_hooks.py)."""
        language = translation.get_language() or settings.LANGUAGE_CODE
        if language == settings.LANGUAGE_CODE:
            return "source"
        for status_of in hooks.get_hooks("page_translation_status"):
            return str(status_of(self, language))
        return "missing" if not has_own_translation(self, language) else "unknown"

    route = portal_route


class PathBlock(blocks.StructBlock):
    """One of the home page's main paths ("Deutsch lernen", "Hilfe finden" …)."""

    title = blocks.CharBlock(label=_("Titel"))
    text = blocks.CharBlock(label=_("Ein Satz in einfachen Worten"), required=False)
    page = blocks.PageChooserBlock(label=_("Seite"))

    class Meta:
        icon = "link"
        label = _("Weg")


class HomePage(PortalPage):
    intro = models.TextField(_("Einleitung"), blank=True)
    paths = StreamField([("path", PathBlock())], verbose_name=_("Hauptwege"), blank=True, max_num=8)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("paths")]
    api_fields = [APIField("intro"), APIField("paths")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.OfferIndexPage",
        "cms.NewsIndexPage",
        "cms.BrochureIndexPage",
        "cms.InformationPage",
        "cms.LegalPage",
    ]
    max_count = 1
    template = "cms/home_page.html"
    cache_shows_lists = True  # the latest news, the main paths' addresses

    class Meta:
        verbose_name = _("Startseite")


class InformationPage(PortalPage):
    """A plain page of text: a topic explained in plain words."""

    intro = models.TextField(_("Kurzbeschreibung"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("Text"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["cms.HomePage", "cms.InformationPage"]
    subpage_types = ["cms.InformationPage"]
    template = "cms/information_page.html"

    class Meta:
        verbose_name = _("Informationsseite")


class OfferIndexPage(PortalPage):
    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["cms.HomePage"]
    subpage_types = [
        "cms.LanguageCoursePage",
        "cms.VolunteeringPage",
        "cms.CounsellingPage",
        "cms.InterpreterPoolPage",
    ]
    max_count = 1
    template = "cms/offer_index_page.html"
    cache_query_params = ("category", "municipality", "level", "target_group", "language", "seite")
    cache_shows_lists = True

    class Meta:
        verbose_name = _("Angebotsübersicht")


class OfferPage(PortalPage):
    """What every offer has. Not created itself: one of its types is.

    Concrete (multi-table) rather than abstract, so that the offer index filters all types
    in one query and renders them with one query per type, whatever their number.
    """

    category = ""  # OfferCategory of each type

    # Fields of some types that offer_page.html asks every type for: empty here, so that
    # the template finds them instead of failing a lookup (Django's template engine
    # answers a missing attribute with a dir() of the whole page, 0.1 ms each).
    schedule = registration = opening_hours = topics = time_needed = ""
    who_may_request = booking_url = ""
    cefr_level = ""
    childcare = False

    intro = models.TextField(
        _("Kurzbeschreibung"), blank=True, help_text=_("Ein bis zwei Sätze für die Übersicht.")
    )
    organisation = models.ForeignKey(
        "cms.Organisation",
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
    )
    places = ParentalManyToManyField("cms.Place", verbose_name=_("Orte"), blank=True)
    contact = models.CharField(_("Ansprechperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("E-Mail"), blank=True)
    contact_phone = models.CharField(
        _("Telefon"), max_length=40, blank=True, validators=[phone_validator]
    )
    how_to_take_part = RichTextField(
        _("So machen Sie mit"), features=RICH_TEXT_FEATURES, blank=True
    )
    cost = models.CharField(_("Kosten"), max_length=200, blank=True)
    valid_from = models.DateField(_("Gültig ab"), null=True, blank=True)
    valid_until = models.DateField(
        _("Gültig bis"),
        null=True,
        blank=True,
        help_text=_("Danach verschwindet das Angebot aus allen Listen."),
    )
    target_groups = ParentalManyToManyField(
        "cms.TargetGroup", verbose_name=_("Zielgruppen"), blank=True
    )
    languages_spoken = ParentalManyToManyField(
        "cms.SpokenLanguage",
        verbose_name=_("Sprachen, in denen geholfen wird"),
        blank=True,
        related_name="offers",
    )
    body = StreamField(BaseStreamBlock(), verbose_name=_("Text"), blank=True)

    offer_panels = [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("organisation"), FieldPanel("places")], _("Wer und wo")),
    ]
    detail_panels: list = []
    common_panels = [
        FieldPanel("body"),
        FieldPanel("how_to_take_part"),
        FieldPanel("cost"),
        MultiFieldPanel(
            [FieldPanel("contact"), FieldPanel("contact_email"), FieldPanel("contact_phone")],
            _("Kontakt"),
        ),
        FieldRowPanel([FieldPanel("valid_from"), FieldPanel("valid_until")], _("Gültigkeit")),
        FieldPanel("target_groups"),
        FieldPanel("languages_spoken"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [
        APIField("intro"),
        APIField("organisation", serializer=OrganisationSerializer()),
        APIField("places", serializer=PlaceSerializer(many=True)),
        *[APIField(n) for n in ("contact", "contact_email", "contact_phone", "how_to_take_part")],
        *[APIField(n) for n in ("cost", "valid_from", "valid_until")],
        APIField("target_groups", serializer=TargetGroupSerializer(many=True)),
        APIField("languages_spoken", serializer=SpokenLanguageSerializer(many=True)),
        APIField("body"),
    ]

    parent_page_types = ["cms.OfferIndexPage"]
    subpage_types: list = []
    is_creatable = False

    class Meta:
        verbose_name = _("Angebot")
        verbose_name_plural = _("Angebote")

    @classmethod
    def panels_for_type(cls):
        return [*Page.content_panels, *cls.offer_panels, *cls.detail_panels, *cls.common_panels]

    def is_valid_on(self, day=None) -> bool:
        day = day or timezone.localdate()
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )

    @property
    def is_expired(self) -> bool:
        return self.valid_until is not None and self.valid_until < timezone.localdate()

    @property
    def is_upcoming(self) -> bool:
        return self.valid_from is not None and self.valid_from > timezone.localdate()

    def get_category_display(self):
        return OfferCategory(self.specific_class.category).label


class LanguageCoursePage(OfferPage):
    category = OfferCategory.COURSE

    cefr_level = models.CharField(_("Niveau"), max_length=5, choices=CefrLevel.choices)
    schedule = models.TextField(_("Termine"), blank=True)
    childcare = models.BooleanField(_("Kinderbetreuung"), default=False)
    registration = RichTextField(_("Anmeldung"), features=RICH_TEXT_FEATURES, blank=True)

    detail_panels = [
        FieldRowPanel([FieldPanel("cefr_level"), FieldPanel("childcare")], _("Kurs")),
        FieldPanel("schedule"),
        FieldPanel("registration"),
    ]
    template = "cms/offer_page.html"
    api_fields = [
        *OfferPage.api_fields,
        *[APIField(n) for n in ("cefr_level", "schedule", "childcare", "registration")],
    ]

    class Meta:
        verbose_name = _("Sprachkurs")
        verbose_name_plural = _("Sprachkurse")


class VolunteeringPage(OfferPage):
    category = OfferCategory.VOLUNTEERING

    time_needed = models.CharField(_("Zeitaufwand"), max_length=200, blank=True)

    detail_panels = [FieldPanel("time_needed")]
    template = "cms/offer_page.html"
    api_fields = [*OfferPage.api_fields, APIField("time_needed")]

    class Meta:
        verbose_name = _("Ehrenamtsangebot")
        verbose_name_plural = _("Ehrenamtsangebote")


class CounsellingPage(OfferPage):
    category = OfferCategory.COUNSELLING

    topics = models.TextField(_("Themen"), blank=True)
    opening_hours = models.TextField(_("Sprechzeiten"), blank=True)

    detail_panels = [FieldPanel("topics"), FieldPanel("opening_hours")]
    template = "cms/offer_page.html"
    api_fields = [*OfferPage.api_fields, APIField("topics"), APIField("opening_hours")]

    class Meta:
        verbose_name = _("Beratung/Anlaufstelle")
        verbose_name_plural = _("Beratungen und Anlaufstellen")


class InterpreterPoolPage(OfferPage):
    category = OfferCategory.INTERPRETING

    who_may_request = RichTextField(
        _("Wer kann anfragen?"), features=RICH_TEXT_FEATURES, blank=True
    )
    booking_url = models.CharField(
        _("Adresse des Buchungsportals"),
        max_length=200,
        validators=[site_address_validator],
        blank=True,
        help_text=_("Für Fachkräfte, z. B. /sprachmittlung/"),
    )

    detail_panels = [FieldPanel("who_may_request"), FieldPanel("booking_url")]
    api_fields = [*OfferPage.api_fields, APIField("who_may_request"), APIField("booking_url")]
    max_count = 1
    template = "cms/offer_page.html"

    class Meta:
        verbose_name = _("Sprachmittlerpool")
        verbose_name_plural = _("Sprachmittlerpool")


for _cls in (LanguageCoursePage, VolunteeringPage, CounsellingPage, InterpreterPoolPage):
    _cls.content_panels = _cls.panels_for_type()


class NewsIndexPage(PortalPage):
    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count = 1
    template = "cms/news_index_page.html"
    cache_query_params = ("seite",)
    cache_shows_lists = True

    class Meta:
        verbose_name = _("Nachrichtenübersicht")


class NewsPage(PortalPage):
    date = models.DateField(_("Datum"), default=timezone.localdate)
    intro = models.TextField(_("Kurzbeschreibung"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("Text"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    api_fields = [APIField("date"), APIField("intro"), APIField("body")]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list = []
    template = "cms/news_page.html"

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")


class BrochureIndexPage(PortalPage):
    intro = models.TextField(_("Einleitung"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list = []
    max_count = 1
    template = "cms/brochure_index_page.html"

    class Meta:
        verbose_name = _("Formulare und Broschüren")


class LegalPage(PortalPage):
    """Impressum, Datenschutzerklärung, Erklärung zur Barrierefreiheit: linked from every
    page's footer by their kind."""

    kind = models.CharField(_("Art"), max_length=20, choices=LegalKind.choices, unique=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("Text"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("kind"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    api_fields = [APIField("kind"), APIField("body")]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list = []
    template = "cms/legal_page.html"

    class Meta:
        verbose_name = _("Rechtliche Seite")
        verbose_name_plural = _("Rechtliche Seiten")
