"""The one sanctioned use of a private part of a dependency: wagtail-modeltranslation's
slug check on `Page.clean()`, replaced by an equivalent one that asks the database.

What is replaced
    With slugs translated (WAGTAILMODELTRANSLATION_TRANSLATE_SLUGS, on by default),
    wagtail-modeltranslation replaces the `clean` of every page model registered with
    modeltranslation by a wrapper (`wagtail_modeltranslation.patch_wagtailadmin.
    _patch_clean`) that first runs `_validate_slugs(page)` and then the model's own
    `clean`. `_validate_slugs` loads *every* sibling of the page as a `Page` object and,
    with each of the seven languages activated in turn, compares the page's `slug` with
    every sibling's `slug` in Python. `clean` runs on `save_revision()` and again on
    `publish()` (Wagtail's `Page.save()` with `live=True`), so publishing one offer below
    an index of 2,000 offers built 4,000 page objects and ran 28,000 descriptor reads:
    0.92 s of CPU instead of 0.15 s without the check, 0.21 s with this one
    (bench/slug_check.py, bench/results/slug-check-2026-12-07.md, docs/decisions.md).

    `slugs_in_use(page)` answers the same question with one `exists()` query per
    language. Only `clean` is replaced; everything else wagtail-modeltranslation patches
    (panels, forms, `set_url_path`, routing, `save`) stays as it is.

The same rule as modeltranslation, in SQL
    `slug` is modeltranslation's `TranslationFieldDescriptor`: with language L active it
    reads `slug_L`, then the fallback languages (`resolution_order`, here
    MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)), skipping values that are None or the
    "undefined" value (the field's default, ""), and answers the default when none has a
    value. The page's own slug is read through that descriptor exactly as modeltranslation
    does. For the siblings the same chain is written as
    `COALESCE(NULLIF(slug_L, ''), NULLIF(slug_de, ''), '')`, built from the descriptor's
    own settings so that a change of the fallback languages is followed. The error dict is
    modeltranslation's: keys `slug_<lang>`, message "This slug is already in use" (the
    same msgid, translated in our catalogs: wagtail-modeltranslation ships none). One
    deliberate difference: `translation.override` restores the active language exactly,
    where modeltranslation leaves its default language active if none was.

How the model's own clean is called
    modeltranslation keeps the `clean` it wrapped only in the wrapper's closure. We call
    the `clean` the class would have without modeltranslation instead: the first `clean`
    along the model's MRO that is not one of modeltranslation's (or our) wrappers. Our page
    classes define no `clean`, so that is Wagtail's `AbstractPage.clean` (Django's model
    checks and Wagtail's slug check in the active language). A page class that defines
    its own `clean` would have it overwritten by modeltranslation's wrapper in its
    `__dict__`, and the MRO walk would miss it: start-up then fails (ImproperlyConfigured)
    because the function modeltranslation captured (its closure variable `old_clean`,
    read with `inspect.getclosurevars`) is not the one we found. The same happens when a
    registered page model's `clean` is no longer modeltranslation's wrapper (recognised
    by its module and qualified name). Nothing is silently dropped.

Re-verify on every upgrade of wagtail-modeltranslation
    This mirrors `_validate_slugs` of wagtail-modeltranslation 0.16.1 (and the descriptor
    of django-modeltranslation 0.20.6). tests/test_slug_check.py compares both functions'
    errors for many cases and checks the query count: it must pass before an upgrade is
    merged; the start-up checks above catch a changed wrapper. Proposed upstream:
    docs/upstream/wagtail-modeltranslation-slug-check.md; drop this module once a
    release has an equivalent check.
"""

import inspect

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import CharField, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.fields import NONE
from modeltranslation.utils import build_localized_fieldname, fallbacks_enabled, resolution_order
from wagtail.models import Page

_MODELTRANSLATION_WRAPPER = ("wagtail_modeltranslation.patch_wagtailadmin", "_patch_clean")


def _effective_slug(language: str):
    """A sibling's `slug` as modeltranslation's descriptor reads it with `language` active:
    the first meaningful value along the language's resolution order, else the default."""
    descriptor = Page.slug
    undefined = descriptor.fallback_undefined
    default = descriptor.field.get_default()
    if undefined is NONE:
        undefined = default
    if fallbacks_enabled() and descriptor.fallback_value is not NONE:
        default = descriptor.fallback_value
    # Each slug_<lang> is a field class of its own (modeltranslation makes them):
    # the result type has to be named.
    text = CharField()
    values = [
        NullIf(F(build_localized_fieldname("slug", code)), Value(undefined), output_field=text)
        for code in resolution_order(language, descriptor.fallback_languages)
    ]
    return Coalesce(*values, Value(default), output_field=text)


def slugs_in_use(page) -> dict:
    """modeltranslation's `_validate_slugs(page)`: {"slug_<lang>": message} for each
    language in which a sibling already answers to the page's slug, with fallbacks. One
    query per language, whatever the number of siblings."""
    if page.get_parent() is None:
        # The root page's slug can be whatever it likes (and Wagtail's own clean, run
        # next, asks for the parent too: treebeard caches it on the page).
        return {}
    siblings = page.get_siblings(inclusive=False)
    errors = {}
    for language in mt_settings.AVAILABLE_LANGUAGES:
        with translation.override(language):
            slug = page.slug
            taken = siblings.alias(effective_slug=_effective_slug(language))
            if taken.filter(effective_slug=slug).exists():
                errors[build_localized_fieldname("slug", language)] = _(
                    "This slug is already in use"
                )
    return errors


