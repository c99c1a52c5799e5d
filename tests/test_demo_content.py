"""`make demo` loads a realistic site from the concept: enough offers of every type, in
real municipalities, translated except where German is left on purpose."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from cms.demo.loader import DemoContent
from cms.models import (
    Brochure,
    CounsellingPage,
    InterpreterPoolPage,
    LanguageCoursePage,
    LegalPage,
    NewsPage,
    OfferPage,
    Place,
    VolunteeringPage,
)
from cms.search import page_languages
from portal.municipalities import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, home_page):
    settings.PORTAL_DEMO = True
    call_command("demo_content", verbosity=0)


def test_demo_content_is_refused_outside_the_demo(settings, home_page):
    settings.PORTAL_DEMO = False
    with pytest.raises(CommandError, match="PORTAL_DEMO"):
        call_command("demo_content")
    assert not OfferPage.objects.exists()


def test_demo_site(demo, client):
    """One load (it takes seconds) checked for everything a demo visitor relies on."""
    # Offers of every type across the district, the legal pages, news, forms.
    assert OfferPage.objects.live().count() >= 15
    for model in (LanguageCoursePage, VolunteeringPage, CounsellingPage, InterpreterPoolPage):
        assert model.objects.live().exists(), model
    municipalities = set(Place.objects.values_list("municipality", flat=True))
    assert {Municipality.WINSEN, Municipality.BUCHHOLZ, Municipality.TOSTEDT} <= municipalities
    assert set(LegalPage.objects.values_list("kind", flat=True)) == {
        "impressum",
        "privacy",
        "accessibility",
    }
    assert NewsPage.objects.live().exists()
    assert Brochure.objects.filter(files__language="ar").exists()

    # Translated into every language, except what is left German on purpose.
    source = DemoContent.from_directory().source
    untranslated = set(source["untranslated"])
    for page in OfferPage.objects.live().specific():
        key = next(o["key"] for o in source["pages"]["offers"] if o["slug"] == page.slug_de)
        expected = ["de"] if key in untranslated else ["de", "en", "ar", "fa", "uk", "ru", "tr"]
        assert page_languages(page) == expected, page
    assert untranslated & {o["key"] for o in source["pages"]["offers"]}

    # Contacts are clearly fictitious.
    for page in OfferPage.objects.all():
        assert not page.contact_email or page.contact_email.endswith("@example.org")
        assert not page.contact_phone or page.contact_phone.startswith("040 66969")

    # Pages render in every language.
    for page in OfferPage.objects.live().specific()[:3]:
        for code in ("de", "ar", "fa", "uk"):
            with translation.override(code):
                url = page.get_url()
            assert client.get(url).status_code == 200, url

    # A second run (make demo again) duplicates nothing.
    counts = (OfferPage.objects.count(), Place.objects.count(), Brochure.objects.count())
    call_command("demo_content", verbosity=0)
    assert (OfferPage.objects.count(), Place.objects.count(), Brochure.objects.count()) == counts
