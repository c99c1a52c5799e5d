"""Shared fixtures: the site as `portal_setup` builds it, and pages in every language."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from cms.models import InformationPage
from cms.services import site_ensure_home_page
from portal.roles import roles_ensure
from tests.celery_worker import broker  # noqa: F401 - the worker tests' broker fixture

LANGUAGES = [code for code, _name in settings.LANGUAGES]
RTL_LANGUAGES = {"ar", "fa"}


@pytest.fixture(autouse=True)
def german_to_begin_with():
    """Each test starts as a new thread would, in the source language: Django's test
    client leaves the language of the last request active (an Arabic page view would
    make the next test's messages Arabic)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache (page cache, lists): what one test cached
    must not answer another's request."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home_page(db):
    return site_ensure_home_page()


@pytest.fixture
def roles(home_page):
    return roles_ensure()


# A page whose slug differs in each language, to prove that links keep the reader on it.
INFO_SLUGS = {
    "de": "deutsch-lernen",
    "en": "learn-german",
    "ar": "taallum-al-almaniya",
    "fa": "yadgiri-almani",
    "uk": "vyvchennia-nimetskoi",
    "ru": "izuchenie-nemetskogo",
    "tr": "almanca-ogrenmek",
}
INFO_TITLES = {
    "de": "Deutsch lernen",
    "en": "Learn German",
    "ar": "تعلّم اللغة الألمانية",
    "fa": "یادگیری زبان آلمانی",
    "uk": "Вивчення німецької",
    "ru": "Изучение немецкого",
    "tr": "Almanca öğrenmek",
}


@pytest.fixture
def info_page(home_page):
    with translation.override("de"):
        page = InformationPage(title=INFO_TITLES["de"], slug=INFO_SLUGS["de"])
        for code in LANGUAGES:
            setattr(page, f"title_{code}", INFO_TITLES[code])
            setattr(page, f"slug_{code}", INFO_SLUGS[code])
        home_page.add_child(instance=page)
        page.save_revision().publish()
    return page


@pytest.fixture
def run_on_commit(monkeypatch):
    """The tests run inside one transaction: run on-commit work (sending the booking's
    mail) at once, as a real commit would."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def fresh_backend():
    """The translation backend made anew for the test (it may change the setting)."""
    from translations.backends import backend_reset

    backend_reset()
    yield
    backend_reset()


@pytest.fixture
def tiny_argos(tmp_path, settings):
    """`tiny_argos(("de", "en"), ("en", "ar"))`: tiny argos models built here and installed
    with `translation_models install --from` into a folder of this test, with the real
    argostranslate backend chosen; returns the packages folder."""
    from django.core.management import call_command

    from translations.argos import argos_reset
    from translations.backends import backend_reset
    from translations.tiny import build_tiny_package

    folder = tmp_path / "models"
    settings.ARGOS_PACKAGES_DIR = tmp_path / "argos" / "packages"
    settings.PORTAL_TRANSLATION_BACKEND = "translations.argos.ArgosBackend"
    argos_reset()
    backend_reset()

    def install(*pairs):
        for source, target in pairs:
            build_tiny_package(source, target, folder)
        languages = sorted({code for pair in pairs for code in pair})
        call_command("translation_models", "install", *languages, "--from", str(folder))
        return settings.ARGOS_PACKAGES_DIR

    yield install
    argos_reset()
    backend_reset()
