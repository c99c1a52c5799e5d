"""Counts the views of public pages, cached or not, on the way out."""

from portal.served import page_served_id

from .counting import page_view_count


class PageViewCountMiddleware:
    """Placed outside the page cache (settings.MIDDLEWARE): a page served by Wagtail or
    from the cache has its id on the request (portal.served); a 200 answer to it counts
    as a view when counting.page_view_count says a person read it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        page_id = page_served_id(request)
        if page_id is not None and response.status_code == 200:
            page_view_count(request, page_id)
        return response
