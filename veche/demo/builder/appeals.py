"""Demo data of the appeals area: a year of appeals from every channel, with 59-FZ dates,
assignments to the demo departments and staff (zhkh.*, obrashcheniya.*), reports, answers,
feedback — some overdue, some reopened, a few forwarded.

Written with bulk inserts (thousands of appeals in well under a second or two); the ledger's
rows go through `action_record_many`, its only bulk writer, so engagement figures stay true.
The rows are what the services would write: the same statuses, events, numbers and terms.
"""

import datetime as dt
import random

from django.utils import timezone

from veche.accounts.models import Role, User
from veche.appeals import deadlines
from veche.appeals.models import (
    Appeal,
    AppealChannel,
    AppealDesk,
    AppealEvent,
    AppealFeedback,
    AppealNumberCounter,
    AppealStatus,
    Assignment,
    AssignmentReport,
    AssignmentStatus,
)
from veche.ledger.models import Action, ActionKind
from veche.ledger.services import action_record_many
from veche.registry.models import Person

from .capabilities import DemoTown

S = AppealStatus
CHANNELS = [(AppealChannel.WEB, 35), (AppealChannel.HEAD_MEETING, 20), (AppealChannel.PHONE, 20),
            (AppealChannel.EMAIL, 13), (AppealChannel.LETTER, 10), (AppealChannel.OTHER, 2)]
# (topic slug, weight, department index, texts, outside organisations)
PROBLEMS = [
    ("blagoustroystvo", 26, 0, [
        "Во дворе дома {addr} разбит асфальт, после дождя стоят лужи по щиколотку.",
        "Просим установить скамейки и урны во дворе дома {addr}.",
        "Детская площадка у дома {addr}: сломаны качели, торчат болты, дети могут пораниться.",
        "Просим обустроить «лежачий полицейский» на дворовом проезде у дома {addr}: машины "
        "ездят быстро, рядом играют дети.",
        "Как дому {addr} вступить в программу «Комфортная городская среда»?",
        "Во дворе {addr} не вывезены спиленные ветки, лежат вторую неделю.",
    ], ["УК «Уютный дом»", "МУП «Благоустройство»"]),
    ("zhkh", 28, 0, [
        "В подъезде дома {addr} протекает кровля, на пятом этаже мокрые стены.",
        "В доме {addr} нет горячей воды третий день, управляющая компания не отвечает.",
        "Прошу проверить начисления за содержание общего имущества по дому {addr}.",
        "В подвале дома {addr} стоит вода и запах канализации.",
        "Не закрывается входная дверь подъезда дома {addr}, сломан доводчик.",
        "Слабое отопление в квартирах дома {addr}, батареи еле тёплые.",
    ], ["УК «Уютный дом»", "МУП «Горводоканал»", "МУП «Теплосеть»"]),
    ("dorogi", 22, 4, [
        "Не горят фонари на улице у дома {addr}, вечером идти страшно.",
        "Яма на проезжей части напротив дома {addr}, машины объезжают по встречной.",
        "Просим отремонтировать тротуар от дома {addr} до остановки.",
        "Нет пешеходного перехода у дома {addr}, дети перебегают дорогу к школе.",
        "Не убран снег на тротуаре вдоль дома {addr}, скользко.",
    ], ["МУП «Горэлектросеть»", "МУП «Дорожник»"]),
    ("transport", 6, 4, [
        "Просим изменить расписание автобуса: утром в 7:30 переполнен, люди не уезжают.",
        "Автобусная остановка у дома {addr} без навеса, просим установить.",
    ], ["МУП «Пассажирские перевозки»"]),
    ("ekologiya", 6, 0, [
        "Переполнены контейнеры на площадке у дома {addr}, мусор не вывозят.",
        "На берегу озера за домом {addr} стихийная свалка.",
    ], ["ООО «Экосервис»"]),
    ("kultura-sport", 5, 2, [
        "Просим восстановить хоккейную коробку у дома {addr}.",
        "Нужна спортивная площадка для подростков в районе дома {addr}.",
    ], []),
    ("obrazovanie", 4, 3, [
        "Не хватает мест в детском саду в нашем районе, очередь не движется.",
        "Просим установить освещение на дорожке к школе у дома {addr}.",
    ], []),
    ("bezopasnost", 3, 1, [
        "По вечерам во дворе дома {addr} шумные компании, просим принять меры.",
    ], []),
]
ANSWERS = [
    "Работы выполнены, проблема устранена. Благодарим за обращение.",
    "Работы включены в план на текущий сезон; срок выполнения — до конца квартала.",
    "Управляющей компании выдано предписание; выполнение проконтролировано, нарушения устранены.",
    "Вопрос рассмотрен на встрече с жителями; подготовлено типовое решение, направлено старшему "
    "по дому.",
]
FEEDBACK_NOTES = ["", "", "Спасибо, всё сделали быстро.", "Сделали, но не до конца.",
                  "Проблема осталась.", "Спасибо Главе и команде!"]


