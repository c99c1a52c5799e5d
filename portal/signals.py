"""Signals through which one app tells the others, without importing them."""

from django.dispatch import Signal

# The public search answered a reader (cms.views.search). Arguments: request, query (the
# reader's text), found (the number of results). analytics counts searches without result.
search_finished = Signal()

# The demo content of the pages is loaded (cms.demo.loader, demo settings only): other
# apps add their part. A receiver returns a dict of what it loaded ({name: count}).
demo_content_loaded = Signal()
