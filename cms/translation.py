"""modeltranslation registration: every Page subclass, and every text field readers see.

Not translated: proper names kept as they are (short names, addresses, phone numbers,
e-mail addresses, municipality names) and codes (CEFR level, language codes)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    Brochure,
    BrochureIndexPage,
    CounsellingPage,
    HomePage,
    InformationPage,
    InterpreterPoolPage,
    LanguageCoursePage,
    LegalPage,
    NewsIndexPage,
    NewsPage,
    OfferIndexPage,
    OfferPage,
    Organisation,
    Place,
    SpokenLanguage,
    TargetGroup,
    VolunteeringPage,
)


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("intro", "paths")


@register(InformationPage)
class InformationPageTR(TranslationOptions):
    fields = ("intro", "body")


@register(OfferIndexPage)
class OfferIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(OfferPage)
class OfferPageTR(TranslationOptions):
    fields = ("intro", "contact", "how_to_take_part", "cost", "body")


@register(LanguageCoursePage)
class LanguageCoursePageTR(TranslationOptions):
    fields = ("schedule", "registration")


@register(VolunteeringPage)
class VolunteeringPageTR(TranslationOptions):
    fields = ("time_needed",)


@register(CounsellingPage)
class CounsellingPageTR(TranslationOptions):
    fields = ("topics", "opening_hours")


@register(InterpreterPoolPage)
class InterpreterPoolPageTR(TranslationOptions):
    fields = ("who_may_request",)


@register(NewsIndexPage)
class NewsIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(NewsPage)
class NewsPageTR(TranslationOptions):
    fields = ("intro", "body")


@register(BrochureIndexPage)
class BrochureIndexPageTR(TranslationOptions):
    fields = ("intro",)


@register(LegalPage)
class LegalPageTR(TranslationOptions):
    fields = ("body",)


@register(Organisation)
class OrganisationTR(TranslationOptions):
    fields = ("name", "description")


@register(Place)
class PlaceTR(TranslationOptions):
    fields = ("name", "opening_hours", "accessibility")


@register(TargetGroup)
class TargetGroupTR(TranslationOptions):
    fields = ("name",)


@register(SpokenLanguage)
class SpokenLanguageTR(TranslationOptions):
    fields = ("name",)


@register(Brochure)
class BrochureTR(TranslationOptions):
    fields = ("title", "description")
