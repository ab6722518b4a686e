"""Settings for the test suite: the same as production, with fast hashing and immediate tasks."""

import os

os.environ["VECHE_TESTING"] = "1"

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

from .settings import *  # noqa: E402,F403

# Uploaded files written by tests go to a throwaway folder, not the demo's var/media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="veche-test-media-"))

# The test database is a throwaway: the demo builder may fill it (veche/demo/guard.py).
VECHE_DEMO = True

# Tests read figures right after writing actions; one test covers the cache on purpose.
VECHE_FIGURES_CACHE_SECONDS = 0
