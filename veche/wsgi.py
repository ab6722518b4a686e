import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veche.settings")
application = get_wsgi_application()

# The URLconf now, not on each worker's first request: it imports every view and the API (the
# text tools too), 1-2 s of CPU that would land on the first visitors of every fresh worker.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018
