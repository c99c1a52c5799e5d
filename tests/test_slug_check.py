"""cms/modeltranslation_fixes.py: our slug check on `clean()` answers exactly as
wagtail-modeltranslation's `_validate_slugs`, with one query per language.

Run this before merging any upgrade of wagtail-modeltranslation: the replaced check
must still be equivalent to the installed one.
"""

import inspect
import random

import pytest
import wagtail_modeltranslation.patch_wagtailadmin as mt_patch
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import translation
from modeltranslation.translator import translator
from modeltranslation.utils import fallbacks
from wagtail.models import Page, get_page_models
from wagtail_modeltranslation.patch_wagtailadmin import _validate_slugs

from cms.models import InformationPage, LanguageCoursePage
from cms.modeltranslation_fixes import slug_check_install, slugs_in_use
from tests.content_factories import LANGUAGES, offer_index

pytestmark = pytest.mark.django_db

# The siblings below the home page: None = no translation (falls back to German),
# "" = an emptied translation (falls back too).
SIBLINGS = {
    "a": {"de": "a"},
    "b": {"de": "b", "en": "", "ar": "dawra"},
    "c": {"de": "c", "ar": "gemeinsam", "fa": "x", "tr": "c-tr", "ru": ""},
    "u": {"de": "u", "ar": "دورة", "uk": "kurs"},
}


def _page(parent, model, slugs, **fields):
    """A live page with these slugs (the others None), saved through Page.save() and so
    through clean(); no revision, to keep the fixtures quick."""
    with translation.override("de"):
        page = model(title=slugs["de"], slug=slugs["de"], **fields)
        _with_slugs(page, slugs)
        return parent.add_child(instance=page)


@pytest.fixture
def probe(home_page, info_page):
    """A page among the siblings above and info_page (another slug in every language)."""
    for slugs in SIBLINGS.values():
        _page(home_page, InformationPage, slugs)
    return _page(home_page, InformationPage, {"de": "probe"})


def _with_slugs(page, slugs):
    """The page as an editor left it before saving: these slugs, the others None."""
    for code in LANGUAGES:
        setattr(page, f"slug_{code}", slugs.get(code))
    return page


def _errors(function, page):
    return {key: str(message) for key, message in function(page).items()}


def _assert_same(page):
    ours, theirs = _errors(slugs_in_use, page), _errors(_validate_slugs, page)
    assert ours == theirs
    return ours


ALL_FALLING_BACK = {f"slug_{code}" for code in LANGUAGES}
# modeltranslation's message in our German catalog (the tests run in German, conftest).
IN_USE = "Dieser Kurztitel wird bereits verwendet"


@pytest.mark.parametrize(
    ("slugs", "expected"),
    [
        ({"de": "probe"}, set()),
        ({"de": "probe", "ar": "probe-ar", "en": ""}, set()),
        # Untranslated on both sides: the German slug collides in every language.
        ({"de": "a"}, ALL_FALLING_BACK),
        # Own slugs elsewhere: only German collides.
        ({code: f"a-{code}" for code in LANGUAGES} | {"de": "a"}, {"slug_de"}),
        # A duplicate only in Arabic, against a sibling's own Arabic slug.
        ({"de": "probe", "ar": "dawra"}, {"slug_ar"}),
        ({"de": "probe", "ar": "دورة"}, {"slug_ar"}),
        # b has its own Arabic slug: its German one does not count in Arabic.
        ({"de": "probe", "ar": "b"}, set()),
        # b's English slug is "": it falls back to "b".
        ({"de": "probe", "en": "b"}, {"slug_en"}),
        # c's Russian slug is "": "c" in Russian; its Turkish one is its own.
        ({"de": "probe", "ru": "c", "tr": "c"}, {"slug_ru"}),
        ({"de": "probe", "tr": "c-tr"}, {"slug_tr"}),
        # Our page falls back too: German "b" collides wherever b has no own slug.
        ({"de": "b", "en": ""}, ALL_FALLING_BACK - {"slug_ar"}),
        # Another sibling's own slugs (info_page, conftest.INFO_SLUGS).
        ({"de": "probe", "fa": "yadgiri-almani", "uk": "learn-german"}, {"slug_fa"}),
        # Exact comparison, as in Python: case matters.
        ({"de": "probe", "ar": "Dawra"}, set()),
    ],
)
def test_same_errors_as_modeltranslation(probe, slugs, expected):
    errors = _assert_same(_with_slugs(probe, slugs))
    assert set(errors) == expected
    assert all(message == IN_USE for message in errors.values())


