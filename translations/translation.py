"""modeltranslation registration of the glossary: term_de is the term as written; term_ar
etc. a fixed translation, empty: kept as it is."""

from modeltranslation.translator import TranslationOptions, register

from .models import GlossaryTerm


@register(GlossaryTerm)
class GlossaryTermTR(TranslationOptions):
    fields = ("term",)
