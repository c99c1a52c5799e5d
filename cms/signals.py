"""Receivers: keep the per-language search text in step with what is published."""


def page_published_update_search(sender, instance, **kwargs):
    from cms.search import search_text_update

    search_text_update(instance)


def page_unpublished_drop_search(sender, instance, **kwargs):
    from cms.models import PageSearchText

    PageSearchText.objects.filter(page_id=instance.pk).delete()
