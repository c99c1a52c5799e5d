"""Loads the demo site from cms/demo/content.<language>.yaml: German (the source) and the
reviewed translations. Idempotent: objects are found again by their German name or
slug, so a second run updates them and creates nothing twice.

Keys listed under `untranslated:` in the German file have no translation on purpose,
so that the demo shows the German fallback and its notice.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page

from cms.models import (
    Brochure,
    BrochureFile,
    BrochureIndexPage,
    CounsellingPage,
    InformationPage,
    InterpreterPoolPage,
    LanguageCoursePage,
    LegalPage,
    NewsIndexPage,
    NewsPage,
    OfferIndexPage,
    Organisation,
    Place,
    SpokenLanguage,
    TargetGroup,
    VolunteeringPage,
    document_language_choices,
)
from cms.services import site_ensure_home_page
from portal.signals import demo_content_loaded

CONTENT_DIR = Path(__file__).resolve().parent
SOURCE = "de"

OFFER_MODELS = {
    "course": LanguageCoursePage,
    "volunteering": VolunteeringPage,
    "counselling": CounsellingPage,
    "interpreter_pool": InterpreterPoolPage,
}
# Per type: (translated text fields, untranslated fields) besides the common ones.
OFFER_FIELDS = {
    "course": (("schedule", "registration"), ("cefr_level", "childcare")),
    "volunteering": (("time_needed",), ()),
    "counselling": (("topics", "opening_hours"), ()),
    "interpreter_pool": (("who_may_request",), ()),
}
OFFER_TEXT_FIELDS = ("intro", "contact", "how_to_take_part", "cost", "body")
LEGAL_KINDS = {
    "impressum": "impressum",
    "datenschutz": "privacy",
    "barrierefreiheit": "accessibility",
}


@dataclass
class DemoContent:
    source: dict
    translations: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def from_directory(cls, directory: Path = CONTENT_DIR) -> "DemoContent":
        source = yaml.safe_load((directory / f"content.{SOURCE}.yaml").read_text("utf-8"))
        translations = {}
        for code, _name in settings.LANGUAGES:
            path = directory / f"content.{code}.yaml"
            if code != SOURCE and path.exists():
                translations[code] = yaml.safe_load(path.read_text("utf-8")) or {}
        return cls(source=source, translations=translations)

    def translated(self, *path) -> dict[str, object]:
        """{language: value} for a path of keys, German included."""
        values = {SOURCE: _dig(self.source, path)}
        for code, data in self.translations.items():
            value = _dig(data, path)
            if value not in (None, "", []):
                values[code] = value
        return values


def _dig(data, path):
    for key in path:
        if isinstance(data, list):
            data = next((item for item in data if item.get("key") == key), None)
        elif isinstance(data, dict):
            data = data.get(key)
        else:
            return None
        if data is None:
            return None
    return data


def _stream(blocks) -> str:
    return json.dumps([{"type": block["type"], "value": block["value"]} for block in blocks or []])


def _set_translated(obj, name: str, values: dict, stream: bool = False):
    for code, _lang in settings.LANGUAGES:
        value = values.get(code)
        if stream:
            value = _stream(value) if value else None
        if code == SOURCE and value is None:
            value = "" if not stream else "[]"
        setattr(obj, f"{name}_{code}", value)


class Loader:
    def __init__(self, content: DemoContent):
        self.content = content
        self.orgs: dict[str, Organisation] = {}
        self.places: dict[str, Place] = {}
        self.groups: dict[str, TargetGroup] = {}
        self.languages: dict[str, SpokenLanguage] = {}
        self.pages: dict[str, Page] = {}
        self.counts: dict[str, int] = {}

    def t(self, *path):
        return self.content.translated(*path)

    # --- snippets -----------------------------------------------------------------

    def load_snippets(self):
        src = self.content.source
        for key, data in src["organisations"].items():
            org = Organisation.objects.filter(name_de=data["name"]).first() or Organisation()
            org.short_name = data.get("short_name") or ""
            org.website = data.get("website") or ""
            org.email = data.get("email") or ""
            org.phone = data.get("phone") or ""
            _set_translated(org, "name", self.t("organisations", key, "name"))
            _set_translated(org, "description", self.t("organisations", key, "description"))
            org.save()
            self.orgs[key] = org
        for key, data in src["places"].items():
            place = Place.objects.filter(name_de=data["name"]).first() or Place()
            place.organisation = self.orgs.get(data.get("organisation"))
            for name in ("street", "postcode", "municipality", "phone", "email"):
                setattr(place, name, data.get(name) or "")
            for name in ("name", "opening_hours", "accessibility"):
                _set_translated(place, name, self.t("places", key, name))
            place.save()
            self.places[key] = place
        for slug in src["target_groups"]:
            group = TargetGroup.objects.filter(slug=slug).first() or TargetGroup(slug=slug)
            _set_translated(group, "name", self.t("target_groups", slug))
            group.save()
            self.groups[slug] = group
        for code in src["spoken_languages"]:
            language = SpokenLanguage.objects.filter(code=code).first() or SpokenLanguage(code=code)
            _set_translated(language, "name", self.t("spoken_languages", code))
            language.save()
            self.languages[code] = language
        self.counts.update(
            organisations=len(self.orgs),
            places=len(self.places),
            target_groups=len(self.groups),
            spoken_languages=len(self.languages),
        )

    # --- pages --------------------------------------------------------------------

    def _page(self, model, parent: Page, values_path: tuple, extra=None):
        """Create or update one page below `parent`, publish it, return it."""
        data = _dig(self.content.source, values_path)
        slug = data["slug"]
        existing = parent.get_children().filter(slug_de=slug).first()
        page = existing.specific if existing else model()
        titles = self.t(*values_path, "title")
        slugs = self.t(*values_path, "slug")
        for code, _name in settings.LANGUAGES:
            setattr(page, f"title_{code}", titles.get(code) or (None if code != SOURCE else ""))
            setattr(page, f"slug_{code}", slugs.get(code) if code in titles else None)
        page.title = titles[SOURCE]
        page.slug = slug
        descriptions = self.t(*values_path, "search_description")
        for code, _name in settings.LANGUAGES:
            setattr(page, f"search_description_{code}", descriptions.get(code) or "")
        for name, kind in (extra or {}).items():
            if kind == "stream":
                _set_translated(page, name, self.t(*values_path, name), stream=True)
            elif kind == "text":
                _set_translated(page, name, self.t(*values_path, name))
            else:
                setattr(page, name, kind)
        with translation.override(SOURCE):
            if existing is None:
                parent.add_child(instance=page)
            page.save_revision().publish()
        return page

    def load_pages(self):
        src = self.content.source["pages"]
        home = site_ensure_home_page()
        _set_translated(home, "title", self.t("pages", "home", "title"))
        _set_translated(home, "intro", self.t("pages", "home", "intro"))

        offer_index = self._page(OfferIndexPage, home, ("pages", "offers_index"), {"intro": "text"})
        self.pages["offers_index"] = offer_index
        offers = 0
        for data in src["offers"]:
            key, kind = data["key"], data["type"]
            text_fields, plain_fields = OFFER_FIELDS[kind]
            extra = dict.fromkeys((*OFFER_TEXT_FIELDS, *text_fields), "text")
            extra["body"] = "stream"
            for name in plain_fields:
                extra[name] = data.get(name)
            extra.update(
                organisation=self.orgs.get(data.get("provider") or data.get("organisation")),
                contact_email=data.get("contact_email") or "",
                contact_phone=data.get("contact_phone") or "",
                valid_from=data.get("valid_from"),
                valid_until=data.get("valid_until"),
            )
            if kind == "interpreter_pool":
                extra["booking_url"] = "/admin/"
            page = self._page(OFFER_MODELS[kind], offer_index, ("pages", "offers", key), extra)
            page.places.set([self.places[k] for k in data.get("places") or []])
            page.target_groups.set([self.groups[k] for k in data.get("target_groups") or []])
            page.languages_spoken.set(
                [self.languages[k] for k in data.get("languages_spoken") or []]
            )
            with translation.override(SOURCE):
                page.save_revision().publish()
            self.pages[key] = page
            offers += 1

        news_index = self._page(NewsIndexPage, home, ("pages", "news_index"), {"intro": "text"})
        self.pages["news_index"] = news_index
        for data in src["news"]:
            extra = {"intro": "text", "body": "stream", "date": data["date"]}
            self.pages[data["key"]] = self._page(
                NewsPage, news_index, ("pages", "news", data["key"]), extra
            )
        for data in src["information"]:
            extra = {"intro": "text", "body": "stream"}
            self.pages[data["key"]] = self._page(
                InformationPage, home, ("pages", "information", data["key"]), extra
            )
        self.pages["brochures_index"] = self._page(
            BrochureIndexPage, home, ("pages", "brochures_index"), {"intro": "text"}
        )
        for key, kind in LEGAL_KINDS.items():
            self.pages[key] = self._page(
                LegalPage, home, ("pages", "legal", key), {"body": "stream", "kind": kind}
            )

        # The home page's main paths link pages that exist only now.
        for code, _name in settings.LANGUAGES:
            paths = []
            for index, path in enumerate(src["home"]["paths"]):
                translated = _dig(
                    self.content.translations.get(code, {}), ("pages", "home", "paths")
                )
                own = translated[index] if translated and index < len(translated) else None
                if code != SOURCE and own is None:
                    continue
                values = own or path
                target = self.pages.get(path["link"])
                if target is None:
                    continue
                paths.append(
                    {
                        "type": "path",
                        "value": {
                            "title": values["title"],
                            "text": values.get("text", ""),
                            "page": target.pk,
                        },
                    }
                )
            setattr(home, f"paths_{code}", json.dumps(paths) if paths else None)
        with translation.override(SOURCE):
            home.save_revision().publish()
        self.counts.update(
            offers=offers, news=len(src["news"]), information=len(src["information"])
        )

    # --- forms and brochures ------------------------------------------------------

    def load_brochures(self):
        Document = get_document_model()
        names = dict(document_language_choices())
        collection = Collection.get_first_root_node()
        for data in self.content.source["brochures"]:
            key = data["key"]
            brochure = Brochure.objects.filter(title_de=data["title"]).first() or Brochure()
            _set_translated(brochure, "title", self.t("brochures", key, "title"))
            _set_translated(brochure, "description", self.t("brochures", key, "description"))
            brochure.save()
            for order, code in enumerate(data.get("languages") or [SOURCE]):
                if brochure.files.filter(language=code).exists():
                    continue
                title = self.t("brochures", key, "title").get(code) or data["title"]
                body = (
                    f"{title}\n\n[{names.get(code, code)}]\n\n"
                    "Demo-Dokument des Teilhabe-Portals Landkreis Harburg. Kein echtes Formular.\n"
                )
                document = Document(title=f"{data['title']} ({code})", collection=collection)
                document.file.save(
                    f"{key}-{code}.txt", ContentFile(body.encode("utf-8")), save=False
                )
                document.save()
                BrochureFile.objects.create(
                    brochure=brochure, language=code, document=document, sort_order=order
                )
        self.counts["brochures"] = len(self.content.source["brochures"])


@transaction.atomic
def demo_content_load(content: DemoContent | None = None) -> dict[str, int]:
    # Field names without a language suffix mean the active language: German here,
    # whatever a caller (a test after an Arabic request) left active.
    with translation.override(settings.LANGUAGE_CODE):
        loader = Loader(content or DemoContent.from_directory())
        loader.load_snippets()
        loader.load_pages()
        loader.load_brochures()
        # Other apps add their part of the demo (translations: glossary and memory).
        for _receiver, counts in demo_content_loaded.send(sender=Loader):
            loader.counts.update(counts or {})
    return loader.counts
