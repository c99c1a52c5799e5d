"""`portal_setup` and `demo_users` as `make demo` runs them: twice, duplicating nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import Page, Site

from cms.models import HomePage

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = [
    "redaktion",
    "moderation",
    "anfragende",
    "koordination",
    "disposition",
    "sprachmittler",
    "bericht",
]


def test_portal_setup_twice_creates_one_home_page_as_site_root():
    call_command("portal_setup")
    call_command("portal_setup")
    assert HomePage.objects.count() == 1
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == HomePage.objects.get()
    # Wagtail's placeholder page is gone: the tree holds the root and the home page.
    assert Page.objects.count() == 2
    assert set(Group.objects.values_list("name", flat=True)) >= {
        "Redaktion",
        "Moderation",
        "Anfragende",
        "Koordination",
        "Disposition",
        "Sprachmittelnde",
        "Bericht",
    }


def test_demo_users_twice_one_user_per_role(settings, capsys):
    settings.PORTAL_DEMO = True
    call_command("demo_users")
    call_command("demo_users")
    users = get_user_model().objects.filter(username__in=DEMO_USERNAMES)
    assert users.count() == 7
    for user in users:
        assert user.check_password("demo")
        assert user.groups.count() == 1
    assert get_user_model().objects.get(username="koordination").groups.get().name == "Koordination"
    output = capsys.readouterr().out
    for username in DEMO_USERNAMES:
        assert username in output


def test_editors_can_log_in_to_the_admin(settings, client):
    settings.PORTAL_DEMO = True
    call_command("demo_users")
    response = client.post("/admin/login/", {"username": "redaktion", "password": "demo"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_demo_users_are_refused_outside_the_demo(settings):
    settings.PORTAL_DEMO = False
    with pytest.raises(CommandError, match="only in the demo settings"):
        call_command("demo_users")
    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()
