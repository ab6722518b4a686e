"""Demo data of the projects area: each demo town's project half-way through its stages
(stage 6, implementation), its bodies with overlapping members (so the warning shows), city
problems that residents support themselves, expert scores with a declared conflict, the
council's selection of own practices for passports, the approved shortlist turned into a
resident vote that is closed and counted, its first places scored again in the secondary
expertise, a plan with monitoring reports, participants and their hours, corrections,
assessments and residents' proposals, and 24 months of scorecard entries; the scorecard is
then computed from the data for both towns.

Current entries go through the services. The 24 months of history (facts, cases, event
reports, curator rows) are bulk-inserted and the scorecard recomputed once at the end: a
service call per row would recompute a month each time, and the demo must stay fast."""

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from veche.accounts.models import Role, User
from veche.bridges.project_vote import shortlist_vote_create
from veche.practices.lifecycle import PLAN, plan_decide
from veche.practices.models import (
    Body,
    CuratorAssessment,
    CutoffAssessment,
    EventReport,
    ExternalResourceCase,
    ImprovementFact,
)
from veche.practices.projects.bodies import body_create, body_member_add, body_session_create
from veche.practices.projects.expert import conflict_declare, expert_score_set, shortlist_approve
from veche.practices.projects.plans import (
    plan_create,
    plan_indicator_add,
    plan_task_add,
    report_create,
)
from veche.practices.projects.services import (
    initiative_create,
    problem_create,
    project_create,
    project_stage_set,
    project_weights_set,
    stage_mark_set,
)
from veche.practices.scorecard.compute import add_months, last_months, month_of, scorecard_recompute
from veche.territories.models import CityTopic

from . import projects_records as records
from .capabilities import DemoTown
from .clock import at_day, demo_clock

# (problem, source, how strongly residents lean to support it: the share of the demo's
# recently active residents who support it themselves on the town's problems page)
PROBLEMS = [
    ("Тёмные дворы: нет освещения между домами", "meeting", 0.45),
    ("Негде заниматься спортом подросткам зимой", "survey", 0.33),
    ("Долгое оформление разрешений на земляные работы", "appeals", 0.15),
    ("Сквер у школы зарос и не убирается", "meeting", 0.25),
    ("Нет доступной среды у поликлиники", "appeals", 0.12),
    ("Мало рабочих мест для молодёжи после колледжа", "strategy", 0.08),
]
INITIATIVES = [
    ("Светлый двор", "Освещение дворов по заявкам жителей: софинансирование 10 %.", 0),
    ("Зимний спортзал под открытым небом", "Каток и лыжная трасса с прокатом у стадиона.", 1),
    ("Разрешение за 5 дней", "Единое окно и электронная подача заявлений на ордер.", 2),
    ("Сквер выпускников", "Каждый выпуск высаживает и опекает деревья сквера.", 3),
    ("Пандус-патруль", "Волонтёры проверяют доступность входов и сообщают в администрацию.", 4),
]
FACTS = ["Приём заявлений на ордер перевели в электронный вид",
         "Сократили срок ответа на обращения до 10 дней",
         "Запустили карту дорожных работ на сайте", "Открыли приёмную по субботам",
         "Ввели единый регламент уборки дворов", "Опубликовали открытый бюджет города",
         "Навели порядок в графике вывоза мусора", "Внедрили электронную очередь в МФЦ"]
SPEAKERS = ["Воронцов А. В.", "Лебедева И. С.", "Громов П. И.", "Савельев И. П.",
            "Кравцов О. Н.", "Белова К. А.", "Орлова М. Д."]
CASES = [("Ремонт спортплощадки", "financial", "Фонд «Атом-Спорт»", 1_200_000, True),
         ("Субботник в сквере", "human", "Волонтёры предприятия", None, True),
         ("Видеонаблюдение во дворах", "technological", "Региональная программа", 850_000,
          False), ("Освещение дворов", "financial", "Грант региона", 2_300_000, False)]


def _expert(town: DemoTown, n: int) -> User:
    from veche.accounts.models import Membership

    user = User.objects.create_user(email=f"expert{n}.{town.town.slug}@demo.veche.local",
                                    full_name=f"Эксперт совета №{n}")
    Membership.objects.create(user=user, territory=town.town, role=Role.EXPERT)
    return user


