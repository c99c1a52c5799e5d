"""Receivers: keep the per-language search text and the page cache in step with what is
published."""


def _drop_cached(page):
    from cms.models import LegalPage
    from cms.page_cache import cached_lists_clear, page_cache_clear, page_cache_invalidate

    cached_lists_clear()
    if isinstance(page.specific, LegalPage):
        page_cache_clear()  # its title is in every page's footer
    else:
        page_cache_invalidate(page)


def page_published_update_search(sender, instance, **kwargs):
    from cms.search import search_text_update

    search_text_update(instance)
    _drop_cached(instance)


def page_unpublished_drop_search(sender, instance, **kwargs):
    from cms.models import PageSearchText

    PageSearchText.objects.filter(page_id=instance.pk).delete()
    _drop_cached(instance)


def content_changed_clear_page_cache(sender, **kwargs):
    """A snippet that pages show changed, a page was deleted or moved, or a site or a
    page's privacy changed (cms.lookups keeps those in the list cache; a page made
    private must not stay in the page cache)."""
    from cms.page_cache import cached_lists_clear, page_cache_clear

    page_cache_clear()
    cached_lists_clear()


def page_saved_alias(sender, instance, **kwargs):
    """A new alias: its source's view restrictions apply to it (cms.lookups)."""
    if getattr(instance, "alias_of_id", None) is not None:
        from cms.page_cache import cached_lists_clear

        cached_lists_clear()
