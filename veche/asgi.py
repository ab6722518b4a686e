"""The ASGI entry point: Django, with the ballot intake in front of its one path
(veche/api/ballot_intake.py). Serve with uvicorn; see docs/operations.md for how it sits beside
the WSGI workers in production."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veche.settings")
django_application = get_asgi_application()

from veche.api.ballot_intake import BallotIntake  # noqa: E402  (after Django is set up)

application = BallotIntake(django_application)
