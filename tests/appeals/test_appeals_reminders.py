"""Reminders to executors and escalation to the head's office, through a real SMTP server
(aiosmtpd on a free localhost port): what arrives, when, and only once."""

import datetime as dt
import email
import socket
from email.policy import default as default_policy

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from veche.appeals.factories import make_appeal
from veche.appeals.models import AssignmentReminder
from veche.appeals.services import appeals_remind, assignment_create
from veche.appeals.tasks import remind_executors
from veche.territories.scoping import town_scope

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        message = email.message_from_bytes(envelope.content, policy=default_policy)
        self.messages.append((list(envelope.rcpt_tos), message["Subject"],
                              message.get_body(("plain",)).get_content()))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    settings.MAILERS = {"default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
    }}
    yield inbox
    controller.stop()


@pytest.fixture
def jobs(aw):
    today = timezone.localdate()
    with town_scope(aw["town"]):
        appeals = [make_appeal(aw["town"], aw["me"], text=f"Обращение {i}",
                               received_at=timezone.now() - dt.timedelta(days=20))
                   for i in range(3)]
        made = {}
        for appeal, key, days in zip(appeals, ("soon", "tomorrow", "late"), (3, 1, 2),
                                     strict=True):
            made[key] = assignment_create(
                appeal=appeal, task=f"Задача {key}", actor=aw["desk"], department=aw["d_zhkh"],
                executor=aw["zhkh"], deadline=today + dt.timedelta(days=days),
                created_at=timezone.now() - dt.timedelta(days=15))
        # «late»: its deadline has passed by the time we look at it.
        made["late"].deadline = today - dt.timedelta(days=2)
        made["late"].save()
    return made


def test_reminders_and_escalation_arrive_once(aw, jobs, smtp):
    with town_scope(aw["town"]):
        counts = appeals_remind(territory=aw["town"])
    assert counts["before_3"] == 1 and counts["before_1"] == 1 and counts["overdue"] == 1
    assert len(smtp.messages) == 3
    by_subject = {subject: (rcpt, body) for rcpt, subject, body in smtp.messages}
    soon = next(s for s in by_subject if "через 3 дня" in s)
    assert by_subject[soon][0] == ["zhkh@zarechny.ru"]
    late = next(s for s in by_subject if s.startswith("Просрочено"))
    # The escalation goes to the executor, the head and the appeals desk.
    assert sorted(by_subject[late][0]) == ["desk@zarechny.ru", "head@zarechny.ru",
                                           "zhkh@zarechny.ru"]
    assert "Задача late" in by_subject[late][1]
    assert "/t/zarechny/office/appeals/" in by_subject[late][1]
    # A second run the same day sends nothing more.
    with town_scope(aw["town"]):
        again = appeals_remind(territory=aw["town"])
        assert AssignmentReminder.objects.filter(outcome="sent").count() == 3
    assert sum(again[k] for k in ("before_3", "before_1", "due", "overdue")) == 0
    assert len(smtp.messages) == 3


def test_command_and_task_send_what_is_owed_on_a_given_day(aw, jobs, smtp, capsys):
    # Two days later «tomorrow» is overdue, «soon» is due tomorrow.
    day = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    call_command("appeals_remind", town="zarechny", date=day)
    out = capsys.readouterr().out
    assert "zarechny: отправлено" in out
    subjects = sorted(s for _, s, _ in smtp.messages)
    assert any("завтра" in s for s in subjects)
    assert sum(s.startswith("Просрочено") for s in subjects) == 2
    before = len(smtp.messages)
    result = remind_executors.enqueue(territory_id=aw["town"].pk)
    assert result.return_value["zarechny"]["overdue"] == 0  # already escalated
    assert len(smtp.messages) >= before


def test_done_assignments_are_not_reminded(aw, jobs, smtp):
    from veche.appeals.services import assignment_report

    with town_scope(aw["town"]):
        for job in jobs.values():
            assignment_report(assignment=job, text="Сделано", author=aw["zhkh"],
                              marks_done=True)
        appeals_remind(territory=aw["town"])
    assert smtp.messages == []
