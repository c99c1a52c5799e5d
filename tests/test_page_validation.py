"""Values a reader could not use are refused in the page editor, on the field to change,
in the editor's language, and nothing is saved (the editor's input stays in the form)."""

import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.models import LanguageCoursePage
from tests.conftest import LANGUAGES
from tests.content_factories import offer_index

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(client, roles):
    user = get_user_model().objects.create_user("moritz", password="ein-langes-passwort")
    user.groups.add(roles["Moderation"])
    client.force_login(user)
    return client


@pytest.fixture
def index(home_page):
    return offer_index(home_page)


def _publish_new_course(client, index, **fields):
    data = {
        "title_de": "Deutschkurs B1",
        "slug_de": "deutschkurs-b1",
        "cefr_level": "B1",
        "action-publish": "1",
        **{f"body_{code}": streamfield([]) for code in LANGUAGES},
        **fields,
    }
    return client.post(
        f"/admin/pages/add/cms/languagecoursepage/{index.pk}/", nested_form_data(data)
    )


def _field_errors(response) -> dict[str, list[str]]:
    """The messages under each field of Wagtail's editor, by field name."""
    content = response.content.decode()
    errors = {}
    for field, block in re.findall(
        r'id="panel-child-[^"]*-child-(\w+)-errors">(.*?)</div>', content, re.S
    ):
        messages = [
            m.strip() for m in re.findall(r'<p class="error-message">(.*?)</p>', block, re.S)
        ]
        if messages:
            errors[field] = messages
    return errors


def test_an_offer_ending_before_it_starts_is_refused_on_the_end_date(moderator, index):
    response = _publish_new_course(
        moderator, index, valid_from="2027-03-01", valid_until="2027-02-01"
    )
    assert response.status_code == 200  # the form again, not a redirect
    assert _field_errors(response) == {
        "valid_until": ["Das Ende liegt vor dem Beginn (01.03.2027). Bitte prüfen Sie beide Daten."]
    }
    assert 'value="2027-02-01"' in response.content.decode()  # what the editor typed stays
    assert not LanguageCoursePage.objects.filter(slug_de="deutschkurs-b1").exists()


def test_a_phone_number_without_digits_is_refused(moderator, index):
    response = _publish_new_course(moderator, index, contact_phone="ruf mich an")
    assert response.status_code == 200
    assert "contact_phone" in _field_errors(response)
    assert not LanguageCoursePage.objects.filter(slug_de="deutschkurs-b1").exists()


def test_a_valid_offer_is_published(moderator, index):
    response = _publish_new_course(
        moderator,
        index,
        valid_from="2027-02-01",
        valid_until="2027-03-01",
        contact_phone="04171 693-0",
    )
    assert response.status_code == 302, _field_errors(response)
    assert LanguageCoursePage.objects.get(slug_de="deutschkurs-b1").live