def test_same_errors_as_modeltranslation_for_random_slugs(probe):
    values = [None, "", "probe", "a", "b", "c", "u", "dawra", "gemeinsam", "x", "c-tr", "kurs"]
    values += ["دورة", "learn-german", "deutsch-lernen", "almanca-ogrenmek", "Dawra"]
    rng = random.Random(20261208)  # noqa: S311 - test data, not secrets
    seen = set()
    for _ in range(150):
        slugs = {code: rng.choice(values) for code in LANGUAGES}
        slugs["de"] = rng.choice([v for v in values if v])  # Wagtail requires a German slug
        seen |= set(_assert_same(_with_slugs(probe, slugs)))
    assert seen == ALL_FALLING_BACK  # every language produced an error at least once


def test_same_errors_with_fallbacks_off_and_another_language_active(probe):
    _with_slugs(probe, {"de": "b", "en": "dawra", "ar": "dawra"})
    expected = ALL_FALLING_BACK - {"slug_en"}
    with translation.override("ar"):
        assert set(_assert_same(probe)) == expected
    # Without fallbacks an untranslated slug reads "" on both sides, and "" == "".
    with fallbacks(False):
        assert set(_assert_same(probe)) == expected


def test_the_root_page_and_a_page_outside_the_tree_have_no_siblings(home_page):
    root = Page.objects.get(depth=1)
    assert slugs_in_use(root) == _validate_slugs(root) == {}
    new = InformationPage(title="Neu", slug=home_page.slug)
    assert slugs_in_use(new) == _validate_slugs(new) == {}


def test_the_message_is_translated(probe):
    _with_slugs(probe, {"de": "probe", "ar": "dawra"})
    with translation.override("de"):
        assert str(slugs_in_use(probe)["slug_ar"]) == IN_USE
    with translation.override("en"):
        assert str(slugs_in_use(probe)["slug_ar"]) == "This slug is already in use"


def test_one_query_per_language_whatever_the_number_of_siblings(
    home_page, django_assert_num_queries
):
    index = offer_index(home_page)
    courses = []
    for count in (5, 50):
        while len(courses) < count:
            n = len(courses)
            slugs = {"de": f"kurs-{n}", "ar": f"dawra-{n}"} if n % 2 else {"de": f"kurs-{n}"}
            courses.append(_page(index, LanguageCoursePage, slugs, cefr_level="A1"))
        page = LanguageCoursePage.objects.get(pk=courses[0].pk)
        page.slug_ar = "dawra-1"
        # Wagtail's own clean reads the parent as well; treebeard keeps it on the page.
        page.get_parent()
        with django_assert_num_queries(len(LANGUAGES)):
            assert set(slugs_in_use(page)) == {"slug_ar"}


def test_every_registered_page_model_runs_our_check_instead():
    registered = set(translator.get_registered_models())
    page_models = [model for model in get_page_models() if model in registered]
    assert Page in page_models and LanguageCoursePage in page_models
    for model in page_models:
        assert getattr(model.clean, "replaces_modeltranslation_slug_check", False), model


class _Base:
    def clean(self):
        return "base"


def test_install_calls_the_clean_modeltranslation_wrapped_and_refuses_to_lose_one():
    class Plain(_Base):
        pass

    class OwnClean(_Base):
        def clean(self):
            return "own"

    class NotWrapped(_Base):
        def clean(self):
            return "not wrapped"

    for model in (Plain, OwnClean):
        mt_patch._patch_clean(model)
    slug_check_install([Plain], [Plain])
    assert Plain.clean.replaces_modeltranslation_slug_check
    assert inspect.getclosurevars(Plain.clean).nonlocals["own_clean"] is _Base.clean
    slug_check_install([Plain], [Plain])  # twice: nothing changes
    assert inspect.getclosurevars(Plain.clean).nonlocals["own_clean"] is _Base.clean
    for model in (OwnClean, NotWrapped):
        with pytest.raises(ImproperlyConfigured):
            slug_check_install([model], [model])
    slug_check_install([NotWrapped], [])  # not registered with modeltranslation: left alone


