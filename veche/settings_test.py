"""Settings for the test suite: the same as production, with fast hashing and immediate tasks."""

import os

os.environ["VECHE_TESTING"] = "1"

from .settings import *  # noqa: E402,F403
