"""The content model: pages (pages.py) and the snippets they share (snippets.py)."""

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
    "PageViewDay",
    "SearchMissDay",
]
