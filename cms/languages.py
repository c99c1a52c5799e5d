"""The published languages and the URL of the current page in each of them.

One place for: the language list (settings.LANGUAGES), each language's name in its
own script, its direction, the link to the same page in another language (used by the
language switcher and the hreflang alternates alike), and the rule by which a
translated field is shown in German where it has no text of its own (shown_text).
"""

from dataclasses import dataclass

from django.conf import settings
from django.urls import translate_url
from django.utils import translation
from django.utils.safestring import mark_safe


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name_local: str
    bidi: bool
    url: str
    absolute_url: str
    is_current: bool

    @property
    def direction(self) -> str:
        return "rtl" if self.bidi else "ltr"


def published_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def is_rtl(code: str) -> bool:
    return translation.get_language_info(code)["bidi"]


def _blank(value) -> bool:
    if value is None:
        return True
    if hasattr(value, "raw_data"):  # StreamValue
        return not len(value.raw_data)
    return not str(value).strip()


def shown_text(get, field: str, language: str):
    """A translated field as a reader of `language` sees it: (value, lang), with `get`
    reading a column by name (`row.get`, or getattr on a model). Its own text where it
    has one; else the German text with lang "de", so that the page can mark it for
    screen readers (modeltranslation shows the German fallback the same way)."""
    source = settings.LANGUAGE_CODE
    own = get(f"{field}_{language}")
    if not _blank(own):
        return own, ""
    german = get(f"{field}_{source}")
    if _blank(german) or language == source:
        return german, ""
    return german, source


def lang_attrs(lang: str):
    """` lang="de" dir="ltr"` for a text shown in German, else nothing."""
    return mark_safe(f' lang="{lang}" dir="ltr"') if lang else ""  # noqa: S308 - "de" only


def url_in_language(request, code: str, page=None) -> str:
    """The address of what the reader sees now, in language `code`."""
    if page is not None and getattr(page, "pk", None):
        # The page's address in that language: modeltranslation reads url_path in the
        # active language (German where the page has no slug of its own in it).
        with translation.override(code):
            url = page.get_url(request)
        if url:
            return url
    path = translate_url(request.path, code)
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path


def language_links(request, page=None) -> list[LanguageLink]:
    current = translation.get_language()
    links = []
    for code in published_languages():
        info = translation.get_language_info(code)
        url = url_in_language(request, code, page)
        links.append(
            LanguageLink(
                code=code,
                name_local=info["name_local"],
                bidi=info["bidi"],
                url=url,
                absolute_url=request.build_absolute_uri(url),
                is_current=code == current,
            )
        )
    return links


def has_own_translation(page, code: str) -> bool:
    """The page has text of its own in that language (else readers see it in German)."""
    return bool((getattr(page, f"title_{code}", "") or "").strip())
