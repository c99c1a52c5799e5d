"""Setting up the site: the home page every language starts from.

Idempotent: running it again changes nothing that exists.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation
from wagtail.models import Page, Site

from cms.models import HomePage

# Home page title per language: reviewed wording, not machine output.
HOME_TITLES = {
    "de": "Willkommen im Landkreis Harburg",
    "en": "Welcome to the district of Harburg",
    "ar": "مرحبًا بكم في مقاطعة هاربورغ",
    "fa": "به شهرستان هاربورگ خوش آمدید",
    "uk": "Ласкаво просимо до району Гарбург",
    "ru": "Добро пожаловать в район Харбург",
    "tr": "Harburg ilçesine hoş geldiniz",
}


@transaction.atomic
def site_ensure_home_page() -> HomePage:
    """The home page as the default site's root, with a title in every language."""
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's own migration leaves a plain "Welcome" page under the root; on a new
        # site it is the only plain Page there, and the home page takes its place.
        Page.objects.filter(
            depth=2, numchild=0, content_type=ContentType.objects.get_for_model(Page)
        ).delete()
        root.refresh_from_db()
        with translation.override(settings.LANGUAGE_CODE):
            home = HomePage(title=HOME_TITLES["de"], slug="home")
            for code in settings.MODELTRANSLATION_LANGUAGES:
                setattr(home, f"title_{code}", HOME_TITLES.get(code, HOME_TITLES["de"]))
                setattr(home, f"slug_{code}", "home")
            root.add_child(instance=home)
            home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = settings.WAGTAIL_SITE_NAME
        site.save()
    return home
