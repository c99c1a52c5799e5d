"""The content model: pages (pages.py), the snippets they share (snippets.py), and the
records of machine translation (translations.py)."""

from .pages import (
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
    PathBlock,
    VolunteeringPage,
)
from .reach import PageViewDay, SearchMissDay
from .search import PageSearchText
from .snippets import (
    Brochure,
    BrochureFile,
    Organisation,
    Place,
    SpokenLanguage,
    TargetGroup,
    document_language_choices,
)
from .translations import GlossaryTerm, PageTranslation, TranslationJob, TranslationMemory

__all__ = [
    "Brochure",
    "BrochureFile",
    "BrochureIndexPage",
    "CounsellingPage",
    "HomePage",
    "InformationPage",
    "InterpreterPoolPage",
    "LanguageCoursePage",
    "LegalPage",
    "NewsIndexPage",
    "NewsPage",
    "OfferIndexPage",
    "OfferPage",
    "PageSearchText",
    "Organisation",
    "PathBlock",
    "Place",
    "SpokenLanguage",
    "TargetGroup",
    "VolunteeringPage",
    "document_language_choices",
    "GlossaryTerm",
    "PageTranslation",
    "TranslationJob",
    "TranslationMemory",
    "PageViewDay",
    "SearchMissDay",
]
