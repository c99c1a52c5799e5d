"""The booking screens' navigation, for the staff base template."""


def booking(request):
    if not request.path.startswith("/sprachmittlung/") or not request.user.is_authenticated:
        return {}
    from .views.common import nav_links

    return {"booking_nav": nav_links(request.user)}