def _bodies(town: DemoTown, people, project, start: dt.date):
    t = town.town
    wg = body_create(territory=t, kind=Body.Kind.WORKING_GROUP, name="Рабочая группа проекта",
                     order_number="17-р", order_date=start + dt.timedelta(days=9),
                     tasks="Сбор практик и инициатив, подготовка экспертизы и паспортов")
    council = body_create(territory=t, kind=Body.Kind.EXPERT_COUNCIL,
                          name="Экспертный совет «Гражданин страны Росатом»")
    public = body_create(territory=t, kind=Body.Kind.PUBLIC_COUNCIL, name="Общественный совет")
    for i, p in enumerate(people[:7]):
        body_member_add(body=wg, person=p, role="chair" if i == 0 else "member",
                        is_community_member=i % 2 == 0)
    # The seed's warning sign on purpose: most of the council also sits in the working group.
    for p in people[1:4] + people[8:10]:
        body_member_add(body=council, person=p)
    for p in people[2:4] + people[10:12]:
        body_member_add(body=public, person=p)
    sessions = [("1-start", wg, 3, "Старт проекта"), ("1-order", wg, 9, "Утверждение состава"),
                ("1-groups", wg, 24, "Встреча с инициативными группами"),
                ("2-strategic", wg, 45, "Стратегическая сессия"),
                ("3-council", council, 70, "Экспертная оценка и перечень для голосования"),
                ("5-council", council, 120, "Приоритеты и план реализации"),
                ("6-head", wg, 170, "Совещание у Главы: ход реализации")]
    for code, body, days, title in sessions:
        held = start + dt.timedelta(days=days)
        if held <= timezone.localdate():
            body_session_create(body=body, held_on=held, title=title, project=project,
                                meeting_code=code, attendees=len(people[:7]) + 3,
                                agenda=[title, "Разное"],
                                decisions=[f"{title}: принять к сведению"],
                                minutes=f"Заседание «{title}». Присутствовали члены органа.")
    return council


# How each town kept its project month by month: the share of months without a failure, and
# how well it goes otherwise. The main town slips now and then (a January without a recognised
# fact, an event whose press release never came out); the second town, more often.
QUALITY = {True: (0.88, 0.8), False: (0.55, 0.45)}
SLIPS = ("no_facts", "no_release", "no_photos", "no_joint", "curator_7")


def _history(rng: random.Random, town: DemoTown, months: list[dt.date]):
    t, head = town.town, town.user(Role.HEAD)
    curator = town.user(Role.CURATOR)
    good_share, quality = QUALITY[town.is_main]
    facts, cases, events, assessments, cutoffs = [], [], [], [], []
    for m in months:
        slip = "" if rng.random() < good_share else rng.choice(SLIPS)
        n_facts = 0 if slip == "no_facts" else rng.choices([1, 2, 3], [1, quality * 2,
                                                                       quality])[0]
        for k in range(n_facts):
            facts.append(ImprovementFact(
                territory=t, month=m, title=rng.choice(FACTS), area="Работа с обращениями",
                description="Было: 30 дней; стало: 10 дней.", recognized=k == 0
                or rng.random() < 0.85, recognized_by=head,
                evidence_url=f"https://{t.slug}.example.ru/news/{m:%Y%m}{k}"))
        if slip != "no_joint" and rng.random() < 0.3 + quality * 0.5:
            task, kind, source, amount, joint = rng.choice(CASES)
            cases.append(ExternalResourceCase(territory=t, month=m, task=task, kind=kind,
                                              source=source, amount=amount,
                                              with_enterprise=joint and slip != "no_joint"))
        n_events = rng.choice([1, 1, 2])
        for k in range(n_events):
            day = m + dt.timedelta(days=rng.randint(3, 25))
            released = not (slip == "no_release" and k == n_events - 1)
            reported = not (slip == "no_photos" and k == n_events - 1)
            events.append(EventReport(
                territory=t, month=m, held_on=day, title=rng.choice(
                    ["Форум активных граждан", "Дворовая встреча", "Открытая лекция",
                     "Благотворительная ярмарка"]),
                announcement_url=f"https://{t.slug}.example.ru/a/{m:%Y%m}{k}",
                release_url=f"https://{t.slug}.example.ru/r/{m:%Y%m}{k}" if released else "",
                # The main town opened its project with a forum of all its speakers.
                speakers=rng.sample(SPEAKERS, 5 if town.is_main and m == months[0]
                                    else rng.randint(2, 4)),
                participants_count=rng.randint(20, 160),
                participants_list="Список участников (приложение)" if reported else "",
                photo_urls=[f"https://{t.slug}.example.ru/p/{m:%Y%m}{k}.jpg"] if reported
                else [],
                with_enterprise=slip != "no_joint" and (k == 0 or rng.random() < 0.5)))
        if m < month_of(timezone.localdate()):
            assessments.append(CuratorAssessment(
                territory=t, month=m, score=min(100, int(rng.gauss(55 + 35 * quality, 8))),
                conclusion="Проект идёт по методике; замечания учтены.", curator=curator))
            for code in (6, 7):
                cutoffs.append(CutoffAssessment(territory=t, month=m, code=code,
                                                failed=code == 7 and slip == "curator_7",
                                                comment="", curator=curator))
    ImprovementFact.objects.bulk_create(facts)
    ExternalResourceCase.objects.bulk_create(cases)
    EventReport.objects.bulk_create(events)
    CuratorAssessment.objects.bulk_create(assessments)
    CutoffAssessment.objects.bulk_create(cutoffs)
    return len(facts) + len(cases) + len(events)


