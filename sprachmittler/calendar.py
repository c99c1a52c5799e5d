"""An interpreter's assignments as an iCalendar feed (RFC 5545) for their calendar app.

A subscribed feed is often synced to a third-party cloud (Google, Apple, Microsoft), so
an event carries no case reference, no name, no department and no street: only the
language, the municipality, the time and a link to the assignment page, which asks for
the login. A cancelled assignment stays in the feed, marked CANCELLED, so that a
calendar that already has it shows the cancellation instead of silently keeping it.
"""

from datetime import UTC, timedelta
from urllib.parse import urlsplit

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .constants import AssignmentStatus
from .models import Assignment

PRODID = "-//Landkreis Harburg//Teilhabe-Portal Sprachmittlung//DE"
# How often a calendar app should fetch the feed again (clients may poll less often).
REFRESH = timedelta(hours=1)


def calendar_event_uid(assignment: Assignment, *, host: str) -> str:
    """Stable for the assignment's whole life: an app updates the event it already has."""
    return f"einsatz-{assignment.pk}@{host}"


def calendar_event_summary(assignment: Assignment) -> str:
    request = assignment.request
    summary = _("Sprachmittlung %(language)s – %(municipality)s") % {
        "language": request.language_label,
        "municipality": request.get_municipality_display(),
    }
    if assignment.status == AssignmentStatus.CANCELLED:
        # Several apps ignore STATUS:CANCELLED in subscribed feeds: say it in the title too.
        summary = _("Storniert: %(summary)s") % {"summary": summary}
    return summary


def calendar_build(*, assignments, base_url: str, assignment_url) -> bytes:
    """The feed. `assignments` come from selectors.assignment_list_calendar (annotated
    with `sequence`); `assignment_url(assignment)` is the path of its page."""
    base_url = base_url.rstrip("/")
    host = urlsplit(base_url).hostname or "localhost"
    calendar = Calendar.new(
        prodid=PRODID,
        method="PUBLISH",
        name=_("Sprachmittlung – meine Einsätze"),
        refresh_interval=REFRESH,
    )
    calendar.add("X-PUBLISHED-TTL", REFRESH)  # the older name of REFRESH-INTERVAL
    stamp = timezone.now().astimezone(UTC)
    for assignment in assignments:
        request = assignment.request
        cancelled = assignment.status == AssignmentStatus.CANCELLED
        calendar.add_component(
            Event.new(
                uid=calendar_event_uid(assignment, host=host),
                stamp=stamp,
                start=(assignment.starts_at or request.starts_at).astimezone(UTC),
                end=(assignment.ends_at or request.ends_at).astimezone(UTC),
                summary=calendar_event_summary(assignment),
                location=request.get_municipality_display(),
                status="CANCELLED" if cancelled else "CONFIRMED",
                sequence=getattr(assignment, "sequence", 0),
                url=base_url + assignment_url(assignment),
            )
        )
    return calendar.to_ical()
