"""Template tags of the public site."""

from django import template

from cms.languages import language_links as _language_links

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context, page=None):
    request = context.get("request")
    if request is None:
        return []
    return _language_links(request, page or context.get("page"))
