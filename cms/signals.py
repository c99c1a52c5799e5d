"""Receivers: keep the per-language search text and the cache's version tokens
(cms.cache) in step with what is published. Connected in cms.apps."""

from cms.cache import ALL, SNIPPETS, everything_changed, page_changed, tokens_replace


def _is_legal(page) -> bool:
    from cms.models import LegalPage

    return issubclass(page.specific_class or type(page), LegalPage)


def page_published_update_search(sender, instance, **kwargs):
    from cms.search import search_text_update

    search_text_update(instance)
    page_changed(instance.pk, legal=_is_legal(instance))


def page_unpublished_drop_search(sender, instance, **kwargs):
    from cms.models import PageSearchText

    PageSearchText.objects.filter(page_id=instance.pk).delete()
    page_changed(instance.pk, legal=_is_legal(instance))


def pages_moved_or_deleted(sender, **kwargs):
    """Addresses of a whole subtree changed, or a page is gone: every page may link it."""
    everything_changed()


def snippet_changed(sender, **kwargs):
    """An organisation, place, target group, spoken language or form changed."""
    tokens_replace(SNIPPETS)


def access_changed(sender, **kwargs):
    """A site, a view restriction or a redirect changed: which page answers an address,
    and to whom, may differ for any cached page (a page made private must not stay)."""
    tokens_replace(ALL)
