"""modeltranslation registration: every Page subclass, and every text field readers see."""

from modeltranslation.translator import TranslationOptions, register

from .models import HomePage, InformationPage


@register(HomePage)
class HomePageTR(TranslationOptions):
    fields = ("intro",)


@register(InformationPage)
class InformationPageTR(TranslationOptions):
    fields = ("intro", "body")
