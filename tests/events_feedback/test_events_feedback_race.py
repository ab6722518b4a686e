"""Twenty simultaneous sends of one resident's answers count once: one response, one ledger
«обратная связь», one «предложение», the event's counters bumped once; every other send is told
«Вы уже ответили на эту анкету …».

On PostgreSQL (DATABASE_URL=postgres://…/veche_e2) the threads really race and the unique
constraint decides; SQLite has one writer at a time and a shared in-memory test database, so
there a lock serialises the sends and the test checks the same outcome one after another."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tests.browser.conftest import ledger_rows_removable  # noqa: F401 - fixture
from veche.events.models import Event, FeedbackResponse
from veche.events.services.feedback import feedback_submit, questionnaire_create
from veche.ledger.models import Action
from veche.registry.factories import make_person
from veche.territories.factories import make_town
from veche.territories.scoping import all_towns, town_scope

pytestmark = pytest.mark.django_db(transaction=True)
SENDS = 20


def test_twenty_simultaneous_sends_count_once(ledger_rows_removable):  # noqa: F811
    with all_towns():
        town = make_town(slug="zarechny", name="Заречный")
    start = timezone.now() - dt.timedelta(hours=3)
    with town_scope(town):
        event = Event.objects.create(territory=town, kind="public", title="Встреча",
                                     status="held", organiser_kind="administration",
                                     venue_kind="public", starts_at=start,
                                     ends_at=start + dt.timedelta(hours=2))
        form = questionnaire_create(event=event)
        person = make_person(town, surname="Спешкина", given_name="Анна")
        answers = {q.pk: (5 if q.kind == "rating" else "Больше скамеек" if q.kind == "proposal"
                          else "") for q in form.questions.all()}
    barrier = threading.Barrier(SENDS)
    serial = threading.Lock() if connection.vendor == "sqlite" else None
    outcomes: list = []

    def send():
        try:
            barrier.wait()
            with town_scope(town):
                if serial:
                    with serial:
                        feedback_submit(questionnaire=form, person=person, answers=answers)
                else:
                    feedback_submit(questionnaire=form, person=person, answers=answers)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.code)
        except Exception as exc:  # noqa: BLE001 - reported by the assert below
            outcomes.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(SENDS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes.count("ok") == 1, outcomes
    assert outcomes.count("feedback_already_sent") == SENDS - 1, outcomes
    with town_scope(town):
        assert FeedbackResponse.objects.count() == 1
        assert sorted(Action.objects.values_list("kind", flat=True)) == ["feedback", "proposal"]
        event.refresh_from_db()
        assert (event.actions_recorded, event.newcomers) == (2, 1)
