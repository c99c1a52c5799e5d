"""Setting up the site: the home page every language starts from, and the staff roles.

Idempotent: running it again changes nothing that exists.
"""

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation
from wagtail.models import GroupPagePermission, Page, Site

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

# Staff roles, as groups (DESIGN.md "Roles"). German names: they are what staff read.
ROLE_EDITOR = "Redaktion"
ROLE_MODERATOR = "Moderation"
ROLE_REQUESTER = "Anfragende"
ROLE_COORDINATOR = "Koordination"
ROLE_DISPATCHER = "Disposition"
ROLE_INTERPRETER = "Sprachmittelnde"
ROLE_REPORT = "Bericht"  # committee members: read the report, nothing else
ROLES = (
    ROLE_EDITOR,
    ROLE_MODERATOR,
    ROLE_REQUESTER,
    ROLE_COORDINATOR,
    ROLE_DISPATCHER,
    ROLE_INTERPRETER,
    ROLE_REPORT,
)

_EDITORIAL_MODEL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
    # The directories pages refer to (organisations, places, forms, target groups, languages)
    # and the glossary machine translation keeps terms by.
    *[
        ("cms", f"{action}_{model}")
        for model in (
            "organisation",
            "place",
            "brochure",
            "targetgroup",
            "spokenlanguage",
            "glossaryterm",
        )
        for action in ("add", "change", "delete", "view")
    ],
)
_PAGE_PERMISSIONS = {
    ROLE_EDITOR: ("add_page", "change_page"),
    ROLE_MODERATOR: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
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


@transaction.atomic
def roles_ensure(home: Page) -> dict[str, Group]:
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    editorial_perms = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in _EDITORIAL_MODEL_PERMISSIONS
    ]
    for role, codenames in _PAGE_PERMISSIONS.items():
        group = groups[role]
        group.permissions.add(*editorial_perms)
        for codename in codenames:
            permission = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            )
            GroupPagePermission.objects.get_or_create(group=group, page=home, permission=permission)
    # The coordination office keeps the booking's departments, budget lines and tariffs
    # in the CMS admin (sprachmittler/wagtail_hooks.py).
    groups[ROLE_COORDINATOR].permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="sprachmittler",
            content_type__model__in=("department", "budgetline", "tariff"),
        ),
    )
    return groups
