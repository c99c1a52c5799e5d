"""The content model: pages (pages.py), the snippets they share (snippets.py) and the
search text per language (search.py)."""

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
]