def _choice(rng: random.Random, weighted):
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def _staff(town: DemoTown) -> dict:
    """Executors per department index: the demo's staff users hold their departments."""
    by_dept: dict[int, list[User]] = {}
    for user in town.users.get(Role.STAFF, []):
        for m in user.memberships.filter(territory=town.town, role=Role.STAFF):
            if m.department_id:
                by_dept.setdefault(m.department_id, []).append(user)
    return by_dept


def _at(day: dt.date, rng: random.Random, hours=(8, 20)) -> dt.datetime:
    naive = dt.datetime.combine(day, dt.time(rng.randint(*hours), rng.randint(0, 59)))
    return _past(timezone.make_aware(naive))


def _past(at: dt.datetime | None = None) -> dt.datetime:
    """Nothing in the demo happens in the future (the ledger refuses it)."""
    latest = timezone.now() - dt.timedelta(minutes=5)
    return latest if at is None else min(at, latest)


def create(rng: random.Random, town: DemoTown) -> str:
    t = town.town
    if not town.persons or not town.departments:
        return ""
    depts = town.departments
    desk_dept = depts[1] if len(depts) > 1 else depts[0]
    AppealDesk.objects.get_or_create(territory=t, department=desk_dept)
    topics = {topic.slug: topic for topic in town.topics}
    executors = _staff(town)
    head = town.user(Role.HEAD)
    desk_user = (executors.get(desk_dept.pk) or [head])[0]
    count = round(len(town.persons) * (0.7 if town.is_main else 0.27))
    applicants = town.active or town.persons
    today = timezone.localdate()
    counters: dict[int, int] = {}
    appeals, plans = [], []
    for _ in range(count):
        age = int(rng.triangular(0, 365, 40))
        day = today - dt.timedelta(days=age)
        received = _at(day, rng)
        person = rng.choice(applicants if rng.random() < 0.8 else town.persons)
        slug, _w, dept_i, texts, orgs = _choice(
            rng, [(p, p[1]) for p in PROBLEMS])
        building = person.building or (rng.choice(town.buildings) if town.buildings else None)
        addr = str(building) if building else "ул. Ленина, 1"
        channel = _choice(rng, CHANNELS)
        year = received.year
        counters[year] = counters.get(year, 0) + 1
        email = person.email or ("" if rng.random() < 0.5 else f"resident{person.pk}@example.ru")
        postal = f"{addr}, кв. {person.apartment or rng.randint(1, 120)}"
        appeals.append(Appeal(
            territory=t, number=f"П-{year}-{counters[year]:06d}", channel=channel,
            applicant=person, applicant_surname=person.surname,
            applicant_name=" ".join(p for p in (person.given_name, person.patronymic) if p),
            reply_email=email, reply_postal=postal if not email or rng.random() < 0.3 else "",
            reply_phone=person.phone, address_text=addr, building=building,
            latitude=building.latitude if building else None,
            longitude=building.longitude if building else None, topic=topics.get(slug),
            text=rng.choice(texts).format(addr=addr), received_at=received,
            registration_due=deadlines.registration_due(received),
            department=depts[min(dept_i, len(depts) - 1)],
            created_by=desk_user if channel != AppealChannel.WEB else person.user,
            source_ref="",
        ))
        plans.append((age, orgs))
    # Numbers in order of receipt, as the counter would have given them.
    order = sorted(range(len(appeals)), key=lambda i: appeals[i].received_at)
    appeals, plans = [appeals[i] for i in order], [plans[i] for i in order]
    seq: dict[int, int] = {}
    for appeal in appeals:
        year = appeal.received_at.year
        seq[year] = seq.get(year, 0) + 1
        appeal.number = f"П-{year}-{seq[year]:06d}"
    for appeal, (age, _orgs) in zip(appeals, plans, strict=True):
        _lifecycle(rng, appeal, age, today)
    Appeal.objects.bulk_create(appeals, batch_size=2000)
    AppealNumberCounter.objects.bulk_create(
        [AppealNumberCounter(territory=t, year=y, last=n) for y, n in seq.items()])
    n_assign, n_feedback = _work(rng, town, appeals, plans, executors, desk_user, today)
    overdue = sum(1 for a in appeals if a.status in (S.IN_WORK, S.REGISTERED, S.REOPENED)
                  and a.answer_due and a.answer_due < today)
    letters = _letters(t) if town.is_main else 0
    printed = _answers_by_post(t, desk_user) if town.is_main else 0
    return (f"обращения: {len(appeals)} (просрочено {overdue}, из почты сегодня {letters}, "
            f"ответов письмом к печати {printed}), поручений {n_assign}, оценок {n_feedback}")


