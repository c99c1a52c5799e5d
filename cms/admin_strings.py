"""Strings of Wagtail's admin that this project words differently, so that they are in
our catalogs (locale/) and take precedence over Wagtail's own translations.

Wagtail builds its workflow buttons from the workflow's and the task's name ("In
%(workflow_name)s einreichen"); with the district's names (cms.services) the German
reads "Zur Freigabe einreichen", "Erneut zur Prüfung durch die Moderation einreichen".
Never called: `makemessages` finds the strings here.
"""

from django.utils.translation import gettext_noop

WORKFLOW_BUTTONS = (
    gettext_noop("Submit to %(workflow_name)s"),
    gettext_noop("Resubmit to %(task_name)s"),
)
