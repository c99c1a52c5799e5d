"""Images and documents: both editorial roles open, upload and choose them, and an
uploaded image is served under the production settings (DEBUG off)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

pytestmark = pytest.mark.django_db


def _png(name="bild.png") -> ImageFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), (0, 90, 120)).save(buffer, "PNG")
    return ImageFile(io.BytesIO(buffer.getvalue()), name=name)


@pytest.fixture
def on_disk(settings, tmp_path):
    """Files on disk, as in production (the tests otherwise keep them in memory)."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return tmp_path


@pytest.fixture(params=["Redaktion", "Moderation"])
def editor(request, client, roles):
    user = get_user_model().objects.create_user(
        f"user-{request.param}", password="ein-langes-passwort"
    )
    user.groups.add(roles[request.param])
    client.force_login(user)
    return client


@pytest.fixture
def in_a_collection(home_page):
    """A collection below the root, as the demo makes one for its forms."""
    child = Collection.get_first_root_node().add_child(name="Formulare")
    document = get_document_model().objects.create(title="Antrag Kita", collection=child)
    document.file.save("antrag.txt", ContentFile(b"Antrag"), save=True)
    image = get_image_model().objects.create(title="Kursraum", file=_png(), collection=child)
    return document, image


def test_both_roles_open_the_media_library_and_the_choosers(editor, in_a_collection):
    document, image = in_a_collection
    for url in ("/admin/images/", "/admin/documents/"):
        assert editor.get(url).status_code == 200, url
    chooser = editor.get("/admin/documents/chooser/").content.decode()
    assert "Antrag Kita" in chooser
    chooser = editor.get("/admin/images/chooser/").content.decode()
    assert "Kursraum" in chooser


def test_both_roles_upload_an_image_and_a_document(editor, home_page, on_disk):
    root = Collection.get_first_root_node()
    response = editor.post(
        "/admin/images/add/", {"title": "Beratung", "file": _png(), "collection": root.pk}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert get_image_model().objects.filter(title="Beratung").exists()
    upload = ContentFile(b"Merkblatt", name="merkblatt.txt")
    response = editor.post(
        "/admin/documents/add/", {"title": "Merkblatt", "file": upload, "collection": root.pk}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert get_document_model().objects.filter(title="Merkblatt").exists()


def test_an_uploaded_image_is_served_with_debug_off(client, settings, on_disk, home_page):
    assert settings.DEBUG is False
    image = get_image_model().objects.create(title="Kursraum", file=_png())
    rendition = image.get_rendition("fill-20x20")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert "max-age" in response["Cache-Control"]
    assert client.get(image.file.url).status_code == 200  # the original, for the admin


def test_documents_are_not_served_past_their_privacy_check(client, on_disk, home_page):
    document = get_document_model().objects.create(title="Intern")
    document.file.save("intern.txt", ContentFile(b"intern"), save=True)
    assert client.get(f"/media/{document.file.name}").status_code == 404
    for climbing in (
        "/media/images/../documents/intern.txt",
        "/media/images/%2E%2E/documents/intern.txt",
        "/media/original_images//documents/intern.txt",
        "/media/images/./../documents/intern.txt",
    ):
        assert client.get(climbing).status_code == 404, climbing
    assert client.get(document.url).status_code == 200  # through Wagtail's view