def _network_settings(town: DemoTown) -> None:
    """The network's scorecard settings, recorded once by the main town's curator with a
    reason, as the network would (issue 14): the scorecard's legend then names version 1."""
    from veche.practices.scorecard.params import current_params, scorecard_settings_change

    curator = town.user(Role.CURATOR)
    if not town.is_main or curator is None or current_params().version:
        return
    scorecard_settings_change(
        by=curator, reason="Параметры, которых нет в методике (семя 004), утверждены советом "
                           "проекта сети: 10 баллов за голосование, 1 % проголосовавших, "
                           "2 факта в месяц, спикеры за 12 месяцев", facts_full=2)


def _resident_vote(rng: random.Random, town: DemoTown, shortlist,
                   opened: dt.datetime) -> tuple[int, Any]:
    """The council's shortlist as a ranked vote of two weeks in the spring with residents'
    ballots, so the shortlist page shows the residents' ranking next to the experts' scores.
    Residents lean to the experts' order with their own noise (the third initiative is the
    local favourite). It is closed and counted in `records.second_expertise`."""
    from veche.votes.services import ballots_bulk_create, vote_open, vote_publish
    from veche.votes.validation import eligibility_problem

    staff = town.user(Role.STAFF) or town.user(Role.HEAD)
    with demo_clock(opened) as now:
        vote = vote_open(vote=vote_publish(vote=shortlist_vote_create(shortlist=shortlist,
                                                                        by=staff), by=staff),
                         by=staff)
    options = list(vote.options.order_by("order").values_list("pk", flat=True))
    appeal = {pk: 4 - n + (1.5 if n == 2 else 0) for n, pk in enumerate(options)}
    rows: list[dict] = []
    # Those who take part in the town this year vote here (the first of them most often).
    for person in (town.active or town.persons)[:200]:
        if len(rows) >= 40 or eligibility_problem(vote, person) is not None:
            continue
        ranking = sorted(options, key=lambda pk: -(appeal[pk] + rng.gauss(0, 1.6)))
        cast = now + dt.timedelta(hours=rng.randint(1, 14 * 24))
        rows.append({"person": person, "answers": {"ranking": ranking},
                     "cast_at": min(cast, timezone.now() - dt.timedelta(hours=1))})
    if rows:
        ballots_bulk_create(vote=vote, rows=rows)
    return len(rows), vote


