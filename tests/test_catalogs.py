"""The interface speaks every published language: complete, compiled-ready catalogs."""

import re
import shutil
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = [code for code, _name in settings.LANGUAGES]
# Every app of the project (not the packages it installs), found from the settings, so
# that a new app's strings are checked without anyone remembering to list it here.
PROJECT_APPS = [
    config.name
    for config in apps.get_app_configs()
    if Path(config.path).resolve().is_relative_to(ROOT) and ".venv" not in Path(config.path).parts
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _catalog(code: str) -> polib.POFile:
    path = ROOT / "locale" / code / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"missing catalog {path}"
    return polib.pofile(str(path))


def test_every_app_of_the_project_is_checked():
    assert set(PROJECT_APPS) == {
        "portal",
        "cms",
        "translations",
        "analytics",
        "sprachmittler",
        "reporting",
    }


@pytest.mark.parametrize("code", LANGUAGES)
def test_catalog_is_complete(code):
    catalog = _catalog(code)
    assert len(catalog) > 0
    untranslated = [e.msgid for e in catalog.untranslated_entries()]
    fuzzy = [e.msgid for e in catalog.fuzzy_entries()]
    assert untranslated == [], f"{code}: untranslated {untranslated}"
    assert fuzzy == [], f"{code}: fuzzy {fuzzy}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_translations_keep_their_placeholders(code):
    for entry in _catalog(code).translated_entries():
        expected = sorted(PLACEHOLDER.findall(entry.msgid))
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            found = sorted(PLACEHOLDER.findall(text))
            # A plural form may leave out the number ("one minute"), never invent one.
            assert set(found) <= set(expected or found), (code, entry.msgid, text)
            if not entry.msgid_plural:
                assert found == expected, (code, entry.msgid, text)


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) not installed")
def test_catalogs_hold_every_string_of_the_code(tmp_path, settings, monkeypatch):
    """makemessages on a copy of the sources finds no string the catalogs lack.

    On a copy: makemessages writes into every `locale` folder it finds beside the code, so
    run in the checkout it would change the real catalogs.
    """
    for folder in (*PROJECT_APPS, "config", "site", "locale"):
        shutil.copytree(
            ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.mo", "__pycache__")
        )
    copy = tmp_path / "locale"
    settings.LOCALE_PATHS = [copy]
    monkeypatch.chdir(tmp_path)
    call_command(
        "makemessages",
        locale=LANGUAGES,
        no_location=True,
        verbosity=0,
    )
    for code in LANGUAGES:
        fresh = {
            e.msgid
            for e in polib.pofile(str(copy / code / "LC_MESSAGES" / "django.po"))
            if not e.obsolete
        }
        known = {e.msgid for e in _catalog(code)}
        assert fresh - known == set(), f"{code}: run `make messages` and translate {fresh - known}"


@pytest.mark.parametrize("code", LANGUAGES)
def test_plural_entries_have_every_form_of_the_language(code):
    """Arabic has six plural forms, Russian and Ukrainian four: each one must be written."""
    catalog = _catalog(code)
    nplurals = int(re.search(r"nplurals=(\d+)", catalog.metadata["Plural-Forms"]).group(1))
    for entry in catalog:
        if entry.msgid_plural:
            forms = [entry.msgstr_plural.get(i, "") for i in range(nplurals)]
            assert all(forms), (code, entry.msgid, forms)


def test_make_check_fails_on_an_untranslated_or_fuzzy_string(tmp_path, settings):
    """`make check` runs `compilecatalogs --check`: a published language with a string
    left untranslated or fuzzy fails it, naming the language and the string."""
    from django.core.management.base import CommandError

    shutil.copytree(ROOT / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    call_command("compilecatalogs", "--check")  # the real catalogs are complete

    catalog_path = tmp_path / "locale" / "ar" / "LC_MESSAGES" / "django.po"
    catalog = polib.pofile(str(catalog_path))
    entry = next(e for e in catalog if not e.msgid_plural)
    entry.msgstr = ""
    fuzzy = next(e for e in catalog if e is not entry and not e.msgid_plural)
    fuzzy.flags.append("fuzzy")
    catalog.save(str(catalog_path))
    with pytest.raises(CommandError) as error:
        call_command("compilecatalogs", "--check")
    assert "ar: 1 untranslated" in str(error.value) and "ar: 1 fuzzy" in str(error.value)
