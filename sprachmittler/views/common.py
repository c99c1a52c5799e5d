"""What every booking screen shares: login, the role check, the start page that sends
each person to their own screen, and turning a TransitionError into a message."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.roles import (
    ROLE_COORDINATOR,
    ROLE_DISPATCHER,
    ROLE_INTERPRETER,
    ROLE_REPORT,
    ROLE_REQUESTER,
)

from ..services import user_roles
from ..workflow import TransitionError

HOME_BY_ROLE = (
    (ROLE_COORDINATOR, "sprachmittler:coordinator_queue"),
    (ROLE_DISPATCHER, "sprachmittler:dispatch_list"),
    (ROLE_REQUESTER, "sprachmittler:requester_list"),
    (ROLE_INTERPRETER, "sprachmittler:interpreter_home"),
    (ROLE_REPORT, "reporting:report"),
)


def role_required(*roles):
    """Logged in and holding one of the roles; otherwise the login or a clear 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect(f"{reverse('sprachmittler:login')}?next={request.path}")
            if not user_roles(request.user) & set(roles):
                raise PermissionDenied(_("Diese Seite ist für Ihre Rolle nicht vorgesehen."))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def start(request):
    """/sprachmittlung/: each person lands on the screen of their (first) role."""
    if not request.user.is_authenticated:
        return redirect("sprachmittler:login")
    roles = user_roles(request.user)
    for role, name in HOME_BY_ROLE:
        if role in roles:
            return redirect(name)
    return render(request, "sprachmittler/no_role.html", status=403)


def run_transition(request, action, *, success: str):
    """Call a service; a TransitionError becomes an error message, success a confirmation.
    Returns True when the transition happened."""
    try:
        action()
    except TransitionError as error:
        messages.error(request, str(error))
        return False
    messages.success(request, success)
    return True


class LoginView(auth_views.LoginView):
    template_name = "sprachmittler/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return reverse("sprachmittler:start")


class LogoutView(auth_views.LogoutView):
    next_page = "sprachmittler:login"


def nav_links(user) -> list[tuple[str, str]]:
    """(url, label) of the screens this user's roles open, for the top navigation."""
    roles = user_roles(user)
    links = []
    if ROLE_REQUESTER in roles:
        links.append(("sprachmittler:requester_list", _("Meine Anfragen")))
        links.append(("sprachmittler:requester_create", _("Neue Anfrage")))
    if ROLE_COORDINATOR in roles:
        links.append(("sprachmittler:coordinator_queue", _("Eingang")))
        links.append(("sprachmittler:coordinator_all", _("Alle Anfragen")))
    if ROLE_DISPATCHER in roles:
        links.append(("sprachmittler:dispatch_list", _("Vermittlung")))
        links.append(("sprachmittler:pool_list", _("Pool")))
    if ROLE_INTERPRETER in roles:
        links.append(("sprachmittler:interpreter_home", _("Meine Einsätze")))
    if roles & {ROLE_COORDINATOR, ROLE_REPORT}:
        links.append(("reporting:report", _("Bericht")))
    return [(reverse(name), label) for name, label in links]
