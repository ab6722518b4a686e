"""Demo data of the appeals area: a year of appeals from every channel, with 59-FZ dates,
assignments to the demo departments and staff (zhkh.*, obrashcheniya.*) and to outside
organisations, executors' reports, answers (by e-mail or by a letter to print), the applicants'
feedback and verdicts — some overdue, some extended, reopened, forwarded or closed by the desk.

Every appeal walks its path through the appeals services, each step on its day
(appeals_path.py): the demo writes no appeals row and no ledger row of its own (issue 14,
point 13; tests/demo/test_demo_appeals.py). That costs a few dozen queries an appeal, so the
main town has about a thousand appeals a year (a town of 20,000 writes that many), the second
about a hundred and thirty.
"""

import datetime as dt
import random

from django.test.utils import override_settings
from django.utils import timezone

from veche.accounts.models import Role, User
from veche.appeals.models import (
    Appeal,
    AppealChannel,
    AppealDesk,
    AppealFeedback,
    AppealStatus,
    Assignment,
)
from veche.ledger.models import Action
from veche.registry.models import Person

from .appeals_path import Desk, Plan, live
from .capabilities import DemoTown

S = AppealStatus
CHANNELS = [(AppealChannel.WEB, 35), (AppealChannel.HEAD_MEETING, 20), (AppealChannel.PHONE, 20),
            (AppealChannel.EMAIL, 13), (AppealChannel.LETTER, 10), (AppealChannel.OTHER, 2)]
# Appeals a year per registry person (the main town's registry is 3,600 at scale 1).
PER_PERSON = {True: 0.29, False: 0.12}
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


def _choice(rng: random.Random, weighted):
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def _staff(town: DemoTown) -> dict[int, list[User]]:
    """Executors per department: the demo's staff users hold their departments."""
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


def _plans(rng: random.Random, town: DemoTown, count: int) -> list[Plan]:
    """Who writes about what and when, in order of receipt (so the services' counter numbers
    them as the desk would have)."""
    depts, topics = town.departments, {topic.slug: topic for topic in town.topics}
    today = timezone.localdate()
    applicants = town.active or town.persons
    plans = []
    for _ in range(count):
        # More appeals month by month (the web form and the head's meetings draw residents
        # in), as the rest of the town's year rises toward the goal. Most applicants are the
        # residents active this year; of late, more often someone who does nothing else yet.
        age = int(rng.triangular(0, 365, 0))
        day = today - dt.timedelta(days=age)
        newcomer = rng.random() < 0.15 + 0.5 * (1 - age / 365)
        person = rng.choice(town.persons if newcomer else applicants)
        slug, _w, dept_i, texts, orgs = _choice(rng, [(p, p[1]) for p in PROBLEMS])
        building = person.building or (rng.choice(town.buildings) if town.buildings else None)
        addr = str(building) if building else "ул. Ленина, 1"
        email = person.email or ("" if rng.random() < 0.5 else f"resident{person.pk}@example.ru")
        postal = f"{addr}, кв. {person.apartment or rng.randint(1, 120)}"
        plans.append(Plan(
            person=person, channel=_choice(rng, CHANNELS), text=rng.choice(texts).format(
                addr=addr), topic=topics.get(slug), department=depts[min(dept_i, len(depts) - 1)],
            building=building, address=addr, reply_email=email,
            reply_postal=postal if not email or rng.random() < 0.3 else "",
            received=_at(day, rng), organisations=orgs))
    return sorted(plans, key=lambda p: p.received)


def create(rng: random.Random, town: DemoTown) -> str:
    t = town.town
    if not town.persons or not town.departments:
        return ""
    depts = town.departments
    desk_dept = depts[1] if len(depts) > 1 else depts[0]
    # Which department is the town's appeals desk is the town's setting, not an appeal's
    # history, and no service writes it yet: set here, like the departments themselves.
    AppealDesk.objects.get_or_create(territory=t, department=desk_dept)
    executors = _staff(town)
    desk_staff = executors.get(desk_dept.pk)
    clerk = desk_staff[0] if desk_staff else town.user(Role.HEAD)
    if clerk is None:
        return ""
    desk = Desk(territory=t, clerk=clerk, executors=executors, latest=_past())
    count = round(len(town.persons) * PER_PERSON[town.is_main])
    # The services send the applicants about a thousand e-mails a year of appeals; the demo's
    # applicants are invented, so they go to the dummy backend, which (unlike the locmem one
    # build_demo sets) does not even render them: seconds of the build. Each is still recorded
    # as sent (AppealNotification), as it would be in a real town.
    with override_settings(MAILERS={"default": {
            "BACKEND": "django.core.mail.backends.dummy.EmailBackend", "OPTIONS": {}}}):
        appeals = [live(rng, desk, plan) for plan in _plans(rng, town, count)]
    today = timezone.localdate()
    mine = Appeal.objects.filter(pk__in=[a.pk for a in appeals])
    overdue = mine.filter(status__in=(S.REGISTERED, S.IN_WORK, S.REOPENED),
                          answer_due__lt=today).count()
    jobs = Assignment.objects.filter(appeal__in=mine).count()
    rated = AppealFeedback.objects.filter(appeal__in=mine, answered_at__isnull=False).count()
    letters = _letters(t) if town.is_main else 0
    printed = _answers_by_post(t, clerk) if town.is_main else 0
    return (f"обращения: {len(appeals)} (просрочено {overdue}, из почты сегодня {letters}, "
            f"ответов письмом к печати сегодня {printed}), поручений {jobs}, оценок {rated}")


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
