"""Setting up the site: the home page every language starts from, and the district's
approval workflow.

Idempotent: running it again changes nothing that exists.
"""

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import translation
from wagtail.models import (
    GroupApprovalTask,
    Page,
    Site,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

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


# The district's approval: Redaktion writes and submits, Moderation approves, rejects
# with a comment or edits (docs/decisions.md). German names: what editors read in the
# buttons ("Zur Freigabe einreichen") and the history.
WORKFLOW_NAME = "Freigabe"
TASK_NAME = "Prüfung durch die Moderation"
# What Wagtail's own migration creates; left in place it would stand in the way (its
# task belongs to a group nobody is in).
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
WAGTAIL_DEFAULT_GROUPS = ("Moderators", "Editors")


@transaction.atomic
def workflow_ensure(home: Page, moderators) -> Workflow:
    """The district's workflow on the home page and everything below it: one task,
    approved by the Moderation group. Wagtail's default workflow is switched off and its
    default groups removed while nobody is in them. Idempotent."""
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.set([moderators])
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=home, defaults={"workflow": workflow})
    for default in Workflow.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, active=True):
        default.deactivate()
    Task.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW, active=True).update(active=False)
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()
    return workflow
