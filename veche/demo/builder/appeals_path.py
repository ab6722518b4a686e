"""One demo appeal's year, walked through the appeals services step by step, each on its day.

The services that take a time of their own get it (`received_at`, `at`, `created_at`,
`forwarded_on`); the ones that stamp «now» (the answer, an extension, a status change, every
notice and the feedback round they open) run under the demo clock (clock.py) at that moment.
So every appeals row (the appeal and its number, events, assignments, reports, extensions,
forwardings, notices, feedback) and every ledger row (the appeal, the applicant's feedback and
verdicts) is what the desk, the executors and the applicant would have made through Veche.

A step that would fall later than a few minutes ago is not taken: the appeal stays where the
real calendar leaves it (received, in work, answered and waiting for the applicant's word).
"""

import datetime as dt
import random
from dataclasses import dataclass

from django.utils import timezone

from veche.accounts.models import Department, User
from veche.appeals import deadlines
from veche.appeals.models import Appeal, AppealChannel, AppealStatus, Assignment
from veche.appeals.services import (
    appeal_answer,
    appeal_create,
    appeal_extend,
    appeal_forward,
    appeal_register,
    appeal_status_change,
    assignment_confirm,
    assignment_create,
    assignment_report,
    feedback_open,
    feedback_submit,
)
from veche.registry.models import Person
from veche.territories.models import Building, CityTopic, Territory

from .clock import demo_clock

S = AppealStatus
H, D = dt.timedelta(hours=1), dt.timedelta(days=1)
ANSWERS = [
    "Работы выполнены, проблема устранена. Благодарим за обращение.",
    "Работы включены в план на текущий сезон; срок выполнения — до конца квартала.",
    "Управляющей компании выдано предписание; выполнение проконтролировано, нарушения устранены.",
    "Вопрос рассмотрен на встрече с жителями; подготовлено типовое решение, направлено старшему "
    "по дому.",
]
AGAIN = "Повторно проверено на месте, работы доделаны. Благодарим за терпение."
FEEDBACK_NOTES = ["", "", "Спасибо, всё сделали быстро.", "Сделали, но не до конца.",
                  "Спасибо Главе и команде!"]
NOT_SOLVED = ["Проблема осталась.", "Сделали только половину, просим доделать.",
              "Через неделю всё вернулось как было."]
EXTEND_REASON = ("Нужен выезд подрядчика и согласование работ с управляющей компанией; "
                 "проверка займёт больше 30 дней.")


@dataclass
class Plan:
    """What happens to one appeal: who writes about what, and when it arrives."""

    person: Person
    channel: str
    text: str
    topic: CityTopic | None
    department: Department
    building: Building | None
    address: str
    reply_email: str
    reply_postal: str
    received: dt.datetime
    organisations: list[str]


@dataclass
class Desk:
    """The town's appeals desk: who registers and answers, who executes by department."""

    territory: Territory
    clerk: User
    executors: dict[int, list[User]]
    latest: dt.datetime  # nothing in the demo happens later (the ledger refuses the future)


def _happened(desk: Desk, at: dt.datetime) -> bool:
    return at <= desk.latest


def live(rng: random.Random, desk: Desk, plan: Plan) -> Appeal:
    """Receive the appeal and take it as far along its path as the calendar allows."""
    clerk, age = desk.clerk, (desk.latest - plan.received).days
    web = plan.channel == AppealChannel.WEB
    with demo_clock(plan.received):
        appeal = appeal_create(
            territory=desk.territory, channel=plan.channel, applicant=plan.person,
            text=plan.text, reply_email=plan.reply_email, reply_postal=plan.reply_postal,
            reply_phone=plan.person.phone, topic=plan.topic, building=plan.building,
            address_text=plan.address, received_at=plan.received, department=plan.department,
            created_by=plan.person.user if web else clerk)
    if age < 2 and web and rng.random() < 0.7:
        return appeal  # still waiting in «поступило» for the desk
    registered = plan.received + rng.randint(1, 60) * H
    if not _happened(desk, registered):
        return appeal
    with demo_clock(registered):
        appeal_register(appeal=appeal, actor=clerk, at=registered)
    if rng.random() < 0.02 and age > 10:
        forwarded = registered + 2 * D
        with demo_clock(forwarded):
            appeal_forward(appeal=appeal, body="Прокуратура ЗАТО", actor=clerk,
                           reason="Вопрос не относится к ведению администрации.",
                           forwarded_on=timezone.localdate(forwarded))
        return appeal
    started = registered + rng.randint(2, 30) * H
    if not _happened(desk, started):
        return appeal
    jobs = [_assign(rng, desk, appeal, plan, started) for _ in range(1 if rng.random() < 0.8
                                                                      else 2)]
    solve_days = max(1, int(rng.lognormvariate(2.6, 0.6)))  # typically ~2 weeks
    if rng.random() < 0.07:
        solve_days += 35  # the slow ones: overdue while open, some with an extended term
        extended = registered + rng.randint(20, 27) * D
        due = appeal.answer_due
        if rng.random() < 0.5 and due is not None and _happened(desk, extended):
            limit = deadlines.extension_limit(appeal.answer_due_initial or due)
            new_due: dt.date = min(limit, due + rng.randint(20, 30) * D)
            with demo_clock(extended):
                appeal_extend(appeal=appeal, actor=clerk, reason=EXTEND_REASON, new_due=new_due)
    answered = max(registered + solve_days * D + rng.randint(0, 8) * H, started + 6 * H)
    for job in jobs:
        _progress(rng, desk, job, started, answered)
    if not _happened(desk, answered):
        return appeal
    with demo_clock(answered):
        appeal_answer(appeal=appeal, text=rng.choice(ANSWERS), actor=clerk)
    _after_answer(rng, desk, appeal, jobs, answered)
    return appeal


