"""The editors' side of the languages: right-to-left inputs for Arabic and Farsi."""

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, roles):
    user = get_user_model().objects.create_user("rita", password="ein-langes-passwort")
    user.groups.add(roles["Redaktion"])
    client.force_login(user)
    return client


def test_page_editor_has_an_input_per_language_and_the_direction_script(editor_client, home_page):
    response = editor_client.get(f"/admin/pages/{home_page.pk}/edit/")
    assert response.status_code == 200
    content = response.content.decode()
    for code in ("de", "en", "ar", "fa", "uk", "ru", "tr"):
        assert f'name="title_{code}"' in content
    assert 'src="/static/cms/admin-direction.js"' in content
    assert 'data-rtl-languages="ar fa"' in content
