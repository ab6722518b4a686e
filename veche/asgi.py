"""The ASGI entry point: Django, with the ballot intakes in front of their paths — integrations'
casts (veche/api/ballot_intake.py) and residents' casts from the site
(veche/web/cast_intake.py). Serve with uvicorn; see docs/operations.md for how it sits beside
the WSGI workers in production.

Under ASGI Django runs each request in a thread of its own, so connections kept per thread
(CONN_MAX_AGE) pile up until PostgreSQL refuses everyone (issue 15.1): here each process takes
them from a pool of VECHE_DB_POOL (default 10; settings.database_pooled)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veche.settings")
os.environ.setdefault("VECHE_DB_POOL", "10")
django_application = get_asgi_application()

# The URLconf now, not on each worker's first request: it imports every view and the API (the
# text tools too), 1-2 s of CPU that would land on the first visitors of every fresh worker.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018

from veche.api.ballot_intake import BallotIntake  # noqa: E402  (after Django is set up)
from veche.web.cast_intake import WebCastIntake  # noqa: E402

# Integrations' casts (the API), then residents' own casts from the site (issue 15.11): both
# written in batches; every other request, and every refusal, is Django's.
application = BallotIntake(WebCastIntake(django_application))