def _assign(rng: random.Random, desk: Desk, appeal: Appeal, plan: Plan,
            started: dt.datetime) -> Assignment:
    """An assignment to the appeal's department (an executor of it, when it has staff) or,
    about a third of the time, to an outside organisation (a management company)."""
    outside = plan.organisations and rng.random() < 0.35
    department = None if outside else plan.department
    people = desk.executors.get(department.pk, []) if department else []
    assert appeal.answer_due is not None  # registered
    deadline = min(appeal.answer_due - rng.randint(2, 8) * D,
                   timezone.localdate(started) + rng.randint(7, 20) * D)
    with demo_clock(started):
        return assignment_create(
            appeal=appeal, task="Проверить и устранить: " + appeal.title, deadline=deadline,
            actor=desk.clerk, department=department,
            organisation=rng.choice(plan.organisations) if outside else "",
            executor=rng.choice(people) if people else None, created_at=started)


def _progress(rng: random.Random, desk: Desk, job: Assignment, started: dt.datetime,
              answered: dt.datetime) -> None:
    """The executor's reports: «work started» on most, «done» shortly before the answer. An
    outside organisation reports by phone; the desk's clerk writes its report down."""
    author = job.executor or desk.clerk
    begun = started + rng.randint(20, 72) * H
    if rng.random() < 0.6 and begun < answered - 2 * D and _happened(desk, begun):
        assignment_report(assignment=job, author=author, at=begun,
                          text="Работы начаты, выезд на место состоялся.")
    done = started + (answered - started) * rng.uniform(0.6, 0.95)
    if _happened(desk, done):  # reported done; the answer may still be ahead
        _done(rng, desk, job, author, done)


def _done(rng: random.Random, desk: Desk, job: Assignment, author: User,
          at: dt.datetime) -> None:
    text = "Выполнено." if job.executor else "Организация сообщила: работы выполнены."
    with demo_clock(at):  # the applicant's notice «работа выполнена?» is dated that day
        assignment_report(assignment=job, author=author, marks_done=True, at=at, text=text)
    # An applicant with a login sees the notice in the cabinet; most of them confirm.
    applicant = job.appeal.applicant
    said = at + rng.randint(4, 48) * H
    if applicant.user_id and rng.random() < 0.7 and _happened(desk, said):
        assignment_confirm(assignment=job, by=applicant.user, via="cabinet", at=said,
                           comment="Спасибо, сделано.")


def _rate(rng: random.Random, desk: Desk, appeal: Appeal, at: dt.datetime,
          solved: bool) -> None:
    """The applicant's word on the answer: by the link of the answer e-mail, or in the cabinet."""
    feedback = feedback_open(appeal=appeal)
    if feedback is None:
        return
    user = appeal.applicant.user if appeal.applicant.user_id else None
    score = rng.choice([4, 5, 5, 5, 4, 3]) if solved else rng.choice([1, 2, 2, 3])
    with demo_clock(at):  # a «not solved» reopens the appeal and notifies the applicant now
        feedback_submit(feedback=feedback, solved=solved, satisfaction=score, actor=user,
                        comment=rng.choice(FEEDBACK_NOTES if solved else NOT_SOLVED),
                        via="cabinet" if user else "link", at=at)
    appeal.refresh_from_db()


def _after_answer(rng: random.Random, desk: Desk, appeal: Appeal, jobs: list[Assignment],
                  answered: dt.datetime) -> None:
    """Most applicants rate the answer within days (solved: closed; not solved: reopened, the
    work redone and answered again); the desk closes some answers nobody rated; the rest
    still wait for the applicant."""
    rated = answered + rng.randint(1, 9) * D
    roll = rng.random()
    if roll < 0.65 and _happened(desk, rated):
        _rate(rng, desk, appeal, rated, solved=True)
    elif roll < 0.77 and _happened(desk, rated):
        _rate(rng, desk, appeal, rated, solved=False)
        again = rated + rng.randint(5, 15) * D
        if rng.random() < 0.7 and _happened(desk, again):
            for job in jobs:
                job.refresh_from_db()
                _done(rng, desk, job, job.executor or desk.clerk, again - rng.randint(4, 30) * H)
            with demo_clock(again):
                appeal_answer(appeal=appeal, text=AGAIN, actor=desk.clerk)
            later = again + rng.randint(1, 7) * D
            if rng.random() < 0.7 and _happened(desk, later):
                _rate(rng, desk, appeal, later, solved=True)
    elif roll < 0.9:
        closed = answered + rng.randint(10, 20) * D
        if _happened(desk, closed):
            with demo_clock(closed):
                appeal_status_change(appeal=appeal, to_status=S.CLOSED, actor=desk.clerk,
                                     comment="Ответ дан; заявитель оценку не оставил.")
