"""Receivers: keep the per-language search text and the page cache in step with what is
published."""


def page_published_update_search(sender, instance, **kwargs):
    from cms.page_cache import page_cache_invalidate
    from cms.search import search_text_update

    search_text_update(instance)
    page_cache_invalidate(instance)


def page_unpublished_drop_search(sender, instance, **kwargs):
    from cms.models import PageSearchText
    from cms.page_cache import page_cache_invalidate

    PageSearchText.objects.filter(page_id=instance.pk).delete()
    page_cache_invalidate(instance)


def content_changed_clear_page_cache(sender, **kwargs):
    """A snippet that pages show changed, or a page was deleted or moved."""
    from cms.page_cache import page_cache_clear

    page_cache_clear()
