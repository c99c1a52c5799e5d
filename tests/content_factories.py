"""Builders for content tests: pages with a title and slug per language, published."""

import datetime

from django.conf import settings
from django.utils import timezone, translation

from cms.models import OfferIndexPage, Place, SpokenLanguage, TargetGroup
from portal.municipalities import Municipality

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def publish_page(parent, model, *, titles: dict, slugs: dict | None = None, **fields):
    """A page below `parent`; `titles`/`slugs` hold the languages it is translated into."""
    slugs = slugs or {code: f"{titles['de'].lower().replace(' ', '-')}-{code}" for code in titles}
    with translation.override("de"):
        page = model(title=titles["de"], slug=slugs["de"], **fields)
        for code in LANGUAGES:
            setattr(page, f"title_{code}", titles.get(code) or ("" if code == "de" else None))
            setattr(page, f"slug_{code}", slugs.get(code))
        parent.add_child(instance=page)
        page.save_revision().publish()
    return page


def republish(page):
    with translation.override("de"):
        page.save_revision().publish()
    return page


def offer_index(home):
    return publish_page(
        home,
        OfferIndexPage,
        titles={"de": "Angebote", "ar": "العروض", "en": "Offers"},
        slugs={"de": "angebote", "ar": "al-urud", "en": "offers"},
    )


def place(name: str, municipality: Municipality) -> Place:
    return Place.objects.create(name=name, name_de=name, municipality=municipality)


def target_group(slug: str, name: str) -> TargetGroup:
    return TargetGroup.objects.create(slug=slug, name=name, name_de=name)


def spoken_language(code: str, name: str) -> SpokenLanguage:
    return SpokenLanguage.objects.create(code=code, name=name, name_de=name)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)
