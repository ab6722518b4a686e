"""The 59-FZ terms, in one place.

- art. 8 p. 2: a written appeal is registered within 3 days of receipt;
- art. 8 p. 3: one outside the body's competence is forwarded within 7 days of registration;
- art. 12 p. 1: it is answered within 30 days of registration;
- art. 12 p. 2: in exceptional cases the term is extended by at most 30 days, the applicant told.

Days are calendar days (the law counts them so); a term ending on a day off is not moved.
"""

import datetime as dt

from django.utils import timezone

REGISTRATION_DAYS = 3
FORWARDING_DAYS = 7
ANSWER_DAYS = 30
EXTENSION_MAX_DAYS = 30
# A disputed or reopened assignment gets at least this many working days (the production
# calendar's: veche/territories/calendar.py) to be redone.
REDO_WORKING_DAYS = 10
# Reminders to executors: days before an assignment's deadline (and on the day itself).
REMIND_BEFORE_DAYS = (3, 1)
DUE_SOON_DAYS = 3


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def registration_due(received_at: dt.datetime) -> dt.date:
    return local_date(received_at) + dt.timedelta(days=REGISTRATION_DAYS)


def answer_due(registered_at: dt.datetime) -> dt.date:
    return local_date(registered_at) + dt.timedelta(days=ANSWER_DAYS)


def forwarding_due(registered_at: dt.datetime) -> dt.date:
    return local_date(registered_at) + dt.timedelta(days=FORWARDING_DAYS)


def extension_limit(initial_answer_due: dt.date) -> dt.date:
    return initial_answer_due + dt.timedelta(days=EXTENSION_MAX_DAYS)