def test_full_clean_refuses_a_duplicate_in_one_language_and_runs_wagtails_clean(probe, monkeypatch):
    def not_called(page):
        raise AssertionError("modeltranslation's _validate_slugs ran")

    monkeypatch.setattr(mt_patch, "_validate_slugs", not_called)
    wagtail_checks = []
    own_check = Page._check_slug_is_unique
    monkeypatch.setattr(
        Page, "_check_slug_is_unique", lambda page: wagtail_checks.append(page) or own_check(page)
    )
    _with_slugs(probe, {"de": "probe", "ar": "dawra"})
    with pytest.raises(ValidationError) as refused:
        probe.full_clean()
    assert refused.value.message_dict == {"slug_ar": [IN_USE]}
    assert wagtail_checks == []  # our check refused first, as modeltranslation's did

    _with_slugs(probe, {"de": "probe", "ar": "probe-ar"})
    probe.full_clean()
    assert wagtail_checks == [probe]  # the model's own clean ran after ours


def test_save_revision_and_publish_refuse_a_duplicate(probe):
    with translation.override("de"):
        _with_slugs(probe, {"de": "probe", "ar": "dawra"})
        with pytest.raises(ValidationError) as refused:
            probe.save_revision()
        assert set(refused.value.message_dict) == {"slug_ar"}

        # A revision saved while the slug was free, published after a sibling took it.
        _with_slugs(probe, {"de": "probe", "ar": "frei"})
        revision = probe.save_revision()
        Page.objects.filter(slug_de="a").update(slug_ar="frei")
        with pytest.raises(ValidationError) as refused:
            revision.publish()
        assert set(refused.value.message_dict) == {"slug_ar"}
        assert Page.objects.get(pk=probe.pk).slug_ar is None


# --- the page editor's form ------------------------------------------------------------


class _FormBase:
    """What modeltranslation's form wrapper needs of the form it wraps."""

    def __init__(self, page, parent, typed):
        self.instance, self.parent_page, self.cleaned_data = page, parent, typed
        self.errors = {}

    def clean(self):
        return self.cleaned_data

    def add_error(self, field, error):
        self.errors[field] = [str(message) for message in error.messages]


def _form_errors_theirs(page, parent, typed):
    from wagtail_modeltranslation.patch_wagtailadmin_forms import patch_admin_page_form

    form = patch_admin_page_form(_FormBase)(page, parent, typed)
    form.clean()
    return form.errors


def _form_errors_ours(page, parent, typed):
    from cms.modeltranslation_fixes import _typed_slugs_in_use

    form = _FormBase(page, parent, typed)
    return {name: [str(message)] for name, message in _typed_slugs_in_use(form).items()}


@pytest.mark.parametrize(
    "typed",
    [
        {"slug_de": "probe"},
        {"slug_de": "a"},  # taken in German, and so everywhere it falls back
        {"slug_de": "probe", "slug_ar": "dawra"},  # taken in Arabic only
        {"slug_de": "probe", "slug_ar": "b"},  # b's Arabic slug is its own: free
        {"slug_de": "probe", "slug_en": "b"},  # b's English falls back to German b: taken
        {"slug_de": "probe", "slug_uk": "kurs", "slug_fa": ""},
        {"slug_de": "probe", "slug_ar": "دورة"},
    ],
)
def test_the_editors_form_refuses_what_modeltranslations_form_refuses(probe, typed):
    parent = probe.get_parent()
    for page in (probe, InformationPage(title="neu")):  # an edit, and a new page
        theirs = _form_errors_theirs(page, parent, dict(typed))
        ours = _form_errors_ours(page, parent, dict(typed))
        assert set(ours) == set(theirs), (page, typed)
        # modeltranslation words the message in the language of the slug (it translates
        # it with that language active); the editor reads ours in the admin's language.
        assert all(messages == [IN_USE] for messages in ours.values())


def test_the_editors_form_check_costs_the_same_among_many_siblings(
    probe, django_assert_num_queries
):
    from cms.modeltranslation_fixes import _typed_slugs_in_use

    parent = probe.get_parent()
    typed = {f"slug_{code}": "frei" for code in LANGUAGES}
    with django_assert_num_queries(len(LANGUAGES)):
        _typed_slugs_in_use(_FormBase(probe, parent, typed))
    for number in range(30):
        _page(parent, InformationPage, {"de": f"mehr-{number}"})
    with django_assert_num_queries(len(LANGUAGES)):
        _typed_slugs_in_use(_FormBase(probe, parent, typed))


def test_every_page_type_edits_with_the_database_check():
    # Wagtail's own Page (the tree's root) keeps Wagtail's form: wagtail.admin sets it
    # after every app's start-up, and no editor edits a plain Page.
    for model in get_page_models():
        if model in translator.get_registered_models() and model is not Page:
            assert model.base_form_class.replaces_modeltranslation_slug_check, model
