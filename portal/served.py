"""Which page a public response shows, for whoever wraps the response (the page cache,
the page-view count): one attribute on the request, set by whoever knows the page."""


def page_served_mark(request, page_id: int) -> None:
    request.portal_served_page_id = page_id


def page_served_id(request) -> int | None:
    return getattr(request, "portal_served_page_id", None)