def _answers_by_post(t, desk_user) -> int:
    """Two appeals in work whose applicants gave only a postal address, answered today
    through the service: their cards offer the letter to print, as a real answer would."""
    from veche.appeals.lifecycle import APPEAL, perform

    waiting = Appeal.objects.filter(territory=t, status=S.IN_WORK, reply_email="",
                                    reply_postal__gt="").order_by("received_at")[:2]
    for appeal in waiting:
        perform(APPEAL, "answer", appeal, by=desk_user, text=(
            "Ваше обращение рассмотрено. Работы по заявленному вопросу включены в план "
            "управляющей компании и будут выполнены в течение двух недель; ход работ "
            "контролирует отдел ЖКХ администрации."))
    return len(waiting)


LETTERS = [
    ("Не убирают мусорную площадку",
     "Здравствуйте! Контейнерная площадка у нашего дома не убирается уже неделю, мусор "
     "разносит ветер по двору. Прошу принять меры.\n\nС уважением, {name}"),
    ("Открытый люк",
     "Добрый день. На пешеходной дорожке у школы открыт канализационный люк, дети ходят "
     "рядом. Прошу срочно закрыть.\n{name}"),
]


def _letters(t) -> int:
    """Two letters of this morning from residents of the registry, taken in by the real
    e-mail intake (they wait in «поступило» for the desk, as letters from the mailbox do)."""
    from email.message import EmailMessage

    from veche.appeals.services.mail_intake import appeal_from_email

    # Residents already active this month, so the letters leave the engagement figures as
    # the ledger history made them.
    recent = Action.objects.filter(territory=t, occurred_at__gte=timezone.now()
                                   - dt.timedelta(days=25)).values("person_id")
    senders = list(Person.objects.filter(territory=t, is_erased=False, email__gt="",
                                         pk__in=recent).order_by("pk")[:len(LETTERS)])
    for i, (person, (subject, body)) in enumerate(zip(senders, LETTERS, strict=False)):
        msg = EmailMessage()
        msg["From"] = f"{person.full_name} <{person.email}>"
        msg["To"], msg["Subject"] = "obrasheniya@example.ru", subject
        msg["Message-ID"] = f"<demo-letter-{i}-{t.slug}@example.ru>"
        msg.set_content(body.format(name=person.full_name))
        appeal_from_email(territory=t, raw=msg.as_bytes(),
                          delivered_at=_past(timezone.now() - dt.timedelta(hours=3 - i)))
    return len(senders)


def _lifecycle(rng: random.Random, a: Appeal, age: int, today: dt.date) -> None:
    """Status and dates for an appeal received `age` days ago."""
    if age < 2 and a.channel == AppealChannel.WEB and rng.random() < 0.7:
        return  # still waiting for registration
    a.registered_at = _past(a.received_at + dt.timedelta(hours=rng.randint(1, 60)))
    a.answer_due = a.answer_due_initial = deadlines.answer_due(a.registered_at)
    if rng.random() < 0.02 and age > 10:
        a.status = S.FORWARDED
        return
    solve_days = max(1, int(rng.lognormvariate(2.6, 0.6)))  # typically ~2 weeks
    if rng.random() < 0.07:
        solve_days += 35  # the slow ones: overdue while open
    if solve_days >= age:
        a.status = S.IN_WORK
        return
    a.answered_at = _past(a.registered_at + dt.timedelta(days=solve_days,
                                                         hours=rng.randint(0, 8)))
    a.answer_text = rng.choice(ANSWERS)
    a.status = S.ANSWERED
    if age - solve_days > 10 and rng.random() < 0.8:
        a.status = S.CLOSED
        a.closed_at = _past(a.answered_at + dt.timedelta(days=rng.randint(1, 10)))