def _is_wrapper(function) -> bool:
    if getattr(function, "replaces_modeltranslation_slug_check", False):
        return True
    module, outer = _MODELTRANSLATION_WRAPPER
    return (
        getattr(function, "__module__", None) == module
        and getattr(function, "__qualname__", "") == f"{outer}.<locals>.clean"
    )


def _own_clean(model):
    """The `clean` the model would have without modeltranslation (see the module doc)."""
    for klass in model.__mro__:
        function = klass.__dict__.get("clean")
        if function is not None and not _is_wrapper(function):
            return function
    raise ImproperlyConfigured(f"{model.__name__} has no clean() of its own")


def _clean_with_slug_check(own_clean):
    def clean(self):
        errors = slugs_in_use(self)
        if errors:
            raise ValidationError(errors)
        own_clean(self)

    clean.replaces_modeltranslation_slug_check = True
    return clean


def slug_check_install(page_models, registered_models) -> None:
    """Put `slugs_in_use` in place of modeltranslation's slug check on each page model
    registered with modeltranslation. Called by CmsConfig.ready(), after
    wagtail_modeltranslation's ready() (it comes first in INSTALLED_APPS)."""
    from wagtail_modeltranslation.settings import TRANSLATE_SLUGS

    if not TRANSLATE_SLUGS:
        return  # modeltranslation leaves clean alone then
    registered = set(registered_models)
    for model in page_models:
        if model not in registered:
            continue
        wrapper = model.__dict__.get("clean")
        if getattr(wrapper, "replaces_modeltranslation_slug_check", False):
            continue  # already installed
        if not _is_wrapper(wrapper):
            raise ImproperlyConfigured(
                f"{model.__name__}.clean is not wagtail-modeltranslation's slug check "
                "wrapper: re-verify cms/modeltranslation_fixes.py against the installed "
                "wagtail-modeltranslation."
            )
        own_clean = _own_clean(model)
        captured = inspect.getclosurevars(wrapper).nonlocals.get("old_clean")
        if captured is not own_clean:
            raise ImproperlyConfigured(
                f"wagtail-modeltranslation wraps {captured!r} as {model.__name__}.clean, "
                f"cms/modeltranslation_fixes.py would call {own_clean!r}: a page class "
                "with its own clean() (or a changed wrapper) needs this module adapted."
            )
        model.clean = _clean_with_slug_check(own_clean)


# --- the same check in the page editor's form ----------------------------------------------
# wagtail-modeltranslation also wraps every page type's admin form
# (`patch_wagtailadmin_forms.patch_admin_page_form`): its clean() loads every child of the
# parent once per language to compare the slugs an editor typed. Publishing one offer from
# the editor below 2,000 offers read them seven more times. The form below is that form
# with the same comparison made by the database: one query per language.

_MODELTRANSLATION_FORM = (
    "wagtail_modeltranslation.patch_wagtailadmin_forms",
    "WagtailFixedAdminPageForm",
)


def _is_form_wrapper(klass) -> bool:
    return (klass.__module__, klass.__name__) == _MODELTRANSLATION_FORM or getattr(
        klass, "replaces_modeltranslation_slug_check", False
    )


def _typed_slugs_in_use(form) -> dict:
    """{"slug_<lang>": message} as modeltranslation's form check adds them: the slug
    typed for a language (fields left out of the form are skipped) against what each
    sibling answers to in that language."""
    siblings = form.parent_page.get_children()
    if form.instance.pk:
        siblings = siblings.not_page(form.instance)
    errors = {}
    for language in mt_settings.AVAILABLE_LANGUAGES:
        name = build_localized_fieldname("slug", language)
        typed = form.cleaned_data.get(name)
        if typed is None:
            continue
        with translation.override(language):
            taken = siblings.alias(effective_slug=_effective_slug(language))
            if taken.filter(effective_slug=typed).exists():
                errors[name] = _("This slug is already in use")
    return errors


def form_slug_check_install(page_models, registered_models) -> None:
    """Give each registered page model an admin form whose slug check asks the database
    (called by CmsConfig.ready(), after modeltranslation wrapped the forms)."""
    from wagtail_modeltranslation.settings import TRANSLATE_SLUGS

    if not TRANSLATE_SLUGS:
        return
    registered = set(registered_models)
    for model in page_models:
        if model not in registered:
            continue
        wrapped = model.base_form_class
        if getattr(wrapped, "replaces_modeltranslation_slug_check", False):
            continue
        if not _is_form_wrapper(wrapped):
            raise ImproperlyConfigured(
                f"{model.__name__}.base_form_class is not wagtail-modeltranslation's form: "
                "re-verify cms/modeltranslation_fixes.py against the installed version."
            )
        model.base_form_class = _form_with_slug_check(wrapped)
    for model in page_models:
        # The edit handler caches the form class it was built with.
        model.get_edit_handler.cache_clear()


def _form_with_slug_check(wrapped):
    # The first form up the MRO that is not a slug-check wrapper, however many there are.
    own = next(klass for klass in wrapped.__mro__ if not _is_form_wrapper(klass))

    class SlugCheckedPageForm(wrapped):
        replaces_modeltranslation_slug_check = True

        def clean(self):
            # The form modeltranslation wrapped (ours: PortalPageForm, then Wagtail's),
            # without its sibling loop; then the same check made by the database.
            cleaned_data = own.clean(self)
            for name, message in _typed_slugs_in_use(self).items():
                self.add_error(name, ValidationError(message))
            return cleaned_data

    SlugCheckedPageForm.__name__ = SlugCheckedPageForm.__qualname__ = (
        f"SlugChecked{wrapped.__name__}"
    )
    return SlugCheckedPageForm
