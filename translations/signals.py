"""Receivers: a published German edit moves the translation states (services); a
changed state renews the page's cached versions (its notice and API field change)."""


def page_published_translation_states(sender, instance, revision=None, **kwargs):
    from .services import translation_states_on_publish

    translation_states_on_publish(instance, user=getattr(revision, "user", None))


def translation_state_changed(sender, instance, **kwargs):
    from cms.cache import page_changed

    page_changed(instance.page_id, listed=False)