def _work(rng, town, appeals, plans, executors, desk_user, today) -> tuple[int, int]:
    t = town.town
    events, jobs, reports, feedback, actions = [], [], [], [], []
    channel_note = {c.value: f"Канал: {c.label}" for c in AppealChannel}
    for appeal, (_age, orgs) in zip(appeals, plans, strict=True):
        ev = [(appeal.received_at, "", S.RECEIVED, channel_note[appeal.channel])]
        actions.append(Action(territory=t, person=appeal.applicant, kind=ActionKind.APPEAL,
                              object_type="appeals.appeal", object_id=appeal.pk,
                              object_title=f"{appeal.number}: {appeal.title}",
                              topic=appeal.topic, occurred_at=appeal.received_at,
                              source=appeal.channel[:20]))
        if appeal.registered_at:
            ev.append((appeal.registered_at, S.RECEIVED, S.REGISTERED,
                       f"Ответить до {appeal.answer_due:%d.%m.%Y}"))
        if appeal.status == S.FORWARDED:
            ev.append((_past(appeal.registered_at + dt.timedelta(days=2)), S.REGISTERED,
                       S.FORWARDED,
                       "Перенаправлено по компетенции: Прокуратура ЗАТО"))
        elif appeal.registered_at:
            started = _past(appeal.registered_at + dt.timedelta(hours=rng.randint(2, 30)))
            ev.append((started, S.REGISTERED, S.IN_WORK, ""))
            mine = []
            for _ in range(1 if rng.random() < 0.8 else 2):
                use_org = orgs and rng.random() < 0.35
                dept = None if use_org else appeal.department
                people = executors.get(dept.pk) if dept else None
                deadline = min(appeal.answer_due - dt.timedelta(days=rng.randint(2, 8)),
                               started.date() + dt.timedelta(days=rng.randint(7, 20)))
                done = appeal.answered_at is not None
                job = Assignment(
                    territory=t, appeal=appeal, department=dept,
                    organisation=rng.choice(orgs) if use_org else "",
                    executor=rng.choice(people) if people else None,
                    task="Проверить и устранить: " + appeal.title, deadline=deadline,
                    status=AssignmentStatus.DONE if done else (
                        AssignmentStatus.IN_WORK if rng.random() < 0.6
                        else AssignmentStatus.ASSIGNED),
                    done_at=appeal.answered_at - dt.timedelta(hours=rng.randint(2, 48))
                    if done else None,
                    created_by=desk_user, created_at=started)
                jobs.append(job)
                mine.append(job)
            if appeal.answered_at:
                ev.append((appeal.answered_at, S.IN_WORK, S.ANSWERED, appeal.answer_text))
                # Closed ones mostly closed by the applicant's «решена»; a few of the answered
                # ones said «не решена» and are back in work.
                rated = rng.random() < (0.8 if appeal.status == S.CLOSED else 0.15)
                if rated:
                    at = _past(appeal.answered_at + dt.timedelta(days=rng.randint(1, 9)))
                    if appeal.closed_at:
                        at = min(at, appeal.closed_at)
                    solved = appeal.status == S.CLOSED
                    score = rng.choice([4, 5, 5, 5, 4, 3]) if solved else rng.choice([1, 2, 2, 3])
                    feedback.append(AppealFeedback(
                        territory=t, appeal=appeal, round=1, requested_at=appeal.answered_at,
                        answered_at=at, solved=solved, satisfaction=score,
                        comment=rng.choice(FEEDBACK_NOTES), via="link"))
                    actions.append(Action(
                        territory=t, person=appeal.applicant, kind=ActionKind.FEEDBACK,
                        object_type="appeals.appeal", object_id=appeal.pk,
                        object_title=f"{appeal.number}: {appeal.title}", topic=appeal.topic,
                        occurred_at=at, source="link"))
                    if appeal.status == S.CLOSED and solved:
                        ev.append((appeal.closed_at, S.ANSWERED, S.CLOSED,
                                   "Закрыто: заявитель подтвердил, что проблема решена."))
                    if not solved:
                        appeal.status = S.REOPENED
                        appeal.reopened_count = 1
                        appeal.closed_at = None
                        appeal.answer_due = deadlines.answer_due(at)
                        for job in mine:
                            job.status, job.done_at = AssignmentStatus.IN_WORK, None
                            job.deadline = max(job.deadline, at.date() + dt.timedelta(days=10))
                        ev.append((at, S.ANSWERED, S.REOPENED,
                                   "Возобновлено: заявитель сообщил, что проблема не решена."))
                elif appeal.status == S.ANSWERED:
                    feedback.append(AppealFeedback(territory=t, appeal=appeal, round=1,
                                                   requested_at=appeal.answered_at))
                if appeal.status == S.CLOSED and not any(e[2] == S.CLOSED for e in ev):
                    ev.append((appeal.closed_at, S.ANSWERED, S.CLOSED, ""))
        events += [AppealEvent(territory=t, appeal=appeal, at=at, from_status=f, to_status=to,
                               comment=c, actor=desk_user if f else None)
                   for at, f, to, c in ev if at is not None]
    Appeal.objects.bulk_update([a for a in appeals if a.status == S.REOPENED],
                               ["status", "reopened_count", "closed_at", "answer_due"])
    Assignment.objects.bulk_create(jobs, batch_size=2000)
    for job in jobs:
        if job.status == AssignmentStatus.DONE and job.executor_id and job.done_at:
            reports.append(AssignmentReport(territory=t, assignment=job, text="Выполнено.",
                                            marks_done=True, author=job.executor,
                                            at=job.done_at))
    AssignmentReport.objects.bulk_create(reports, batch_size=2000)
    AppealEvent.objects.bulk_create(events, batch_size=5000)
    AppealFeedback.objects.bulk_create(feedback, batch_size=2000)
    action_record_many(actions=actions)
    return len(jobs), sum(1 for f in feedback if f.answered_at)
