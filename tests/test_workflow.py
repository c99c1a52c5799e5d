"""The district's approval: Redaktion submits, Moderation approves or rejects in the
normal page editor; Wagtail's default workflow does not stand in the way."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Workflow, WorkflowState

from cms.models import InformationPage
from cms.services import TASK_NAME, WORKFLOW_NAME
from tests.content_factories import publish_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(home_page):
    call_command("portal_setup", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _user(name, role):
    user = get_user_model().objects.create_user(name, password="ein-langes-passwort")
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def page(setup, home_page):
    return publish_page(home_page, InformationPage, titles={"de": "Kita-Anmeldung"})


def test_portal_setup_puts_the_districts_workflow_in_place_of_wagtails(setup, home_page):
    workflow = Workflow.objects.get(name=WORKFLOW_NAME)
    assert home_page.get_workflow() == workflow
    (task,) = [task.specific for task in workflow.tasks]
    assert task.name == TASK_NAME
    assert [group.name for group in task.groups.all()] == ["Moderation"]
    assert not Workflow.objects.filter(name="Moderators approval", active=True).exists()
    assert not Group.objects.filter(name__in=("Moderators", "Editors")).exists()
    call_command("portal_setup", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Workflow.objects.filter(name=WORKFLOW_NAME).count() == 1


def test_redaktion_submits_and_the_editor_says_so_in_german(client, page):
    rita = _user("rita", "Redaktion")
    client.force_login(rita)
    content = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert "Zur Freigabe einreichen" in content
    assert "Moderators" not in content


def test_moderation_approves_what_redaktion_submitted_and_it_goes_live(client, page):
    rita, moritz = _user("rita", "Redaktion"), _user("moritz", "Moderation")
    page.title_de = "Kita-Anmeldung (neu)"
    page.save_revision(user=rita)
    state = Workflow.objects.get(name=WORKFLOW_NAME).start(page, rita)
    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.user_can_access_editor(page, moritz)  # Moderation may edit it meanwhile
    assert "approve" in [action for action, _label, _modal in task.get_actions(page, moritz)]
    assert task.get_actions(page, rita) == []  # the author does not approve her own
    # Moderation's approval, as the editor's "Genehmigen und veröffentlichen" posts it.
    client.force_login(moritz)
    response = client.post(
        f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/", {"comment": ""}
    )
    assert response.status_code in (200, 302), response.content.decode()[:500]
    page.refresh_from_db()
    assert page.title_de == "Kita-Anmeldung (neu)" and page.live
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_APPROVED


def test_a_rejection_reaches_the_author_with_the_comment(page, mailoutbox):
    rita, moritz = _user("rita", "Redaktion"), _user("moritz", "Moderation")
    rita.email, moritz.email = "rita@example.org", "moritz@example.org"
    rita.save()
    moritz.save()
    page.save_revision(user=rita)
    state = Workflow.objects.get(name=WORKFLOW_NAME).start(page, rita)
    assert any("moritz@example.org" in mail.to for mail in mailoutbox)  # to review
    state.current_task_state.reject(user=moritz, comment="Bitte die Uhrzeit ergänzen.")
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_NEEDS_CHANGES
    assert any("rita@example.org" in mail.to for mail in mailoutbox)  # back to the author
