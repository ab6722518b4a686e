"""Recurring questions: Russian lemmatisation (text.py), TF-IDF + clustering (cluster.py),
the stored result (services.py, selectors.py) and its background task (tasks.py).
See docs/meetings.md for the method and its limits."""
