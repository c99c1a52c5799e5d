"""The translation pipeline's part of the demo (`manage.py demo_content`): the glossary
and the translation memory of the demo's reviewed translations."""

from wagtail.models import Page

from portal.municipalities import Municipality

from .constants import TranslationStatus
from .models import GlossaryTerm, PageTranslation
from .services import translation_memory_learn

# Names machine translation must leave as they are (the municipalities come from
# portal.municipalities), and two with a fixed translation, as editors keep them.
DEMO_GLOSSARY = {
    "AWO": {},
    "KVHS": {},
    "Jobcenter": {},
    "LINA": {},
    "Agentur für Ehrenamt": {},
    "Landkreis Harburg": {},
    "Ausländerbehörde": {
        "en": "Immigration Office (Ausländerbehörde)",
        "tr": "Yabancılar Dairesi (Ausländerbehörde)",
    },
    "Integrationskurs": {
        "en": "integration course (Integrationskurs)",
        "uk": "інтеграційний курс (Integrationskurs)",
        "ru": "интеграционный курс (Integrationskurs)",
    },
}


def demo_glossary_load() -> int:
    terms = dict(DEMO_GLOSSARY)
    for label in Municipality.labels:
        terms.setdefault(label, {})
    for german, fixed in terms.items():
        values = {f"term_{code}": text for code, text in fixed.items()}
        GlossaryTerm.objects.update_or_create(term_de=german, defaults={"term": german, **values})
    return len(terms)


def demo_translation_memory_load() -> int:
    """The demo's reviewed translations become the translation memory, as if editors had
    marked them reviewed: machine translation reuses their sentences."""
    languages_by_page: dict[int, list[str]] = {}
    for page_id, language in PageTranslation.objects.filter(
        status=TranslationStatus.REVIEWED
    ).values_list("page_id", "language"):
        languages_by_page.setdefault(page_id, []).append(language)
    learned = 0
    # Each page loaded once for all its languages.
    for page in Page.objects.filter(pk__in=languages_by_page).specific():
        for language in languages_by_page[page.pk]:
            learned += translation_memory_learn(page, language)
    return learned


def demo_content_loaded_translations(sender, **kwargs) -> dict[str, int]:
    """Receiver of portal.signals.demo_content_loaded."""
    return {
        "glossary terms": demo_glossary_load(),
        "memory segments": demo_translation_memory_load(),
    }
