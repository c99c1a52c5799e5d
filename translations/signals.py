"""Receivers: a published German edit moves the translation states (services)."""


def page_published_translation_states(sender, instance, revision=None, **kwargs):
    from .services import translation_states_on_publish

    translation_states_on_publish(instance, user=getattr(revision, "user", None))