def create(rng: random.Random, town: DemoTown) -> str:
    t = town.town
    today = timezone.localdate()
    people = (town.active or town.persons)[:14]
    if len(people) < 12:
        return ""
    start = dt.date(today.year, 1, 20)

    def on(days: int, hour: int = 11) -> dt.datetime:
        """The project's day `days` after its start: each step is made on its day."""
        return at_day(start + dt.timedelta(days=days), hour)

    with demo_clock(on(0)):
        project = project_create(territory=t, year=today.year)
        project_weights_set(project=project, weights={"effect": 3, "resources": 2,
                                                      "timeframe": 1, "fit": 3})
    with demo_clock(on(3)):
        council = _bodies(town, people, project, start)
    topics: list[CityTopic | None] = [*town.topics] or [None]
    with demo_clock(on(25)):
        problems = [problem_create(territory=t, project=project, text=text, source=source,
                                   topic=topics[i % len(topics)])
                    for i, (text, source, _lean) in enumerate(PROBLEMS)]
    supports = records.supports(rng, town, problems, [lean for _t, _s, lean in PROBLEMS])
    with demo_clock(on(45)):
        initiatives = [initiative_create(territory=t, project=project, title=title,
                                         description=description, problem=problems[p],
                                         authors=[people[(p * 3 + 5) % len(people)]])
                       for title, description, p in INITIATIVES]
    with demo_clock(on(60)):
        experts = [u for u in [town.user(Role.EXPERT)] if u] + [_expert(town, n)
                                                                 for n in (1, 2, 3)]
        for member in experts[:2]:
            body_member_add(body=council, user=member)
        conflict_declare(project=project, expert=experts[-1], initiative=initiatives[0],
                         reason="Автор инициативы — мой родственник")
    with demo_clock(on(68)):
        _scores(rng, project, experts, initiatives)
        shortlist = shortlist_approve(
            project=project, items=[f"initiative:{i.pk}" for i in initiatives[:4]],
            decision="Протокол экспертного совета № 3: вынести на рейтинговое голосование "
                     "четыре инициативы", by=experts[0])
    voters, vote = _resident_vote(rng, town, shortlist, on(75))
    with demo_clock(on(92)):
        winners = records.second_expertise(rng, project, shortlist, vote, experts, town)
        records.passport_selection(town, project, council)
    with demo_clock(on(118)):
        plan = _plan(town, project, initiatives[0], people, start, today)
    report_month = add_months(month_of(today), -3)
    lit, share = plan.indicators.order_by("id")[:2]
    for k in range(3):
        m = add_months(report_month, k)
        with demo_clock(at_day(add_months(m, 1) + dt.timedelta(days=3), 15)):
            report_create(plan=plan, period_start=m,
                          period_end=add_months(m, 1) - dt.timedelta(1),
                          values={str(lit.pk): 4 + 8 * (k + 1), str(share.pk): 120 * (k + 1)},
                          participants="\n".join(p.full_name for p in people[:6]),
                          links=[f"https://{t.slug}.example.ru/svet/{k}.jpg"],
                          comment="Идём по графику" if k < 2
                          else "Задержка поставки светильников")
    with demo_clock(timezone.now() - dt.timedelta(days=2)):
        plan_decide(plan=plan, decision="change_resources",
                    reason="Поставщик сорвал срок: добавить средства предприятия",
                    by=town.user(Role.HEAD))
    records.running(rng, town, plan, lit, people)
    marks = ["1-know", "1-studied", "1-roiv", "1-expertise-plan", "1-own-authors", "2-ready",
             "2-session-plan", "2-directions", "2-selection-plan", "2-classified",
             "4-contest", "5-approved", "5-legal-plan"]
    for code in marks:
        stage_mark_set(project=project, result_code=code, done=True, by=town.user(Role.HEAD),
                       evidence_text="Протокол рабочей группы (в деле проекта)")
    project_stage_set(project=project, stage=6)
    _network_settings(town)
    months = last_months(24)
    entries = _history(rng, town, months)
    scorecard_recompute(territories=[t], months=months)
    return (f"проект {today.year}: этап 6, {len(initiatives)} инициатив, {supports} поддержек "
            f"проблем жителями, голосование по перечню ({voters} бюллетеней, на вторичную "
            f"экспертизу: {len(winners)}), органы с "
            f"пересечением, показатели за 24 мес. ({entries} записей)")


def _scores(rng: random.Random, project, experts, initiatives) -> None:
    for expert in experts:
        for i, initiative in enumerate(initiatives):
            if expert is experts[-1] and i == 0:
                continue
            base = 5 - i * 0.6
            effect, resources, timeframe, fit = (
                max(1, min(5, round(base + rng.uniform(-1.2, 1.2)))) for _ in range(4))
            expert_score_set(project=project, expert=expert, initiative=initiative,
                             effect=effect, resources=resources, timeframe=timeframe, fit=fit)


def _plan(town: DemoTown, project, initiative, people, start: dt.date, today: dt.date):
    """Stage 5's plan of the first initiative with its indicators and tasks, approved."""
    t = town.town
    plan = plan_create(territory=t, project=project, initiative=initiative,
                       title=f"Внедрение: {initiative.title}",
                       resource_sources="Бюджет города — 60 %, грант региона — 30 %, "
                                        "жители — 10 %",
                       legal_changes="Порядок софинансирования благоустройства дворов",
                       starts_on=start + dt.timedelta(days=120),
                       ends_on=dt.date(today.year, 12, 20))
    plan_indicator_add(plan=plan, name="Освещённые дворы", unit="дворов", baseline=4,
                       target=40, deadline=dt.date(today.year, 12, 1))
    plan_indicator_add(plan=plan, name="Жители, участвующие в софинансировании",
                       unit="чел.", baseline=0, target=600,
                       deadline=dt.date(today.year, 12, 1))
    for title, days in [("Приём заявок от дворов", 130), ("Закупка светильников", 160),
                        ("Монтаж первой очереди", 200)]:
        plan_task_add(plan=plan, title=title, responsible=people[0].full_name,
                      deadline=start + dt.timedelta(days=days))
    PLAN.run("approve", plan, by=town.user(Role.HEAD),
             legal_act="Постановление администрации № 412 от 12.05")
    return plan
